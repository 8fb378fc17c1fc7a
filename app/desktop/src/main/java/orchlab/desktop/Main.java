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
        // CEL expressions of a course read before are compiled when a check evaluates them, not while the course loads
        orchlab.engine.check.cel.CelExpression.rememberCompiledIn(
                orchlab.engine.LabDirs.fromEnvironment().cache().resolve("cel-known-good"));
        javafx.application.Application.launch(OrchLabApp.class, args);
    }
}
