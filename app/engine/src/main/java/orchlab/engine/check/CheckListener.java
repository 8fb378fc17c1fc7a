package orchlab.engine.check;

import orchlab.engine.course.CheckSpec;

/** Follows a check run as it happens (the app shows a spinner per check while it polls). */
public interface CheckListener {
    CheckListener NONE = new CheckListener() { };

    default void started(CheckSpec check) {
    }

    /** Called after each attempt that did not pass while the check still has time to wait. */
    default void waiting(CheckSpec check, Outcome latest, java.time.Duration waited) {
    }

    default void finished(CheckResult result) {
    }
}
