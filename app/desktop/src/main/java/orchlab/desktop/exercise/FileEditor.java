package orchlab.desktop.exercise;

import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;

/** An editor for one workspace file in a tab: the code editor in the app, anything simpler in tests. */
public interface FileEditor {
    Node node();

    String getText();

    void setText(String text);

    ObservableValue<String> textProperty();

    /**
     * Shows what the file now holds on disk (changed by another tool) as one step the learner can undo; the text then
     * counts as saved. Editors without an undo history just take the text.
     */
    default void reload(String text) {
        setText(text);
    }

    /** Scrolls to and selects a line (a check result said {@code Dockerfile:9}). */
    void showLine(int line);

    /** Lints the text again: what surrounds the file (the cluster) changed. */
    default void relint() {
    }

    /** The tab closed: stop highlighting and linting. */
    void dispose();

    /** Makes one for a file name ({@code deployment.yaml}, {@code Dockerfile}). */
    interface Factory {
        FileEditor create(String fileName);

        /**
         * Makes one for a file of an exercise's workspace: the editor can then lint the file with what surrounds it
         * (the chart it belongs to, the exercise's namespace in the cluster). Editors that need no surroundings ignore it.
         */
        default FileEditor create(String fileName, Scope scope) {
            return create(fileName);
        }
    }

    /**
     * Where a file being edited lives.
     *
     * @param workspace the exercise's workspace folder ({@code fileName} is relative to it)
     * @param namespace the exercise's Kubernetes namespace, when it has one
     */
    record Scope(Path workspace, Optional<String> namespace) {
    }
}
