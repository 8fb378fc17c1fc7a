package orchlab.engine.course;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import orchlab.engine.kind.ExerciseKind;
import orchlab.engine.yaml.Location;

/**
 * One exercise: {@code exercises/<id>/exercise.yaml} with its {@code starter/}, {@code solution/}
 * and setup files.
 *
 * @param kind           what kind of exercise it is ({@code kind:}, or {@code sandbox:}): it says what the exercise needs and how the app shows it
 * @param namespace      the Kubernetes namespace the exercise works in (defaults to the id)
 * @param description    the task, Markdown
 * @param setup          files (relative to {@link #dir()}) applied before the learner starts
 * @param defaultTimeout how long a check waits unless it says otherwise
 * @param docker         the exercise's {@code docker:} section (build/run recipe), empty object if none
 * @param location       where the exercise file is, for messages
 */
public record Exercise(String id, String title, Path dir, ExerciseKind kind, String namespace, String description,
                       List<String> hints, List<String> setup, Duration defaultTimeout, List<CheckSpec> checks,
                       ObjectNode docker, Location location) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public Exercise {
        hints = List.copyOf(hints);
        setup = List.copyOf(setup);
        checks = List.copyOf(checks);
    }

    public Path starterDir() {
        return dir.resolve("starter");
    }

    public Path solutionDir() {
        return dir.resolve("solution");
    }
}
