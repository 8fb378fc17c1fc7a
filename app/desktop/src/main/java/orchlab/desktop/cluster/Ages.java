package orchlab.desktop.cluster;

import java.time.Duration;
import java.time.Instant;

/** Ages as kubectl's AGE column prints them: 45s, 3m12s, 25m, 5h10m, 36h, 3d4h, 120d, 2y. */
public final class Ages {

    private Ages() {
    }

    /** Empty when the time is unknown ({@link Instant#EPOCH}). */
    public static String since(Instant then, Instant now) {
        if (then == null || then.equals(Instant.EPOCH)) {
            return "";
        }
        return format(Duration.between(then, now));
    }

    public static String format(Duration age) {
        long s = Math.max(0, age.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            long rest = s % 60;
            return rest == 0 ? m + "m" : m + "m" + rest + "s";
        }
        if (m < 180) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 8) {
            long rest = m % 60;
            return rest == 0 ? h + "h" : h + "h" + rest + "m";
        }
        if (h < 48) {
            return h + "h";
        }
        long d = h / 24;
        if (d < 8) {
            long rest = h % 24;
            return rest == 0 ? d + "d" : d + "d" + rest + "h";
        }
        if (d < 365 * 2) {
            return d + "d";
        }
        return d / 365 + "y";
    }
}
