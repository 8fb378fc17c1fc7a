package orchlab.desktop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import orchlab.desktop.exercise.FileEditor;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * One of the course's own files (an {@code exercise.yaml}, a lesson) in the code editor, in its own window, opened at the
 * line a problem names: Save writes it back (a course opened from a folder), "Save and open the course again" reloads the
 * course with the fix. A {@code .zip} pack's files are shown read-only.
 */
final class PackFileWindow {
    private final Stage stage = new Stage();
    private final FileEditor editor;
    private final Path file;
    private final Label status = new Label();

    PackFileWindow(Stage owner, Path file, String displayName, boolean editable, FileEditor.Factory editors,
                   Runnable reopenCourse) throws IOException {
        this.file = file;
        this.editor = editors.create(file.getFileName().toString());
        editor.setText(Files.readString(file));
        if (editor.node() instanceof orchlab.desktop.editor.CodeEditor code) {
            code.setEditable(editable);
        }
        Button save = new Button("Save", new FontIcon(Feather.SAVE));
        save.setId("pack-file-save");
        save.setOnAction(e -> save());
        Button saveReopen = new Button("Save and open the course again", new FontIcon(Feather.REFRESH_CW));
        saveReopen.setId("pack-file-save-reopen");
        saveReopen.setOnAction(e -> {
            if (save()) {
                reopenCourse.run();
            }
        });
        save.setDisable(!editable);
        saveReopen.setDisable(!editable);
        status.setText(editable ? file.toString() : file + " (inside a .zip pack: read-only; fix the pack's source and open it again)");
        status.getStyleClass().add(Styles.MUTED);
        BorderPane root = new BorderPane();
        root.getStyleClass().add(Styles.APP);
        root.setTop(new ToolBar(save, saveReopen, status));
        Scene scene = new Scene(root, 820, 600);
        scene.getStylesheets().add(Theme.appStylesheet());
        // the editor joins once the scene's root is its root: the editor styles its lines the moment it gets a scene,
        // and a root given to a new Scene gets the theme's .root class (where -color-… are defined) only after that —
        // every line logged "Could not resolve '-color-fg-default'" and went without the theme's colours
        root.setCenter(editor.node());
        stage.setScene(scene);
        stage.initOwner(owner);
        stage.setTitle(displayName + " — OrchLab");
        stage.setOnHidden(e -> editor.dispose());
    }

    /** Shows the window with the caret at a line (1-based; 0 for the file's start). */
    void show(int line) {
        stage.show();
        stage.toFront();
        editor.showLine(Math.max(1, line));
    }

    private boolean save() {
        try {
            Files.writeString(file, editor.getText());
            status.setText("Saved " + file);
            return true;
        } catch (IOException e) {
            status.setText("Could not save " + file + ": " + e.getMessage());
            return false;
        }
    }

    FileEditor editor() {
        return editor;
    }

    Stage stage() {
        return stage;
    }

    Path file() {
        return file;
    }
}
