package orchlab.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import orchlab.desktop.exercise.CheckRow;
import orchlab.desktop.exercise.FileEditor;
import orchlab.desktop.navigator.NavItem;
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

    private LabSession lab;
    private MainViewModel vm;
    private MainWindow window;

    @BeforeEach
    void openTheLab() throws Exception {
        launch();
    }

    /** The lab on a simulated cluster that keeps its state, so that a restart finds what the learner did. */
    private void launch() throws Exception {
        lab = LabSession.open(home, Map.of("persist", "true"));
        vm = lab.vm;
        window = lab.window;
    }

    @AfterEach
    void closeTheLab() throws Exception {
        if (lab != null) {
            lab.close();
            lab = null;
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
        waitUntil(() -> labelsUnder(robot, FxQuery.one(robot, "#check-three-replicas")).contains("spec.replicas"));
        Node replicasRow = FxQuery.one(robot, "#check-three-replicas");
        assertThat(labelsUnder(robot, replicasRow)).contains("spec.replicas", "3", "2");
        // the finished report scrolls the Checks list to its first red row once the rows have their size (a pulse or
        // two later): waited for on the FX thread, never slept; the list is longer than its view, so it must scroll
        assertThat(onFx(() -> hiddenBelow(FxQuery.one(robot, "#check-three-replicas")))).as("pixels of the Checks list out of view").isPositive();
        waitUntil(() -> inView(FxQuery.one(robot, "#check-three-replicas")));
        assertThat(onFx(() -> inView(FxQuery.one(robot, "#check-manifest-valid")))).as("the first (green) row scrolled away").isFalse();
        assertThat(row("labels-match").state()).isEqualTo(CheckRow.State.PASSED);
        // a green row says what holds (its title), not the check's message, which says what would be wrong
        assertThat(row("labels-match").message()).isEqualTo(row("labels-match").title()).doesNotContain("does not");

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
        javafx.scene.control.ProgressBar bar = FxQuery.one(robot, "#course-progress", javafx.scene.control.ProgressBar.class);
        assertThat(onFx(bar::getProgress)).isCloseTo(1.0 / vm.courseProperty().get().exercises().size(), org.assertj.core.data.Offset.offset(0.001));
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
        Button confirm = FxQuery.one(robot, ".dialog-pane .button", Button.class, b -> "Reset".equals(b.getText()), "Reset in the dialog");
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
        assertThat(onFx(() -> FxQuery.one(robot, "#sandbox-status", Label.class).getText())).contains("containers do not really run");
    }

    private CheckRow row(String id) {
        return vm.exercise().rows().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private static Node treeCell(FxRobot robot, String text) {
        return LabSession.treeCell(robot, text);
    }

    private static Button button(FxRobot robot, String text) {
        return LabSession.button(robot, text);
    }

    private static javafx.scene.control.ScrollPane scrollPaneAround(Node node) {
        Node n = node.getParent();
        while (n != null && !(n instanceof javafx.scene.control.ScrollPane)) {
            n = n.getParent();
        }
        return (javafx.scene.control.ScrollPane) n;
    }

    /** Whether the top of {@code node} shows inside the viewport of the scroll pane around it. */
    private static boolean inView(Node node) {
        javafx.scene.control.ScrollPane scroll = scrollPaneAround(node);
        javafx.geometry.Bounds view = scroll.localToScene(scroll.getLayoutBounds());
        double top = node.localToScene(node.getLayoutBounds()).getMinY();
        return top >= view.getMinY() - 0.5 && top < view.getMaxY() - 20;
    }

    /** How much of the content of the scroll pane around {@code node} does not fit its view. */
    private static double hiddenBelow(Node node) {
        javafx.scene.control.ScrollPane scroll = scrollPaneAround(node);
        return scroll.getContent().getLayoutBounds().getHeight() - scroll.getViewportBounds().getHeight();
    }

    private static java.util.List<String> labelsUnder(FxRobot robot, Node node) {
        return FxQuery.onFx(() -> FxQuery.allUnder(robot, node, ".label", Label.class).stream().map(Label::getText).toList());
    }

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        lab.waitUntil(condition);
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return LabSession.onFx(work);
    }
}
