package orchlab.desktop;

import java.util.List;
import java.util.function.Supplier;
import javafx.collections.ListChangeListener;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * Keeps the lab window on a screen while the app runs: when the screens change (a monitor unplugged, a laptop
 * undocked) and the window is no longer mostly on one, it is moved onto the primary screen and shrunk to fit it
 * ({@link WindowSize#keptOnScreens}). A maximised, full-screen or minimised window is left to the window manager.
 */
final class WindowOnScreens {
    private final Stage stage;
    private final Supplier<List<WindowSize.Area>> screens;
    private final Supplier<WindowSize.Area> primary;
    private final ListChangeListener<Screen> listener = change -> screensChanged();

    /**
     * @param screens the usable areas of the screens there are now
     * @param primary the usable area of the primary screen now
     */
    WindowOnScreens(Stage stage, Supplier<List<WindowSize.Area>> screens, Supplier<WindowSize.Area> primary) {
        this.stage = stage;
        this.screens = screens;
        this.primary = primary;
    }

    /** Watches JavaFX's screens for {@code stage} while it shows. */
    static WindowOnScreens watch(Stage stage) {
        WindowOnScreens watch = new WindowOnScreens(stage,
                () -> Screen.getScreens().stream().map(s -> WindowSize.Area.of(s.getVisualBounds())).toList(),
                () -> WindowSize.Area.of(Screen.getPrimary().getVisualBounds()));
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> Screen.getScreens().addListener(watch.listener));
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> Screen.getScreens().removeListener(watch.listener));
        if (stage.isShowing()) {
            Screen.getScreens().addListener(watch.listener);
        }
        return watch;
    }

    /**
     * What a change of the screens does (on the FX thread, where JavaFX reports it).
     *
     * @return whether the window was moved
     */
    boolean screensChanged() {
        if (!stage.isShowing() || stage.isMaximized() || stage.isFullScreen() || stage.isIconified()) {
            return false;
        }
        WindowSize now = new WindowSize(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        var moved = WindowSize.keptOnScreens(now, screens.get(), primary.get());
        moved.ifPresent(place -> place.applyTo(stage));
        return moved.isPresent();
    }
}
