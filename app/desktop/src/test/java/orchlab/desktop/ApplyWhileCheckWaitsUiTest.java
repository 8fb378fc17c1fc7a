package orchlab.desktop;

import static orchlab.desktop.LabSession.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import javafx.scene.control.Button;
import orchlab.desktop.exercise.CheckRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The Apply button stays enabled while a check waits, and a click on it applies: the learner who sees
 * "spec.replicas: expected 3, found 2" while the Pods row still waits fixes the file and applies at once (the view
 * model's side is {@code ApplyWhileCheckWaitsTest}; this is the button's own enabled binding). No timing: the Pods stay
 * ContainerCreating, so the Pods row waits until the Apply stops it.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+; "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplyWhileCheckWaitsUiTest {
    private LabSession lab;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    void openTheLab(@TempDir Path home) throws Exception {
        lab = LabSession.open(home, Map.of("podStartDelay", "600s"));
    }

    @AfterAll
    void closeTheLab() throws Exception {
        lab.close();
    }

    @Test
    void applyStaysEnabledWhileTheCheckWaitsAndAClickAppliesAndChecksAgain() throws Exception {
        lab.openExercise(robot, "Run three replicas with a Deployment");
        setEditorText(Manifests.deployment(2));
        robot.clickOn(LabSession.button(robot, "Apply"));
        lab.waitUntil(() -> !lab.vm.exercise().busyProperty().get() && lab.vm.exercise().outputProperty().get().contains("deployment/my-app"));

        robot.clickOn(LabSession.button(robot, "Check"));
        lab.waitUntil(() -> lab.vm.exercise().checkingProperty().get() && state("three-replicas") == CheckRow.State.FAILED
                && state("pods-ready") == CheckRow.State.RUNNING);
        Button apply = LabSession.button(robot, "Apply");
        Button check = LabSession.button(robot, "Check");
        assertThat(onFx(apply::isDisabled)).as("Apply disabled while the Pods row waits").isFalse();
        assertThat(onFx(check::isDisabled)).as("Check while it runs").isTrue();

        setEditorText(Manifests.deployment(3));
        robot.clickOn(apply);
        // the Apply went in, and Check ran again on it: the replicas row is judged on what was applied
        lab.waitUntil(() -> state("three-replicas") == CheckRow.State.PASSED);
    }

    private CheckRow.State state(String id) {
        return lab.vm.exercise().rows().stream().filter(r -> r.id().equals(id)).map(CheckRow::state).findFirst().orElse(null);
    }

    private void setEditorText(String text) throws Exception {
        onFx(() -> {
            lab.window.exerciseView().editor("deployment.yaml").orElseThrow().setText(text);
            return null;
        });
    }
}
