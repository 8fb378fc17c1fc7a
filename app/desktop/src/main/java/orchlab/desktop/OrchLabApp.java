package orchlab.desktop;

import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application: builds the composition root, shows the main window, starts the sandbox. */
public final class OrchLabApp extends Application {
    private AppContext app;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        if (Boolean.getBoolean("orchlab.startupProbe")) {
            StartupProbe.print("fx-started");
        }
        app = AppContext.forDesktop(Platform::runLater);
        if (Boolean.getBoolean("orchlab.startupProbe")) {
            StartupProbe.print("context-built");
        }
        Theme.apply(app.settings().dark());
        MainViewModel vm = new MainViewModel(app);
        vm.exercise().setClusterScopedConsent(new orchlab.desktop.exercise.ClusterScopedConsent(
                new orchlab.desktop.exercise.ClusterScopedConsentDialog(stage), app.fx()));
        vm.preload();
        AtomicReference<MainWindow> windowRef = new AtomicReference<>();
        Parts parts = DesktopParts.create(app, getHostServices(), vm::openLessonFile,
                commands -> windowRef.get().runInTerminal(commands));
        window = new MainWindow(vm, parts, stage);
        windowRef.set(window);
        stage.show();
        if (Boolean.getBoolean("orchlab.startupProbe")) {
            StartupProbe.attach(vm);
        }
        vm.start();
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
