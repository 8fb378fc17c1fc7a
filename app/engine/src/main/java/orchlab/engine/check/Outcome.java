package orchlab.engine.check;

import java.util.List;

/**
 * The result of one attempt of a check, before the engine adds id, title, hint and timing.
 *
 * @param location where the check looked ({@code Deployment web/my-app}, {@code Dockerfile:9})
 * @param message  one sentence for the learner: what passed, or what is wrong
 * @param failures every failing field (empty when passed, or when the failure is not about fields)
 * @param notFound true when the object/file the check looks at does not exist at all
 */
public record Outcome(boolean passed, String location, String message, List<FieldFailure> failures, boolean notFound) {

    public Outcome {
        failures = List.copyOf(failures);
    }

    public static Outcome pass(String location, String message) {
        return new Outcome(true, location, message, List.of(), false);
    }

    public static Outcome fail(String location, String message, List<FieldFailure> failures) {
        return new Outcome(false, location, message, failures, false);
    }

    public static Outcome fail(String location, String message) {
        return fail(location, message, List.of());
    }

    public static Outcome notFound(String location, String message) {
        return new Outcome(false, location, message, List.of(), true);
    }
}
