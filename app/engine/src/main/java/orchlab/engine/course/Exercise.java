package orchlab.engine.course;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * @param namespaceLabels labels the lab puts on the namespace it creates for the exercise ({@code namespaceLabels:},
 *                        for example {@code istio-injection: enabled}); a pack cannot write a Namespace object itself
 * @param clusters       the clusters a multi-cluster exercise runs in ({@code clusters: [east, west]}), in order; empty for
 *                        one cluster. Checks read the first unless they name another ({@code cluster: west}); the learner's
 *                        files under {@code east/} go to east (ADR 0016)
 */
public record Exercise(String id, String title, Path dir, ExerciseKind kind, String namespace, String description,
                       List<String> hints, List<String> setup, Duration defaultTimeout, List<CheckSpec> checks,
                       ObjectNode docker, Location location, Map<String, String> namespaceLabels,
                       List<String> clusters) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public Exercise {
        hints = List.copyOf(hints);
        setup = List.copyOf(setup);
        checks = List.copyOf(checks);
        namespaceLabels = Map.copyOf(namespaceLabels);
        clusters = List.copyOf(clusters);
    }

    /** An exercise in one cluster. */
    public Exercise(String id, String title, Path dir, ExerciseKind kind, String namespace, String description,
                    List<String> hints, List<String> setup, Duration defaultTimeout, List<CheckSpec> checks,
                    ObjectNode docker, Location location, Map<String, String> namespaceLabels) {
        this(id, title, dir, kind, namespace, description, hints, setup, defaultTimeout, checks, docker, location,
                namespaceLabels, List.of());
    }

    /** Whether the exercise runs in more than one cluster ({@link #clusters()}). */
    public boolean multiCluster() {
        return !clusters.isEmpty();
    }

    /** The cluster a check reads: the one it names, else the first declared; empty for a one-cluster exercise. */
    public java.util.Optional<String> clusterOf(CheckSpec check) {
        return clusters.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(check.cluster().orElse(clusters.get(0)));
    }

    /** The same exercise with other setup files (a multi-cluster exercise starts each cluster with its own). */
    public Exercise withSetup(List<String> otherSetup) {
        return new Exercise(id, title, dir, kind, namespace, description, hints, otherSetup, defaultTimeout, checks, docker,
                location, namespaceLabels, clusters);
    }

    /** An exercise whose namespace carries only the lab's own labels. */
    public Exercise(String id, String title, Path dir, ExerciseKind kind, String namespace, String description,
                    List<String> hints, List<String> setup, Duration defaultTimeout, List<CheckSpec> checks,
                    ObjectNode docker, Location location) {
        this(id, title, dir, kind, namespace, description, hints, setup, defaultTimeout, checks, docker, location, Map.of());
    }

    public Path starterDir() {
        return dir.resolve("starter");
    }

    public Path solutionDir() {
        return dir.resolve("solution");
    }
}
