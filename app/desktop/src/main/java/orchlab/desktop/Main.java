package orchlab.desktop;

/**
 * Starts the app. Not itself an {@code Application}: launched from the class path, JavaFX would
 * otherwise refuse with "JavaFX runtime components are missing".
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (StartupProbe.ON) {
            StartupProbe.print("main");
        }
        // the composition root is built and the course read while JavaFX starts its toolkit
        EarlyStart.begin();
        javafx.application.Application.launch(OrchLabApp.class, args);
    }
}
