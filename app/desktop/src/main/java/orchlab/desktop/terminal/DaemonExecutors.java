package orchlab.desktop.terminal;

import com.techsenger.jeditermfx.core.TerminalExecutorServiceManager;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JediTermFX's threads (emulator, writer), as daemon threads: JediTermFX's default ones are not, and a shell left
 * running would keep the JVM alive after the window closed.
 */
final class DaemonExecutors implements TerminalExecutorServiceManager {
    private final ScheduledExecutorService single = Executors.newSingleThreadScheduledExecutor(factory("writer"));
    private final ExecutorService unbounded = Executors.newCachedThreadPool(factory("emulator"));

    private static ThreadFactory factory(String role) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "orchlab-terminal-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public ScheduledExecutorService getSingleThreadScheduledExecutor() {
        return single;
    }

    @Override
    public ExecutorService getUnboundedExecutorService() {
        return unbounded;
    }

    /** Lets queued writes (and the connector's close) run, then stops. */
    @Override
    public void shutdownWhenAllExecuted() {
        if (!single.isShutdown()) {
            single.execute(single::shutdown);
        }
        unbounded.shutdown();
    }
}
