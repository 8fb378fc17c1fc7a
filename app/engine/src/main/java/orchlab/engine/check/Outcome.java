package orchlab.engine.check;

import java.util.List;

/**
 * The result of one attempt of a check, before the engine adds id, title, hint and timing.
 *
 * @param location    where the check looked ({@code Deployment web/my-app}, {@code Dockerfile:9})
 * @param message     one sentence for the learner: what passed, or what is wrong
 * @param failures    every failing field (empty when passed, or when the failure is not about fields)
 * @param notFound    true when the object/file the check looks at does not exist at all
 * @param convergence whether waiting can still change a failing verdict (the kind decides; see {@link Convergence})
 * @param evidence    what the sandbox says about the objects involved (their last events), newest last
 */
public record Outcome(boolean passed, String location, String message, List<FieldFailure> failures, boolean notFound,
                      Convergence convergence, List<String> evidence) {

    public Outcome {
        failures = List.copyOf(failures);
        convergence = convergence == null ? Convergence.UNKNOWN : convergence;
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public Outcome(boolean passed, String location, String message, List<FieldFailure> failures, boolean notFound) {
        this(passed, location, message, failures, notFound, Convergence.UNKNOWN, List.of());
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

    /** This outcome, saying whether waiting can change it. */
    public Outcome with(Convergence convergence) {
        return new Outcome(passed, location, message, failures, notFound, convergence, evidence);
    }

    /** This outcome with what the sandbox says about the objects involved. */
    public Outcome withEvidence(List<String> evidence) {
        return new Outcome(passed, location, message, failures, notFound, convergence, evidence);
    }
}
