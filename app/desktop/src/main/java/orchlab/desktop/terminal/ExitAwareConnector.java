package orchlab.desktop.terminal;

import com.techsenger.jeditermfx.core.TtyConnector;
import com.techsenger.jeditermfx.core.util.TermSize;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link PtyTtyConnector} that, when the shell ends by itself, shows
 * {@code [process exited with code N — press Enter to start a new shell]} in the terminal and reports the next Enter,
 * instead of ending the terminal session. Closing it ends the session.
 */
final class ExitAwareConnector implements TtyConnector {
    private final PtyTtyConnector delegate;
    private final Runnable onEnterAfterExit;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final AtomicBoolean enterReported = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean exited;
    /** The exit notice still to hand to the emulator; only the emulator thread reads it. */
    private char[] notice;
    private int noticeOffset;

    ExitAwareConnector(PtyTtyConnector delegate, Runnable onEnterAfterExit) {
        this.delegate = delegate;
        this.onEnterAfterExit = onEnterAfterExit;
    }

    static String exitNotice(Optional<Integer> code) {
        return "\r\n[process exited" + code.map(c -> " with code " + c).orElse("")
                + " \u2014 press Enter to start a new shell]\r\n";
    }

    /** Whether the shell has ended by itself and the notice is shown. */
    boolean exited() {
        return exited;
    }

    @Override
    public int read(char[] buf, int offset, int length) throws IOException {
        if (closed) {
            return -1;
        }
        if (notice != null) {
            if (noticeOffset < notice.length) {
                return takeNotice(buf, offset, length);
            }
            try {
                closedLatch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the terminal was closed");
            }
            return -1;
        }
        int n = delegate.read(buf, offset, length);
        if (n >= 0 || closed) {
            return n;
        }
        notice = exitNotice(exitCode()).toCharArray();
        noticeOffset = 0;
        exited = true;
        return takeNotice(buf, offset, length);
    }

    private int takeNotice(char[] buf, int offset, int length) {
        int n = Math.min(length, notice.length - noticeOffset);
        System.arraycopy(notice, noticeOffset, buf, offset, n);
        noticeOffset += n;
        return n;
    }

    /** The output ended: the shell is gone, or about to be (it closed its terminal). */
    private Optional<Integer> exitCode() throws InterruptedIOException {
        Pty pty = delegate.pty();
        try {
            return Optional.of(pty.onExit().get(5, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            // it closed the terminal but keeps running: nobody can reach it any more
            pty.close();
            return pty.isAlive() ? Optional.empty() : Optional.of(pty.onExit().join());
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the terminal was closed");
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        if (exited) {
            for (byte b : bytes) {
                if (b == '\r' || b == '\n') {
                    reportEnter();
                }
            }
        } else if (!closed) {
            delegate.write(bytes);
        }
    }

    @Override
    public void write(String string) throws IOException {
        if (exited) {
            if (string.indexOf('\r') >= 0 || string.indexOf('\n') >= 0) {
                reportEnter();
            }
        } else if (!closed) {
            delegate.write(string);
        }
    }

    private void reportEnter() {
        if (enterReported.compareAndSet(false, true)) {
            onEnterAfterExit.run();
        }
    }

    @Override
    public boolean isConnected() {
        return !closed;
    }

    @Override
    public void resize(TermSize termSize) {
        if (!exited && !closed) {
            delegate.resize(termSize);
        }
    }

    @Override
    public int waitFor() throws InterruptedException {
        return delegate.waitFor();
    }

    @Override
    public boolean ready() throws IOException {
        if (notice != null) {
            return noticeOffset < notice.length;
        }
        return !closed && delegate.ready();
    }

    @Override
    public String getName() {
        return delegate.getName();
    }

    @Override
    public void close() {
        closed = true;
        closedLatch.countDown();
        delegate.close();
    }
}
