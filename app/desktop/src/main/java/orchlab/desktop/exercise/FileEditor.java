package orchlab.desktop.exercise;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;

/** An editor for one workspace file in a tab: the code editor in the app, anything simpler in tests. */
public interface FileEditor {
    Node node();

    String getText();

    void setText(String text);

    ObservableValue<String> textProperty();

    /** Scrolls to and selects a line (a check result said {@code Dockerfile:9}). */
    void showLine(int line);

    /** The tab closed: stop highlighting and linting. */
    void dispose();

    /** Makes one for a file name ({@code deployment.yaml}, {@code Dockerfile}). */
    interface Factory {
        FileEditor create(String fileName);
    }
}
