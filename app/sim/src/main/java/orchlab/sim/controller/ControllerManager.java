package orchlab.sim.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import orchlab.sim.api.ApiException;
import orchlab.sim.store.ObjectStore;
import orchlab.sim.store.StoreEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reconcilers: store changes become work items ({@link Key}), deduplicated in one queue and handled one
 * at a time, so the simulated cluster moves in a deterministic order. Delayed work (a pod that finishes starting
 * after {@code podStartDelay}) waits in a timer queue read against a {@link Clock}. In threaded mode a daemon
 * thread works the queue; in manual mode tests call {@link #runUntilIdle()}.
 */
public final class ControllerManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

    /** One unit of work: which reconciler, which object. */
    public record Key(String controller, String namespace, String name) {
    }

    private record Timer(Instant due, long seq, Key key) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** How long a controller waits before retrying a create that admission refused. */
    static final Duration FORBIDDEN_RETRY = Duration.ofSeconds(10);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedHashSet<Key> queue = new LinkedHashSet<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final List<Reconciler> reconcilers = new ArrayList<>();
    private final Clock clock;
    private long seq;
    private boolean busy;
    private volatile boolean running;
    private Thread worker;

    public ControllerManager(ObjectStore store, Clock clock) {
        this.clock = clock;
        store.addListener(this::onEvent);
    }

    public Clock clock() {
        return clock;
    }

    public void register(Reconciler reconciler) {
        reconcilers.add(reconciler);
    }

    private void onEvent(StoreEvent event) {
        for (Reconciler r : reconcilers) {
            r.watch(event, this::enqueue);
        }
    }

    public void enqueue(Key key) {
        lock.lock();
        try {
            queue.add(key);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void enqueueAfter(Key key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            enqueue(key);
            return;
        }
        lock.lock();
        try {
            timers.add(new Timer(clock.instant().plus(delay), seq++, key));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Starts the worker thread (threaded mode). */
    public void start() {
        running = true;
        worker = new Thread(this::loop, "orchlab-sim-controllers");
        worker.setDaemon(true);
        worker.start();
    }

    private void loop() {
        while (running) {
            Key key;
            lock.lock();
            try {
                moveDueTimers();
                while (running && queue.isEmpty()) {
                    Timer next = timers.peek();
                    if (next == null) {
                        changed.await();
                    } else {
                        long wait = Duration.between(clock.instant(), next.due()).toMillis();
                        if (wait > 0) {
                            changed.await(wait, TimeUnit.MILLISECONDS);
                        }
                    }
                    moveDueTimers();
                }
                if (!running) {
                    return;
                }
                key = poll();
                busy = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            try {
                run(key);
            } finally {
                lock.lock();
                try {
                    busy = false;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private Key poll() {
        Iterator<Key> it = queue.iterator();
        Key key = it.next();
        it.remove();
        return key;
    }

    private void moveDueTimers() {
        Instant now = clock.instant();
        while (!timers.isEmpty() && !timers.peek().due().isAfter(now)) {
            queue.add(timers.poll().key());
        }
    }

    private void run(Key key) {
        for (Reconciler r : reconcilers) {
            if (r.name().equals(key.controller())) {
                try {
                    r.reconcile(key);
                } catch (ApiException e) {
                    if (e.code() == 409 || e.code() == 404) {
                        enqueueAfter(key, Duration.ofMillis(50));
                    } else if (e.code() == 403) {
                        // refused by admission (a quota, a LimitRange): the controllers retry later, as their rate limiters do
                        enqueueAfter(key, FORBIDDEN_RETRY);
                    } else {
                        LOG.warn("{} could not reconcile {}/{}: {}", r.name(), key.namespace(), key.name(), e.getMessage());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("{} failed on {}/{}", r.name(), key.namespace(), key.name(), e);
                }
            }
        }
    }

    /** Manual mode: works the queue and the timers that are due now until nothing is left. */
    public void runUntilIdle() {
        for (int i = 0; i < 100_000; i++) {
            Key key;
            lock.lock();
            try {
                moveDueTimers();
                if (queue.isEmpty()) {
                    return;
                }
                key = poll();
            } finally {
                lock.unlock();
            }
            run(key);
        }
        throw new IllegalStateException("controllers did not settle after 100000 steps");
    }

    /**
     * Threaded mode: waits until the queue is empty, nothing is running and no timer is due (timers in the future
     * may remain). For tests and tools; returns false when {@code timeout} passed first.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (busy || !queue.isEmpty() || (!timers.isEmpty() && !timers.peek().due().isAfter(clock.instant()))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Enqueues a full resync of every reconciler (after restoring state). */
    public void resyncAll(ObjectStore store) {
        for (Reconciler r : reconcilers) {
            r.resync(this::enqueue);
        }
    }

    @Override
    public void close() {
        running = false;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (worker != null) {
            worker.interrupt();
        }
    }
}
