package orchlab.engine.check;

import java.util.List;
import java.util.function.Function;

/**
 * The result of one attempt of a check, before the engine adds id, title, hint and timing: {@link Passed}, {@link Failed}
 * (the object is there and differs: every failing field) or {@link NotFound} (the object or file the check looks at
 * does not exist). A check that could not look at all throws {@link CheckUnavailableException} instead.
 *
 * <p>Consumers tell the cases apart with {@link #match}, which names every case (exhaustive on Java 17, where
 * {@code switch} over a sealed type is not available yet); {@link #passed()} and {@link #notFound()} remain for
 * one-line questions.
 */
public sealed interface Outcome permits Outcome.Passed, Outcome.Failed, Outcome.NotFound {

    /** Where the check looked ({@code Deployment web/my-app}, {@code Dockerfile:9}). */
    String location();

    /** One sentence for the learner: what passed, or what is wrong. */
    String message();

    /** Every failing field (none when passed, or when the failure is not about fields). */
    List<FieldFailure> failures();

    /** Whether waiting can still change a failing verdict (the kind decides; see {@link Convergence}). */
    Convergence convergence();

    /** What the sandbox says about the objects involved (their last events), newest last. */
    List<String> evidence();

    /** This outcome, saying whether waiting can change it (a pass needs no such word and stays as it is). */
    Outcome with(Convergence convergence);

    /** This outcome with what the sandbox says about the objects involved (a pass stays as it is). */
    Outcome withEvidence(List<String> evidence);

    /** One function per case: the caller cannot forget one. */
    default <T> T match(Function<Passed, T> passed, Function<Failed, T> failed, Function<NotFound, T> notFound) {
        if (this instanceof Passed p) {
            return passed.apply(p);
        }
        if (this instanceof Failed f) {
            return failed.apply(f);
        }
        return notFound.apply((NotFound) this);
    }

    default boolean passed() {
        return this instanceof Passed;
    }

    default boolean notFound() {
        return this instanceof NotFound;
    }

    /** The check's expectation holds. */
    record Passed(String location, String message) implements Outcome {
        @Override
        public List<FieldFailure> failures() {
            return List.of();
        }

        @Override
        public Convergence convergence() {
            return Convergence.UNKNOWN;
        }

        @Override
        public List<String> evidence() {
            return List.of();
        }

        @Override
        public Outcome with(Convergence convergence) {
            return this;
        }

        @Override
        public Outcome withEvidence(List<String> evidence) {
            return this;
        }
    }

    /** The object is there and differs: every failing field, expected against found. */
    record Failed(String location, String message, List<FieldFailure> failures, Convergence convergence,
                  List<String> evidence) implements Outcome {
        public Failed {
            failures = List.copyOf(failures);
            convergence = convergence == null ? Convergence.UNKNOWN : convergence;
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }

        @Override
        public Outcome with(Convergence convergence) {
            return new Failed(location, message, failures, convergence, evidence);
        }

        @Override
        public Outcome withEvidence(List<String> evidence) {
            return new Failed(location, message, failures, convergence, evidence);
        }
    }

    /** The object or file the check looks at does not exist (as opposed to "different"); fields it would need, if any. */
    record NotFound(String location, String message, List<FieldFailure> failures, Convergence convergence,
                    List<String> evidence) implements Outcome {
        public NotFound {
            failures = List.copyOf(failures);
            convergence = convergence == null ? Convergence.UNKNOWN : convergence;
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }

        @Override
        public Outcome with(Convergence convergence) {
            return new NotFound(location, message, failures, convergence, evidence);
        }

        @Override
        public Outcome withEvidence(List<String> evidence) {
            return new NotFound(location, message, failures, convergence, evidence);
        }
    }

    static Outcome pass(String location, String message) {
        return new Passed(location, message);
    }

    static Outcome fail(String location, String message, List<FieldFailure> failures) {
        return new Failed(location, message, failures, Convergence.UNKNOWN, List.of());
    }

    static Outcome fail(String location, String message) {
        return fail(location, message, List.of());
    }

    static Outcome notFound(String location, String message) {
        return notFound(location, message, List.of());
    }

    /** Not found, naming what would be needed ({@code answers.yaml} without this question's answer). */
    static Outcome notFound(String location, String message, List<FieldFailure> failures) {
        return new NotFound(location, message, failures, Convergence.UNKNOWN, List.of());
    }
}
