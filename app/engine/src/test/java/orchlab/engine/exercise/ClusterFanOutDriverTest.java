package orchlab.engine.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.exercise.ExerciseDriver.ApplyResult;
import orchlab.engine.exercise.ExerciseDriver.ExerciseTarget;
import orchlab.engine.kind.builtin.KubernetesExerciseKind;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxHealth;
import orchlab.engine.yaml.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The multi-cluster driver runs the one-cluster driver once per cluster, each on that cluster alone (ADR 0016). */
class ClusterFanOutDriverTest {
    @TempDir
    Path dir;

    /** What the wrapped driver was asked: step, the context of the cluster its target reaches, the path, the setup. */
    private record Call(String step, String cluster, String path, List<String> setup) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final Map<String, List<String>> errorsFor = new java.util.HashMap<>();

    private final ExerciseDriver recording = new ExerciseDriver() {
        @Override
        public SandboxKind kind() {
            return SandboxKind.KUBERNETES;
        }

        @Override
        public void start(Exercise exercise, ExerciseTarget target, ProgressListener progress) {
            calls.add(new Call("start", context(target), "", exercise.setup()));
        }

        @Override
        public ApplyResult apply(Exercise exercise, Path fileOrDir, ExerciseTarget target, ProgressListener progress) {
            String cluster = context(target);
            calls.add(new Call("apply", cluster, dir.relativize(fileOrDir).toString().replace('\\', '/'), exercise.setup()));
            return new ApplyResult(List.of("configmap/a created"), errorsFor.getOrDefault(cluster, List.of()));
        }

        @Override
        public void reset(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
            calls.add(new Call("reset", context(target), "", exercise.setup()));
            if (context(target).equals("east") && errorsFor.containsKey("reset-east")) {
                throw new SandboxException("east does not answer");
            }
        }

        private String context(ExerciseTarget target) {
            return target.sandbox().kubernetes().orElseThrow().context();
        }
    };

    private final ClusterFanOutDriver driver = new ClusterFanOutDriver(recording);

    /** A sandbox whose clusters are reached through contexts of their names. */
    private final Sandbox twoClusters = new Sandbox() {
        @Override
        public String type() {
            return "sim";
        }

        @Override
        public String description() {
            return "two clusters";
        }

        @Override
        public boolean simulated() {
            return true;
        }

        @Override
        public Optional<KubernetesAccess> kubernetes() {
            return Optional.of(new KubernetesAccess(null, Path.of("kubeconfig"), "orchlab-sim"));
        }

        @Override
        public KubernetesAccess cluster(String name, List<String> clusters) {
            return new KubernetesAccess(null, Path.of("kubeconfig"), name);
        }

        @Override
        public Optional<DockerAccess> docker() {
            return Optional.empty();
        }

        @Override
        public SandboxHealth health() {
            return SandboxHealth.ok("up");
        }

        @Override
        public void close() {
        }
    };

    private Exercise exercise(List<String> setup) {
        return new Exercise("mc", "mc", dir, new KubernetesExerciseKind(), "mc", "", List.of(), setup, Exercise.DEFAULT_TIMEOUT,
                List.of(), JsonNodeFactory.instance.objectNode(), Location.ofFile("exercises/mc/exercise.yaml"), Map.of(),
                List.of("east", "west"));
    }

    private ExerciseTarget target() {
        return new ExerciseTarget(twoClusters, "mc", dir.resolve("state"), false);
    }

