package orchlab.desktop.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import orchlab.desktop.editor.TextDiff.DiffLine;
import orchlab.desktop.editor.TextDiff.Kind;

/**
 * Shows how the learner's file differs from another text (the solution), unified or side by side,
 * with line numbers and added/removed colours. A header names both sides and sums up the change;
 * the list is virtualised, so long files stay fast.
 */
public final class DiffView extends BorderPane {

    public enum Mode { UNIFIED, SIDE_BY_SIDE }

    /** One row of the side-by-side layout; a side is {@code null} where only the other text has a line. */
    record Row(DiffLine left, DiffLine right) {
    }

    private final List<DiffLine> lines;
    private final List<Row> rows;
    private final TextDiff.Stats stats;
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.UNIFIED);
    private final ListView<DiffLine> unified = new ListView<>();
    private final ListView<Row> sideBySide = new ListView<>();
    private final Label summary = new Label();

    /** "Your file" against "Solution". */
    public DiffView(String yourFile, String solution) {
        this("Your file", "Solution", yourFile, solution);
    }

    public DiffView(String originalTitle, String revisedTitle, String original, String revised) {
        getStyleClass().add(EditorStyles.DIFF_VIEW);
        getStylesheets().add(CodeEditor.STYLESHEET);
        this.lines = TextDiff.lines(original, revised);
        this.rows = pair(lines);
        this.stats = TextDiff.stats(lines);

        summary.getStyleClass().add(EditorStyles.DIFF_SUMMARY);
        summary.setText(summaryText(originalTitle, revisedTitle));
        Label titles = new Label(originalTitle + "  →  " + revisedTitle);
        titles.getStyleClass().add(EditorStyles.DIFF_TITLE);
        ToggleGroup group = new ToggleGroup();
        ToggleButton unifiedButton = new ToggleButton("Unified");
        ToggleButton splitButton = new ToggleButton("Side by side");
        unifiedButton.setToggleGroup(group);
        splitButton.setToggleGroup(group);
        unifiedButton.setSelected(true);
        unifiedButton.setOnAction(e -> setMode(Mode.UNIFIED));
        splitButton.setOnAction(e -> setMode(Mode.SIDE_BY_SIDE));
        mode.addListener((obs, old, now) -> {
            (now == Mode.UNIFIED ? unifiedButton : splitButton).setSelected(true);
            setCenter(now == Mode.UNIFIED ? unified : sideBySide);
        });
        titles.setMinWidth(Region.USE_PREF_SIZE);
        unifiedButton.setMinWidth(Region.USE_PREF_SIZE);
        splitButton.setMinWidth(Region.USE_PREF_SIZE);
        summary.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(8, titles, spacer, unifiedButton, splitButton);
        header.setAlignment(Pos.CENTER_LEFT);
        // the summary on a line of its own, wrapping: beside the titles and buttons it was cut ("2 lines only in your …")
        summary.setWrapText(true);
        summary.setMaxWidth(Double.MAX_VALUE);
        VBox top = new VBox(4, header, summary);
        top.getStyleClass().add(EditorStyles.DIFF_HEADER);
        setTop(top);

        int digits = Math.max(2, String.valueOf(Math.max(lines.size(), 1)).length());
        unified.getStyleClass().add(EditorStyles.DIFF_LIST);
        unified.getItems().setAll(lines);
        unified.setCellFactory(list -> new UnifiedCell(digits));
        sideBySide.getStyleClass().add(EditorStyles.DIFF_LIST);
        sideBySide.getItems().setAll(rows);
        sideBySide.setCellFactory(list -> new SideBySideCell(digits));
        setCenter(unified);
    }

    public List<DiffLine> lines() {
        return lines;
    }

    public TextDiff.Stats stats() {
        return stats;
    }

    /** Whether both texts have the same lines (nothing to replace). */
    public boolean isSame() {
        return stats.isEmpty();
    }

    /** The sentence in the header, e.g. {@code 2 lines only in Your file, 3 lines only in Solution}. */
    public String summary() {
        return summary.getText();
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public Mode getMode() {
        return mode.get();
    }

    public void setMode(Mode value) {
        mode.set(Objects.requireNonNull(value));
    }

    List<Row> rows() {
        return rows;
    }

    private String summaryText(String originalTitle, String revisedTitle) {
        if (stats.isEmpty()) {
            return originalTitle + " already matches " + revisedTitle + ".";
        }
        List<String> parts = new ArrayList<>();
        if (stats.removed() > 0) {
            parts.add(count(stats.removed()) + " only in " + originalTitle);
        }
        if (stats.added() > 0) {
            parts.add(count(stats.added()) + " only in " + revisedTitle);
        }
        return String.join(", ", parts);
    }

    private static String count(int n) {
        return n == 1 ? "1 line" : n + " lines";
    }

    /** Pairs each run of removed lines with the run of added lines after it, row by row. */
    static List<Row> pair(List<DiffLine> lines) {
        List<Row> rows = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            DiffLine line = lines.get(i);
            if (line.kind() == Kind.SAME) {
                rows.add(new Row(line, line));
                i++;
                continue;
            }
            List<DiffLine> removed = new ArrayList<>();
            List<DiffLine> added = new ArrayList<>();
            while (i < lines.size() && lines.get(i).kind() == Kind.REMOVED) {
                removed.add(lines.get(i++));
            }
            while (i < lines.size() && lines.get(i).kind() == Kind.ADDED) {
                added.add(lines.get(i++));
            }
            for (int k = 0; k < Math.max(removed.size(), added.size()); k++) {
                rows.add(new Row(k < removed.size() ? removed.get(k) : null, k < added.size() ? added.get(k) : null));
            }
        }
        return rows;
    }

    private static final List<String> KIND_CLASSES = List.of(EditorStyles.DIFF_SAME, EditorStyles.DIFF_REMOVED,
            EditorStyles.DIFF_ADDED, EditorStyles.DIFF_FILLER);

    private static String kindClass(DiffLine line) {
        if (line == null) {
            return EditorStyles.DIFF_FILLER;
        }
        return switch (line.kind()) {
            case SAME -> EditorStyles.DIFF_SAME;
            case REMOVED -> EditorStyles.DIFF_REMOVED;
            case ADDED -> EditorStyles.DIFF_ADDED;
        };
    }

    private static void setKind(javafx.scene.Node node, String styleClass) {
        node.getStyleClass().removeAll(KIND_CLASSES);
        if (styleClass != null) {
            node.getStyleClass().add(styleClass);
        }
    }

    private static Label label(String styleClass, double minWidthEm) {
        Label label = new Label();
        label.getStyleClass().add(styleClass);
        if (minWidthEm > 0) {
            label.setMinWidth(Region.USE_PREF_SIZE);
            label.setStyle("-fx-pref-width: " + minWidthEm + "em;");
            label.setAlignment(Pos.CENTER_RIGHT);
        }
        return label;
    }

    private static String number(int n) {
        return n <= 0 ? "" : Integer.toString(n);
    }

    private static final class UnifiedCell extends ListCell<DiffLine> {
        private final Label oldNo;
        private final Label newNo;
        private final Label sign = label(EditorStyles.DIFF_SIGN, 0);
        private final Label text = label(EditorStyles.DIFF_TEXT, 0);
        private final HBox box;

        UnifiedCell(int digits) {
            oldNo = label(EditorStyles.DIFF_LINE_NUMBER, digits * 0.75 + 0.5);
            newNo = label(EditorStyles.DIFF_LINE_NUMBER, digits * 0.75 + 0.5);
            box = new HBox(6, oldNo, newNo, sign, text);
            box.getStyleClass().add(EditorStyles.DIFF_ROW);
            HBox.setHgrow(text, Priority.ALWAYS);
            text.setMaxWidth(Double.MAX_VALUE);
            text.setMinWidth(Region.USE_PREF_SIZE);
            setText(null);
        }

        @Override
        protected void updateItem(DiffLine item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setKind(this, null);
                return;
            }
            oldNo.setText(number(item.oldLine()));
            newNo.setText(number(item.newLine()));
            sign.setText(switch (item.kind()) {
                case SAME -> " ";
                case REMOVED -> "−";
                case ADDED -> "+";
            });
            text.setText(item.text());
            setKind(this, kindClass(item));
            setGraphic(box);
        }
    }

    private static final class SideBySideCell extends ListCell<Row> {
        private final Label leftNo;
        private final Label rightNo;
        private final Label leftText = label(EditorStyles.DIFF_TEXT, 0);
        private final Label rightText = label(EditorStyles.DIFF_TEXT, 0);
        private final HBox left;
        private final HBox right;
        private final HBox box;

        SideBySideCell(int digits) {
            leftNo = label(EditorStyles.DIFF_LINE_NUMBER, digits * 0.75 + 0.5);
            rightNo = label(EditorStyles.DIFF_LINE_NUMBER, digits * 0.75 + 0.5);
            left = new HBox(6, leftNo, leftText);
            right = new HBox(6, rightNo, rightText);
            for (HBox side : List.of(left, right)) {
                HBox.setHgrow(side, Priority.ALWAYS);
                side.setMaxWidth(Double.MAX_VALUE);
                side.setPrefWidth(0);
            }
            leftText.setMaxWidth(Double.MAX_VALUE);
            rightText.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(leftText, Priority.ALWAYS);
            HBox.setHgrow(rightText, Priority.ALWAYS);
            box = new HBox(0, left, right);
            box.getStyleClass().add(EditorStyles.DIFF_ROW);
            setText(null);
        }

        @Override
        protected void updateItem(Row item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            leftNo.setText(item.left() == null ? "" : number(item.left().oldLine()));
            leftText.setText(item.left() == null ? "" : item.left().text());
            rightNo.setText(item.right() == null ? "" : number(item.right().newLine()));
            rightText.setText(item.right() == null ? "" : item.right().text());
            setKind(left, kindClass(item.left()));
            setKind(right, kindClass(item.right()));
            setGraphic(box);
        }
    }
}
