package orchlab.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import orchlab.sim.store.StoreEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a persisted simulated cluster's state file current while it runs: a change to any object schedules one
 * save {@link #DEBOUNCE} later (changes in the meantime ride along), so that a lab that is killed, or a machine
 * that loses power, loses at most the last moment of changes, not everything since it started. Each save is
 * atomic ({@link SimCluster#save}: a synced temporary file, then a move). {@link #close()} writes a last save.
 */
final class StateSaver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateSaver.class);
    static final Duration DEBOUNCE = Duration.ofMillis(500);

    private final SimCluster cluster;
    private final Path file;
    private final Duration debounce;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<StoreEvent> listener = event -> changed();
    private volatile boolean closed;

    StateSaver(SimCluster cluster, Path file, Duration debounce) {
        this.cluster = cluster;
        this.file = file;
        this.debounce = debounce;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "orchlab-sim-save");
            t.setDaemon(true);
            return t;
        });
        cluster.store().addListener(listener);
    }

    Path file() {
        return file;
    }

    /** Runs inside the store lock: only schedules. */
    private void changed() {
        if (!closed && scheduled.compareAndSet(false, true)) {
            executor.schedule(this::save, debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void save() {
        scheduled.set(false);
        try {
            cluster.save(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not save the simulated cluster's state to {}: {}", file, e.getMessage());
        }
    }

    /** Stops saving in the background and writes the final state. */
    @Override
    public void close() throws IOException {
        closed = true;
        cluster.store().removeListener(listener);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        cluster.save(file);
    }
}
