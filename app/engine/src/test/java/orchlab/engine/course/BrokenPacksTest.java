package orchlab.engine.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import orchlab.engine.testing.SamplePack;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Robustness: hundreds of broken packs generated from the sample course. Whatever is wrong, the
 * loader never throws and every problem it reports names a file (and a line where one exists).
 */
class BrokenPacksTest {
    private static final List<String> YAML_FILES = List.of("lessons/course.yaml", "exercises/k8s-deployment/exercise.yaml",
            "exercises/k8s-service/exercise.yaml", "lessons/kubernetes/deployments.md", "lessons/kubernetes/services.md",
            "exercises/k8s-service/setup/deployment.yaml", "exercises/k8s-deployment/solution/deployment.yaml");
    private static final String[] GARBAGE = {"[", "{", ": :", "- - -", "\t", "&a [*a]", "!!python/object:os.system", "\"unclosed",
            "*undefined", "? ", "|\n x", "%YAML 9.9", "\u0000", "key: value: other"};

    private final CourseLoader loader = CourseLoader.standard();

    @TempDir
    Path dir;

    /** A mutation of the sample pack; {@code alwaysBreaks} says whether the result can still be valid. */
    private record Mutation(String name, boolean alwaysBreaks, BiConsumer<Path, Random> apply) {
    }

