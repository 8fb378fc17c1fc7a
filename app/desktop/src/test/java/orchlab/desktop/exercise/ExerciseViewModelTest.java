package orchlab.desktop.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import orchlab.desktop.sandbox.SandboxService;
import orchlab.desktop.settings.Settings;
import orchlab.engine.Lab;
import orchlab.engine.LabDirs;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.workspace.Workspaces;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exercise panel's logic against the real simulated cluster, without a toolkit: the learner's
 * journey through the Deployments exercise (apply with the wrong replica count, see the field, fix,
 * all green), hints, the solution, reset.
 */
class ExerciseViewModelTest {
    private static final CheckEngine.RunOptions SHORT = CheckEngine.RunOptions.capped(Duration.ofSeconds(1));

    @TempDir
    Path home;
    private ExecutorService background;
    private SandboxService sandboxes;
    private ExerciseViewModel vm;
    private Course course;
    private Exercise deployWeb;
    private final List<CheckReport> recorded = new ArrayList<>();

    @BeforeEach
    void openTheDeploymentsExercise() throws Exception {
        Lab lab = Lab.standard();
        LabDirs dirs = LabDirs.under(home);
        background = Executors.newCachedThreadPool();
        sandboxes = new SandboxService(lab.providers(), dirs, () -> Settings.defaults().withSandbox("sim", null, null),
                Map.of("podStartDelay", "0"));
        vm = new ExerciseViewModel(lab, sandboxes, new Workspaces(dirs.workspaces()), new orchlab.desktop.FxThreadStandIn(), background,
                new ExerciseViewModel.Events() {
                    @Override
                    public void checked(Exercise exercise, CheckReport report) {
                        recorded.add(report);
                    }
                });
        course = lab.loadCourse(Repo.root()).course().orElseThrow();
        deployWeb = course.exercise("k8s-deployment").orElseThrow();
        vm.open(course, deployWeb, java.util.Optional.empty()).get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        sandboxes.close();
        background.shutdownNow();
    }

    @Test
    void opensTheWorkspaceWithTheStarterFilesAndUncheckedRows() throws Exception {
        assertThat(vm.preparedProperty().get()).isTrue();
        assertThat(vm.files()).containsExactly("deployment.yaml");
        assertThat(vm.read("deployment.yaml")).isEqualTo(Files.readString(deployWeb.starterDir().resolve("deployment.yaml")));
        assertThat(vm.rows()).extracting(CheckRow::state).containsOnly(CheckRow.State.NOT_CHECKED);
        assertThat(vm.rows()).extracting(CheckRow::id)
                .containsExactly("manifest-valid", "labels-match", "container-port", "three-replicas", "pods-ready");
    }

    @Test
    void checkBeforeApplyingSaysTheDeploymentIsNotFound() throws Exception {
        vm.setRunOptions(SHORT);
        CheckReport report = vm.check().get(30, TimeUnit.SECONDS);

        assertThat(report.passed()).isFalse();
        CheckRow replicas = row("three-replicas");
        assertThat(replicas.state()).isEqualTo(CheckRow.State.FAILED);
        assertThat(replicas.message()).contains("my-app").containsIgnoringCase("not found");
        assertThat(row("manifest-valid").state()).as("the starter file is valid YAML").isEqualTo(CheckRow.State.PASSED);
        assertThat(vm.scoreProperty().get()).isEqualTo("1 of 5 checks passed");
        assertThat(recorded).hasSize(1);
    }

    @Test
    void wrongReplicaCountShowsTheFieldWithExpectedAndFound() throws Exception {
        vm.apply("deployment.yaml", deployment(2)).get(30, TimeUnit.SECONDS);
        assertThat(vm.noticeProperty().get().level()).isEqualTo(Notice.Level.SUCCESS);
        vm.setRunOptions(SHORT);

        vm.check().get(30, TimeUnit.SECONDS);

        assertThat(row("container-port").state()).isEqualTo(CheckRow.State.PASSED);
        CheckRow replicas = row("three-replicas");
        assertThat(replicas.state()).isEqualTo(CheckRow.State.FAILED);
        assertThat(replicas.failures()).extracting(FieldFailure::describe).containsExactly("spec.replicas: expected 3, found 2");
        assertThat(replicas.hint()).isNotEmpty();
        assertThat(replicas.location()).isEqualTo("Deployment k8s-deployment/my-app");
    }

