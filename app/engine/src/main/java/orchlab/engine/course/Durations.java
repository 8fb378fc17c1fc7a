package orchlab.engine.course;

import java.time.Duration;
import java.util.Optional;

/** Durations as people write them in YAML and on the command line: {@code 30s}, {@code 2m}, {@code 1m30s}, {@code 500ms}. */
public final class Durations {
    /** Longer text is not a duration anyone writes ({@code 1h59m59s999ms} is 12 characters). */
    public static final int MAX_LENGTH = 32;
    private static final long MAX_PART = 100_000;

    private Durations() {
    }

    /**
     * Parses {@code 30s}, {@code 1m30s}, {@code 500ms}; empty for anything else, including text longer than
     * {@link #MAX_LENGTH}. A single left-to-right scan: no regular expression, no recursion, so hostile input of
     * any length costs one pass at most.
     */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.isEmpty() || t.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        int i = 0;
        while (i < t.length()) {
            long n = 0;
            int digits = 0;
            while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                n = n * 10 + (t.charAt(i) - '0');
                digits++;
                i++;
                if (n > MAX_PART) {
                    return Optional.empty();
                }
            }
            if (digits == 0 || i >= t.length()) {
                return Optional.empty();
            }
            Duration part;
            if (t.startsWith("ms", i)) {
                part = Duration.ofMillis(n);
                i += 2;
            } else {
                char unit = t.charAt(i++);
                switch (unit) {
                    case 's' -> part = Duration.ofSeconds(n);
                    case 'm' -> part = Duration.ofMinutes(n);
                    case 'h' -> part = Duration.ofHours(n);
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            total = total.plus(part);
        }
        return Optional.of(total);
    }

    /** {@code 1m30s}, {@code 500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s >= 60 && s % 60 == 0) {
            return (s / 60) + "m";
        }
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
