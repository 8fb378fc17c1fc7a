package orchlab.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.scene.control.Button;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import orchlab.desktop.exercise.FileEditor;
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

    private LabSession lab;
    private MainViewModel vm;
    private MainWindow window;
    private Stage stage;

    @BeforeEach
    void openTheLab() throws Exception {
        lab = LabSession.open(home);
        vm = lab.vm;
        window = lab.window;
        stage = lab.stage;
    }

    @AfterEach
    void closeTheLab() throws Exception {
        if (lab != null) {
            lab.close();
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
        assertThat(onFx(() -> FxQuery.one(robot, "#step-lint", Button.class).isVisible())).isTrue();
        onFx(() -> {
            orchlab.desktop.strays.FreshBuffers.resize(stage, 1024, 768);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        // at 1024x768 the Helm toolbar fits: no button is squeezed below its own width (its label cut to "...")
        record Width(String text, double width, double pref) {
        }
        List<Width> widths = onFx(() -> java.util.stream.Stream.of(".lab-toolbar .button", ".lab-toolbar .menu-button")
                .flatMap(query -> FxQuery.all(robot, query, javafx.scene.control.ButtonBase.class, b -> b.isVisible() && b.getScene() != null).stream())
                .map(b -> new Width(b.getText(), b.getWidth(), b.prefWidth(-1))).toList());
        assertThat(widths).extracting(Width::text).as("the exercise toolbar's buttons").contains("Lint", "Install/Upgrade", "Check");
        for (Width b : widths) {
            assertThat(b.width()).as("width of the toolbar button '%s'", b.text()).isGreaterThanOrEqualTo(b.pref() - 0.5);
        }

        robot.clickOn(FxQuery.one(robot, "#step-lint"));
        waitUntil(() -> notice().contains("0 chart(s) failed"));

        String valuesFile = "my-app-chart/values.yaml";
        robot.clickOn(FxQuery.one(robot, ".tab-pane .tab-label", javafx.scene.control.Label.class,
                l -> valuesFile.equals(l.getText()), "tab " + valuesFile));
        WaitForAsyncUtils.waitForFxEvents();
        FileEditor values = window.exerciseView().editor(valuesFile).orElseThrow();
        String solution = Files.readString(Repo.root().resolve("exercises/helm-upgrade/solution/my-app-chart/values.yaml"));
        onFx(() -> {
            values.setText(solution);
            return null;
        });
        robot.clickOn(button(robot, "Install/Upgrade"));
        waitUntil(() -> notice().contains("at revision 2"));

        MenuButton menu = FxQuery.one(robot, "#step-rollback", MenuButton.class);
        robot.clickOn(menu);
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
        return LabSession.button(robot, text);
    }

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        lab.waitUntil(condition);
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return LabSession.onFx(work);
    }
}
