package orchlab.desktop.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import javafx.application.Platform;
import javafx.scene.Scene;
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

/** Apply's refusal of cluster-wide objects in the learner's own file names each object, its file and line, and what to do. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class ClusterScopedRefusalDialogUiTest {
    private Stage stage;

    @BeforeAll
    static void needsMonocle() {
        boolean loads;
        try {
            Class.forName("com.sun.glass.ui.monocle.MonoclePlatformFactory", false, ClusterScopedRefusalDialogUiTest.class.getClassLoader());
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

    @Test
    void namesEachObjectWithItsFileAndLineAndSaysWhatToDo(FxRobot robot) {
        Platform.runLater(() -> new ClusterScopedRefusalDialog(stage).accept("k8s-rbac", List.of(
                new ClusterObject("ClusterRole", "see-all", new Location("role.yaml", 12, 1)))));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("." + ClusterScopedRefusalDialog.OBJECT).queryAllAs(Labeled.class)).extracting(Labeled::getText)
                .containsExactly("•  ClusterRole see-all   (role.yaml:12)");
        assertThat(robot.lookup(".label").queryAllAs(Labeled.class)).extracting(Labeled::getText)
                .anySatisfy(text -> assertThat(text).startsWith("What to do: remove it from your file."))
                .anySatisfy(text -> assertThat(text).contains("namespace k8s-rbac only"));
    }
}
