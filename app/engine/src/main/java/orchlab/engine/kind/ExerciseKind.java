package orchlab.engine.kind;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.yaml.Location;

/**
 * A kind of exercise ({@code kind: kubernetes}, {@code kind: docker}, {@code kind: quiz} in {@code exercise.yaml}):
 * one class, registered in {@code META-INF/services/orchlab.engine.kind.ExerciseKind}, that says everything the
 * loader, the CLI and the desktop need to know. They ask the kind; they never branch on which kind it is.
 *
 * <p>A kind is stateless and thread-safe. It does not start processes or touch a sandbox itself: the
 * {@link orchlab.engine.exercise.ExerciseDriver} of the sandbox it {@linkplain #needs() needs} does that.
 */
public interface ExerciseKind {

    /** The value of {@code kind:} in {@code exercise.yaml}. */
    String name();

    /** One line for the format documentation. */
    String summary();

    /** The exercise's own YAML section this kind reads ({@code docker:}, {@code quiz:}), if any. */
    Optional<String> section();

    /**
     * What the exercise needs to run in: a Kubernetes API, a Docker engine, or nothing at all (a quiz). A check
     * whose kind needs a sandbox outside this set is rejected when the course loads.
     */
    Set<SandboxKind> needs();

    /** The sandbox the exercise is started, applied and reset in; empty when it needs none. */
    default Optional<SandboxKind> sandbox() {
        return needs().stream().sorted().findFirst();
    }

    /** How the learner's answer is given: files edited in editors, or a form of questions. */
    Workspace workspace();

    /** The steps of the exercise as the app names them, in order (the first one is the main button). */
    List<StepLabel> steps();

    /** Apply runs on the whole workspace (a Docker build) rather than on the file being edited. */
    default boolean appliesWorkspace() {
        return false;
    }

    /** What the app says while applying ({@code "Applying deployment.yaml"}, {@code "Building and running"}). */
    String applying(String file);

    /** The start of the line that reports an apply ({@code "Applied deployment.yaml: "}). */
    String applied(String file);

    /** One sentence for the Reset confirmation: what reset removes besides the learner's edits. */
    String resetRemoves(Exercise exercise, String namespace);

    /** What the app says after a reset. */
    String resetDone(Exercise exercise, String namespace);

    /** Where the exercise runs, as the exercise panel's subtitle ({@code "Kubernetes exercise · namespace web"}). */
    String whereItRuns(Exercise exercise, String namespace);

    /** The Kubernetes namespace the terminal and the cluster view follow; empty when the exercise has none. */
    default Optional<String> namespaceToFollow(Exercise exercise) {
        return Optional.empty();
    }

    /**
     * The driver that starts, applies and resets this kind's exercises, given the driver of its sandbox; the sandbox's
     * own by default ({@code helm} wraps the Kubernetes one: apply is a Helm install of the workspace's chart).
     */
    default orchlab.engine.exercise.ExerciseDriver driver(orchlab.engine.exercise.ExerciseDriver sandboxDriver) {
        return sandboxDriver;
    }

    /**
     * Whether an exercise of this kind may declare {@code clusters:} and run in several clusters at once (ADR 0016):
     * its sandbox's driver is then run once per cluster. Only plain Kubernetes exercises may.
     */
    default boolean multiCluster() {
        return false;
    }

    /** Whether {@code solution/} (and wrong fixtures) hold Kubernetes manifests the loader should parse. */
    default boolean solutionHoldsManifests() {
        return false;
    }

    /**
     * Checks the kind's own section ({@link #section()}) when the course loads, adding every mistake located with
     * {@code locate} (a JSON pointer below the section to its {@code file:line:column}). {@code section} is a
     * missing node when the exercise has no such section.
     */
    default void validate(JsonNode section, Function<String, Location> locate, Problems problems) {
    }

    /**
     * Checks the pack's files that the kind's section points at, in the exercise's {@code folder} — its
     * {@code starter/}, {@code solution/} and each answer under {@code wrong/} and {@code right/} — when the course
     * loads or is validated, so that a file the lab would refuse at apply time is refused at its line already then
     * (a Docker exercise's Compose file asking for the host). {@code files} names them as the pack shows them.
     */
    default void validateFiles(java.nio.file.Path folder, JsonNode section, orchlab.engine.course.PackFiles files,
                               Problems problems) {
    }

    /** How the learner answers. */
    enum Workspace {
        /** files from {@code starter/}, edited in the app's editors and applied */
        FILES,
        /** {@code answers.yaml}, filled in through a form of questions */
        ANSWERS_FORM
    }

    /**
     * A step as the app shows it.
     *
     * @param id      stable id: {@code apply}, {@code build}, {@code run}, {@code check}
     * @param label   the button's text
     * @param tooltip what pressing it does
     */
    record StepLabel(String id, String label, String tooltip) {
    }
}
