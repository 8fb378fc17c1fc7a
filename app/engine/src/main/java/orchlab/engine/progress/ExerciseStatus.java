package orchlab.engine.progress;

/**
 * Where the learner is with one exercise.
 *
 * <p>{@link #DONE} is final: once a check of the exercise passed, the exercise stays done even when
 * a later check fails (the learner is experimenting, or the sandbox was reset) — as on Instruqt and
 * Killercoda, where a solved challenge stays solved. The latest report is still kept, so the app can
 * show "done, last check 2/3".
 */
public enum ExerciseStatus {
    /** no check has run yet */
    NOT_STARTED,
    /** at least one check ran, none passed */
    ATTEMPTED,
    /** a check passed at least once */
    DONE
}
