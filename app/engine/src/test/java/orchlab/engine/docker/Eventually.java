package orchlab.engine.docker;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;

/**
 * Waits on conditions, never on time: polls until true, with a generous ceiling as a safety net (like the
 * check engine polls a check until it passes or its timeout).
 */
public final class Eventually {
    public static final Duration CEILING = Duration.ofSeconds(90);

    private Eventually() {
    }

    /** The first passing outcome, or the last failing one when the ceiling is reached. */
    public static Outcome passes(PreparedCheck check, CheckContext context) throws Exception {
        long deadline = System.nanoTime() + CEILING.toNanos();
        Outcome last = check.attempt(context);
        while (!last.passed() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = check.attempt(context);
        }
        return last;
    }

    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + CEILING.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting after " + CEILING.toSeconds() + " s for: " + what);
            }
            Thread.sleep(200);
        }
    }
}
