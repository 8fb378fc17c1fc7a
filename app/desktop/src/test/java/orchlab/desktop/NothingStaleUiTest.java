package orchlab.desktop;

import static orchlab.desktop.LabSession.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import orchlab.desktop.exercise.CheckRow;
import orchlab.desktop.exercise.Notice;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every panel shows the exercise and sandbox it belongs to: after switching exercise, Reset, opening another course
 * and replacing the sandbox, no result, banner, output or cluster view of the state before stays on screen.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+; "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NothingStaleUiTest {
    private static final String DEPLOYMENTS = "Run three replicas with a Deployment";
    private LabSession lab;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    void openTheLab(@TempDir Path home) throws Exception {
        lab = LabSession.open(home);
    }

    @AfterAll
    void closeTheLab() throws Exception {
        lab.close();
    }

    /** Every test starts in the built-in course with the Deployments exercise applied and checked (one red row). */
    @BeforeEach
    void deploymentsAppliedAndChecked() throws Exception {
        if (!lab.vm.courseProperty().get().root().normalize().equals(Repo.root().normalize())) {
            onFx(() -> lab.vm.openCourse(lab.app.builtInCourse())).get(60, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
        }
        lab.openExercise(robot, DEPLOYMENTS);
        onFx(() -> lab.vm.exercise().apply("deployment.yaml", Manifests.deployment(2))).get(60, TimeUnit.SECONDS);
        lab.vm.exercise().setRunOptions(orchlab.engine.check.CheckEngine.RunOptions.capped(java.time.Duration.ofSeconds(2)));
        onFx(() -> lab.vm.exercise().check()).get(60, TimeUnit.SECONDS);
        lab.waitUntil(() -> !lab.vm.exercise().checkingProperty().get());
        onFx(() -> {
            lab.vm.exercise().noticeProperty().set(Notice.error("deployment.yaml:3: unknown field \"spec.replica\""));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(output()).contains("deployment/my-app");
        assertThat(outputPlaceholderShown()).as("with the Apply's lines").isFalse();
        assertThat(lab.vm.exercise().rows()).extracting(CheckRow::state).contains(CheckRow.State.FAILED);
    }

    @Test
    void switchingToAnExerciseWithoutANamespaceClearsResultsBannerOutputAndTheClusterView() throws Exception {
        robot.clickOn(LabSession.tabHeader(robot, "tab-cluster"));
        lab.openExerciseById("why-containers");

        assertThat(output()).isEmpty();
        assertThat(outputPlaceholderShown()).as("the Output tab says what will appear there").isTrue();
        assertThat(lab.vm.exercise().noticeProperty().get()).isNull();
        assertThat(lab.vm.exercise().rows()).extracting(CheckRow::state).containsOnly(CheckRow.State.NOT_CHECKED);
        assertThat(clusterPlaceholder()).contains("has no Kubernetes namespace")
                .doesNotContain("ex-k8s-deployment");
        assertThat(onFx(() -> FxQuery.one(robot, ".cluster-tree", javafx.scene.control.TreeTableView.class)
                .getRoot().getChildren().size())).as("object groups in the cluster tree").isZero();
    }

    @Test
    void aDockerExerciseOpensOnItsDockerfileNotOnTheFirstFileOfItsFolder() throws Exception {
        onFx(() -> {
            lab.vm.navigator().find(orchlab.desktop.navigator.NavItem.Type.EXERCISE, "docker-build-run")
                    .ifPresent(lab.vm.navigator().selectedProperty()::set);
            return null;
        });
        lab.waitUntil(() -> lab.vm.exercise().exerciseProperty().get() != null
                && lab.vm.exercise().exerciseProperty().get().id().equals("docker-build-run")
                && !lab.vm.exercise().files().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(lab.vm.exercise().files().get(0)).as("the folder's first file").isEqualTo(".dockerignore");
        assertThat(onFx(() -> lab.window.exerciseView().currentFile())).contains("Dockerfile");
        assertThat(lab.vm.exercise().preferredFile()).as("the file remembered for next time").contains("Dockerfile");
    }

    @Test
    void resetClearsTheResultsTheHintsAndTheOutput() throws Exception {
        onFx(() -> lab.vm.exercise().nextHint());
        onFx(() -> lab.vm.exercise().reset()).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(output()).isEmpty();
        assertThat(outputPlaceholderShown()).as("the Output tab says what will appear there").isTrue();
        assertThat(lab.vm.exercise().rows()).extracting(CheckRow::state).containsOnly(CheckRow.State.NOT_CHECKED);
        assertThat(FxQuery.find(robot, "#hint-1", javafx.scene.Node.class)).isEmpty();
        assertThat(lab.vm.exercise().noticeProperty().get().text()).doesNotContain("unknown field");
    }

    @Test
    void openingAnotherCourseLeavesNothingOfTheExerciseBefore() throws Exception {
        onFx(() -> lab.vm.openCourse(Repo.root().resolve("app/docs/examples/pack"))).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();

        // the pack opens at its first lesson, which has no exercise: the exercise panel is empty, not Deployments
        assertThat(lab.vm.courseProperty().get().id()).isEqualTo("pods-101");
        assertThat(lab.vm.exercise().exerciseProperty().get()).isNull();
        assertThat(lab.window.exerciseView().editor("deployment.yaml")).isEmpty();
        assertThat(lab.vm.exercise().rows()).isEmpty();
        assertThat(onFx(() -> FxQuery.one(robot, "#checks-empty", Label.class).getText()))
                .as("the Checks panel with no exercise open").isEqualTo("Open an exercise to see its checks here.");
        assertThat(output()).isEmpty();
        assertThat(outputPlaceholderShown()).as("the Output tab says what will appear there").isTrue();
        assertThat(lab.vm.exercise().noticeProperty().get()).isNull();
        assertThat(clusterPlaceholder()).doesNotContain("ex-k8s-deployment");
        assertThat(onFx(() -> FxQuery.one(robot, "#exercise-task").isVisible())).as("no title row of the exercise before").isFalse();
    }

    @Test
    void restartingTheSandboxClearsTheResultsAndPreparesTheExerciseAgain() throws Exception {
        FxQuery.menu(robot, "Sandbox", "Start / restart cluster");
        lab.waitUntil(() -> lab.vm.exercise().noticeProperty().get() != null
                && lab.vm.exercise().noticeProperty().get().text().startsWith("The sandbox changed"));

        assertThat(lab.vm.exercise().rows()).extracting(CheckRow::state).containsOnly(CheckRow.State.NOT_CHECKED);
        assertThat(output()).isEmpty();
        assertThat(outputPlaceholderShown()).as("the Output tab says what will appear there").isTrue();
        lab.waitUntil(() -> lab.vm.exercise().preparedProperty().get());
    }

    private String output() throws Exception {
        return onFx(() -> FxQuery.one(robot, "#apply-output", TextArea.class).getText());
    }

    /** The Output tab, shown, says what will appear there (its placeholder is drawn whole). */
    private boolean outputPlaceholderShown() throws Exception {
        robot.clickOn(LabSession.tabHeader(robot, "tab-output"));
        WaitForAsyncUtils.waitForFxEvents();
        return onFx(() -> {
            TextArea output = FxQuery.one(robot, "#apply-output", TextArea.class);
            return OutputViewUiTest.placeholderIn(output, output);
        });
    }

    private String clusterPlaceholder() throws Exception {
        return onFx(() -> FxQuery.all(robot, ".cluster-placeholder", Label.class).stream().map(Label::getText)
                .reduce("", (a, b) -> a + b));
    }
}
