package orchlab.engine.progress;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import orchlab.engine.check.CheckReport;

/**
 * One learner's progress in one course: every exercise they checked, and where they were when they
 * closed the app (lesson, exercise, editor tab) so the next start opens the same place. Immutable;
 * the {@code with...} methods return changed copies.
 *
 * @param exercises    progress by exercise id (sorted by id; exercises never checked are absent)
 * @param lastLesson   the lesson that was open
 * @param lastExercise the exercise that was open
 * @param lastFile     the workspace file (relative path, {@code /}-separated) that was selected in the editor
 * @param updated      when this progress was last saved (set by {@link ProgressStore#save}) or checked
 */
@JsonPropertyOrder({"format", "courseId", "updated", "lastLesson", "lastExercise", "lastFile", "exercises"})
@JsonIgnoreProperties(value = "format", allowGetters = true)
public record CourseProgress(String courseId, Map<String, ExerciseProgress> exercises, Optional<String> lastLesson,
                             Optional<String> lastExercise, Optional<String> lastFile, Instant updated) {

    /** Version of the stored file's layout, written as {@code "format"}; bump it with a migration when the layout changes. */
    public static final int FORMAT = 1;

    public CourseProgress {
        Objects.requireNonNull(courseId, "courseId");
        Objects.requireNonNull(updated, "updated");
        exercises = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNullElse(exercises, Map.of())));
        exercises.forEach((id, p) -> {
            Objects.requireNonNull(p, () -> "progress of exercise " + id);
            if (!id.equals(p.exerciseId())) {
                throw new IllegalArgumentException("progress of exercise " + id + " is stored as " + p.exerciseId());
            }
        });
        lastLesson = Objects.requireNonNullElse(lastLesson, Optional.empty());
        lastExercise = Objects.requireNonNullElse(lastExercise, Optional.empty());
        lastFile = Objects.requireNonNullElse(lastFile, Optional.empty());
    }

    /** Nothing done yet. */
    public static CourseProgress fresh(String courseId, Instant now) {
        return new CourseProgress(courseId, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), now);
    }

    @JsonProperty("format")
    int format() {
        return FORMAT;
    }

    /** The progress of one exercise; "not started" when it was never checked. */
    public ExerciseProgress exercise(String exerciseId) {
        ExerciseProgress p = exercises.get(exerciseId);
        return p != null ? p : ExerciseProgress.notStarted(exerciseId);
    }

    public ExerciseStatus status(String exerciseId) {
        return exercise(exerciseId).status();
    }

    public int doneCount() {
        return (int) exercises.values().stream().filter(ExerciseProgress::done).count();
    }

    /** Done exercises out of {@code totalExercises} (the course's count), between 0 and 1; 0 for an empty course. */
    public double fraction(int totalExercises) {
        if (totalExercises <= 0) {
            return 0;
        }
        return Math.min(1.0, doneCount() / (double) totalExercises);
    }

    /**
     * Records a Check of {@code report.exercise()}: one more attempt, the report becomes the last one, and
     * the exercise becomes done when the report passed. Done stays done (see {@link ExerciseStatus#DONE}).
     */
    public CourseProgress withCheck(CheckReport report, Instant at) {
        Map<String, ExerciseProgress> changed = new TreeMap<>(exercises);
        changed.put(report.exercise(), exercise(report.exercise()).withCheck(report, at));
        return new CourseProgress(courseId, changed, lastLesson, lastExercise, lastFile, at);
    }

    /**
     * Where the learner is now. {@code exerciseId} and {@code file} may be {@code null} (a lesson without an
     * exercise, no file selected). {@link #updated()} is set when the store saves it.
     */
    public CourseProgress withOpened(String lessonId, String exerciseId, String file) {
        return new CourseProgress(courseId, exercises, Optional.ofNullable(lessonId), Optional.ofNullable(exerciseId),
                Optional.ofNullable(file), updated);
    }

    /** A copy with another {@code updated} time. */
    public CourseProgress withUpdated(Instant at) {
        return new CourseProgress(courseId, exercises, lastLesson, lastExercise, lastFile, at);
    }
}
