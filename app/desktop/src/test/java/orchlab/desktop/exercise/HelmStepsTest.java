package orchlab.desktop.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import orchlab.desktop.sandbox.SandboxService;
import orchlab.desktop.settings.Settings;
import orchlab.engine.Lab;
import orchlab.engine.LabDirs;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.exercise.ExerciseDriver.Step;
import orchlab.engine.exercise.ExerciseDriver.StepChoice;
import orchlab.engine.helm.HelmNative;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.workspace.Workspaces;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm exercise's Lint and Rollback steps, through the exercise panel's logic, with real Helm (in-process) on the
 * simulated cluster: helm-upgrade starts with release my-app at revision 1.
 */
class HelmStepsTest {
    @TempDir
    java.nio.file.Path home;
    private ExecutorService background;
    private SandboxService sandboxes;
    private ExerciseViewModel vm;
    private Exercise upgrade;

    @BeforeEach
    void openTheHelmUpgradeExercise() throws Exception {
        String why = "";
        try {
            HelmNative.load();
        } catch (HelmUnavailableException e) {
            why = e.getMessage();
        }
        String reason = why;
        assumeTrue(reason.isEmpty(), () -> "skipping the Helm step tests: " + reason);
        Lab lab = Lab.standard();
        LabDirs dirs = LabDirs.under(home);
        background = Executors.newCachedThreadPool();
        sandboxes = new SandboxService(lab.providers(), dirs, () -> Settings.defaults().withSandbox("sim", null, null),
                Map.of("podStartDelay", "0"));
        vm = new ExerciseViewModel(lab, sandboxes, new Workspaces(dirs.workspaces()), new orchlab.desktop.FxThreadStandIn(), background,
                new ExerciseViewModel.Events() { });
        Course course = lab.loadCourse(Repo.root()).course().orElseThrow();
        upgrade = course.exercise("helm-upgrade").orElseThrow();
        vm.open(course, upgrade, Optional.empty()).get(60, TimeUnit.SECONDS);
        assertThat(vm.preparedProperty().get()).as(String.valueOf(vm.noticeProperty().get())).isTrue();
    }

    @AfterEach
    void stop() {
        if (sandboxes != null) {
            sandboxes.close();
            background.shutdownNow();
        }
    }

    @Test
    void lintPassesTheStarterChartAndNamesTheChartFileAndLineOfABrokenTemplate() throws Exception {
        vm.applyStep(Step.LINT).get(60, TimeUnit.SECONDS);
        assertThat(vm.noticeProperty().get().level()).as(vm.noticeProperty().get().text()).isEqualTo(Notice.Level.SUCCESS);
        assertThat(vm.noticeProperty().get().text()).contains("0 chart(s) failed");

        String template = "my-app-chart/templates/deployment.yaml";
        String broken = vm.read(template).replace("replicas: {{ .Values.app.replicas }}", "replicas: {{ .Values.app.replicas }");
        vm.save(template, broken);
        vm.applyStep(Step.LINT).get(60, TimeUnit.SECONDS);

        assertThat(vm.noticeProperty().get().level()).isEqualTo(Notice.Level.ERROR);
        assertThat(vm.noticeProperty().get().text()).contains("ERROR my-app-chart/templates/deployment.yaml:8:");
        assertThat(vm.outputProperty().get()).contains("— lint —");
    }

    @Test
    void rollbackBesideInstallUpgradeOffersTheEarlierRevisionsAndReturnsToTheChosenOne() throws Exception {
        assertThat(vm.steps()).containsExactly(Step.LINT, Step.ROLLBACK).noneMatch(Step::partOfApply);
        assertThat(vm.applyLabelProperty().get()).isEqualTo("Install/Upgrade");
        assertThat(vm.choices(Step.ROLLBACK).get(60, TimeUnit.SECONDS)).as("only revision 1 exists").isEmpty();
        String values = "my-app-chart/values.yaml";
        vm.apply(values, Files.readString(upgrade.solutionDir().resolve(values))).get(60, TimeUnit.SECONDS);
        assertThat(vm.noticeProperty().get().text()).contains("at revision 2");

        List<StepChoice> choices = vm.choices(Step.ROLLBACK).get(60, TimeUnit.SECONDS);
        assertThat(choices).extracting(StepChoice::value).containsExactly("1");
        assertThat(choices.get(0).label()).startsWith("revision 1 · superseded · my-app-chart-");

        vm.applyStep(Step.ROLLBACK, "1").get(60, TimeUnit.SECONDS);

        assertThat(vm.noticeProperty().get().level()).as(vm.noticeProperty().get().text()).isEqualTo(Notice.Level.SUCCESS);
        assertThat(vm.noticeProperty().get().text()).contains("revision 3", "Rollback to 1");
        assertThat(vm.choices(Step.ROLLBACK).get(60, TimeUnit.SECONDS)).extracting(StepChoice::value).containsExactly("2", "1");
    }
}
