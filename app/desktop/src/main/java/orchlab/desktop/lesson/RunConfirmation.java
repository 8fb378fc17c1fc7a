package orchlab.desktop.lesson;

import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;

/**
 * "Run in terminal" with more than one line (several commands, or a here-document) first shows exactly what will be
 * typed and asks; one single-line command runs at once. A lesson is pack content: the learner sees a multi-line
 * script before their shell runs it.
 */
final class RunConfirmation {
    static final ButtonType RUN = new ButtonType("Run in terminal", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType CANCEL = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);

    private RunConfirmation() {
    }

    /** Whether the text is more than one line and so needs the learner's yes. */
    static boolean needed(String text) {
        return text.indexOf('\n') >= 0;
    }

    /** Runs {@code run} at once for one line; else after the learner pressed {@link #RUN} in the dialog (not shown modal-blocking). */
    static void thenRun(Node from, String text, Runnable run) {
        if (!needed(text)) {
            run.run();
            return;
        }
        long lines = text.lines().count();
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", RUN, CANCEL);
        alert.setTitle("Run in terminal");
        alert.setHeaderText("Type these " + lines + " lines into the terminal and run them?");
        TextArea shown = new TextArea(text);
        shown.setEditable(false);
        shown.setWrapText(false);
        shown.setPrefRowCount((int) Math.min(12, lines + 1));
        shown.getStyleClass().add("run-confirmation-text");
        alert.getDialogPane().setContent(shown);
        if (from != null && from.getScene() != null) {
            alert.initOwner(from.getScene().getWindow());
        }
        alert.setOnHidden(e -> {
            if (alert.getResult() == RUN) {
                run.run();
            }
        });
        alert.show();
    }
}
