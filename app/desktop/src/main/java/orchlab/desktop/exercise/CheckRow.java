package orchlab.desktop.exercise;

import java.util.List;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.course.CheckSpec;

/**
 * One row of the check results: what was checked, its state, where it looked, every failing field
 * with expected and actual, how long it waited, and the hint.
 */
public record CheckRow(String id, String title, State state, String location, String message,
                       List<FieldFailure> failures, String hint, String waited) {

    public enum State { NOT_CHECKED, RUNNING, PASSED, FAILED, ERROR }

    public CheckRow {
        failures = List.copyOf(failures);
    }

    public static CheckRow notChecked(CheckSpec spec) {
        return new CheckRow(spec.id(), spec.title(), State.NOT_CHECKED, "", "not checked yet", List.of(), "", "");
    }

    public static CheckRow running(CheckSpec spec, String message) {
        return new CheckRow(spec.id(), spec.title(), State.RUNNING, "", message, List.of(), "", "");
    }

    /**
     * A check still waiting for the cluster: what it saw last (the fields not as expected yet, with the value found),
     * where, and for how long it has waited — not only how many fields differ.
     */
    public static CheckRow waiting(CheckSpec spec, String location, String message, List<FieldFailure> lastSeen, long waitedSeconds) {
        String seen = lastSeen.isEmpty() ? message : "last seen " + lastSeen.get(0).describe()
                + (lastSeen.size() > 1 ? " (and " + (lastSeen.size() - 1) + " more)" : "");
        return new CheckRow(spec.id(), spec.title(), State.RUNNING, location, "waiting " + waitedSeconds + " s — " + seen,
                lastSeen, "", "");
    }

    public static CheckRow of(CheckResult result) {
        State state = result.match(passed -> State.PASSED, failed -> State.FAILED, notFound -> State.FAILED,
                couldNotLook -> State.ERROR, skipped -> State.NOT_CHECKED);
        // why the check stopped waiting and what the cluster said (its last events) read as part of the message
        StringBuilder message = new StringBuilder(result.message());
        if (!result.settled().isEmpty()) {
            message.append("\nStopped waiting: ").append(result.settled());
        }
        result.evidence().forEach(e -> message.append("\n• ").append(e));
        return new CheckRow(result.id(), result.title(), state, result.location(), message.toString(), result.failures(),
                result.hint(), result.waitedText());
    }

    /** Plain-text form, for the clipboard and for tests: {@code FAIL title — location\n  spec.replicas: expected 3, found 2}. */
    public String describe() {
        StringBuilder text = new StringBuilder(switch (state) {
            case PASSED -> "PASS ";
            case FAILED -> "FAIL ";
            case ERROR -> "ERROR ";
            case RUNNING -> "… ";
            case NOT_CHECKED -> "- ";
        }).append(title);
        if (!location.isEmpty()) {
            text.append(" — ").append(location);
        }
        if (!message.isEmpty()) {
            text.append("\n  ").append(message);
        }
        for (FieldFailure failure : failures) {
            text.append("\n  ").append(failure.describe());
        }
        return text.toString();
    }
}