    private Path write(String file) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        return path;
    }

    @Test
    void applyingAFolderSendsEachClusterFolderToItsCluster() throws Exception {
        write("work/east/deployment.yaml");
        write("work/west/deployment.yaml");

        ApplyResult result = driver.apply(exercise(List.of()), dir.resolve("work"), target(), ProgressListener.NONE);

        assertThat(result.ok()).isTrue();
        assertThat(calls).extracting(Call::cluster, Call::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("east", "work/east"), org.assertj.core.groups.Tuple.tuple("west", "work/west"));
        assertThat(result.lines()).containsExactly("east: configmap/a created", "west: configmap/a created");
    }

    @Test
    void applyingOneFileSendsItToTheClusterOfItsFolder() throws Exception {
        Path file = write("work/west/service.yaml");

        driver.apply(exercise(List.of()), file, target(), ProgressListener.NONE);

        assertThat(calls).extracting(Call::cluster).containsExactly("west");
    }

    @Test
    void aYamlFileOutsideEveryClusterFolderIsRefusedSayingWhereToMoveItAndNothingIsApplied() throws Exception {
        write("work/east/deployment.yaml");
        write("work/shop.yaml");

        ApplyResult result = driver.apply(exercise(List.of()), dir.resolve("work"), target(), ProgressListener.NONE);

        assertThat(result.errors()).containsExactly("shop.yaml: outside every cluster folder — this exercise runs in east and west,"
                + " and each file goes to the cluster whose folder holds it; move it into east/ or west/");
        assertThat(calls).isEmpty();
    }

    @Test
    void aFileInAFolderNamedForNoDeclaredClusterIsRefused() throws Exception {
        Path file = write("work/central/deployment.yaml");

        ApplyResult result = driver.apply(exercise(List.of()), file, target(), ProgressListener.NONE);

        assertThat(result.errors()).singleElement().asString().startsWith("deployment.yaml: outside every cluster folder");
        assertThat(calls).isEmpty();
    }

    @Test
    void aRefusalInOneClusterNamesThatClustersFile() throws Exception {
        write("work/east/deployment.yaml");
        write("work/west/deployment.yaml");
        errorsFor.put("west", List.of("deployment.yaml:4:14: Deployment shop is refused: it names namespace other"));

        ApplyResult result = driver.apply(exercise(List.of()), dir.resolve("work"), target(), ProgressListener.NONE);

        assertThat(result.errors()).containsExactly("west/deployment.yaml:4:14: Deployment shop is refused: it names namespace other");
    }

    @Test
    void startRunsInEveryClusterWithTheSetupOfItsFolderAndTheSharedSetup() throws Exception {
        driver.start(exercise(List.of("setup/config.yaml", "setup/west/standby.yaml", "setup/east/active.yaml")), target(),
                ProgressListener.NONE);

        assertThat(calls).containsExactly(
                new Call("start", "east", "", List.of("setup/config.yaml", "setup/east/active.yaml")),
                new Call("start", "west", "", List.of("setup/config.yaml", "setup/west/standby.yaml")));
    }

    @Test
    void resetResetsTheOtherClustersWhenOneFailsAndThenSaysWhichFailed() {
        errorsFor.put("reset-east", List.of());

        assertThatThrownBy(() -> driver.reset(exercise(List.of()), target(), ProgressListener.NONE))
                .isInstanceOf(SandboxException.class).hasMessageContaining("east: east does not answer");
        assertThat(calls).extracting(Call::cluster).containsExactly("east", "west");
    }

    @Test
    void aSandboxWithOneClusterRefusesToStartSayingWhichClustersTheExerciseNeeds() {
        Sandbox k3s = new Sandbox() {
            public String type() { return "k3s"; }
            public String description() { return "k3s v1.31.4 (Docker)"; }
            public boolean simulated() { return false; }
            public Optional<KubernetesAccess> kubernetes() { return Optional.empty(); }
            public Optional<DockerAccess> docker() { return Optional.empty(); }
            public SandboxHealth health() { return SandboxHealth.ok("up"); }
            public void close() { }
        };

        assertThatThrownBy(() -> driver.start(exercise(List.of()), new ExerciseTarget(k3s, "mc", dir, false), ProgressListener.NONE))
                .hasMessageStartingWith("this exercise needs two clusters, contexts east and west; k3s v1.31.4 (Docker) is one cluster"
                        + " — the simulated cluster provides them");
        assertThat(calls).isEmpty();
    }
}
