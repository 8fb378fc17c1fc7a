package orchlab.engine.check;

import java.util.List;

/** The answer to "Check": one result per check of the exercise, in the exercise's order. */
public record CheckReport(String exercise, List<CheckResult> checks) {

    public CheckReport {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
    }

    public Score score() {
        return new Score((int) checks.stream().filter(CheckResult::passed).count(), checks.size());
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
