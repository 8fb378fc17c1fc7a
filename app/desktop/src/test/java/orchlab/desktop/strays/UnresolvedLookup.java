package orchlab.desktop.strays;

import java.util.Arrays;
import java.util.logging.LogRecord;

/**
 * JavaFX CSS could not resolve a looked-up colour ({@code -color-fg-default} …) for a node: it logs "Could not resolve
 * '…' while resolving lookups for '…' from rule '…' in stylesheet …" at WARNING, without an exception, and draws the
 * property's default instead. {@link StrayExceptions} fails the test on it like on an exception: this carries the
 * message and the stack of the code that had the node styled (the logging frames left out).
 */
public final class UnresolvedLookup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private UnresolvedLookup(String message) {
        super(message);
    }

    /** JavaFX's CSS warning about a looked-up value no stylesheet on the node's path defines. */
    static boolean isOne(LogRecord record) {
        String message = record.getMessage();
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        return message != null && message.startsWith("Could not resolve '")
                && (logger.startsWith("javafx.css") || logger.startsWith("javafx.scene"));
    }

    /**
     * One for {@code message}, with the calling thread's stack from the first frame of the code that had the node
     * styled (the app's, a library's: the first frame outside JavaFX and the JDK), or, when JavaFX styled it on its own
     * in a pulse, from the first frame outside logging.
     */
    static UnresolvedLookup here(String message) {
        UnresolvedLookup lookup = new UnresolvedLookup(message);
        StackTraceElement[] all = lookup.getStackTrace();
        int first = 0;
        while (first < all.length && logging(all[first])) {
            first++;
        }
        int caller = first;
        while (caller < all.length && platform(all[caller])) {
            caller++;
        }
        lookup.setStackTrace(Arrays.copyOfRange(all, caller < all.length ? caller : Math.min(first, all.length), all.length));
        return lookup;
    }

    private static boolean platform(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("javafx.") || c.startsWith("com.sun.javafx.") || c.startsWith("com.sun.glass.") || c.startsWith("java.");
    }

    private static boolean logging(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("orchlab.desktop.strays.") || c.startsWith("java.util.logging.") || c.startsWith("sun.util.logging.")
                || c.startsWith("jdk.internal.logger.") || c.startsWith("com.sun.javafx.util.Logging") || c.startsWith("com.sun.javafx.logging.")
                || c.startsWith("java.lang.System$Logger") || c.startsWith("jdk.internal.");
    }
}
