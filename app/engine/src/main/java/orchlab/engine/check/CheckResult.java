package orchlab.engine.check;

import java.time.Duration;
import java.util.List;

/**
 * What the learner sees for one check: green or red, where it looked, every failing field, how long
 * it waited, why it stopped waiting, what the sandbox says about it, and a hint.
 *
 * @param location where the check looked ({@code Deployment web/my-app}, {@code Dockerfile:9})
 * @param waited   how long the check polled before this answer
 * @param timeout  how long it was allowed to wait
 * @param notFound the object or file the check looks at does not exist (as opposed to "different")
 * @param settled  why a failing check stopped before its timeout ({@code the cluster has processed generation 2});
 *                 empty when it passed, did not wait, or waited until the timeout
 * @param evidence the last events of the objects involved (or other words from the sandbox), newest last
 */
public record CheckResult(String id, String title, Status status, String location, String message,
                          List<FieldFailure> failures, String hint, Duration waited, Duration timeout, boolean notFound,
                          String settled, List<String> evidence) {

    /**
     * PASSED and FAILED judge the learner's work; ERROR means the check could not look (sandbox down, bad setup);
     * SKIPPED means the check was not run (a workspace check when there is no workspace) and is not scored.
     */
    public enum Status { PASSED, FAILED, ERROR, SKIPPED }

    public CheckResult {
        failures = List.copyOf(failures);
        settled = settled == null ? "" : settled;
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public CheckResult(String id, String title, Status status, String location, String message,
                       List<FieldFailure> failures, String hint, Duration waited, Duration timeout, boolean notFound) {
        this(id, title, status, location, message, failures, hint, waited, timeout, notFound, "", List.of());
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    public boolean skipped() {
        return status == Status.SKIPPED;
    }

    /** {@code waited 0.1 s of 30 s}; empty for checks that do not wait. */
    public String waitedText() {
        if (timeout.isZero()) {
            return "";
        }
        return "waited " + seconds(waited) + " of " + seconds(timeout);
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000 && millis != 0) {
            return millis + " ms";
        }
        long tenths = Math.round(millis / 100.0);
        return tenths % 10 == 0 ? (tenths / 10) + " s" : (tenths / 10) + "." + (tenths % 10) + " s";
    }
}
