package orchlab.desktop.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import orchlab.engine.exercise.PackReach.ClusterObject;
import orchlab.engine.yaml.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The consent dialog lists each cluster-wide object by kind and name, and its two buttons answer yes and no. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class ClusterScopedConsentDialogUiTest {
    private static final List<ClusterObject> OBJECTS = List.of(
            new ClusterObject("CustomResourceDefinition", "widgets.example.com", new Location("setup/crd.yaml", 2, 7)),
            new ClusterObject("StorageClass", "lab-fast", new Location("setup/objects.yaml", 9, 7)));
    private Stage stage;

    @BeforeAll
    static void needsMonocle() {
        boolean loads;
        try {
            Class.forName("com.sun.glass.ui.monocle.MonoclePlatformFactory", false, ClusterScopedConsentDialogUiTest.class.getClassLoader());
            loads = true;
        } catch (ClassNotFoundException | LinkageError e) {
            loads = false;
        }
        assumeTrue(loads, "headless Monocle cannot load on Java " + Runtime.version().feature() + " (openjfx-monocle 21.0.2 needs Java 21+)");
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 400, 300));
        stage.show();
    }

    private CompletableFuture<Boolean> ask() throws Exception {
        FutureTask<CompletableFuture<Boolean>> task = new FutureTask<>(() -> new ClusterScopedConsentDialog(stage).ask("Fast disks", "fast-disks", OBJECTS));
        Platform.runLater(task);
        CompletableFuture<Boolean> answer = task.get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return answer;
    }

    private static void press(FxRobot robot, String text) {
        Button button = robot.lookup(".button").match((Button b) -> text.equals(b.getText())).queryButton();
        WaitForAsyncUtils.asyncFx(button::fire);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void listsEveryObjectByKindNameAndPlaceAndDontApplyAnswersNo(FxRobot robot) throws Exception {
        CompletableFuture<Boolean> answer = ask();

        assertThat(robot.lookup("." + ClusterScopedConsentDialog.OBJECT).queryAllAs(Labeled.class)).extracting(Labeled::getText)
                .containsExactly("•  CustomResourceDefinition widgets.example.com   (setup/crd.yaml:2)",
                        "•  StorageClass lab-fast   (setup/objects.yaml:9)");
        press(robot, "Don't apply");

        assertThat(answer.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void createThemAnswersYes(FxRobot robot) throws Exception {
        CompletableFuture<Boolean> answer = ask();

        press(robot, "Create them");

        assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
