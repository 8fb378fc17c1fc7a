package orchlab.desktop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.application.Platform;

/**
 * What the app can do before JavaFX has started its toolkit (a second or more on a small machine, on a thread of its
 * own): {@link Main} builds the composition root and the window's view model on a thread of its own and starts reading
 * the course, so that {@link OrchLabApp#start} finds them ready instead of building them on the JavaFX thread.
 */
final class EarlyStart {
    private static CompletableFuture<MainViewModel> started;

    private EarlyStart() {
    }

    /** Starts building; called once by {@link Main} before the toolkit starts. */
    static synchronized void begin() {
        started = CompletableFuture.supplyAsync(EarlyStart::build, work -> {
            Thread t = new Thread(work, "orchlab-start");
            t.setDaemon(true);
            t.start();
        });
    }

    /**
     * The view model begun by {@link #begin}, its course being read; built here, on the calling thread, when nothing was
     * begun (the app launched another way) or building it failed there (the same failure then surfaces here).
     */
    static MainViewModel take() {
        CompletableFuture<MainViewModel> begun;
        synchronized (EarlyStart.class) {
            begun = started;
            started = null;
        }
        if (begun != null) {
            try {
                return begun.join();
            } catch (CompletionException e) {
                // built again below, on this thread, where its error is reported as it was before
            }
        }
        return build();
    }

    private static MainViewModel build() {
        // CEL expressions of a course read before are compiled when a check evaluates them, not while the course loads
        orchlab.engine.check.cel.CelExpression.rememberCompiledIn(
                orchlab.engine.LabDirs.fromEnvironment().cache().resolve("cel-known-good"));
        AppContext app = StartupProbe.span("app-context", () -> AppContext.forDesktop(Platform::runLater));
        MainViewModel vm = new MainViewModel(app);
        // the course is read in the background while the toolkit starts, the first frame is drawn and the window is built,
        // its CEL expressions compiled later (a full read follows once the sandbox has started)
        vm.preloadCompilingCelLater();
        return vm;
    }
}
