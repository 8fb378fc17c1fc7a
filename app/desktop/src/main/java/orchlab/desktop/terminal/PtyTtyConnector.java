package orchlab.desktop.terminal;

import com.techsenger.jeditermfx.core.TtyConnector;
import com.techsenger.jeditermfx.core.util.TermSize;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Connects a JediTermFX terminal to a {@link Pty}: the emulator reads the pty's output and types into its input. */
public final class PtyTtyConnector implements TtyConnector {
    private final Pty pty;
    private final Charset charset;
    private final InputStreamReader reader;

    public PtyTtyConnector(Pty pty) {
        this(pty, StandardCharsets.UTF_8);
    }

    public PtyTtyConnector(Pty pty, Charset charset) {
        this.pty = Objects.requireNonNull(pty, "pty");
        this.charset = Objects.requireNonNull(charset, "charset");
        // decodes across reads, so a character split between two reads is not garbled
        this.reader = new InputStreamReader(pty.output(), charset);
    }

    public Pty pty() {
        return pty;
    }

    @Override
    public int read(char[] buf, int offset, int length) throws IOException {
        return reader.read(buf, offset, length);
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        OutputStream in = pty.input();
        in.write(bytes);
        in.flush();
    }

    @Override
    public void write(String string) throws IOException {
        write(string.getBytes(charset));
    }

    @Override
    public boolean isConnected() {
        return pty.isAlive();
    }

    @Override
    public void resize(TermSize termSize) {
        pty.resize(termSize.getColumns(), termSize.getRows());
    }

    @Override
    public int waitFor() throws InterruptedException {
        return pty.waitFor();
    }

    @Override
    public boolean ready() throws IOException {
        return reader.ready();
    }

    @Override
    public String getName() {
        return pty.command().isEmpty() ? "Local" : java.nio.file.Path.of(pty.command().get(0)).getFileName().toString();
    }

    @Override
    public void close() {
        pty.close();
    }
}
