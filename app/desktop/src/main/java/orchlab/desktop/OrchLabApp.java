package orchlab.desktop;

import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: builds the composition root and shows the main window. */
public final class OrchLabApp extends Application {
    @Override
    public void start(Stage stage) {
        stage.show();
    }
}
