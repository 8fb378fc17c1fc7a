package orchlab.desktop.exercise;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.Callable;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import orchlab.desktop.FxQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the UI tests of the exercise panel's dialogs share: a small owner window (headless, Monocle), a dialog opened
 * over it on the FX thread, its texts, its buttons, and no dialog left open for the next test.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
abstract class DialogUiTestSupport {
    /** The window the dialog belongs to, as the lab window would be. */
    protected Stage owner;

    @BeforeAll
    static void needsMonocle() {
        boolean loads;
        try {
            Class.forName("com.sun.glass.ui.monocle.MonoclePlatformFactory", false, DialogUiTestSupport.class.getClassLoader());
            loads = true;
        } catch (ClassNotFoundException | LinkageError e) {
            loads = false;
        }
        assumeTrue(loads, "headless Monocle cannot load on Java " + Runtime.version().feature() + " (openjfx-monocle 21.0.2 needs Java 21+)");
    }

    @Start
    void start(Stage stage) {
        this.owner = stage;
        stage.setScene(new Scene(new StackPane(), 400, 300));
        stage.show();
    }

    @AfterEach
    void closeDialogsLeftOpen() {
        FxQuery.onFx(() -> {
            List.copyOf(Window.getWindows()).stream().filter(w -> w != owner).forEach(Window::hide);
            return null;
        });
    }

    /** Opens a dialog on the FX thread (what {@code open} returns: the dialog's answer, if it has one) and lets it show. */
    protected static <T> T show(Callable<T> open) {
        T result = FxQuery.onFx(open);
        WaitForAsyncUtils.waitForFxEvents();
        return result;
    }

    /** The texts of the labels and buttons matching a CSS query, in the order shown. */
    protected static List<String> texts(FxRobot robot, String query) {
        return FxQuery.onFx(() -> FxQuery.all(robot, query, Labeled.class).stream().map(Labeled::getText).toList());
    }

    /** Presses the dialog's button with this text. */
    protected static void press(FxRobot robot, String text) {
        Button button = FxQuery.one(robot, ".button", Button.class, b -> text.equals(b.getText()), "button " + text);
        FxQuery.onFx(() -> {
            button.fire();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
