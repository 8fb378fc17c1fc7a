package orchlab.sim.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;

/**
 * An {@link InputStream} over chunks that arrive one by one (a WebSocket's binary messages, a SPDY stream's DATA
 * frames, an exec's stdin): a read copies from the current chunk and waits for the next one when it is used up.
 * No next chunk ({@code null}) is the end of input.
 */
abstract class ChunkInput extends InputStream {
    private byte[] current = new byte[0];
    private int at;
    private boolean ended;

    /** The next chunk, waiting for it; {@code null} at the end of input. */
    protected abstract byte[] next() throws IOException;

    /** The next chunk of {@code queue}, waiting for it; {@code null} for the {@code end} marker (compared by identity). */
    static byte[] take(BlockingQueue<byte[]> queue, byte[] end, String whenInterrupted) throws InterruptedIOException {
        try {
            byte[] chunk = queue.take();
            return chunk == end ? null : chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(whenInterrupted);
        }
    }

    /** Whether the end of input was read. */
    protected final boolean ended() {
        return ended;
    }

    /** Marks the end of input as read (a subclass that consumed the end marker itself). */
    protected final void end() {
        ended = true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (at >= current.length) {
            if (ended) {
                return -1;
            }
            byte[] chunk = next();
            if (chunk == null) {
                ended = true;
                return -1;
            }
            current = chunk;
            at = 0;
        }
        int n = Math.min(len, current.length - at);
        System.arraycopy(current, at, b, off, n);
        at += n;
        return n;
    }
}
