package orchlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** An exercise of a course, and the sandbox and namespace it runs in. */
public final class ExerciseArgs {
    @Parameters(index = "0", paramLabel = "EXERCISE_ID", description = "the exercise (its folder name under exercises/)")
    String exerciseId;

    @Option(names = "--course", paramLabel = "DIR", description = "course folder or .zip (default: the built-in course)")
    Path course;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "work in this namespace instead of the exercise's own")
    String namespace;

    @Option(names = "--allow-cluster-scoped", description = "let the exercise create the cluster-scoped objects a pack may ask for"
            + " (CustomResourceDefinition, IngressClass, StorageClass); reset removes them again")
    boolean allowClusterScoped;

    @Mixin
    SandboxArgs sandbox;

    /** The exercise, or empty after printing why (unknown id, broken course). */
    Optional<Exercise> find(CliContext context, PrintWriter out, PrintWriter err) {
        Path dir = course == null ? context.defaultCourse() : course;
        Optional<Course> loaded = CourseCommand.load(context, dir, out, err, true);
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        Optional<Exercise> exercise = loaded.get().exercise(exerciseId);
        if (exercise.isEmpty()) {
            err.println("lab: no exercise '" + exerciseId + "' in course " + loaded.get().id() + " (exercises: "
                    + String.join(", ", loaded.get().exercises().keySet()) + ")");
        }
        return exercise;
    }

    String namespaceOf(Exercise exercise) {
        return namespace != null ? namespace : exercise.namespace();
    }

    /** Where the exercise runs, with the lab's state folder and the user's consent to cluster-scoped objects. */
    orchlab.engine.exercise.ExerciseDriver.ExerciseTarget target(CliContext context, Sandbox open, Exercise exercise) {
        return new orchlab.engine.exercise.ExerciseDriver.ExerciseTarget(open, namespaceOf(exercise), context.dirs().state(),
                allowClusterScoped);
    }

    /**
     * The sandbox the exercise's kind needs (the kubeconfig's cluster, or the Docker engine), or {@code null} when it
     * needs none (a quiz) — callers open it in try-with-resources, which skips a null resource.
     */
    Sandbox open(CliContext context, Exercise exercise) throws SandboxException {
        Optional<SandboxKind> needed = exercise.kind().sandbox();
        if (needed.isEmpty()) {
            return null;
        }
        return sandbox.open(needed.get(), context.lab().providers(), context.dirs(), (f, m) -> { });
    }
}
