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
