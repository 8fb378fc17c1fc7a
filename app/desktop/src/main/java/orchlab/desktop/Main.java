package orchlab.desktop;

/**
 * Starts the app. Not itself an {@code Application}: launched from the class path, JavaFX would
 * otherwise refuse with "JavaFX runtime components are missing".
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        javafx.application.Application.launch(OrchLabApp.class, args);
    }
}
