package orchlab.desktop.editor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** Shared set-up of the editor's TestFX tests. */
final class UiTestSupport {
    private UiTestSupport() {
    }

    /**
     * Skips (with the reason) when the headless Monocle platform cannot load: openjfx-monocle 21.0.2 is
     * compiled for Java 21, so on a Java 17 JVM UI tests need {@code -Djvm=<a Java 21+ java>}.
     */
    static void assumeMonocleLoads() {
        boolean loads;
        try {
            Class.forName("com.sun.glass.ui.monocle.MonoclePlatformFactory", false, UiTestSupport.class.getClassLoader());
            loads = true;
        } catch (ClassNotFoundException | LinkageError e) {
            loads = false;
        }
        assumeTrue(loads, "headless Monocle cannot load on Java " + Runtime.version().feature()
                + " (openjfx-monocle 21.0.2 needs Java 21+); run UI tests with -Djvm=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    }

    /** The app's theme, so the editor's looked-up colours resolve as they do in the app. */
    static void useAppTheme() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }
}
