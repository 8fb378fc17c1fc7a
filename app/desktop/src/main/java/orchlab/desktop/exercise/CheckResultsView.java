package orchlab.desktop.exercise;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import orchlab.desktop.Styles;
import orchlab.engine.check.FieldFailure;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * One row per check: green or red, title, where it looked, message, and — expanded for failed
 * checks — every failing field with expected and actual, the wait and the hint. A spinner while a
 * check polls.
 */
public final class CheckResultsView extends BorderPane {
    private final ExerciseViewModel vm;
    /** The rows; each time they are laid out, a kept row is scrolled to (new rows have no position before that). */
    private final VBox list = new VBox(6) {
        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            if (keptRow >= 0) {
                javafx.application.Platform.runLater(CheckResultsView.this::scrollToKeptRow);
            }
        }
    };
    private final Label score = new Label();
    private final ScrollPane scroll = new ScrollPane(list);

    /** Opens a workspace file at a line ({@code Dockerfile:9} in a result). */
    public interface LineOpener {
        void open(String file, int line);
    }

    private static final java.util.regex.Pattern FILE_LINE = java.util.regex.Pattern.compile("^([\\w./-]+):(\\d+)");
    private LineOpener opener = (file, line) -> { };

    public CheckResultsView(ExerciseViewModel vm) {
        this.vm = vm;
        getStyleClass().add(Styles.RESULTS);
        Label title = new Label("Checks");
        title.getStyleClass().add(Styles.PANE_TITLE);
        score.getStyleClass().add(Styles.SCORE);
        score.textProperty().bind(vm.scoreProperty());
        HBox header = new HBox(10, title, score);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add(Styles.PANE_HEADER);
        setTop(header);
        list.setPadding(new Insets(6, 8, 8, 8));
        list.setFillWidth(true);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        vm.rows().addListener((ListChangeListener<CheckRow>) change -> {
            boolean newRows = wholeList(change);
            rebuild();
            showFirstFailure(newRows);
        });
        // the rows are replaced by new nodes on each update and get their place and size a pulse or two later: the
        // failing row is scrolled to after each layout of the list (and of the view), until the learner scrolls
        scroll.viewportBoundsProperty().addListener((o, a, b) -> javafx.application.Platform.runLater(this::scrollToKeptRow));
        scroll.addEventFilter(javafx.scene.input.ScrollEvent.SCROLL, e -> learnerScrolled());
        scroll.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> learnerScrolled());
        scroll.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> learnerScrolled());
        vm.exerciseProperty().addListener((o, before, now) -> rebuild());
        rebuild();
    }

    /** All rows were replaced (another exercise, a new check, its report), not one row updated. */
    private static boolean wholeList(ListChangeListener.Change<? extends CheckRow> change) {
        while (change.next()) {
            if (change.getFrom() == 0 && change.getAddedSize() == change.getList().size()) {
                return true;
            }
        }
        return false;
    }

    /** The row a finished report keeps in view (its first failing one), or -1. */
    private int keptRow = -1;
    /** The learner scrolled or clicked the list since its rows were replaced: it is theirs to scroll. */
    private boolean learnersScroll;

    private void learnerScrolled() {
        keptRow = -1;
        learnersScroll = true;
    }

    /**
     * New rows start at the top (not where the last exercise's list was scrolled); a finished report scrolls to its
     * first failing row, so the red field is in view without scrolling past the green ones.
     */
    private void showFirstFailure(boolean newRows) {
        if (newRows) {
            scroll.setVvalue(0);
            keptRow = -1;
            learnersScroll = false;
        }
        List<CheckRow> rows = vm.rows();
        boolean finished = rows.stream().noneMatch(r -> r.state() == CheckRow.State.RUNNING);
        int failing = java.util.stream.IntStream.range(0, rows.size())
                .filter(i -> rows.get(i).state() == CheckRow.State.FAILED || rows.get(i).state() == CheckRow.State.ERROR)
                .findFirst().orElse(-1);
        if (!finished || failing < 0 || learnersScroll) {
            return;
        }
        keptRow = failing;
        list.requestLayout();
    }

    /** Scrolls the kept row's top to the top of the view: its offset in the list over the part that does not fit. */
    private void scrollToKeptRow() {
        if (keptRow < 0 || keptRow >= list.getChildren().size() || list.isNeedsLayout()) {
            return; // not laid out yet: its next layout calls again
        }
        double hidden = list.getHeight() - scroll.getViewportBounds().getHeight();
        if (hidden > 0) {
            scroll.setVvalue(Math.min(1, list.getChildren().get(keptRow).getBoundsInParent().getMinY() / hidden));
        }
    }

    /** Makes {@code file:line} locations of workspace files clickable. */
    public void setLineOpener(LineOpener lineOpener) {
        this.opener = lineOpener;
        rebuild();
    }

    private void rebuild() {
        list.getChildren().setAll(vm.rows().stream().map(r -> row(r, vm.files(), opener)).toList());
        if (vm.rows().isEmpty()) {
            // with no exercise open (another course opened at a lesson, the first start) there is no "this exercise"
            Label empty = new Label(vm.exerciseProperty().get() == null ? "Open an exercise to see its checks here."
                    : "This exercise has no checks.");
            empty.setId("checks-empty");
            empty.getStyleClass().add(Styles.EMPTY_STATE);
            list.getChildren().add(empty);
        }
    }

    static Node row(CheckRow row, java.util.List<String> files, LineOpener opener) {
        Node icon = switch (row.state()) {
            case RUNNING -> {
                ProgressIndicator spinner = new ProgressIndicator();
                spinner.setPrefSize(16, 16);
                spinner.setMaxSize(16, 16);
                yield spinner;
            }
            case PASSED -> icon(Feather.CHECK_CIRCLE);
            case FAILED -> icon(Feather.X_CIRCLE);
            case ERROR -> icon(Feather.ALERT_TRIANGLE);
            case NOT_CHECKED -> icon(Feather.CIRCLE);
        };
        Label title = new Label(row.title());
        title.getStyleClass().add(Styles.RESULT_TITLE);
        title.setWrapText(true);
        VBox text = new VBox(2, title);
        if (!row.location().isEmpty()) {
            String shown = row.location() + (row.waited().isEmpty() ? "" : "  ·  " + row.waited());
            java.util.regex.Matcher m = FILE_LINE.matcher(row.location());
            if (m.find() && files.contains(m.group(1))) {
                javafx.scene.control.Hyperlink link = new javafx.scene.control.Hyperlink(shown);
                link.getStyleClass().add(Styles.RESULT_LOCATION);
                link.setPadding(javafx.geometry.Insets.EMPTY);
                String file = m.group(1);
                int lineNo = Integer.parseInt(m.group(2));
                link.setOnAction(e -> opener.open(file, lineNo));
                text.getChildren().add(link);
            } else {
                Label location = new Label(shown);
                location.getStyleClass().add(Styles.RESULT_LOCATION);
                text.getChildren().add(location);
            }
        }
        // a pass that says no more than the title (a check without its own words) is not said twice
        if (!row.message().isEmpty() && !row.message().equals(row.title())) {
            text.getChildren().add(withCode("", row.message(), Styles.RESULT_MESSAGE));
        }
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox line = new HBox(8, icon, text);
        line.setAlignment(Pos.TOP_LEFT);
        VBox box = new VBox(4, line);
        box.getStyleClass().addAll(Styles.RESULT_ROW, switch (row.state()) {
            case PASSED -> Styles.RESULT_PASSED;
            case FAILED -> Styles.RESULT_FAILED;
            case ERROR -> Styles.RESULT_ERROR;
            case RUNNING -> Styles.RESULT_RUNNING;
            case NOT_CHECKED -> Styles.RESULT_PENDING;
        });
        if (!row.failures().isEmpty() || !row.hint().isEmpty()) {
            VBox details = new VBox(4);
            if (!row.failures().isEmpty()) {
                details.getChildren().add(fields(row));
            }
            if (!row.hint().isEmpty()) {
                details.getChildren().add(withCode("Hint: ", row.hint(), Styles.HINT));
            }
            TitledPane expand = new TitledPane(row.failures().isEmpty() ? "Hint"
                    : row.failures().size() == 1 ? "1 field not as expected" : row.failures().size() + " fields not as expected", details);
            expand.setExpanded(true);
            expand.setAnimated(false);
            box.getChildren().add(expand);
        }
        box.setUserData(row.id());
        box.setId("check-" + row.id());
        return box;
    }

    /**
     * A check's words as the learner reads them, wrapped to the row's width: Markdown's {@code `code`} spans (a command
     * to type, a field) shown as code without their backticks, the rest as written — a lone backtick stays.
     */
    static TextFlow withCode(String prefix, String words, String styleClass) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().add(styleClass);
        StringBuilder plain = new StringBuilder(prefix);
        int from = 0;
        while (true) {
            int open = words.indexOf('`', from);
            int close = open < 0 ? -1 : words.indexOf('`', open + 1);
            if (close < 0) {
                break;
            }
            plain.append(words, from, open);
            if (close == open + 1) {
                plain.append("``"); // an empty span is no code: shown as written
            } else {
                addText(flow, plain);
                Text code = new Text(words.substring(open + 1, close));
                code.getStyleClass().addAll(Styles.RESULT_TEXT, Styles.RESULT_CODE);
                flow.getChildren().add(code);
            }
            from = close + 1;
        }
        plain.append(words, from, words.length());
        addText(flow, plain);
        return flow;
    }

    private static void addText(TextFlow flow, StringBuilder plain) {
        if (!plain.isEmpty()) {
            Text text = new Text(plain.toString());
            text.getStyleClass().add(Styles.RESULT_TEXT);
            flow.getChildren().add(text);
            plain.setLength(0);
        }
    }

    private static GridPane fields(CheckRow row) {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(3);
        // shares of the row, each column wrapping its words: a long field (a render's --set flags and the object's
        // path) must not squeeze expected and found to a letter each, as a grid shrinking its columns evenly does
        for (double share : new double[] {50, 25, 25}) {
            javafx.scene.layout.ColumnConstraints column = new javafx.scene.layout.ColumnConstraints();
            column.setPercentWidth(share);
            grid.getColumnConstraints().add(column);
        }
        grid.add(header("field"), 0, 0);
        grid.add(header("expected"), 1, 0);
        grid.add(header("found"), 2, 0);
        int r = 1;
        for (FieldFailure f : row.failures()) {
            Label path = new Label(f.path());
            path.getStyleClass().add(Styles.FIELD_PATH);
            path.setWrapText(true);
            Label expected = new Label(f.expected());
            expected.getStyleClass().add(Styles.FIELD_EXPECTED);
            expected.setWrapText(true);
            Label actual = new Label(switch (f.kind()) {
                case MISSING -> "not set";
                case DIFFERENT, UNEXPECTED -> f.actual();
            });
            actual.getStyleClass().add(Styles.FIELD_ACTUAL);
            actual.setWrapText(true);
            grid.addRow(r++, path, expected, actual);
        }
        return grid;
    }

    private static Label header(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.MUTED);
        return label;
    }

    private static FontIcon icon(Feather feather) {
        FontIcon icon = new FontIcon(feather);
        icon.setIconSize(16);
        return icon;
    }
}
