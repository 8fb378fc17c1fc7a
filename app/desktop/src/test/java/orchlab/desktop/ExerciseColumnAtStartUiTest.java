package orchlab.desktop;

import static orchlab.desktop.LabSession.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.stage.Stage;
import orchlab.engine.LabDirs;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app's start leaves the exercise column (exercise panel over the bottom tabs) out of the window's first layout
 * ({@link MainWindow#deferWorkColumn}): it comes in the frame after the first lesson, or at once when something needs
 * it first. "After the next frame" is held by the test, so what comes when is decided by the test, not by timing.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+; "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
class ExerciseColumnAtStartUiTest {
    private final FxRobot robot = new FxRobot();
    /** What the window asked to run after its next frame (bringing the column in), held until the test runs it. */
    private final List<Runnable> afterWindowFrame = new CopyOnWriteArrayList<>();
    /** The exercises the view model opens after their lesson's frame, held until the test runs them. */
    private final List<Runnable> afterLessonFrame = new CopyOnWriteArrayList<>();
    private AppContext app;
    private MainViewModel vm;
    private MainWindow window;
    private Stage stage;

    @BeforeEach
    void aWindowStartedAsTheAppStartsIt(@TempDir Path home) throws Exception {
        FxToolkit.registerPrimaryStage();
        app = new AppContext(LabDirs.under(home), Repo.root(), Map.of("podStartDelay", "0"), Platform::runLater);
        AtomicReference<MainWindow> ref = new AtomicReference<>();
        onFx(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            stage = new Stage();
            vm = new MainViewModel(app);
            vm.updateSettings(vm.settingsProperty().get().withSandbox("sim", null, null));
            Parts parts = DesktopParts.create(app, null, vm::openLessonFile, c -> ref.get().runInTerminal(c));
            window = new MainWindow(vm, parts, stage);
            ref.set(window);
            window.deferWorkColumn(afterWindowFrame::add);
            vm.openExercisesAfter(afterLessonFrame::add);
            stage.show();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        onFx(() -> {
            window.close();
            stage.hide();
            return null;
        });
        app.close();
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theFirstLayoutLeavesOutTheExerciseColumnWhichComesInTheFrameAfterTheFirstLesson() throws Exception {
        assertThat(inWindow("#bottom-tabs")).as("bottom tabs before any lesson").isFalse();
        assertThat(inWindow("#work-column-pending")).isTrue();
        assertThat(onFx(() -> window.exerciseView().getScene())).as("the exercise panel's scene").isNull();

        onFx(() -> vm.openCourse(app.builtInCourse())).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> vm.lesson().lessonProperty().get())).as("the first lesson").isNotNull();
        assertThat(afterWindowFrame).as("the column waits for the lesson's frame").hasSize(1);
        assertThat(inWindow("#bottom-tabs")).as("bottom tabs in the lesson's own frame").isFalse();
        double[] dividers = onFx(() -> columns().getDividerPositions());

        onFx(() -> {
            afterWindowFrame.get(0).run();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(inWindow("#bottom-tabs")).as("bottom tabs after the lesson's frame").isTrue();
        assertThat(inWindow("#work-column-pending")).isFalse();
        assertThat(onFx(() -> window.exerciseView().getScene())).isSameAs(stage.getScene());
        assertThat(onFx(() -> columns().getItems().size())).isEqualTo(3);
        assertThat(onFx(() -> columns().getDividerPositions())).as("the navigator's and the lesson's dividers")
                .containsExactly(dividers, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void anExerciseOpenedBeforeTheColumnCameBringsItAtOnce() throws Exception {
        onFx(() -> vm.openCourse(app.builtInCourse())).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(afterLessonFrame).as("the first lesson's exercise, waiting for the lesson's frame").isNotEmpty();

        onFx(() -> {
            afterLessonFrame.forEach(Runnable::run);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(onFx(() -> vm.exercise().exerciseProperty().get())).as("the exercise opened").isNotNull();
        assertThat(inWindow("#bottom-tabs")).as("bottom tabs once an exercise is open").isTrue();
        assertThat(onFx(() -> window.exerciseView().getScene())).isSameAs(stage.getScene());
        assertThat(inWindow("#work-column-pending")).isFalse();
    }

    @Test
    void focusModeSwitchedBeforeTheColumnCameShowsTheExerciseColumnAloneAndBack() throws Exception {
        onFx(() -> {
            window.toggleFocusMode();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> columns().getItems().size())).as("focus mode: the exercise column alone").isEqualTo(1);
        assertThat(inWindow("#bottom-tabs")).isTrue();

        onFx(() -> {
            window.toggleFocusMode();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> columns().getItems().size())).as("navigator, lesson, exercise column").isEqualTo(3);
        assertThat(inWindow("#work-column-pending")).isFalse();
        assertThat(inWindow("#bottom-tabs")).isTrue();
    }

    /** True when a node matching {@code query} is in the window's scene. */
    private boolean inWindow(String query) {
        return FxQuery.find(robot, query, Node.class, n -> n.getScene() == stage.getScene()).isPresent();
    }

    /** The window's columns: navigator | lesson | exercise column. */
    private SplitPane columns() {
        return (SplitPane) ((javafx.scene.layout.BorderPane) stage.getScene().getRoot()).getCenter();
    }
}
