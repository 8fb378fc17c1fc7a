package orchlab.engine.progress;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import orchlab.engine.check.CheckReport;

/**
 * The learner's record of one exercise.
 *
 * @param attempts    how many times Check ran (every run counts, also runs that ended in a sandbox error)
 * @param lastChecked when Check last ran
 * @param lastReport  the result of the last Check, shown again after a restart and exported as JUnit XML
 * @param doneAt      when a Check first passed
 */
public record ExerciseProgress(String exerciseId, ExerciseStatus status, int attempts, Optional<Instant> lastChecked,
                               Optional<CheckReport> lastReport, Optional<Instant> doneAt) {

    public ExerciseProgress {
        Objects.requireNonNull(exerciseId, "exerciseId");
        Objects.requireNonNull(status, "status");
        lastChecked = Objects.requireNonNullElse(lastChecked, Optional.empty());
        lastReport = Objects.requireNonNullElse(lastReport, Optional.empty());
        doneAt = Objects.requireNonNullElse(doneAt, Optional.empty());
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
        if (status == ExerciseStatus.DONE && doneAt.isEmpty()) {
            throw new IllegalArgumentException("a done exercise needs doneAt");
        }
    }

    public static ExerciseProgress notStarted(String exerciseId) {
        return new ExerciseProgress(exerciseId, ExerciseStatus.NOT_STARTED, 0, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * After one more Check: one more attempt, this report becomes the last one, and the exercise is
     * done when the report passed — or was done before (done stays done).
     */
    public ExerciseProgress withCheck(CheckReport report, Instant at) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(at, "at");
        boolean nowDone = status == ExerciseStatus.DONE || report.passed();
        Optional<Instant> done = doneAt.isPresent() ? doneAt : report.passed() ? Optional.of(at) : Optional.empty();
        return new ExerciseProgress(exerciseId, nowDone ? ExerciseStatus.DONE : ExerciseStatus.ATTEMPTED,
                attempts + 1, Optional.of(at), Optional.of(report), done);
    }

    public boolean done() {
        return status == ExerciseStatus.DONE;
    }

    /** Passed checks of the last report, if Check ran. */
    public Optional<CheckReport.Score> lastScore() {
        return lastReport.map(CheckReport::score);
    }
}
