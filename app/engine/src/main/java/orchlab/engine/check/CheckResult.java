package orchlab.engine.check;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * What the learner sees for one check, as one of five cases: {@link Passed}; {@link Failed} (the object is there and
 * differs: every failing field); {@link NotFound} (the object or file the check looks at does not exist);
 * {@link CouldNotLook} (the sandbox did not answer, the check was refused when the course loaded: not the learner's
 * verdict); {@link Skipped} (not run — a workspace check when there is no workspace — and not scored).
 *
 * <p>Consumers tell the cases apart with {@link #match}, which names every case (exhaustive on Java 17, where
 * {@code switch} over a sealed type is not available yet). What every case has — id, title, where it looked, one
 * sentence, how long it waited — is on this interface; the failure details are on the cases that fail and read as empty
 * elsewhere.
 */
public sealed interface CheckResult
        permits CheckResult.Passed, CheckResult.Failed, CheckResult.NotFound, CheckResult.CouldNotLook, CheckResult.Skipped {

    String id();

    String title();

    /** Where the check looked ({@code Deployment web/my-app}, {@code Dockerfile:9}). */
    String location();

    /** One sentence for the learner: what passed, what is wrong, why the check could not look or was skipped. */
    String message();

    /** What to try next; empty on a pass or a skip. */
    String hint();

    /** How long the check polled before this answer. */
    Duration waited();

    /** How long it was allowed to wait (zero for checks that do not wait). */
    Duration timeout();

    /** Every failing field (on {@link Failed} and {@link NotFound}; none elsewhere). */
    default List<FieldFailure> failures() {
        return List.of();
    }

    /**
     * Why a failing check stopped before its timeout ({@code the cluster has processed generation 2}); empty when it
     * passed, did not wait, or waited until the timeout.
     */
    default String settled() {
        return "";
    }

    /** The last events of the objects involved (or other words from the sandbox), newest last. */
    default List<String> evidence() {
        return List.of();
    }

    /** One function per case: the caller cannot forget one. */
    default <T> T match(Function<Passed, T> passed, Function<Failed, T> failed, Function<NotFound, T> notFound,
                        Function<CouldNotLook, T> couldNotLook, Function<Skipped, T> skipped) {
        if (this instanceof Passed p) {
            return passed.apply(p);
        }
        if (this instanceof Failed f) {
            return failed.apply(f);
        }
        if (this instanceof NotFound n) {
            return notFound.apply(n);
        }
        if (this instanceof CouldNotLook c) {
            return couldNotLook.apply(c);
        }
        return skipped.apply((Skipped) this);
    }

    /** {@code waited 0.1 s of 30 s}; empty for checks that do not wait. */
    default String waitedText() {
        if (timeout().isZero()) {
            return "";
        }
        return "waited " + seconds(waited()) + " of " + seconds(timeout());
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000 && millis != 0) {
            return millis + " ms";
        }
        long tenths = Math.round(millis / 100.0);
        return tenths % 10 == 0 ? (tenths / 10) + " s" : (tenths / 10) + "." + (tenths % 10) + " s";
    }

    /** The check's expectation holds. */
    record Passed(String id, String title, String location, String message, Duration waited, Duration timeout)
            implements CheckResult {
        @Override
        public String hint() {
            return "";
        }
    }

    /** The object is there and differs: every failing field, expected against found. */
    record Failed(String id, String title, String location, String message, List<FieldFailure> failures, String hint,
                  Duration waited, Duration timeout, String settled, List<String> evidence) implements CheckResult {
        public Failed {
            failures = List.copyOf(failures);
            settled = settled == null ? "" : settled;
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }

    /** The object or file the check looks at does not exist (as opposed to "different"); fields it would need, if any. */
    record NotFound(String id, String title, String location, String message, List<FieldFailure> failures, String hint,
                    Duration waited, Duration timeout, String settled, List<String> evidence) implements CheckResult {
        public NotFound {
            failures = List.copyOf(failures);
            settled = settled == null ? "" : settled;
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }

    /** The check could not look (the sandbox did not answer, the check was refused when the course loaded). */
    record CouldNotLook(String id, String title, String location, String message, String hint, Duration waited,
                        Duration timeout) implements CheckResult {
    }

    /** Not run and not scored: a workspace check when the run has no workspace ({@code message} says so). */
    record Skipped(String id, String title, String location, String message) implements CheckResult {
        @Override
        public String hint() {
            return "";
        }

        @Override
        public Duration waited() {
            return Duration.ZERO;
        }

        @Override
        public Duration timeout() {
            return Duration.ZERO;
        }
    }
}
