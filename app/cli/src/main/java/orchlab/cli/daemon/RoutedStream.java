package orchlab.cli.daemon;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code System.out}/{@code System.err} of the resident process: the running request's stream while one runs (so a
 * library that prints still reaches the user, as in a process of its own), the daemon's log otherwise.
 */
final class RoutedStream extends OutputStream {
    private final OutputStream log;
    private volatile OutputStream target;

    RoutedStream(OutputStream log) {
        this.log = log;
        this.target = log;
    }

    void to(OutputStream request) {
        target = request == null ? log : request;
    }

    @Override
    public void write(int b) throws IOException {
        target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        target.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }
}
