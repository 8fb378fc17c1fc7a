package orchlab.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import orchlab.engine.course.CourseLoader;
import orchlab.engine.course.LoadResult;
import orchlab.engine.course.Problem;
import orchlab.engine.testing.SamplePack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole packs written by a hostile author: loading ends in located problems, never in an exception. */
class HostilePacksTest {
    private final CourseLoader loader = CourseLoader.standard();

    @TempDir
    Path dir;

    private Path pack() throws Exception {
        return SamplePack.copyTo(dir.resolve("pack"));
    }

    private static Problem errorIn(LoadResult result, String file) {
        assertThat(result.ok()).isFalse();
        return result.errors().stream().filter(p -> p.location().file().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError("no error located in " + file + ": " + result.problems()));
    }

    @Test
    void aTimeoutOfTwoHundredThousandPartsIsALocatedMessage() throws Exception {
        Path pack = pack();
        SamplePack.replace(pack, "exercises/k8s-deployment/exercise.yaml", "timeout: 20s", "timeout: " + "1s".repeat(200_000));
        Problem p = errorIn(loader.load(pack), "exercises/k8s-deployment/exercise.yaml");
        assertThat(p.location().line()).isPositive();
        assertThat(p.message()).contains("'timeout' must be a duration");
    }

    @Test
    void aNamespaceLabelThatWouldRelaxPodSecurityIsRefusedAtItsLine() throws Exception {
        Path pack = pack();
        SamplePack.replace(pack, "exercises/k8s-deployment/exercise.yaml", "timeout: 20s",
                "timeout: 20s\nnamespaceLabels:\n  istio-injection: enabled\n  pod-security.kubernetes.io/enforce: privileged");
        Problem p = errorIn(loader.load(pack), "exercises/k8s-deployment/exercise.yaml");
        assertThat(p.location().line()).isEqualTo(17);
        assertThat(p.message()).contains("namespace label 'pod-security.kubernetes.io/enforce' is refused");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pod-security.kubernetes.io/enforce: baseline",
            "pod-security.kubernetes.io/warn: privileged", "pod-security.kubernetes.io/enforce-version: v1.22"})
    void aPodSecurityLabelOtherThanRestrictedIsRefusedAtItsLine(String label) throws Exception {
        Path pack = pack();
        SamplePack.replace(pack, "exercises/k8s-deployment/exercise.yaml", "timeout: 20s",
                "timeout: 20s\nnamespaceLabels:\n  pod-security.kubernetes.io/audit: restricted\n  " + label);
        Problem p = errorIn(loader.load(pack), "exercises/k8s-deployment/exercise.yaml");
        assertThat(p.location().line()).isEqualTo(17);
        assertThat(p.message()).contains("namespace label '" + label.substring(0, label.indexOf(':')) + "'");
    }

    @Test
    void podSecurityRestrictedLabelsLoadOntoTheExercise() throws Exception {
        Path pack = pack();
        SamplePack.replace(pack, "exercises/k8s-deployment/exercise.yaml", "timeout: 20s",
                "timeout: 20s\nnamespaceLabels: {pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/warn: restricted}");
        LoadResult result = loader.load(pack);
        assertThat(result.errors()).isEmpty();
        assertThat(result.course().orElseThrow().exercise("k8s-deployment").orElseThrow().namespaceLabels())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("pod-security.kubernetes.io/enforce", "restricted",
                        "pod-security.kubernetes.io/warn", "restricted"));
    }

    @Test
    void namespaceLabelsForAMeshLoadOntoTheExercise() throws Exception {
        Path pack = pack();
        SamplePack.replace(pack, "exercises/k8s-deployment/exercise.yaml", "timeout: 20s",
                "timeout: 20s\nnamespaceLabels: {istio-injection: enabled, team: \"blue\"}");
        LoadResult result = loader.load(pack);
        assertThat(result.errors()).isEmpty();
        assertThat(result.course().orElseThrow().exercise("k8s-deployment").orElseThrow().namespaceLabels())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("istio-injection", "enabled", "team", "blue"));
    }

    @Test
    void anAliasBombInAnExerciseIsALocatedMessage() throws Exception {
        Path pack = pack();
        Path file = pack.resolve("exercises/k8s-deployment/exercise.yaml");
        Files.writeString(file, Files.readString(file) + "x-bomb:\n" + HostileYamlTest.aliasFanOut().replaceAll("(?m)^", "  "));
        Problem p = errorIn(loader.load(pack), "exercises/k8s-deployment/exercise.yaml");
        assertThat(p.location().line()).isPositive();
        assertThat(p.message()).contains("aliases expand");
    }

    @Test
    void aNulByteInALessonPathIsALocatedMessage() throws Exception {
        Path pack = pack();
        SamplePack.replace(pack, "lessons/course.yaml", "kubernetes/services.md", "kubernetes/serv\\0ices.md\"");
        SamplePack.replace(pack, "lessons/course.yaml", "kubernetes/serv", "\"kubernetes/serv");
        Problem p = errorIn(loader.load(pack), "lessons/course.yaml");
        assertThat(p.location().line()).isPositive();
        assertThat(p.message()).contains("control character").contains("serv\\0ices.md");
    }

    @Test
    void aNulByteInAZipEntryNameIsALocatedMessage() throws Exception {
        Path pack = pack();
        Path zip = dir.resolve("pack.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            try (var walk = Files.walk(pack)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    z.putNextEntry(new ZipEntry(pack.relativize(p).toString()));
                    z.write(Files.readAllBytes(p));
                    z.closeEntry();
                }
            }
            z.putNextEntry(new ZipEntry("lessons/evil\u0000.md"));
            z.write("# evil".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        LoadResult result = loader.load(zip);
        Problem p = errorIn(result, "pack.zip!/lessons/evil\\0.md");
        assertThat(p.message()).contains("control character");
    }
}
