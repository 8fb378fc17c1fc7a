package orchlab.engine.exercise;

import java.nio.file.Path;
import java.util.List;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;

/**
 * What "start", "apply" and "reset" mean for one kind of exercise. Kubernetes: a labelled
 * namespace, setup manifests, apply = server-side apply of the learner's YAML. Docker: build and
 * run the learner's workspace as the exercise's {@code docker:} recipe says, everything labelled.
 * Drivers are found with {@link java.util.ServiceLoader} besides the built-in Kubernetes one.
 */
public interface ExerciseDriver {

    SandboxKind kind();

    /**
     * Checks the exercise's driver-specific section ({@code docker:} for Docker exercises) when the
     * course loads, adding every mistake, located with {@code locate} (a JSON pointer below the section,
     * like {@code /build/tag}, to its {@code file:line:column}).
     */
    default void validate(com.fasterxml.jackson.databind.JsonNode section,
                          java.util.function.Function<String, orchlab.engine.yaml.Location> locate,
                          orchlab.engine.course.Problems problems) {
    }

    /**
     * The cluster-scoped objects {@link #start} would create in this target, in the order the user is asked about them
     * (ADR 0009's consent): by default the allowed objects of the exercise's setup files. Empty when starting creates
     * nothing cluster-wide.
     */
    default List<PackReach.ClusterObject> clusterScopedObjects(Exercise exercise, ExerciseTarget target) throws SandboxException {
        return PackReach.clusterScopedSetup(exercise);
    }

    /** Prepares the sandbox for the exercise (idempotent: starting twice is fine). */
    void start(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException;

    /**
     * Applies the learner's work: one file, or every applicable file under a directory
     * (what {@code lab course test} does with {@code solution/}).
     */
    ApplyResult apply(Exercise exercise, Path fileOrDir, ExerciseTarget target, ProgressListener progress)
            throws SandboxException;

    /**
     * The separate steps of {@link #apply} for this exercise, in order — what the app shows as separate
     * buttons (Docker: Build, then Run). Empty when apply is one step (Kubernetes: Apply).
     */
    default List<Step> steps(Exercise exercise) {
        return List.of();
    }

    /**
     * Runs one step of {@link #apply} only: for Docker, {@link Step#BUILD} builds the recipe's images and starts
     * nothing; {@link Step#RUN} (re)starts the recipe's containers and Compose project from the images already
     * built. A step the exercise does not have is an {@link ApplyResult} with one error, never an exception.
     */
    default ApplyResult applyStep(Exercise exercise, Path fileOrDir, ExerciseTarget target, Step step, ProgressListener progress)
            throws SandboxException {
        return new ApplyResult(List.of(), List.of("exercise " + exercise.id() + " has no separate "
                + step.name().toLowerCase(java.util.Locale.ROOT) + " step — apply it as a whole"));
    }

    /**
     * What a step can be done with, for a step that needs a choice ({@link Step#ROLLBACK}: the revisions to go back
     * to, newest first); empty for steps that need none, or when there is nothing to choose from yet.
     */
    default List<StepChoice> choices(Exercise exercise, ExerciseTarget target, Step step) throws SandboxException {
        return List.of();
    }

    /** One step with the option the learner chose among {@link #choices}; steps without choices ignore it. */
    default ApplyResult applyStep(Exercise exercise, Path fileOrDir, ExerciseTarget target, Step step, String choice,
                                  ProgressListener progress) throws SandboxException {
        return applyStep(exercise, fileOrDir, target, step, progress);
    }

    /**
     * An option of a step.
     *
     * @param value what {@link #applyStep} is given ({@code "1"})
     * @param label what the app shows ({@code "revision 1 · superseded · my-app-chart-0.1.0 · Install complete"})
     */
    record StepChoice(String value, String label) {
    }

    /** A step of apply, or beside it, that the app can offer on its own. */
    enum Step {
        /** build the images (Docker {@code build:} entries); start nothing */
        BUILD,
        /** start the containers and Compose project from images already built */
        RUN,
        /** check the workspace without changing the sandbox (Helm: {@code helm lint} of the chart) */
        LINT,
        /** return to an earlier state chosen among {@link #choices} (Helm: {@code helm rollback} to a revision) */
        ROLLBACK;

        /** Whether the step is a part of apply, so that the app offers the parts instead of one Apply button. */
        public boolean partOfApply() {
            return this == BUILD || this == RUN;
        }
    }

    /** Removes what the lab and the learner made for this exercise, and nothing else. */
    void reset(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException;

    /**
     * Where the exercise runs: which sandbox, which namespace; where the lab keeps its record of what it
     * created ({@link CreatedObjects}, under the lab's state folder); whether the user agreed that the
     * exercise may create the allowed cluster-scoped objects ({@link PackReach}); whether what is applied is the
     * learner's own files (nothing cluster-scoped is applied from them, whatever the consent) rather than the pack's.
     */
    record ExerciseTarget(Sandbox sandbox, String namespace, Path stateDir, boolean allowClusterScoped, boolean learnersFiles) {
        /** The pack's files (setup, solution, answers). */
        public ExerciseTarget(Sandbox sandbox, String namespace, Path stateDir, boolean allowClusterScoped) {
            this(sandbox, namespace, stateDir, allowClusterScoped, false);
        }

        /** The lab's state folder from the environment ({@link orchlab.engine.LabDirs}), no cluster-scoped objects. */
        public ExerciseTarget(Sandbox sandbox, String namespace) {
            this(sandbox, namespace, orchlab.engine.LabDirs.fromEnvironment().state(), false);
        }

        /** The same target for the learner's own files. */
        public ExerciseTarget forLearnersFiles() {
            return new ExerciseTarget(sandbox, namespace, stateDir, false, true);
        }
    }

    /**
     * What an apply did.
     *
     * @param lines  one line per object or step, kubectl style ({@code deployment.apps/my-app configured})
     * @param errors located errors ({@code deployment.yaml:7: Deployment.apps "my-app" is invalid: spec.replicas: ...})
     */
    record ApplyResult(List<String> lines, List<String> errors) {
        public ApplyResult {
            lines = List.copyOf(lines);
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }
}
