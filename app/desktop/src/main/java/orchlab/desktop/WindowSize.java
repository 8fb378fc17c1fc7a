package orchlab.desktop;

/**
 * Where the lab window opens and how big: the size saved when it last closed (1440×900 the first time), never larger
 * than the usable area of the screen it opens on (a 1024×768 laptop, a panel taking some of it), and placed wholly on
 * that screen, centred. Without this the window opened at 1440×900 at −208,−44 on a 1024×768 screen: menu, navigator
 * and status bar off-screen. Sizes are the window's own (decorations included), as {@code Stage.getWidth()} saves them.
 *
 * @param x      left edge, on the screen
 * @param y      top edge, on the screen
 * @param width  the window's width
 * @param height the window's height
 */
public record WindowSize(double x, double y, double width, double height) {
    /** The size the window opens at the first time, or when the saved one is unusable. */
    public static final double DEFAULT_WIDTH = 1440;
    public static final double DEFAULT_HEIGHT = 900;
    /** Saved sizes below these are not a window someone worked in (a glitch, a half-written file): the default is used. */
    static final double SMALLEST_WIDTH = 600;
    static final double SMALLEST_HEIGHT = 400;

    /**
     * The usable area of a screen (its visual bounds: without task bars and docks), in screen coordinates.
     */
    public record Area(double minX, double minY, double width, double height) {
        public Area {
            if (!(width > 0) || !(height > 0)) {
                throw new IllegalArgumentException("a screen's usable area has a size, not " + width + "×" + height);
            }
        }

        static Area of(javafx.geometry.Rectangle2D bounds) {
            return new Area(bounds.getMinX(), bounds.getMinY(), bounds.getWidth(), bounds.getHeight());
        }
    }

    /**
     * The window for a screen's usable area and the size saved last time ({@code null} when none was saved).
     */
    public static WindowSize on(Area screen, Double savedWidth, Double savedHeight) {
        double width = Math.min(usable(savedWidth, SMALLEST_WIDTH, DEFAULT_WIDTH), screen.width());
        double height = Math.min(usable(savedHeight, SMALLEST_HEIGHT, DEFAULT_HEIGHT), screen.height());
        double x = screen.minX() + Math.floor((screen.width() - width) / 2);
        double y = screen.minY() + Math.floor((screen.height() - height) / 2);
        return new WindowSize(x, y, width, height);
    }

    /**
     * Where a window goes after the screens changed (a monitor unplugged, a resolution lowered): nowhere while at least
     * half of it is still on the screens' usable areas; otherwise onto the primary screen's usable area, centred, and
     * shrunk where it is larger than that area.
     *
     * @param window  the window where it is now
     * @param screens the usable areas of the screens there are now
     * @param primary the usable area of the primary screen
     * @return the window's new size and place, or empty when it stays
     */
    public static java.util.Optional<WindowSize> keptOnScreens(WindowSize window, java.util.List<Area> screens, Area primary) {
        double shown = 0;
        for (Area screen : screens) {
            double w = Math.min(window.x + window.width, screen.minX() + screen.width()) - Math.max(window.x, screen.minX());
            double h = Math.min(window.y + window.height, screen.minY() + screen.height()) - Math.max(window.y, screen.minY());
            shown += Math.max(0, w) * Math.max(0, h);
        }
        if (window.width > 0 && window.height > 0 && shown >= 0.5 * window.width * window.height) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(on(primary, window.width, window.height));
    }

    /** The window on the primary screen (where a new window opens), for the settings saved last time. */
    static WindowSize onPrimaryScreen(orchlab.desktop.settings.Settings settings) {
        return on(Area.of(javafx.stage.Screen.getPrimary().getVisualBounds()), settings.width(), settings.height());
    }

    /** Gives a stage this size and place (before it is shown, so it never appears elsewhere first). */
    void applyTo(javafx.stage.Stage stage) {
        stage.setWidth(width);
        stage.setHeight(height);
        stage.setX(x);
        stage.setY(y);
    }

    private static double usable(Double saved, double smallest, double fallback) {
        return saved == null || saved.isNaN() || saved.isInfinite() || saved < smallest ? fallback : saved;
    }
}
