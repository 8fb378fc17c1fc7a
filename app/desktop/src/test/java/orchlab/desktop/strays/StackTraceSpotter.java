package orchlab.desktop.strays;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code System.err} as the tests see it: everything passes through unchanged, and every stack trace printed on it
 * (a header line such as {@code java.lang.IllegalArgumentException: Too small int buffer} followed by {@code \tat} lines)
 * is reported as a {@link Stray}. JavaFX's render thread and libraries print exceptions they catch this way, where no
 * handler sees them.
 */
final class StackTraceSpotter extends OutputStream {
    private final PrintStream through;
    private final Charset charset;
    private final Consumer<Stray> spotted;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    /** The last line that was not part of a stack trace: the header when {@code \tat} lines follow. */
    private String previous = "";
    private String header;
    private final List<String> frames = new ArrayList<>();

    private StackTraceSpotter(PrintStream through, Consumer<Stray> spotted) {
        this.through = through;
        this.charset = charsetOfErr();
        this.spotted = spotted;
    }

    static PrintStream around(PrintStream err, Consumer<Stray> spotted) {
        return new PrintStream(new StackTraceSpotter(err, spotted), true, charsetOfErr());
    }

    /** The encoding the JVM gave {@code System.err} (PrintStream.charset() is Java 18+; this module compiles for 17). */
    static Charset charsetOfErr() {
        try {
            return Charset.forName(System.getProperty("stderr.encoding", Charset.defaultCharset().name()));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    @Override
    public synchronized void write(int b) {
        through.write(b);
        take(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) {
        through.write(bytes, off, len);
        for (int i = off; i < off + len; i++) {
            take(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() {
        through.flush();
    }

    private void take(int b) {
        if (b == '\n') {
            lineEnded(line.toString(charset).stripTrailing());
            line.reset();
        } else {
            line.write(b);
        }
    }

    private void lineEnded(String text) {
        boolean frame = text.startsWith("\tat ") || text.startsWith("    at ");
        if (frame) {
            if (header == null && looksLikeAHeader(previous)) {
                header = previous;
            }
            if (header != null && frames.size() < Stray.FRAMES) {
                frames.add(text);
            }
            return;
        }
        boolean continuation = text.startsWith("Caused by: ") || text.stripLeading().startsWith("Suppressed: ")
                || (text.stripLeading().startsWith("... ") && text.endsWith(" more"));
        if (!continuation) {
            report();
            previous = text;
        }
    }

    private void report() {
        if (header != null) {
            spotted.accept(Stray.printed(header, List.copyOf(frames)));
            header = null;
            frames.clear();
        }
    }

    /** {@code a.b.SomeException[: message]}, or that after {@code Exception in thread "name" }. */
    private static boolean looksLikeAHeader(String text) {
        String t = text.strip();
        if (t.startsWith("Exception in thread \"")) {
            return true;
        }
        int colon = t.indexOf(": ");
        String type = colon < 0 ? t : t.substring(0, colon);
        return type.matches("[\\w$]+(\\.[\\w$]+)+") && (type.endsWith("Exception") || type.endsWith("Error")
                || type.endsWith("Throwable"));
    }
}
