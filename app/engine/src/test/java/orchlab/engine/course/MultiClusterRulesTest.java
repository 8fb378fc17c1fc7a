package orchlab.engine.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code clusters:} on an exercise and {@code cluster:} on a check (ADR 0016): what loads, and each mistake at its line. */
class MultiClusterRulesTest {
    private final CourseLoader loader = CourseLoader.standard();

    @TempDir
    Path dir;

    /** A one-exercise pack; line 4 of exercise.yaml is {@code clusters}, line 9 the check's {@code cluster}. */
    private Path pack(String kind, String clusters, String cluster) throws IOException {
        write("lessons/course.yaml", "id: mc\ntitle: MC\nversion: 1.0.0\ndescription: d\nmodules:\n  - id: m\n    title: M\n"
                + "    lessons:\n      - m/l.md\n");
        write("lessons/m/l.md", "---\ntitle: L\nexercises: [ex]\n---\n# L\n");
        write("exercises/ex/exercise.yaml", "id: ex\ntitle: Ex\nkind: " + kind + "\n" + clusters + "\ndescription: d\n"
                + "checks:\n  - id: c\n    title: C\n" + cluster + "\n    kind: file\n    path: west/a.yaml\n"
                + "    expect: {kind: ConfigMap}\n");
        write("exercises/ex/starter/west/a.yaml", "# start\n");
        write("exercises/ex/solution/west/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        write("exercises/ex/solution/east/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        return dir;
    }

    private void write(String file, String text) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    private static Problem onlyError(LoadResult result) {
        assertThat(result.errors()).as(result.problems().toString()).hasSize(1);
        return result.errors().get(0);
    }

    @Test
    void declaredClustersAndACheckNamingOneLoadOntoTheExercise() throws IOException {
        LoadResult result = loader.load(pack("kubernetes", "clusters: [east, west]", "    cluster: west"));

        assertThat(result.problems()).isEmpty();
        Exercise ex = result.course().orElseThrow().exercise("ex").orElseThrow();
        assertThat(ex.clusters()).containsExactly("east", "west");
        assertThat(ex.clusterOf(ex.checks().get(0))).contains("west");
    }

    @Test
    void aCheckNamingNoClusterReadsTheFirst() throws IOException {
        Exercise ex = loader.load(pack("kubernetes", "clusters: [east, west]", "")).course().orElseThrow().exercise("ex").orElseThrow();

        assertThat(ex.clusterOf(ex.checks().get(0))).contains("east");
    }

    @Test
    void anExerciseWithoutClustersHasNoClusterForItsChecks() throws IOException {
        write("exercises/ex/solution/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        Exercise ex = loader.load(pack("kubernetes", "", "")).course().orElseThrow().exercise("ex").orElseThrow();

        assertThat(ex.multiCluster()).isFalse();
        assertThat(ex.clusterOf(ex.checks().get(0))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "clusters: [east]|'clusters' names 1 cluster; a multi-cluster exercise names 2 or 3",
            "clusters: [a, b, c, d]|'clusters' names 4 clusters; a multi-cluster exercise names 2 or 3",
            "clusters: [east, east]|cluster 'east' is named twice",
            "clusters: [east, West_1]|cluster name 'West_1' is not a DNS label",
            "clusters: east|'clusters' must be a list of cluster names",
    })
    void aWrongClusterListIsAnErrorAtItsLine(String clusters, String message) throws IOException {
        Problem p = onlyError(loader.load(pack("kubernetes", clusters, "")));

        assertThat(p.location().file()).isEqualTo("exercises/ex/exercise.yaml");
        assertThat(p.location().line()).isEqualTo(4);
        assertThat(p.message()).contains(message);
    }

    @Test
    void clustersOnADockerExerciseIsAnErrorAtItsLine() throws IOException {
        Problem p = onlyError(loader.load(pack("docker", "clusters: [east, west]", "")));

        assertThat(p.location().line()).isEqualTo(4);
        assertThat(p.message()).contains("'clusters:' is only for Kubernetes exercises, and this is a 'docker' exercise");
    }

    @Test
    void aCheckNamingAnUndeclaredClusterIsAnErrorAtItsLine() throws IOException {
        Problem p = onlyError(loader.load(pack("kubernetes", "clusters: [east, west]", "    cluster: wset")));

        assertThat(p.location().line()).isEqualTo(9);
        assertThat(p.message()).isEqualTo("cluster 'wset' is not one of this exercise's clusters (east, west)");
        assertThat(p.suggestion()).contains("west");
    }

    @Test
    void aCheckNamingAClusterInAOneClusterExerciseIsAnErrorAtItsLine() throws IOException {
        write("exercises/ex/solution/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        Files.delete(dir.resolve("exercises/ex/solution/a.yaml"));
        Problem p = onlyError(loader.load(pack("kubernetes", "", "    cluster: west")));

        assertThat(p.location().line()).isEqualTo(9);
        assertThat(p.message()).contains("'cluster:' names a cluster, and this exercise declares none");
    }

    @Test
    void aSolutionManifestOutsideEveryClusterFolderIsAnErrorNamingTheFile() throws IOException {
        pack("kubernetes", "clusters: [east, west]", "");
        write("exercises/ex/solution/shared.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n");

        Problem p = onlyError(loader.load(dir));

        assertThat(p.location().file()).isEqualTo("exercises/ex/solution/shared.yaml");
        assertThat(p.message()).contains("solution file shared.yaml is outside every cluster folder");
        assertThat(p.suggestion()).isEqualTo("move it into east/ or west/");
    }

    @Test
    void theMultiClusterExamplePackOfTheFormatPageLoads() {
        LoadResult result = loader.load(orchlab.testkit.Repo.root().resolve("app/docs/examples/multicluster-pack"));

        assertThat(result.problems()).isEmpty();
        Exercise ex = result.course().orElseThrow().exercise("east-west").orElseThrow();
        assertThat(ex.clusters()).containsExactly("east", "west");
        assertThat(ex.checks()).extracting(ex::clusterOf).containsExactly(java.util.Optional.of("east"), java.util.Optional.of("west"));
    }

    @Test
    void theClusterNamesAreKeptInTheirOrder() throws IOException {
        Exercise ex = loader.load(pack("kubernetes", "clusters: [west, east, central]", "")).course().orElseThrow()
                .exercise("ex").orElseThrow();

        assertThat(ex.clusters()).isEqualTo(List.of("west", "east", "central"));
    }
}
