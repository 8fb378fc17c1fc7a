package orchlab.engine.check;

import java.util.List;

/** The answer to "Check": one result per check of the exercise, in the exercise's order. */
public record CheckReport(String exercise, List<CheckResult> checks) {

    public CheckReport {
        checks = List.copyOf(checks);
    }

    /** Every check that ran passed (skipped checks are not scored; a report where nothing ran does not pass). */
    public boolean passed() {
        return checks.stream().anyMatch(CheckReport::scored)
                && checks.stream().allMatch(c -> c instanceof CheckResult.Passed || c instanceof CheckResult.Skipped);
    }

    /** Passed checks out of the checks that ran; skipped ones count for neither. */
    public Score score() {
        return new Score((int) checks.stream().filter(c -> c instanceof CheckResult.Passed).count(),
                (int) checks.stream().filter(CheckReport::scored).count());
    }

    /** Some check could not look (its result says why): the report does not judge the learner's work. */
    public boolean hasErrors() {
        return checks.stream().anyMatch(c -> c instanceof CheckResult.CouldNotLook);
    }

    /** Every case counts in the score but a skip. */
    private static boolean scored(CheckResult result) {
        return !(result instanceof CheckResult.Skipped);
    }

    /** Passed checks out of all checks. */
    public record Score(int passed, int total) {
        @Override
        public String toString() {
            return passed + "/" + total;
        }
    }
}