    private static List<Mutation> mutations() {
        return List.of(
                new Mutation("truncated YAML", false, (pack, r) -> truncate(pack.resolve(pick(r, YAML_FILES)), r)),
                new Mutation("garbage inserted", false, (pack, r) -> insert(pack.resolve(pick(r, YAML_FILES)), r, pick(r, List.of(GARBAGE)))),
                new Mutation("wrong type for timeout", true, (pack, r) -> replace(pack, "exercises/k8s-deployment/exercise.yaml", "timeout: 20s",
                        pick(r, List.of("timeout: [1, 2]", "timeout: {s: 1}", "timeout: soon", "timeout: -5s", "timeout: 99999h")))),
                new Mutation("wrong type for checks", true, (pack, r) -> replace(pack, "exercises/k8s-service/exercise.yaml", "checks:\n",
                        pick(r, List.of("checks: 5\nx:\n", "checks: {a: 1}\nx:\n", "checks: []\nx:\n", "checks: ''\nx:\n")))),
                new Mutation("wrong type for modules", true, (pack, r) -> replace(pack, "lessons/course.yaml", "modules:\n",
                        pick(r, List.of("modules: 3\nx:\n", "modules: text\nx:\n", "modules: {a: b}\nx:\n")))),
                new Mutation("unknown check kind", true, (pack, r) -> replace(pack, "exercises/k8s-deployment/exercise.yaml", "kind: assert",
                        "kind: " + pick(r, List.of("asert", "shell", "exec", "script", "", "[a]", "{}", "Assert")))),
                new Mutation("bad CEL", true, (pack, r) -> replace(pack, "exercises/k8s-service/exercise.yaml", "expr: has(object.subsets)",
                        "expr: " + pick(r, List.of("has(object.subsets", "object..x", "nope.x == 1", "1 +", "'unterminated", "object.subsets[")))),
                new Mutation("path leaving the pack", true, (pack, r) -> replace(pack, "exercises/k8s-service/exercise.yaml", "setup/deployment.yaml",
                        pick(r, List.of("../../../etc/passwd", "/etc/passwd", "../k8s-deployment/../../x.yaml", "setup/../../../../x")))),
                new Mutation("lesson path leaving the pack", true, (pack, r) -> replace(pack, "lessons/course.yaml", "kubernetes/services.md",
                        pick(r, List.of("../../etc/passwd.md", "/tmp/x.md", "../exercises/x.md")))),
                new Mutation("missing file", true, (pack, r) -> delete(pack.resolve(pick(r, List.of("lessons/course.yaml",
                        "exercises/k8s-deployment/exercise.yaml", "lessons/kubernetes/services.md", "exercises/k8s-service/setup/deployment.yaml",
                        "exercises/k8s-deployment/solution/deployment.yaml"))))),
                new Mutation("missing folder", true, (pack, r) -> deleteTree(pack.resolve(pick(r, List.of("exercises/k8s-deployment/starter",
                        "exercises/k8s-service/solution"))))),
                new Mutation("invalid UTF-8", true, (pack, r) -> writeBytes(pack.resolve(pick(r, YAML_FILES.subList(0, 5))),
                        new byte[] {'i', 'd', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'})),
                new Mutation("duplicate id", true, (pack, r) -> replace(pack, "exercises/k8s-deployment/exercise.yaml", "id: pods-ready", "id: three-replicas")),
                new Mutation("alias bomb", true, (pack, r) -> append(pack.resolve("exercises/k8s-deployment/exercise.yaml"),
                        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                                + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n")),
                new Mutation("deep nesting", true, (pack, r) -> append(pack.resolve("exercises/k8s-deployment/exercise.yaml"),
                        "deep: " + "[".repeat(500) + "]".repeat(500) + "\n")),
                new Mutation("exercise folder without exercise.yaml", true, (pack, r) -> mkdirs(pack.resolve("exercises/empty-" + r.nextInt(100)))),
                new Mutation("random bytes", false, (pack, r) -> flipBytes(pack.resolve(pick(r, YAML_FILES)), r)));
    }

    @TestFactory
    Stream<DynamicTest> neverThrowsAndLocatesEveryProblem() {
        List<Mutation> all = mutations();
        return IntStream.range(0, 220).mapToObj(i -> {
            Mutation m = all.get(i % all.size());
            return DynamicTest.dynamicTest("#" + i + " " + m.name(), () -> {
                Random random = new Random(1000L + i);
                Path pack = SamplePack.copyTo(dir.resolve("pack-" + i));
                m.apply().accept(pack, random);

                LoadResult[] result = new LoadResult[1];
                assertThatCode(() -> result[0] = loader.load(pack)).doesNotThrowAnyException();

                assertThat(result[0].problems()).allSatisfy(p -> {
                    assertThat(p.location().file()).isNotBlank();
                    assertThat(p.message()).isNotBlank().doesNotContain("Exception");
                });
                if (m.alwaysBreaks()) {
                    assertThat(result[0].ok()).as("a %s must be reported", m.name()).isFalse();
                }
            });
        });
    }

    private static final String DOCKER_EXERCISE = "exercises/docker-build-run/exercise.yaml";

    /** Mistakes in a Docker exercise's docker: recipe and its Docker check kinds; each one must be reported. */
    private static List<Mutation> dockerMutations() {
        return List.of(
                new Mutation("docker: unknown recipe key", true, (pack, r) -> replace(pack, DOCKER_EXERCISE, "  build:",
                        "  " + pick(r, List.of("biuld:", "builds:", "Build:", "image:")))),
                new Mutation("docker: not a mapping", true, (pack, r) -> replace(pack, DOCKER_EXERCISE, "docker:\n",
                        pick(r, List.of("docker: 5\nx:\n", "docker: [a, b]\nx:\n", "docker: text\nx:\n")))),
                new Mutation("docker: bad image tag", true, (pack, r) -> replace(pack, DOCKER_EXERCISE, "    tag: orchlab/hello-py:1.0",
                        "    tag: " + pick(r, List.of("Orchlab/Hello", "hello py", "\"\"", "[a]", "a:b:c:d")))),
                new Mutation("docker: build context leaving the exercise", true, (pack, r) -> replace(pack, DOCKER_EXERCISE,
                        "    context: .", "    context: " + pick(r, List.of("../..", "/etc", "../docker-build-run/../..")))),
                new Mutation("docker: bad published port", true, (pack, r) -> replace(pack, DOCKER_EXERCISE, "    ports: [\"8000:8000\"]\n",
                        "    ports: [" + pick(r, List.of("\"8080:80x\"", "\"99999:1\"", "\"8080\"", "{a: 1}", "\":\"")) + "]\n")),
                new Mutation("docker: run without a name", true, (pack, r) -> replace(pack, DOCKER_EXERCISE, "    name: hello-py\n", "")),
                new Mutation("dockerfile check: unknown rule", true, (pack, r) -> replace(pack, DOCKER_EXERCISE, "DL3025]",
                        "DL3025, " + pick(r, List.of("DL9999", "dl3006", "", "SC2086")) + "]")),
                new Mutation("dockerfile check: rules not a list", true, (pack, r) -> replace(pack, DOCKER_EXERCISE,
                        "    rules: [DL1000, DL3006, DL3007, OL1001, DL3025]", "    rules: " + pick(r, List.of("{a: 1}", "7")))),
                new Mutation("docker-http check: port not a number", true, (pack, r) -> replace(pack, DOCKER_EXERCISE, "    port: 8000",
                        "    port: " + pick(r, List.of("eighty", "[8000]", "-1", "70000")))),
                new Mutation("docker-image check: unknown key", true, (pack, r) -> replace(pack, DOCKER_EXERCISE, "    cmd: exec-form",
                        "    " + pick(r, List.of("cmds", "command", "Cmd")) + ": exec-form")),
                new Mutation("docker-image check: bad CEL", true, (pack, r) -> replace(pack, DOCKER_EXERCISE,
                        "'8000/tcp' in image.Config.ExposedPorts", pick(r, List.of("'8000/tcp' in", "img.Config", "image.Config.[")))),
                new Mutation("docker-container check: unknown state", true, (pack, r) -> replace(pack, DOCKER_EXERCISE, "    state: running",
                        "    state: " + pick(r, List.of("runing", "up", "[running]")))),
                new Mutation("docker: truncated exercise", false, (pack, r) -> truncate(pack.resolve(DOCKER_EXERCISE), r)),
                new Mutation("docker: garbage inserted", false, (pack, r) -> insert(pack.resolve(DOCKER_EXERCISE), r, pick(r, List.of(GARBAGE)))));
    }

    @TestFactory
    Stream<DynamicTest> neverThrowsAndLocatesEveryProblemOfABrokenDockerExercise() {
        List<Mutation> all = dockerMutations();
        return IntStream.range(0, 56).mapToObj(i -> {
            Mutation m = all.get(i % all.size());
            return DynamicTest.dynamicTest("docker #" + i + " " + m.name(), () -> {
                Random random = new Random(5000L + i);
                Path pack = SamplePack.copyAllTo(dir.resolve("docker-pack-" + i));
                m.apply().accept(pack, random);

                LoadResult[] result = new LoadResult[1];
                assertThatCode(() -> result[0] = loader.load(pack)).doesNotThrowAnyException();

                assertThat(result[0].problems()).allSatisfy(p -> {
                    assertThat(p.location().file()).isNotBlank();
                    assertThat(p.message()).isNotBlank().doesNotContain("Exception");
                });
                if (m.alwaysBreaks()) {
                    assertThat(result[0].ok()).as("a %s must be reported", m.name()).isFalse();
                    assertThat(result[0].errors()).as("a %s is reported in the exercise, at a line", m.name())
                            .anySatisfy(p -> {
                                assertThat(p.location().file()).isEqualTo(DOCKER_EXERCISE);
                                assertThat(p.location().line()).isPositive();
                            });
                }
            });
        });
    }

    @Test
    void theWholeBuiltInCourseCopyIsValidBeforeAnyMutation() throws IOException {
        LoadResult result = loader.load(SamplePack.copyAllTo(dir.resolve("whole")));

        assertThat(result.problems()).extracting(Problem::format).isEmpty();
    }

    @Test
    void reportsAFiftyMegabyteFileWithoutReadingIt() throws IOException {
        Path pack = SamplePack.copyTo(dir.resolve("big"));
        Path big = pack.resolve("exercises/k8s-deployment/starter/data.bin");
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] block = new byte[1024 * 1024];
            for (int i = 0; i < 50; i++) {
                out.write(block);
            }
        }

        LoadResult result = loader.load(pack);

        assertThat(result.errors()).extracting(Problem::format)
                .containsExactly("exercises/k8s-deployment/starter/data.bin: error: file is too large (50 MB; limit 10 MB per file) — remove it or make it smaller");
    }

    @Test
    void reportsAFiftyMegabyteExerciseFileAsTooLargeToRead() throws IOException {
        Path pack = SamplePack.copyTo(dir.resolve("bigyaml"));
        Path file = pack.resolve("exercises/k8s-deployment/exercise.yaml");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] line = "# padding padding padding padding padding padding\n".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 50 * 1024 * 1024 / line.length; i++) {
                out.write(line);
            }
        }

        LoadResult result = loader.load(pack);

        assertThat(result.errors()).extracting(Problem::format)
                .anySatisfy(p -> assertThat(p).startsWith("exercises/k8s-deployment/exercise.yaml: error: file is too large"));
    }

