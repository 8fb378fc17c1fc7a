package orchlab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.CourseTester.ExerciseOutcome;
import orchlab.engine.CourseTester.Verdict;
import orchlab.engine.course.Course;
import orchlab.engine.course.LoadResult;
import orchlab.engine.course.Problem;
import orchlab.engine.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab course test}'s judge: the starter must fail, the solution must pass. Runs against fabric8's mock API
 * server (storage, no controllers), so the pack's checks are assertions on stored objects.
 */
class CourseTesterTest {
    private final Lab lab = Lab.standard();
    private MockCluster cluster;

    @TempDir
    Path pack;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.start();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private static final String CHECK = """
            checks:
              - id: mode-strict
                title: ConfigMap settings says mode strict
                kind: assert
                resource: {apiVersion: v1, kind: ConfigMap, name: settings}
                expect: {data: {mode: strict}}
            """;

    private static String configMap(String mode) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: " + mode + "\n";
    }

    /** One exercise: its solution's mode, and optionally setup that already creates the ConfigMap. */
    private void exercise(String id, String solutionMode, Optional<String> setupMode) throws IOException {
        Path dir = Files.createDirectories(pack.resolve("exercises/" + id));
        Files.createDirectories(dir.resolve("starter"));
        Files.createDirectories(dir.resolve("solution"));
        Files.writeString(dir.resolve("starter/settings.yaml"), configMap("loose"));
        Files.writeString(dir.resolve("solution/settings.yaml"), configMap(solutionMode));
        String setup = "";
        if (setupMode.isPresent()) {
            Files.createDirectories(dir.resolve("setup"));
            Files.writeString(dir.resolve("setup/settings.yaml"), configMap(setupMode.get()));
            setup = "setup: [setup/settings.yaml]\n";
        }
        Files.writeString(dir.resolve("exercise.yaml"), "id: " + id + "\ntitle: " + id + "\nsandbox: kubernetes\ndescription: Set the mode.\n"
                + "timeout: 2s\n" + setup + CHECK);
    }

    private Course course(List<String> ids) throws IOException {
        Files.createDirectories(pack.resolve("lessons"));
        Files.writeString(pack.resolve("lessons/course.yaml"),
                "id: tester\ntitle: Tester\nversion: 1.0.0\nmodules:\n  - id: m\n    title: M\n    lessons: [one.md]\n");
        Files.writeString(pack.resolve("lessons/one.md"), "---\ntitle: One\nexercises: [" + String.join(", ", ids) + "]\n---\nText.\n");
        LoadResult loaded = lab.loadCourse(pack);
        assertThat(loaded.errors()).extracting(Problem::format).isEmpty();
        return loaded.course().orElseThrow();
    }

    private Map<String, ExerciseOutcome> test(Course course) throws InterruptedException {
        return new CourseTester(lab).test(course, Optional.of(cluster), Optional.empty(), Optional.empty(),
                Optional.of(Duration.ofSeconds(2)), CourseTester.Listener.NONE).stream()
                .collect(java.util.stream.Collectors.toMap(ExerciseOutcome::exercise, o -> o));
    }

    /** An exercise whose setup creates a StorageClass (cluster-scoped, on the allow-list) besides the ConfigMap. */
    private void exerciseWithStorageClass(String id) throws IOException {
        exercise(id, "strict", Optional.of("loose"));
        Path dir = pack.resolve("exercises/" + id);
        Files.writeString(dir.resolve("setup/settings.yaml"), configMap("loose")
                + "---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: " + id + "-fast\nprovisioner: example.com/fast\n");
    }

    @Test
    void withoutConsentASetupWithAClusterScopedObjectIsAnErrorNamingTheFlagAndCreatesNothingClusterWide() throws Exception {
        exerciseWithStorageClass("needs-sc");

        ExerciseOutcome outcome = test(course(List.of("needs-sc"))).get("needs-sc");

        assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(outcome.detail()).contains("StorageClass needs-sc-fast is cluster-scoped").contains("--allow-cluster-scoped");
        assertThat(cluster.client().storage().v1().storageClasses().withName("needs-sc-fast").get()).isNull();
    }

    @Test
    void withConsentTheSetupsClusterScopedObjectIsCreatedForTheTestAndRemovedByItsReset() throws Exception {
        exerciseWithStorageClass("with-sc");
        Course course = course(List.of("with-sc"));

        ExerciseOutcome outcome = new CourseTester(lab, pack.resolve(".state"), true).test(course, Optional.of(cluster), Optional.empty(),
                Optional.empty(), Optional.of(Duration.ofSeconds(2)), CourseTester.Listener.NONE).get(0);

        assertThat(outcome.verdict()).as(outcome.detail()).isEqualTo(Verdict.OK);
        assertThat(cluster.client().storage().v1().storageClasses().withName("with-sc-fast").get()).as("removed by the last reset").isNull();
    }

    @Test
    void aStarterThatFailsAndASolutionThatPassesIsOk() throws Exception {
        exercise("good", "strict", Optional.empty());

        ExerciseOutcome outcome = test(course(List.of("good"))).get("good");

        assertThat(outcome.verdict()).as(outcome.detail()).isEqualTo(Verdict.OK);
        assertThat(outcome.starter().orElseThrow().passed()).isFalse();
        assertThat(outcome.solution().orElseThrow().passed()).isTrue();
        assertThat(cluster.client().namespaces().withName("good").get()).as("reset after the test").isNull();
    }

    @Test
    void aSolutionThatFailsIsAMismatchNamingTheCheckAndTheField() throws Exception {
        exercise("wrong-solution", "loose", Optional.empty());

        ExerciseOutcome outcome = test(course(List.of("wrong-solution"))).get("wrong-solution");

        assertThat(outcome.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(outcome.detail()).isEqualTo("solution fails check mode-strict: ConfigMap wrong-solution/settings: 1 field not as expected"
                + " (data.mode: expected strict, found loose)");
    }

    @Test
    void aStarterThatAlreadyPassesIsAMismatch() throws Exception {
        exercise("nothing-to-do", "strict", Optional.of("strict"));

        ExerciseOutcome outcome = test(course(List.of("nothing-to-do"))).get("nothing-to-do");

        assertThat(outcome.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(outcome.detail()).isEqualTo("the starter already passes every check — the exercise asks nothing of the learner");
    }

    private void wrong(String exercise, String name, String mode, String expect) throws IOException {
        Path dir = Files.createDirectories(pack.resolve("exercises/" + exercise + "/wrong/" + name));
        Files.writeString(dir.resolve("settings.yaml"), configMap(mode));
        Files.writeString(dir.resolve("expect.yaml"), expect);
    }

    @Test
    void aWrongAnswerThatFailsAsDeclaredIsAnOkRowNamingTheCheckAndField() throws Exception {
        exercise("good", "strict", Optional.empty());
        wrong("good", "loose", "loose", "why: \"mode is loose, the task asks strict\"\nfail: [mode-strict]\nfields: [data.mode]\n");

        ExerciseOutcome outcome = test(course(List.of("good"))).get("good");

        assertThat(outcome.verdict()).as(outcome.detail()).isEqualTo(Verdict.OK);
        assertThat(outcome.wrong()).singleElement().satisfies(w -> {
            assertThat(w.answer().label()).isEqualTo("wrong/loose");
            assertThat(w.ok()).isTrue();
            assertThat(w.detail()).isEqualTo("mode-strict failed: data.mode: expected strict, found loose");
        });
        assertThat(cluster.client().namespaces().withName("good").get()).as("reset after the wrong answer").isNull();
    }

    @Test
    void aWrongAnswerThatPassesMakesTheExerciseAMismatch() throws Exception {
        exercise("good", "strict", Optional.empty());
        wrong("good", "sneaky", "strict", "why: \"declared wrong but is right\"\nfail: [mode-strict]\n");

        ExerciseOutcome outcome = test(course(List.of("good"))).get("good");

        assertThat(outcome.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(outcome.detail()).startsWith("wrong/sneaky: ").contains("the wrong answer passes every check (declared wrong but is right)")
                .contains("mode-strict passed, expected to fail");
    }

    @Test
    void aWrongAnswerWhoseDeclaredFieldIsNotAmongTheFailuresIsAMismatch() throws Exception {
        exercise("good", "strict", Optional.empty());
        wrong("good", "loose", "loose", "why: \"mode is loose\"\nfail: [mode-strict]\nfields: [data.level]\n");

        ExerciseOutcome outcome = test(course(List.of("good"))).get("good");

        assertThat(outcome.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(outcome.detail()).isEqualTo("wrong/loose: data.level is not among the failing fields of mode-strict (data.mode)");
    }

    private void refusedWrong(String exercise, String name, String expect) throws IOException {
        Path dir = Files.createDirectories(pack.resolve("exercises/" + exercise + "/wrong/" + name));
        Files.writeString(dir.resolve("settings.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n");
        Files.writeString(dir.resolve("expect.yaml"), expect);
    }

    @Test
    void aWrongAnswerTheLabRefusesAtApplyIsOkWhenItsExpectSaysRejectedWithThatText() throws Exception {
        exercise("good", "strict", Optional.empty());
        refusedWrong("good", "namespace", "why: \"an exercise may not create namespaces\"\nrejected: \"Namespace other is refused\"\n");

        ExerciseOutcome outcome = test(course(List.of("good"))).get("good");

        assertThat(outcome.verdict()).as(outcome.detail()).isEqualTo(Verdict.OK);
        assertThat(outcome.wrong()).singleElement().satisfies(w -> {
            assertThat(w.ok()).isTrue();
            assertThat(w.detail()).startsWith("rejected: ").contains("Namespace other is refused");
        });
    }

    @Test
    void aWrongAnswerRefusedAtApplyWithoutRejectedInItsExpectIsAMismatch() throws Exception {
        exercise("good", "strict", Optional.empty());
        refusedWrong("good", "namespace", "why: \"a namespace\"\nfail: [mode-strict]\n");

        ExerciseOutcome outcome = test(course(List.of("good"))).get("good");

        assertThat(outcome.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(outcome.detail()).startsWith("wrong/namespace: could not be applied: ");
    }

    @Test
    void aWrongAnswerDeclaredRejectedThatAppliesIsAMismatch() throws Exception {
        exercise("good", "strict", Optional.empty());
        wrong("good", "loose", "loose", "why: \"mode is loose\"\nrejected: \"anything\"\n");

        ExerciseOutcome outcome = test(course(List.of("good"))).get("good");

        assertThat(outcome.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(outcome.detail()).isEqualTo("wrong/loose: was applied, expected the lab to refuse it with \"anything\"");
    }

    @Test
    void expectYamlCannotSayBothRejectedAndFail() throws Exception {
        exercise("good", "strict", Optional.empty());
        wrong("good", "both", "loose", "why: \"mode is loose\"\nrejected: \"x\"\nfail: [mode-strict]\n");
        Files.createDirectories(pack.resolve("lessons"));
        Files.writeString(pack.resolve("lessons/course.yaml"),
                "id: tester\ntitle: Tester\nversion: 1.0.0\nmodules:\n  - id: m\n    title: M\n    lessons: [one.md]\n");
        Files.writeString(pack.resolve("lessons/one.md"), "---\ntitle: One\nexercises: [good]\n---\nText.\n");

        LoadResult loaded = lab.loadCourse(pack);

        assertThat(loaded.problems()).extracting(Problem::format).anyMatch(p -> p.startsWith(
                "exercises/good/wrong/both/expect.yaml:3:1: error: a rejected answer never reaches the checks: 'fail' cannot be judged"));
    }

    private void right(String exercise, String name, String content) throws IOException {
        Path dir = Files.createDirectories(pack.resolve("exercises/" + exercise + "/right/" + name));
        Files.writeString(dir.resolve("settings.yaml"), content);
    }

    @Test
    void anEquivalentRightAnswerThatPassesIsAnOkRow() throws Exception {
        exercise("good", "strict", Optional.empty());
        right("good", "quoted", configMap("\"strict\""));

        ExerciseOutcome outcome = test(course(List.of("good"))).get("good");

        assertThat(outcome.verdict()).as(outcome.detail()).isEqualTo(Verdict.OK);
        assertThat(outcome.wrong()).singleElement().satisfies(w -> {
            assertThat(w.answer().label()).isEqualTo("right/quoted");
            assertThat(w.ok()).isTrue();
            assertThat(w.detail()).isEqualTo("passes like the solution");
        });
    }

    @Test
    void anEquivalentRightAnswerTheChecksRefuseMakesTheExerciseAMismatchNamingTheCheck() throws Exception {
        exercise("good", "strict", Optional.empty());
        right("good", "other-spelling", configMap("STRICT"));

        ExerciseOutcome outcome = test(course(List.of("good"))).get("good");

        assertThat(outcome.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(outcome.detail()).isEqualTo("right/other-spelling: an equivalent right answer is refused:"
                + " mode-strict failed: data.mode: expected strict, found STRICT");
    }

    @Test
    void theLoaderReportsUnknownCheckIdsAndKeysOfExpectYamlAtTheirLines() throws Exception {
        exercise("good", "strict", Optional.empty());
        wrong("good", "typo", "loose", "why: \"mode is loose\"\nfail: [mode-strcit]\nfeilds: [data.mode]\n");
        Files.createDirectories(pack.resolve("exercises/good/wrong/empty"));
        Files.writeString(pack.resolve("exercises/good/wrong/empty/expect.yaml"), "why: x\nfail: [mode-strict]\n");
        Files.createDirectories(pack.resolve("lessons"));
        Files.writeString(pack.resolve("lessons/course.yaml"),
                "id: tester\ntitle: Tester\nversion: 1.0.0\nmodules:\n  - id: m\n    title: M\n    lessons: [one.md]\n");
        Files.writeString(pack.resolve("lessons/one.md"), "---\ntitle: One\nexercises: [good]\n---\nText.\n");

        LoadResult loaded = lab.loadCourse(pack);

        assertThat(loaded.problems()).extracting(Problem::format).contains(
                "exercises/good/wrong/typo/expect.yaml:2:8: error: no check 'mode-strcit' in this exercise — did you mean 'mode-strict'?",
                "exercises/good/wrong/typo/expect.yaml:3:1: error: unknown key 'feilds' in expect.yaml — did you mean 'fields'?",
                "exercises/good/wrong/empty: error: wrong answer 'empty' has nothing to apply besides expect.yaml"
                        + " — put the wrong files next to expect.yaml, laid out like solution/");
    }

    /** An exercise whose solution is two files: settings (mode strict) and extra (a second ConfigMap a check needs). */
    private void twoFileExercise(String id) throws IOException {
        exercise(id, "strict", Optional.empty());
        Path dir = pack.resolve("exercises/" + id);
        Files.writeString(dir.resolve("solution/extra.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: b\n");
        Files.writeString(dir.resolve("exercise.yaml"), Files.readString(dir.resolve("exercise.yaml")) + """
                  - id: extra-present
                    title: ConfigMap extra says a is b
                    kind: assert
                    resource: {apiVersion: v1, kind: ConfigMap, name: extra}
                    expect: {data: {a: b}}
                """);
    }

    @Test
    void aWrongAnswerBasedOnTheSolutionIsTheSolutionsFilesWithItsOwnFilesOverThem() throws Exception {
        twoFileExercise("good");
        wrong("good", "loose", "loose", "why: \"mode is loose\"\nfail: [mode-strict]\nbase: solution\n");

        ExerciseOutcome outcome = test(course(List.of("good"))).get("good");

        assertThat(outcome.verdict()).as(outcome.detail()).isEqualTo(Verdict.OK);
        assertThat(outcome.wrong()).singleElement().satisfies(w -> {
            assertThat(w.detail()).isEqualTo("mode-strict failed: data.mode: expected strict, found loose");
            assertThat(w.report()).hasValueSatisfying(r -> assertThat(r.checks())
                    .filteredOn(c -> c.id().equals("extra-present")).singleElement()
                    .as("extra.yaml came from solution/").isInstanceOf(orchlab.engine.check.CheckResult.Passed.class));
        });
    }

    @Test
    void aRightAnswerBasedOnTheSolutionPassesWithOnlyItsDifferentFile() throws Exception {
        twoFileExercise("good");
        right("good", "quoted", configMap("\"strict\""));
        Files.writeString(pack.resolve("exercises/good/right/quoted/expect.yaml"), "why: the mode quoted\nbase: solution\n");

        ExerciseOutcome outcome = test(course(List.of("good"))).get("good");

        assertThat(outcome.verdict()).as(outcome.detail()).isEqualTo(Verdict.OK);
        assertThat(outcome.wrong()).singleElement().satisfies(w -> {
            assertThat(w.answer().label()).isEqualTo("right/quoted");
            assertThat(w.ok()).as(w.detail()).isTrue();
        });
    }

    @Test
    void theLoaderReportsABaseThatIsNotAFolderOfTheExerciseAndKeysARightAnswerCannotHave() throws Exception {
        exercise("good", "strict", Optional.empty());
        wrong("good", "typo", "loose", "why: \"mode is loose\"\nfail: [mode-strict]\nbase: solutions\n");
        right("good", "quoted", configMap("\"strict\""));
        Files.writeString(pack.resolve("exercises/good/right/quoted/expect.yaml"), "base: solution\nfail: [mode-strict]\n");
        Files.createDirectories(pack.resolve("lessons"));
        Files.writeString(pack.resolve("lessons/course.yaml"),
                "id: tester\ntitle: Tester\nversion: 1.0.0\nmodules:\n  - id: m\n    title: M\n    lessons: [one.md]\n");
        Files.writeString(pack.resolve("lessons/one.md"), "---\ntitle: One\nexercises: [good]\n---\nText.\n");

        LoadResult loaded = lab.loadCourse(pack);

        assertThat(loaded.problems()).extracting(Problem::format).contains(
                "exercises/good/wrong/typo/expect.yaml:3:7: error: 'base' names the folder this answer starts from: solution or"
                        + " starter, found \"solutions\" — base: solution",
                "exercises/good/right/quoted/expect.yaml:2:1: error: unknown key 'fail' in expect.yaml of a right answer"
                        + " (it must pass every check) — allowed: why, base");
    }

    @Test
    void anExerciseWithoutItsSandboxIsSkippedWithTheReason() throws Exception {
        exercise("good", "strict", Optional.empty());
        Course course = course(List.of("good"));

        List<ExerciseOutcome> outcomes = new CourseTester(lab).test(course, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), CourseTester.Listener.NONE);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.verdict()).isEqualTo(Verdict.SKIPPED);
            assertThat(o.detail()).isEqualTo("no kubernetes sandbox available");
        });
    }
}
