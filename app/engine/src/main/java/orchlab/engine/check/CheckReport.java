package orchlab.engine.check;

import java.util.List;

/** The answer to "Check": one result per check of the exercise, in the exercise's order. */
public record CheckReport(String exercise, List<CheckResult> checks) {

    public CheckReport {
        checks = List.copyOf(checks);
    }

    /** Every check that ran passed (skipped checks are not scored; a report where nothing ran does not pass). */
    public boolean passed() {
        return checks.stream().anyMatch(c -> !c.skipped()) && checks.stream().allMatch(c -> c.passed() || c.skipped());
    }

    /** Passed checks out of the checks that ran; skipped ones count for neither. */
    public Score score() {
        return new Score((int) checks.stream().filter(CheckResult::passed).count(),
                (int) checks.stream().filter(c -> !c.skipped()).count());
    }

    public boolean hasErrors() {
        return checks.stream().anyMatch(c -> c.status() == CheckResult.Status.ERROR);
    }

    /** Passed checks out of all checks. */
    public record Score(int passed, int total) {
        @Override
        public String toString() {
            return passed + "/" + total;
        }
    }
}