    @Test
    void fixedDeploymentTurnsEveryRowGreenAndReportsTheExerciseDone() throws Exception {
        vm.apply("deployment.yaml", deployment(3)).get(30, TimeUnit.SECONDS);

        CheckReport report = vm.check().get(60, TimeUnit.SECONDS);

        assertThat(report.passed()).isTrue();
        assertThat(vm.rows()).extracting(CheckRow::state).containsOnly(CheckRow.State.PASSED);
        assertThat(vm.passedProperty().get()).isTrue();
        assertThat(recorded).singleElement().matches(CheckReport::passed);
    }

    @Test
    void applyOfAnInvalidManifestShowsTheApiErrorWithTheFieldPath() throws Exception {
        String invalid = deployment(3).replace("image: hashicorp/http-echo:1.0", "image: \"\"");

        vm.apply("deployment.yaml", invalid).get(30, TimeUnit.SECONDS);

        Notice notice = vm.noticeProperty().get();
        assertThat(notice.level()).isEqualTo(Notice.Level.ERROR);
        assertThat(notice.text()).contains("deployment.yaml").contains("spec.template.spec.containers[0].image");
        assertThat(notice.text()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void applyRefusesAMisspeltFieldAtItsLineInTheEditorsWordsLikeKubectlApplyAndTheClusterKeepsItsValue() throws Exception {
        vm.apply("deployment.yaml", deployment(2)).get(30, TimeUnit.SECONDS);

        vm.apply("deployment.yaml", deployment(2).replace("replicas: 2", "replica: 3")).get(30, TimeUnit.SECONDS);

        Notice notice = vm.noticeProperty().get();
        assertThat(notice.level()).isEqualTo(Notice.Level.ERROR);
        assertThat(notice.text()).isEqualTo("deployment.yaml:6:3: Deployment \"my-app\" is invalid: spec.replica:"
                + " unknown field \"replica\" in Deployment spec (did you mean \"replicas\"?)");
        vm.setRunOptions(SHORT);
        vm.check().get(30, TimeUnit.SECONDS);
        assertThat(row("three-replicas").failures()).extracting(FieldFailure::describe).containsExactly("spec.replicas: expected 3, found 2");
    }

    @Test
    void applyOfAFileWithATabSaysSoAtItsLineInTheEditorsWordsNotTheParsersMessage() throws Exception {
        vm.apply("deployment.yaml", deployment(3).replace("  replicas: 3", "\treplicas: 3")).get(30, TimeUnit.SECONDS);

        Notice notice = vm.noticeProperty().get();
        assertThat(notice.level()).isEqualTo(Notice.Level.ERROR);
        assertThat(notice.text()).startsWith("deployment.yaml:6:1: Tab character in the indentation: YAML indents with spaces only")
                .doesNotContain("(TAB)", "cannot start any token");
    }

    @Test
    void hintsAreShownOneAtATime() {
        assertThat(vm.hintsLeftProperty().get()).isEqualTo(3);

        assertThat(vm.nextHint()).hasValueSatisfying(h -> assertThat(h).contains("spec.replicas"));

        assertThat(vm.shownHints()).hasSize(1);
        assertThat(vm.hintsLeftProperty().get()).isEqualTo(2);
        vm.nextHint();
        vm.nextHint();
        assertThat(vm.nextHint()).isEmpty();
        assertThat(vm.shownHints()).hasSize(3);
    }

    @Test
    void solutionIsOfferedNextToTheLearnersFileAndReplacesItOnlyWhenAsked() throws Exception {
        ExerciseViewModel.SolutionFile solution = vm.solution("deployment.yaml").orElseThrow();
        assertThat(solution.learner()).contains("TODO");
        assertThat(solution.solution()).contains("replicas: 3");
        assertThat(vm.read("deployment.yaml")).contains("TODO");

        vm.useSolution("deployment.yaml");

        assertThat(vm.read("deployment.yaml")).isEqualTo(solution.solution());
    }

    @Test
    void resetPutsBackTheStarterAndRemovesWhatTheLearnerCreated() throws Exception {
        vm.apply("deployment.yaml", deployment(3)).get(30, TimeUnit.SECONDS);
        vm.nextHint();

        vm.reset().get(60, TimeUnit.SECONDS);

        assertThat(vm.read("deployment.yaml")).isEqualTo(Files.readString(deployWeb.starterDir().resolve("deployment.yaml")));
        assertThat(vm.shownHints()).isEmpty();
        assertThat(vm.rows()).extracting(CheckRow::state).containsOnly(CheckRow.State.NOT_CHECKED);
        vm.setRunOptions(SHORT);
        vm.check().get(30, TimeUnit.SECONDS);
        assertThat(row("three-replicas").message()).containsIgnoringCase("not found");
    }

    private CheckRow row(String id) {
        return vm.rows().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private static String deployment(int replicas) {
        return orchlab.desktop.Manifests.deployment(replicas);
    }
}
