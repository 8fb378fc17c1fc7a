package orchlab.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A window on a monitor that goes away while the app runs comes back onto the primary screen. Monocle's headless
 * screen cannot be unplugged, so the screens are given to {@link WindowOnScreens} and its handler is called as JavaFX
 * calls it when {@code Screen.getScreens()} changes.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+")
@ExtendWith(ApplicationExtension.class)
class WindowOnScreensUiTest {
    private static final WindowSize.Area LAPTOP = new WindowSize.Area(0, 0, 1280, 800);
    private static final WindowSize.Area MONITOR = new WindowSize.Area(1280, 0, 1920, 1200);

    private Stage stage;
    private final AtomicReference<List<WindowSize.Area>> screens = new AtomicReference<>(List.of(LAPTOP, MONITOR));

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new Pane()));
        stage.setX(1500);
        stage.setY(100);
        stage.setWidth(1440);
        stage.setHeight(900);
        stage.show();
    }

    @Test
    void aWindowOnTheMonitorThatWasUnpluggedMovesOntoThePrimaryScreenAndFitsIt(FxRobot robot) {
        WindowOnScreens watch = new WindowOnScreens(stage, screens::get, () -> LAPTOP);
        screens.set(List.of(LAPTOP));

        boolean[] moved = new boolean[1];
        robot.interact(() -> moved[0] = watch.screensChanged());

        assertThat(moved[0]).isTrue();
        assertThat(new double[] {stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()})
                .containsExactly(0, 0, 1280, 800);
    }

    @Test
    void aWindowStillOnAScreenStaysWhereTheLearnerPutIt(FxRobot robot) {
        WindowOnScreens watch = new WindowOnScreens(stage, screens::get, () -> LAPTOP);

        boolean[] moved = new boolean[1];
        robot.interact(() -> moved[0] = watch.screensChanged());

        assertThat(moved[0]).isFalse();
        assertThat(new double[] {stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()})
                .containsExactly(1500, 100, 1440, 900);
    }

    @Test
    void aMaximisedWindowIsLeftToTheWindowManager(FxRobot robot) {
        WindowOnScreens watch = new WindowOnScreens(stage, screens::get, () -> LAPTOP);
        robot.interact(() -> stage.setMaximized(true));
        screens.set(List.of(LAPTOP));

        boolean[] moved = new boolean[1];
        robot.interact(() -> moved[0] = watch.screensChanged());

        assertThat(moved[0]).isFalse();
        robot.interact(() -> stage.setMaximized(false));
    }
}
