package orchlab.engine.check;

import java.util.Set;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;

/**
 * A kind of check an exercise can use ({@code kind: assert}, {@code kind: cel}, {@code kind: dockerfile}...).
 *
 * <p>Built-in kinds live in {@code orchlab.engine.check.kinds}; more kinds plug in through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/orchlab.engine.check.CheckKind}).
 * A kind validates its settings once, when the course loads, and reports every mistake at its
 * line; the engine then calls {@link PreparedCheck#attempt} until it passes or its time is up.
 */
public interface CheckKind {

    /** The value of {@code kind:} in exercise YAML. */
    String name();

    /** One line for the format documentation. */
    String summary();

    /** Keys this kind accepts besides the common ones ({@code id, title, kind, timeout, hint}). */
    Set<String> keys();

    /** The sandbox this kind reads from; {@code null} for checks on the learner's files only. */
    SandboxKind needs();

    /**
     * Whether the kind reads live state or the learner's workspace files; WORKSPACE checks are skipped (not scored)
     * when a run has no workspace ({@code lab check} without {@code --workspace}).
     */
    default Scope scope() {
        return Scope.LIVE;
    }

    /**
     * Validates the settings and returns a runnable check, or {@code null} when the settings are
     * wrong (after adding every problem, located with {@link CheckSpec#locate(String)}).
     */
    PreparedCheck prepare(CheckSpec spec, Problems problems);

    /**
     * Prepares the check once, as the course loader does: {@link Preparation.Ready} with the runnable check, or
     * {@link Preparation.Refused} with every problem at its line (a kind that throws is refused too, never a crash).
     */
    default Preparation prepare(CheckSpec spec) {
        Problems problems = new Problems();
        PreparedCheck check;
        try {
            check = prepare(spec, problems);
        } catch (RuntimeException e) {
            problems.error(spec.location(), "check cannot be read: " + e.getMessage());
            check = null;
        }
        if (check == null || problems.hasErrors()) {
            if (!problems.hasErrors()) {
                problems.error(spec.location(), "invalid check");
            }
            return new Preparation.Refused(problems.asList());
        }
        return new Preparation.Ready(check, problems.asList());
    }
}
