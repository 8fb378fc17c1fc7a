package orchlab.desktop.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/** Collects what a pseudo-terminal prints, on a daemon thread, and lets a test wait for a marker. */
final class PtyOutput {
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final StringBuilder text = new StringBuilder();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean ended;

    private PtyOutput(InputStream in) {
        Thread reader = new Thread(() -> pump(in), "pty-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static PtyOutput of(Pty pty) {
        return new PtyOutput(pty.output());
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
                lock.lock();
                try {
                    text.append(chunk);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            // treated as the end of output
        } finally {
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    String text() {
        lock.lock();
        try {
            return text.toString();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the output contains {@code marker}; fails with everything printed so far when it never does. */
    String awaitContains(String marker) throws InterruptedException {
        if (!await(() -> text.indexOf(marker) >= 0)) {
            throw new AssertionError("the terminal never printed \"" + marker + "\" within " + PATIENCE.toSeconds()
                    + " s; it printed: " + printable(text()));
        }
        return text();
    }

    /** Waits until the output stream ends (read returned -1). */
    boolean awaitEnd() throws InterruptedException {
        return await(() -> ended);
    }

    private boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n\n").replace("\u001b", "\\e");
    }

    /** Whether a process is still running (a zombie waiting for its parent counts as ended). */
    static boolean running(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            char state = s.charAt(s.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls {@code condition} every 50 ms for up to {@link #PATIENCE}. */
    static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
