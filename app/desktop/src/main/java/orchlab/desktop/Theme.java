package orchlab.desktop;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The AtlantaFX theme, switchable at runtime (View → Dark theme). */
public final class Theme {
    private Theme() {
    }

    public static void apply(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /** The app's own stylesheet, on top of the theme. */
    public static String appStylesheet() {
        return Theme.class.getResource("/orchlab/desktop/app.css").toExternalForm();
    }
}
