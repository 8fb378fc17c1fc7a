package orchlab.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import orchlab.desktop.exercise.FileEditor;
import orchlab.engine.LabDirs;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Helm exercise's Lint and Rollback buttons in the lab window, on the simulated cluster with real Helm:
 * helm-upgrade starts at revision 1; Lint reports the chart's lint; Install/Upgrade makes revision 2; the Rollback menu
 * lists revision 1 and choosing it rolls back.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+; "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
@ExtendWith(ApplicationExtension.class)
class HelmStepsUiTest {
    @TempDir
    Path home;

    private AppContext app;
    private MainViewModel vm;
    private MainWindow window;
    private Stage stage;

    @BeforeEach
    void openTheLab() throws Exception {
        stage = onFx(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            return new Stage();
        });
        app = new AppContext(LabDirs.under(home), Repo.root(), Map.of("podStartDelay", "0"), Platform::runLater);
        AtomicReference<MainWindow> ref = new AtomicReference<>();
        vm = onFx(() -> {
            MainViewModel model = new MainViewModel(app);
            model.updateSettings(model.settingsProperty().get().withSandbox("sim", null, null));
            Parts parts = DesktopParts.create(app, null, model::openLessonFile, c -> ref.get().runInTerminal(c));
            MainWindow w = new MainWindow(model, parts, stage);
            ref.set(w);
            stage.show();
            return model;
        });
        window = ref.get();
        onFx(vm::start).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void closeTheLab() throws Exception {
        onFx(() -> {
            if (window != null) {
                window.close();
            }
            stage.hide();
            return null;
        });
        if (app != null) {
            app.close();
        }
    }

    @Test
    void lintThenUpgradeThenRollBackToRevisionOneFromTheMenu(FxRobot robot) throws Exception {
        var item = vm.navigator().find(orchlab.desktop.navigator.NavItem.Type.EXERCISE, "helm-upgrade").orElseThrow();
        onFx(() -> {
            vm.open(item);
            return null;
        });
        waitUntil(() -> vm.exercise().preparedProperty().get());
        assertThat(robot.lookup("#step-lint").queryAs(Button.class).isVisible()).isTrue();
        onFx(() -> {
            stage.setWidth(1024);
            stage.setHeight(768);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        // at 1024x768 the Helm toolbar fits: no button is squeezed below its own width (its label cut to "...")
        for (javafx.scene.control.ButtonBase b : robot.lookup(".toolbar .button, .toolbar .menu-button")
                .queryAllAs(javafx.scene.control.ButtonBase.class)) {
            if (b.isVisible() && b.getScene() != null) {
                assertThat(b.getWidth()).as("width of the toolbar button '%s'", b.getText()).isGreaterThanOrEqualTo(b.prefWidth(-1) - 0.5);
            }
        }

        robot.clickOn("#step-lint");
        waitUntil(() -> notice().contains("0 chart(s) failed"));

        String valuesFile = "my-app-chart/values.yaml";
        robot.clickOn(robot.lookup(".tab-pane .tab-label").queryAllAs(javafx.scene.control.Label.class).stream()
                .filter(l -> valuesFile.equals(l.getText())).findFirst().orElseThrow());
        WaitForAsyncUtils.waitForFxEvents();
        FileEditor values = window.exerciseView().editor(valuesFile).orElseThrow();
        String solution = Files.readString(Repo.root().resolve("exercises/helm-upgrade/solution/my-app-chart/values.yaml"));
        onFx(() -> {
            values.setText(solution);
            return null;
        });
        robot.clickOn(button(robot, "Install/Upgrade"));
        waitUntil(() -> notice().contains("at revision 2"));

        robot.clickOn("#step-rollback");
        MenuButton menu = robot.lookup("#step-rollback").queryAs(MenuButton.class);
        waitUntil(() -> menu.getItems().size() == 1 && menu.getItems().get(0).getText().startsWith("revision 1"));
        MenuItem revisionOne = menu.getItems().get(0);
        onFx(() -> {
            revisionOne.fire();
            menu.hide();
            return null;
        });
        waitUntil(() -> notice().contains("Rollback to 1"));

        assertThat(notice()).contains("revision 3");
        assertThat(vm.exercise().outputProperty().get()).contains("— rollback 1 —");
    }

    private String notice() {
        var n = vm.exercise().noticeProperty().get();
        return n == null ? "" : n.text();
    }

    private static Button button(FxRobot robot, String text) {
        return robot.lookup(".button").queryAllAs(Button.class).stream()
                .filter(b -> text.equals(b.getText()) && b.isVisible()).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + text));
    }

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out; the window shows: notice=" + notice() + ", output="
                    + vm.exercise().outputProperty().get(), e);
        }
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }
}
