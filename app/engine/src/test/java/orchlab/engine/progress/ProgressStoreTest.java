package orchlab.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.FieldFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProgressStoreTest {
    private static final Instant NOW = Instant.parse("2025-03-14T09:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private ProgressStore store() {
        return new ProgressStore(dir, CLOCK);
    }

    private static CourseProgress sample() {
        return CourseProgress.fresh("orchlab", Instant.parse("2025-03-14T08:00:00Z"))
                .withCheck(Reports.passing("k8s-service"), Instant.parse("2025-03-14T08:10:00.123456789Z"))
                .withCheck(Reports.failing("k8s-deployment"), Instant.parse("2025-03-14T08:20:00Z"))
                .withOpened("deployments", "k8s-deployment", "k8s/deployment.yaml");
    }

    @Test
    void aMissingFileGivesFreshProgressWithoutWarning() {
        ProgressStore.Loaded loaded = store().load("orchlab");

        assertThat(loaded.warning()).isEmpty();
        assertThat(loaded.progress()).isEqualTo(CourseProgress.fresh("orchlab", NOW));
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void progressWithAFailingReportIsEqualAfterLoading() throws IOException {
        CourseProgress saved = store().save(sample());

        ProgressStore.Loaded loaded = new ProgressStore(dir, CLOCK).load("orchlab");

        assertThat(loaded.warning()).isEmpty();
        assertThat(loaded.progress()).isEqualTo(saved);
        assertThat(loaded.progress().exercise("k8s-deployment").lastReport().orElseThrow().checks().get(0).failures())
                .extracting(f -> f.describe())
                .containsExactly("spec.replicas: expected 3, found 2",
                        "spec.template.spec.containers[name=web].image: expected nginx:1.27, not set",
                        "spec.paused: should not be set, found true");
    }

    @Test
    void aFileWrittenInFormat1StillLoads() throws Exception {
        // a frozen file: when an engine record changes shape, old learners' progress must still load
        try (var in = getClass().getResourceAsStream("format-1.json")) {
            Files.copy(in, dir.resolve("orchlab.json"));
        }

        ProgressStore.Loaded loaded = store().load("orchlab");

        assertThat(loaded.warning()).isEmpty();
        assertThat(loaded.progress()).isEqualTo(sample().withUpdated(NOW));
    }

    @Test
    void everyCaseOfACheckResultIsStoredFlatAndLoadsAsTheSameCase() throws IOException {
        CheckReport report = new CheckReport("k8s-deployment", List.of(
                Reports.passedResult("service"),
                new CheckResult.Failed("replicas", "Three replicas", "Deployment web/web", "differs",
                        List.of(FieldFailure.different("spec.replicas", "3", "2")), "scale it", Duration.ofMillis(400),
                        Duration.ofSeconds(30), "the cluster has processed generation 2", List.of("Pod web-1: Pulled")),
                new CheckResult.NotFound("svc", "Service web", "Service web/web", "not found", List.of(), "create it",
                        Duration.ofMillis(300), Duration.ofSeconds(30), "nothing in the namespace is being created", List.of()),
                new CheckResult.CouldNotLook("route", "Route", "exercise.yaml:9", "the sandbox did not answer", "",
                        Duration.ZERO, Duration.ZERO),
                new CheckResult.Skipped("files", "Files", "exercise.yaml:12", "SKIP — no workspace")));
        CourseProgress saved = store().save(CourseProgress.fresh("orchlab", NOW).withCheck(report, NOW));

        JsonNode checks = JsonFile.mapper().readTree(dir.resolve("orchlab.json").toFile())
                .at("/exercises/k8s-deployment/lastReport/checks");
        List<CheckReport> loaded = List.of(store().load("orchlab").progress().exercise("k8s-deployment").lastReport().orElseThrow());

        assertThat(checks).extracting(c -> c.get("status").asText() + " " + c.get("notFound").asBoolean())
                .containsExactly("PASSED false", "FAILED false", "FAILED true", "ERROR false", "SKIPPED false");
        assertThat(loaded.get(0)).isEqualTo(saved.exercise("k8s-deployment").lastReport().orElseThrow());
        assertThat(loaded.get(0).checks()).hasExactlyElementsOfTypes(CheckResult.Passed.class, CheckResult.Failed.class,
                CheckResult.NotFound.class, CheckResult.CouldNotLook.class, CheckResult.Skipped.class);
    }

    @Test
    void saveStampsTheUpdatedTime() throws IOException {
        CourseProgress saved = store().save(sample());

        assertThat(saved.updated()).isEqualTo(NOW);
        assertThat(saved.withUpdated(sample().updated())).isEqualTo(sample());
    }

    @Test
    void theFileIsReadableJsonWithIsoTimesAndAFormatVersion() throws IOException {
        store().save(sample());

        JsonNode json = JsonFile.mapper().readTree(dir.resolve("orchlab.json").toFile());
        assertThat(json.get("format").asInt()).isEqualTo(CourseProgress.FORMAT);
        assertThat(json.get("updated").asText()).isEqualTo("2025-03-14T09:30:00Z");
        JsonNode check = json.at("/exercises/k8s-deployment/lastReport/checks/0");
        assertThat(check.get("waited").asText()).isEqualTo("PT20.000123456S");
        assertThat(json.at("/exercises/k8s-service/lastChecked").asText()).isEqualTo("2025-03-14T08:10:00.123456789Z");
    }

    @Test
    void savingLeavesNoTempFilesBehind() throws IOException {
        ProgressStore store = store();
        for (int i = 0; i < 5; i++) {
            store.recordCheck("orchlab", Reports.failing("k8s-deployment"));
        }

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("orchlab.json");
        }
    }

    static Stream<Arguments> corruptFiles() {
        byte[] garbage = new byte[512];
        new Random(42).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        return Stream.of(
                Arguments.of("just a brace", "{".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("empty", new byte[0]),
                Arguments.of("only whitespace", "  \n\n".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("binary garbage", garbage),
                Arguments.of("null", "null".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("an array", "[1, 2]".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("no course id", "{\"updated\": \"2025-03-14T09:30:00Z\"}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("attempts not a number", """
                        {"courseId": "orchlab", "updated": "2025-03-14T09:30:00Z",
                         "exercises": {"k8s-deployment": {"exerciseId": "k8s-deployment", "status": "ATTEMPTED", "attempts": "many"}}}
                        """.getBytes(StandardCharsets.UTF_8)),
                Arguments.of("unknown status", """
                        {"courseId": "orchlab", "updated": "2025-03-14T09:30:00Z",
                         "exercises": {"k8s-deployment": {"exerciseId": "k8s-deployment", "status": "FINISHED", "attempts": 1}}}
                        """.getBytes(StandardCharsets.UTF_8)),
                Arguments.of("updated not a time", "{\"courseId\": \"orchlab\", \"updated\": \"yesterday\"}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("exercises a list", "{\"courseId\": \"orchlab\", \"updated\": \"2025-03-14T09:30:00Z\", \"exercises\": [1]}"
                        .getBytes(StandardCharsets.UTF_8)),
                Arguments.of("a stored check without its times", """
                        {"courseId": "orchlab", "updated": "2025-03-14T09:30:00Z",
                         "exercises": {"k8s-deployment": {"exerciseId": "k8s-deployment", "status": "ATTEMPTED", "attempts": 1,
                           "lastReport": {"exercise": "k8s-deployment", "checks": [{"id": "replicas", "title": "t", "status": "FAILED",
                             "location": "l", "message": "m", "hint": ""}]}}}}
                        """.getBytes(StandardCharsets.UTF_8)),
                Arguments.of("trailing garbage", "{\"courseId\": \"orchlab\", \"updated\": \"2025-03-14T09:30:00Z\"} }x"
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void aCorruptFileIsKeptAsBackupAndTheLabStartsFresh(String name, byte[] content) throws IOException {
        Path file = dir.resolve("orchlab.json");
        Files.write(file, content);

        ProgressStore.Loaded loaded = store().load("orchlab");

        Path backup = dir.resolve("orchlab.json.corrupt-20250314-093000");
        assertThat(backup).exists();
        assertThat(Files.readAllBytes(backup)).isEqualTo(content);
        assertThat(file).doesNotExist();
        assertThat(loaded.progress()).isEqualTo(CourseProgress.fresh("orchlab", NOW));
        assertThat(loaded.warning()).hasValueSatisfying(w -> assertThat(w)
                .startsWith("Your progress file " + file + " could not be read (")
                .contains("); it was kept as " + backup + " and the lab starts with fresh progress.")
                .doesNotContain("Exception", "\tat ", "orchlab.engine"));
    }

    @Test
    void aTruncatedFileIsReportedWithItsLine() throws IOException {
        store().save(sample());
        Path file = dir.resolve("orchlab.json");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));

        ProgressStore.Loaded loaded = store().load("orchlab");

        assertThat(loaded.warning()).hasValueSatisfying(w -> assertThat(w)
                .containsPattern("could not be read \\(line \\d+, column \\d+: the file ends in the middle of the data\\)"));
        assertThat(Files.readAllBytes(dir.resolve("orchlab.json.corrupt-20250314-093000"))).hasSize(whole.length / 2);
    }

    @Test
    void aWrongTypeIsReportedWithItsField() throws IOException {
        Files.writeString(dir.resolve("orchlab.json"), """
                {"courseId": "orchlab", "updated": "2025-03-14T09:30:00Z",
                 "exercises": {"k8s-deployment": {"exerciseId": "k8s-deployment", "status": "ATTEMPTED",
                   "attempts": "many"}}}
                """);

        String warning = store().load("orchlab").warning().orElseThrow();

        assertThat(warning).contains("(line 3, column 16: exercises.k8s-deployment.attempts must be a number, found \"many\");");
    }

    @Test
    void aStoredReportWithAMissingValueIsReportedWithItsPath() throws IOException {
        Files.writeString(dir.resolve("orchlab.json"), """
                {"courseId": "orchlab", "updated": "2025-03-14T09:30:00Z",
                 "exercises": {"k8s-deployment": {"exerciseId": "k8s-deployment", "status": "ATTEMPTED", "attempts": 1,
                   "lastReport": {"exercise": "k8s-deployment", "checks": [{"id": "replicas", "title": "t", "status": "FAILED",
                     "location": "l", "message": "m", "hint": "", "timeout": "PT10S"}]}}}}
                """);

        String warning = store().load("orchlab").warning().orElseThrow();

        assertThat(warning).contains("(line 4, column 69: exercises.k8s-deployment.lastReport.checks[0]: waited is missing)");
    }

    @Test
    void aFileUnderTheHomeFolderIsShownWithATilde() {
        Path home = Path.of(System.getProperty("user.home"));

        assertThat(JsonFile.display(home.resolve(".config/orchlab/progress/orchlab.json")))
                .isEqualTo("~/.config/orchlab/progress/orchlab.json");
    }

    @Test
    void aSecondBackupInTheSameSecondDoesNotOverwriteTheFirst() throws IOException {
        Path file = dir.resolve("orchlab.json");
        Files.writeString(file, "{");
        store().load("orchlab");
        Files.writeString(file, "[");

        String warning = store().load("orchlab").warning().orElseThrow();

        assertThat(dir.resolve("orchlab.json.corrupt-20250314-093000")).hasContent("{");
        assertThat(dir.resolve("orchlab.json.corrupt-20250314-093000-2")).hasContent("[");
        assertThat(warning).contains("orchlab.json.corrupt-20250314-093000-2");
    }

    @Test
    void afterABackupTheFreshProgressIsSavedNormally() throws IOException {
        Files.writeString(dir.resolve("orchlab.json"), "{");
        ProgressStore store = store();
        store.load("orchlab");

        store.recordCheck("orchlab", Reports.failing("k8s-deployment"));

        ProgressStore.Loaded again = store().load("orchlab");
        assertThat(again.warning()).isEmpty();
        assertThat(again.progress().exercise("k8s-deployment").attempts()).isEqualTo(1);
    }

    @Test
    void theProgressOfAnotherCourseIsNotTakenForThisOne() throws IOException {
        store().save(CourseProgress.fresh("other", NOW));
        Files.move(dir.resolve("other.json"), dir.resolve("orchlab.json"));

        ProgressStore.Loaded loaded = store().load("orchlab");

        assertThat(loaded.progress().courseId()).isEqualTo("orchlab");
        assertThat(loaded.warning()).hasValueSatisfying(w -> assertThat(w)
                .contains("(it holds the progress of course 'other', not 'orchlab')"));
    }

    @Test
    void readingForExportDoesNotMoveACorruptFile() throws IOException {
        Path file = dir.resolve("orchlab.json");
        Files.writeString(file, "{");

        assertThatThrownBy(() -> store().read("orchlab"))
                .isInstanceOf(JsonFile.UnreadableFileException.class)
                .hasMessage("Progress file " + file + " could not be read (line 1, column 2: the file ends in the middle of the data).");
        assertThat(file).hasContent("{");
        assertThat(store().read("missing")).isEmpty();
    }

    @Test
    void courseIdsBecomeSafeDistinctFileNames() {
        assertThat(ProgressStore.fileNameOf("orchlab")).isEqualTo("orchlab.json");
        assertThat(ProgressStore.fileNameOf("k8s-101_v2.1")).isEqualTo("k8s-101_v2.1.json");
        assertThat(ProgressStore.fileNameOf("../etc/passwd")).matches("_\\._etc_passwd-[0-9a-f]+\\.json");
        assertThat(ProgressStore.fileNameOf("a/b")).isNotEqualTo(ProgressStore.fileNameOf("a_b"));
        assertThat(ProgressStore.fileNameOf("")).matches("-0\\.json");
        assertThat(new ProgressStore(dir, CLOCK).fileOf("a/b").getParent()).isEqualTo(dir);
    }

    @Test
    void concurrentUpdatesFromManyThreadsAreAllKept() throws Exception {
        ProgressStore store = store();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String exercise = i % 2 == 0 ? "k8s-deployment" : "k8s-service";
                futures.add(pool.submit(() -> store.recordCheck("orchlab", Reports.failing(exercise))));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        CourseProgress loaded = new ProgressStore(dir, CLOCK).load("orchlab").progress();
        assertThat(loaded.exercise("k8s-deployment").attempts()).isEqualTo(20);
        assertThat(loaded.exercise("k8s-service").attempts()).isEqualTo(20);
    }

    @Test
    void leftoverTempFilesOfAKilledSaveAreRemovedAtLoad() throws IOException {
        Path old = Files.writeString(dir.resolve(".orchlab.json.123.tmp"), "{\"half");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));
        Path recent = Files.writeString(dir.resolve(".orchlab.json.456.tmp"), "{\"half");
        Path otherCourse = Files.writeString(dir.resolve(".other.json.789.tmp"), "{\"half");
        Files.setLastModifiedTime(otherCourse, FileTime.from(Instant.now().minusSeconds(3600)));

        store().load("orchlab");

        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(otherCourse).exists();
    }
}