    @TestFactory
    Stream<DynamicTest> refusesEveryZipEntryThatEscapes() {
        List<String> evil = List.of("../escape.txt", "../../escape.txt", "/abs/escape.txt", "a/../../escape.txt",
                "lessons/../../escape.txt", "..\\..\\escape.txt", "C:/escape.txt");
        return evil.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Path pack = SamplePack.copyTo(dir.resolve("zsrc"));
            Path zip = dir.resolve("evil.zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                try (Stream<Path> walk = Files.walk(pack)) {
                    for (Path p : walk.filter(Files::isRegularFile).toList()) {
                        out.putNextEntry(new ZipEntry(pack.relativize(p).toString()));
                        Files.copy(p, out);
                        out.closeEntry();
                    }
                }
                out.putNextEntry(new ZipEntry(name));
                out.write("escaped".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }

            LoadResult result = loader.load(zip);

            assertThat(result.ok()).isFalse();
            assertThat(result.errors()).extracting(Problem::format)
                    .anySatisfy(p -> assertThat(p).contains("would be written outside the pack folder"));
            // where an escaping entry would land (the pack is unpacked under the temp folder); looked up by name, since
            // listing the shared temp folder fails when another process removes its own folder meanwhile
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            for (Path landing : List.of(tmp.resolve("escape.txt"), tmp.getRoot().resolve("escape.txt"),
                    dir.resolve("escape.txt"), dir.getParent().resolve("escape.txt"))) {
                assertThat(landing).as("an entry written outside the pack folder").doesNotExist();
            }
        }));
    }

    @Test
    void refusesAFiftyMegabyteZipEntryWithoutUnpackingItAll() throws IOException {
        Path pack = SamplePack.copyTo(dir.resolve("zbig"));
        Path zip = dir.resolve("big.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            try (Stream<Path> walk = Files.walk(pack)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new ZipEntry(pack.relativize(p).toString()));
                    Files.copy(p, out);
                    out.closeEntry();
                }
            }
            // 50 MB of zeros compresses to a few kilobytes: the archive is small, the entry is not
            out.putNextEntry(new ZipEntry("exercises/k8s-deployment/starter/data.bin"));
            byte[] block = new byte[1024 * 1024];
            for (int i = 0; i < 50; i++) {
                out.write(block);
            }
            out.closeEntry();
        }
        assertThat(Files.size(zip)).isLessThan(1024 * 1024);

        LoadResult result = loader.load(zip);

        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).extracting(Problem::format).contains(
                "big.zip!/exercises/k8s-deployment/starter/data.bin: error: file is larger than 10 MB; it was not unpacked"
                        + " — keep pack files small; large images do not belong in a pack");
    }

    @Test
    void reportsAFileThatIsNotAZipArchive() throws IOException {
        Path zip = dir.resolve("broken.zip");
        Files.writeString(zip, "this is not a zip");

        LoadResult result = loader.load(zip);

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.location().file()).isNotBlank());
    }

    // ---- mutation helpers ----

    private static <T> T pick(Random r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    private static void truncate(Path file, Random r) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(bytes, r.nextInt(Math.max(1, bytes.length))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insert(Path file, Random r, String text) {
        try {
            String s = Files.readString(file);
            int at = r.nextInt(s.length() + 1);
            Files.writeString(file, s.substring(0, at) + text + s.substring(at));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void flipBytes(Path file, Random r) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            for (int i = 0; i < 5 && bytes.length > 0; i++) {
                bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
            }
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void replace(Path pack, String file, String from, String to) {
        try {
            SamplePack.replace(pack, file, from, to);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, Files.readString(file) + text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeBytes(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(paths);
            for (Path p : paths) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
