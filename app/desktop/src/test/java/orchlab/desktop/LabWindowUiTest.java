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
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.stage.Stage;
import orchlab.desktop.exercise.CheckRow;
import orchlab.desktop.exercise.FileEditor;
import orchlab.desktop.navigator.NavItem;
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
 * The whole window, headless, against the simulated cluster: the learner's Deployments journey by
 * clicks (open the exercise, edit, Apply, Check shows the red field, fix, green, navigator and course
 * bar move), Reset, and coming back the next day.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+; "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
@ExtendWith(ApplicationExtension.class)
class LabWindowUiTest {
    @TempDir
    Path home;

    private AppContext app;
    private MainViewModel vm;
    private MainWindow window;
    private Stage stage;

    @BeforeEach
    void openTheLab() throws Exception {
        Files.createDirectories(home);
        stage = onFx(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            return new Stage();
        });
        launch();
    }

    private void launch() throws Exception {
        app = new AppContext(LabDirs.under(home), Repo.root(), Map.of("podStartDelay", "0", "persist", "true"),
                Platform::runLater);
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
    void deploymentsJourneyFromRedFieldToAllGreen(FxRobot robot) throws Exception {
        robot.clickOn(treeCell(robot, "Run three replicas with a Deployment"));
        waitUntil(() -> vm.exercise().preparedProperty().get());
        FileEditor editor = window.exerciseView().editor("deployment.yaml").orElseThrow();
        assertThat(editor.getText()).contains("TODO");

        onFx(() -> {
            editor.setText(Manifests.deployment(2));
            return null;
        });
        robot.clickOn(button(robot, "Apply"));
        waitUntil(() -> vm.exercise().outputProperty().get().contains("deployment/my-app"));
        vm.exercise().setRunOptions(orchlab.engine.check.CheckEngine.RunOptions.capped(java.time.Duration.ofSeconds(2)));
        robot.clickOn(button(robot, "Check"));
        waitUntil(() -> !vm.exercise().checkingProperty().get() && row("three-replicas").state() == CheckRow.State.FAILED);

        // the failing fields are in the row's expanded details, which get their skin on the next pulse
        waitUntil(() -> labelsUnder(robot, robot.lookup("#check-three-replicas").query()).contains("spec.replicas"));
        Node replicasRow = robot.lookup("#check-three-replicas").query();
        assertThat(labelsUnder(robot, replicasRow)).contains("spec.replicas", "3", "2");
        assertThat(row("labels-match").state()).isEqualTo(CheckRow.State.PASSED);

        onFx(() -> {
            editor.setText(Manifests.deployment(3));
            return null;
        });
        robot.clickOn(button(robot, "Apply"));
        waitUntil(() -> vm.exercise().noticeProperty().get() != null
                && vm.exercise().noticeProperty().get().text().startsWith("Applied"));
        vm.exercise().setRunOptions(orchlab.engine.check.CheckEngine.RunOptions.DEFAULT);
        robot.clickOn(button(robot, "Check"));
        waitUntil(() -> vm.exercise().passedProperty().get());

        assertThat(vm.exercise().rows()).extracting(CheckRow::state).containsOnly(CheckRow.State.PASSED);
        assertThat(vm.navigator().marks()).containsEntry("k8s-deployment", NavItem.Mark.DONE);
        javafx.scene.control.ProgressBar bar = robot.lookup("#course-progress").queryAs(javafx.scene.control.ProgressBar.class);
        assertThat(bar.getProgress()).isCloseTo(1.0 / vm.courseProperty().get().exercises().size(), org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void resetAsksFirstThenPutsBackTheStarter(FxRobot robot) throws Exception {
        robot.clickOn(treeCell(robot, "Run three replicas with a Deployment"));
        waitUntil(() -> vm.exercise().preparedProperty().get());
        FileEditor editor = window.exerciseView().editor("deployment.yaml").orElseThrow();
        onFx(() -> {
            editor.setText(Manifests.deployment(3));
            return null;
        });
        robot.clickOn(button(robot, "Apply"));
        waitUntil(() -> vm.exercise().outputProperty().get().contains("deployment/my-app"));

        robot.clickOn(button(robot, "Reset"));
        Button confirm = robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream()
                .filter(b -> "Reset".equals(b.getText())).findFirst().orElseThrow();
        robot.clickOn(confirm);
        waitUntil(() -> vm.exercise().noticeProperty().get() != null
                && vm.exercise().noticeProperty().get().text().startsWith("Starter files restored"));

        FileEditor after = window.exerciseView().editor("deployment.yaml").orElseThrow();
        assertThat(after.getText()).contains("TODO");
    }

    @Test
    void comingBackShowsTheSameExerciseAndItsMark(FxRobot robot) throws Exception {
        robot.clickOn(treeCell(robot, "Run three replicas with a Deployment"));
        waitUntil(() -> vm.exercise().preparedProperty().get());
        String solution = Files.readString(Repo.root().resolve("exercises/k8s-deployment/solution/deployment.yaml"));
        onFx(() -> vm.exercise().apply("deployment.yaml", solution)).get(60, TimeUnit.SECONDS);
        onFx(() -> vm.exercise().check()).get(60, TimeUnit.SECONDS);
        waitUntil(() -> vm.navigator().marks().get("k8s-deployment") == NavItem.Mark.DONE);

        closeTheLab();
        launch();

        waitUntil(() -> vm.exercise().exerciseProperty().get() != null);
        assertThat(vm.exercise().exerciseProperty().get().id()).isEqualTo("k8s-deployment");
        assertThat(window.exerciseView().editor("deployment.yaml").orElseThrow().getText()).contains("replicas: 3");
        assertThat(vm.navigator().marks()).containsEntry("k8s-deployment", NavItem.Mark.DONE);
        assertThat(robot.lookup("#sandbox-status").queryAs(Label.class).getText()).contains("containers do not really run");
    }

    private CheckRow row(String id) {
        return vm.exercise().rows().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private static Node treeCell(FxRobot robot, String text) {
        return robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> text.equals(c.getText())).findFirst().orElseThrow(() -> new AssertionError("no navigator entry " + text));
    }

    private static Button button(FxRobot robot, String text) {
        return robot.lookup(".button").queryAllAs(Button.class).stream()
                .filter(b -> text.equals(b.getText()) && b.isVisible()).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + text));
    }

    private static java.util.List<String> labelsUnder(FxRobot robot, Node node) {
        return robot.from(node).lookup(".label").queryAllAs(Label.class).stream().map(Label::getText).toList();
    }

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out; the window shows: notice=" + vm.exercise().noticeProperty().get()
                    + ", busy=" + vm.exercise().busyTextProperty().get() + ", output=" + vm.exercise().outputProperty().get()
                    + ", rows=" + vm.exercise().rows().stream().map(CheckRow::describe).toList()
                    + ", sandbox=" + vm.status().kubernetesProperty().get(), e);
        }
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }
}
