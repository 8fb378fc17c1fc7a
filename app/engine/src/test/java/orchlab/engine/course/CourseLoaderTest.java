package orchlab.engine.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import orchlab.testkit.Repo;
import orchlab.engine.testing.SamplePack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CourseLoaderTest {
    private final CourseLoader loader = CourseLoader.standard();

    @TempDir
    Path dir;

    private List<String> problems(Path pack) {
        return loader.load(pack).problems().stream().map(Problem::format).toList();
    }

    @Test
    void loadsTheBuiltInCourseWithoutProblems() {
        LoadResult result = loader.load(Repo.root());

        assertThat(result.problems()).extracting(Problem::format).isEmpty();
        Course course = result.course().orElseThrow();
        assertThat(course.id()).isEqualTo("orchlab");
        assertThat(course.exercises()).containsKeys("k8s-deployment", "k8s-service");
        assertThat(course.lessonOf("k8s-deployment")).map(Lesson::id).hasValue("kubernetes/deployments");
        assertThat(course.exercise("k8s-deployment").orElseThrow().checks()).extracting(CheckSpec::id)
                .contains("three-replicas", "pods-ready");
    }

    @Test
    void reportsAnUnknownKeyAtItsLineWithASuggestion() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/k8s-deployment/exercise.yaml", "hints:", "hintz:");

        assertThat(problems(pack)).anySatisfy(p -> assertThat(p)
                .startsWith("exercises/k8s-deployment/exercise.yaml:10:1: error: unknown key 'hintz'")
                .contains("did you mean 'hints'?"));
    }

    @Test
    void reportsEveryProblemNotJustTheFirst() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/k8s-deployment/exercise.yaml", "kind: assert", "kind: asert");
        SamplePack.replace(pack, "exercises/k8s-service/exercise.yaml", "sandbox: kubernetes", "sandbox: kubernets");
        SamplePack.replace(pack, "lessons/course.yaml", "version: 0.1.0\n", "");

        assertThat(problems(pack)).hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(p -> assertThat(p).contains("unknown check kind 'asert'").contains("did you mean 'assert'?"))
                .anySatisfy(p -> assertThat(p).contains("unknown sandbox 'kubernets'").contains("did you mean 'kubernetes'?"))
                .anySatisfy(p -> assertThat(p).startsWith("lessons/course.yaml:3:1: error: the course index needs 'version'"));
    }

    @Test
    void locatesCelCompileErrorsAtTheExpression() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/k8s-service/exercise.yaml", "expr: has(object.subsets)", "expr: has(pods.subsets)");

        assertThat(problems(pack)).anySatisfy(p -> assertThat(p)
                .startsWith("exercises/k8s-service/exercise.yaml:54:11: error: CEL expression does not compile")
                .contains("pods"));
    }

    @Test
    void aCelExpressionNamingNamespaceIsToldThatCelReservesTheWordAndWhatToUse() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/k8s-service/exercise.yaml", "expr: has(object.subsets)",
                "expr: has(object.subsets) && object.metadata.namespace == namespace");

        assertThat(problems(pack)).anySatisfy(p -> assertThat(p)
                .startsWith("exercises/k8s-service/exercise.yaml:54:11: error: CEL expression does not compile")
                .contains("reserved identifier: namespace", "CEL reserves the word 'namespace'", "ns"));
    }

    @Test
    void aCelRuleWithExpectButNoFieldAndAFoundThatDoesNotCompileAreEachReportedAtTheirLine() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/k8s-service/exercise.yaml", "    message: no ready Pod is behind Service my-app-service\n",
                "    message: no ready Pod is behind Service my-app-service\n    expect: a ready address\n");
        SamplePack.replace(pack, "exercises/k8s-service/exercise.yaml", "    message: Service my-app-service has no external address yet (EXTERNAL-IP is <pending>)\n",
                "    message: Service my-app-service has no external address yet (EXTERNAL-IP is <pending>)\n"
                        + "    field: status.loadBalancer\n    found: pods.status\n");

        assertThat(problems(pack))
                .anySatisfy(p -> assertThat(p).startsWith("exercises/k8s-service/exercise.yaml:56:13: error: 'expect' and 'found' describe a field")
                        .contains("needs 'field:'"))
                .anySatisfy(p -> assertThat(p).startsWith("exercises/k8s-service/exercise.yaml:67:12: error: CEL expression does not compile")
                        .contains("pods"));
    }

    @Test
    void reportsYamlSyntaxErrorsWithLineAndATabHint() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/k8s-deployment/exercise.yaml", "timeout: 20s\n", "timeout: 20s\n\tchecks:\n");

        assertThat(problems(pack)).anySatisfy(p -> assertThat(p)
                .startsWith("exercises/k8s-deployment/exercise.yaml:15:1:")
                .contains("invalid YAML"));
    }

    @Test
    void reportsALessonThatListsAMissingExerciseWithTheClosestName() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "lessons/kubernetes/services.md", "exercises: [k8s-service]", "exercises: [k8s-servcie]");

        assertThat(problems(pack))
                .anySatisfy(p -> assertThat(p).startsWith("lessons/kubernetes/services.md:3:13: error: lesson lists exercise 'k8s-servcie'")
                        .contains("did you mean 'k8s-service'?"))
                .anySatisfy(p -> assertThat(p).contains("warning: exercise 'k8s-service' is not part of any lesson"));
    }

    @Test
    void rejectsSetupPathsThatLeaveThePack() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/k8s-service/exercise.yaml", "  - setup/deployment.yaml", "  - ../../../etc/passwd");

        assertThat(problems(pack)).anySatisfy(p -> assertThat(p)
                .startsWith("exercises/k8s-service/exercise.yaml:14:5: error: path '../../../etc/passwd' leads outside the pack"));
    }

    /** The sample pack whose k8s-service check 'selects-my-app' reads its Service in {@code namespace}. */
    private Path packWhoseFirstServiceCheckNames(String namespace) throws IOException {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/k8s-service/exercise.yaml",
                "resource: {apiVersion: v1, kind: Service, name: my-app-service}\n    expect:\n      spec:\n        selector",
                "resource: {apiVersion: v1, kind: Service, name: my-app-service, namespace: " + namespace
                        + "}\n    expect:\n      spec:\n        selector");
        return pack;
    }

    @Test
    void refusesACheckThatNamesAnotherNamespaceAtItsKey() throws IOException {
        Path pack = packWhoseFirstServiceCheckNames("kube-system");

        assertThat(problems(pack)).anySatisfy(p -> assertThat(p).isEqualTo("exercises/k8s-service/exercise.yaml:20:80: error:"
                + " this check names namespace 'kube-system', but this exercise works in 'k8s-service': checks read only the"
                + " exercise's namespace — remove 'resource.namespace' (the check then reads the exercise's namespace)"));
    }

    @Test
    void acceptsACheckThatNamesTheExercisesOwnNamespace() throws IOException {
        Path pack = packWhoseFirstServiceCheckNames("k8s-service");

        assertThat(problems(pack)).isEmpty();
    }

    @Test
    void refusesASetupObjectInAnotherNamespaceAtItsMetadata() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/k8s-service/setup/deployment.yaml", "  name: my-app\n",
                "  name: my-app\n  namespace: kube-system\n");

        assertThat(problems(pack)).anySatisfy(p -> assertThat(p).startsWith("exercises/k8s-service/setup/deployment.yaml:5:14:"
                + " error: Deployment my-app names namespace 'kube-system', but this exercise works in 'k8s-service'"));
    }

    @Test
    void rejectsAnExerciseWhoseIdDoesNotMatchItsFolder() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/k8s-deployment/exercise.yaml", "id: k8s-deployment", "id: deploy-app");

        assertThat(problems(pack)).anySatisfy(p -> assertThat(p)
                .startsWith("exercises/k8s-deployment/exercise.yaml:1:5: error: exercise id 'deploy-app' does not match its folder"));
    }

    @Test
    void rejectsDuplicateCheckIdsAndDuplicateKeys() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/k8s-deployment/exercise.yaml", "id: three-replicas", "id: pods-ready");
        SamplePack.replace(pack, "exercises/k8s-deployment/exercise.yaml", "timeout: 20s\n", "timeout: 20s\ntimeout: 30s\n");

        assertThat(problems(pack))
                .anySatisfy(p -> assertThat(p).contains("check id 'pods-ready' is used twice"))
                .anySatisfy(p -> assertThat(p).contains("key 'timeout' appears twice"));
    }

    @Test
    void rejectsFilesOverTheSizeLimit() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        Path big = pack.resolve("exercises/k8s-deployment/starter/huge.bin");
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] block = new byte[1024 * 1024];
            for (int i = 0; i < 11; i++) {
                out.write(block);
            }
        }

        assertThat(problems(pack)).anySatisfy(p -> assertThat(p)
                .startsWith("exercises/k8s-deployment/starter/huge.bin: error: file is too large"));
    }

    @Test
    void loadsAPackFromAZip() throws IOException {
        Path pack = SamplePack.copyTo(dir.resolve("src"));
        Path zip = dir.resolve("pack.zip");
        SamplePack.zip(pack, zip, "my-pack/");

        LoadResult result = loader.load(zip);

        assertThat(result.problems()).isEmpty();
        assertThat(result.course().orElseThrow().exercises()).containsKeys("k8s-deployment", "k8s-service");
    }

    @Test
    void refusesZipEntriesThatEscapeThePackFolder() throws IOException {
        Path pack = SamplePack.copyTo(dir.resolve("src"));
        Path zip = dir.resolve("evil.zip");
        SamplePack.zip(pack, zip, "");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(dir.resolve("evil2.zip")))) {
            out.putNextEntry(new ZipEntry("../../escaped.txt"));
            out.write("gotcha".getBytes());
            out.closeEntry();
        }

        List<String> found = problems(dir.resolve("evil2.zip"));

        assertThat(found).anySatisfy(p -> assertThat(p).contains("evil2.zip!/../../escaped.txt")
                .contains("would be written outside the pack folder"));
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
        assertThat(dir.getParent().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void reportsAMissingCourseIndex() {
        assertThat(problems(dir)).containsExactly(
                "lessons/course.yaml: error: the course index is missing — create lessons/course.yaml with id, title, version and modules (see app/docs/course-format.md)");
    }

    @Test
    void keepsTheValidExercisesWhenOneIsBroken() throws IOException {
        Path pack = SamplePack.copyTo(dir);
        Files.writeString(pack.resolve("exercises/k8s-service/exercise.yaml"), "id: [unclosed");

        LoadResult result = loader.load(pack);

        assertThat(result.ok()).isFalse();
        assertThat(result.course().orElseThrow().exercises()).containsKey("k8s-deployment").doesNotContainKey("k8s-service");
    }
}
