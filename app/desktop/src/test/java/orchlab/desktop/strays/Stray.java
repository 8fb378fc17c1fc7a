package orchlab.desktop.strays;

import java.util.List;

/**
 * One exception that escaped while a test ran: uncaught on a thread, logged with a throwable, or printed as a stack
 * trace on {@code System.err}.
 *
 * @param where     how it escaped ("uncaught on thread main", "logged at ERROR by a.b.C", "printed on System.err")
 * @param type      the exception's class name
 * @param message   its message ({@code ""} when none)
 * @param firstLines its first lines as a stack trace prints them (the header and a few frames)
 * @param thrown    the exception itself, when it was caught as an object (not for printed ones)
 */
record Stray(String where, String type, String message, List<String> firstLines, Throwable thrown) {
    static final int FRAMES = 4;

    static Stray of(String where, Throwable t) {
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        lines.add(t.toString());
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < Math.min(FRAMES, trace.length); i++) {
            lines.add("\tat " + trace[i]);
        }
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            lines.add("Caused by: " + cause);
        }
        return new Stray(where, t.getClass().getName(), t.getMessage() == null ? "" : t.getMessage(), List.copyOf(lines), t);
    }

    /** A stack trace printed on System.err: its header line ({@code [Exception in thread "x" ]a.b.SomeException: message}). */
    static Stray printed(String header, List<String> frames) {
        String h = header.strip();
        if (h.startsWith("Exception in thread \"")) {
            int end = h.indexOf("\" ", "Exception in thread \"".length());
            h = end < 0 ? h : h.substring(end + 2);
        }
        int colon = h.indexOf(": ");
        String type = colon < 0 ? h : h.substring(0, colon);
        String message = colon < 0 ? "" : h.substring(colon + 2);
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        lines.add(header.strip());
        lines.addAll(frames);
        return new Stray("printed on System.err", type, message, List.copyOf(lines), null);
    }

    /** Whether {@code expected} declares this exception: its type or a subclass of it, its message containing the words. */
    boolean declaredBy(ExpectsLoggedException expected) {
        return isA(expected.type()) && message.contains(expected.message());
    }

    private boolean isA(Class<? extends Throwable> expected) {
        if (thrown != null) {
            return expected.isInstance(thrown);
        }
        // printed: only its class name is known; load it to check the class hierarchy when it can be loaded
        try {
            return expected.isAssignableFrom(Class.forName(type, false, Stray.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return expected.getName().equals(type);
        }
    }

    /** The same exception as {@code other}, seen twice (an uncaught handler printing what it received). */
    boolean sameAs(Stray other) {
        return type.equals(other.type) && message.equals(other.message);
    }

    String describe() {
        return where + ":\n    " + String.join("\n    ", firstLines);
    }
}
