package orchlab.desktop;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import orchlab.desktop.settings.Settings;
import orchlab.desktop.start.CourseOutline;
import orchlab.desktop.start.StartSkeleton;

/**
 * The JavaFX application: builds the composition root, shows the window's first frame at once (a skeleton with the
 * course title and the navigator's modules), builds the main window into it right after that frame was drawn, then
 * starts the sandbox.
 */
public final class OrchLabApp extends Application {
    private static final boolean PROBE = StartupProbe.ON;
    private AppContext app;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        probe("fx-started");
        // built by Main while the toolkit started, its course being read in the background
        MainViewModel vm = EarlyStart.take();
        app = vm.app();
        probe("context-built");
        Settings settings = app.settings();
        Scene scene;
        try (StartupProbe.Span s = StartupProbe.span("skeleton")) {
            CourseOutline outline = CourseOutline.read(settings.lastCourse().map(Path::of).orElse(app.builtInCourse()));
            scene = new Scene(new StartSkeleton(outline, settings.dark()));
            stage.setScene(scene);
            // the window's own size (decorations included) and place: wholly on the screen it opens on
            WindowSize.onPrimaryScreen(settings).applyTo(stage);
            // and kept on one when a monitor goes away while the app runs
            WindowOnScreens.watch(stage);
            stage.setTitle("OrchLab — " + outline.title());
            stage.show();
        }
        // once the skeleton has been laid out and handed to the renderer, the FX thread builds the real window
        Runnable[] firstPulse = new Runnable[1];
        firstPulse[0] = () -> {
            scene.removePostLayoutPulseListener(firstPulse[0]);
            probe("first-frame");
            Platform.runLater(() -> build(stage, vm));
        };
        scene.addPostLayoutPulseListener(firstPulse[0]);
    }

    private void build(Stage stage, MainViewModel vm) {
        if (!stage.isShowing()) {
            return; // closed while the skeleton showed
        }
        try (StartupProbe.Span s = StartupProbe.span("theme")) {
            Theme.apply(app.settings().dark());
        }
        vm.exercise().setClusterScopedConsent(new orchlab.desktop.exercise.ClusterScopedConsent(
                new orchlab.desktop.exercise.ClusterScopedConsentDialog(stage), app.fx()));
        vm.exercise().setClusterScopedRefusals(new orchlab.desktop.exercise.ClusterScopedRefusalDialog(stage));
        AtomicReference<MainWindow> windowRef = new AtomicReference<>();
        Parts parts = StartupProbe.span("parts", () -> DesktopParts.create(app, getHostServices(), vm::openLessonFile,
                commands -> windowRef.get().runInTerminal(commands)));
        window = StartupProbe.span("main-window", () -> new MainWindow(vm, parts, stage));
        windowRef.set(window);
        // the window's first layout leaves out the exercise column: it comes in the frame after the first lesson
        window.deferWorkColumn(work -> afterNextFrame(stage.getScene(), work));
        if (PROBE) {
            StartupProbe.attach(vm, stage.getScene());
        }
        // a lesson just opened is drawn before its exercise (files, editor, sandbox) is prepared
        vm.openExercisesAfter(work -> afterNextFrame(stage.getScene(), work));
        vm.start();
    }

    /**
     * Runs {@code work} on the FX thread once the scene's next frame has been laid out and handed to the renderer (at
     * once, on the next turn, when the scene is not showing: no frame would come).
     */
    static void afterNextFrame(Scene scene, Runnable work) {
        if (scene == null || scene.getWindow() == null || !scene.getWindow().isShowing()) {
            Platform.runLater(work);
            return;
        }
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            Platform.runLater(work);
        };
        scene.addPostLayoutPulseListener(once[0]);
        Platform.requestNextPulse();
    }

    private static void probe(String what) {
        if (PROBE) {
            StartupProbe.print(what);
        }
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        if (app != null) {
            app.close();
        }
    }
}
