package orchlab.desktop;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import orchlab.engine.course.Problem;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Every problem of the open course or pack, with file:line:column and what to do (the app keeps working); below them,
 * what the open editors underline in the learner's files.
 */
public final class ProblemsView extends BorderPane {

    public ProblemsView(MainViewModel vm) {
        this(vm, FXCollections.observableArrayList(), (file, line) -> { }, p -> { });
    }

    /**
     * @param fileProblems what the open editors underline (helm lint, the Istio analyzer, YAML and schema checks, Dockerfile rules)
     * @param openFile     shows a workspace file at a line (a click on one of {@code fileProblems})
     * @param openPackFile shows the course's own file at a problem's line (a double-click on one of the course's problems)
     */
    public ProblemsView(MainViewModel vm, ObservableList<Problem> fileProblems, BiConsumer<String, Integer> openFile,
                        Consumer<Problem> openPackFile) {
        getStyleClass().add(Styles.PROBLEMS);
        Label header = new Label();
        header.getStyleClass().add(Styles.PANE_HEADER);
        header.setWrapText(true);
        ListView<Problem> list = wrappingList(vm.problems(), openPackFile);
        list.setId("problems-list");
        Runnable update = () -> header.setText(vm.problems().isEmpty() ? "No problems in the open course."
                : vm.problems().size() + " problem(s) in " + vm.problemsSourceProperty().get()
                + " — the parts that loaded can be used; double-click one to open its file at the line,"
                + " fix it and open the pack again.");
        vm.problems().addListener((ListChangeListener<Problem>) c -> update.run());
        vm.problemsSourceProperty().addListener((o, a, b) -> update.run());
        update.run();
        setTop(header);
        // the course's list takes no room while the course has no problems
        list.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.problems()));
        list.managedProperty().bind(list.visibleProperty());
        setCenter(new VBox(list, filesHeader(fileProblems), filesList(fileProblems, openFile)));
        VBox.setVgrow(list, Priority.ALWAYS);
    }

    private static Label filesHeader(ObservableList<Problem> fileProblems) {
        Label header = new Label();
        header.getStyleClass().add(Styles.PANE_HEADER);
        Runnable update = () -> header.setText(fileProblems.isEmpty() ? "No problems in your open files."
                : fileProblems.size() + " problem(s) in your open files — double-click one to go to its line.");
        fileProblems.addListener((ListChangeListener<Problem>) c -> update.run());
        update.run();
        return header;
    }

    private static ListView<Problem> filesList(ObservableList<Problem> fileProblems, BiConsumer<String, Integer> openFile) {
        ListView<Problem> list = wrappingList(fileProblems, p -> openFile.accept(p.location().file(), p.location().line()));
        list.setId("file-problems-list");
        list.setPrefHeight(140);
        VBox.setVgrow(list, Priority.ALWAYS);
        return list;
    }

    /**
     * Problems, each as its whole message wrapped to the list's width (never cut, never scrolled sideways); a
     * double-click or Enter on one opens it.
     */
    static ListView<Problem> wrappingList(ObservableList<Problem> problems, Consumer<Problem> open) {
        ListView<Problem> list = new ListView<>(problems);
        list.setCellFactory(l -> new ProblemCell(l));
        list.setOnMouseClicked(e -> {
            Problem p = list.getSelectionModel().getSelectedItem();
            if (p != null && e.getClickCount() == 2) {
                open.accept(p);
            }
        });
        list.setOnKeyPressed(e -> {
            Problem p = list.getSelectionModel().getSelectedItem();
            if (p != null && e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                open.accept(p);
            }
        });
        return list;
    }

    /**
     * A problem with its level's icon and its whole message, wrapped. The message is a {@link Text} wrapped at a width
     * derived from the list's, so the row's height is that of the wrapped lines: a wrapping {@code ListCell} text was
     * given a height for fewer lines than it drew and cut after two ("allowed: kubernetes, ...", seen at 1024×768).
     */
    static final class ProblemCell extends ListCell<Problem> {
        /** The cell's padding, the icon and the gap after it, and room for the list's vertical scroll bar. */
        private static final double BESIDE_TEXT = 8 + 16 + 6 + 18;
        /** The message's font, set here rather than in CSS so that the height is measured with the font drawn. */
        static final javafx.scene.text.Font FONT = javafx.scene.text.Font.font("DejaVu Sans Mono", 12);
        private final Text message = new Text();
        private final FontIcon icon = new FontIcon();
        private final HBox row = new HBox(6, icon, message);

        ProblemCell(ListView<Problem> list) {
            getStyleClass().add("problem-cell");
            message.getStyleClass().add("problem-message");
            message.setFont(FONT);
            message.fillProperty().bind(textFillProperty());
            message.wrappingWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                    () -> Math.max(80, list.getWidth() - BESIDE_TEXT), list.widthProperty()));
            row.setAlignment(javafx.geometry.Pos.TOP_LEFT);
            setAlignment(javafx.geometry.Pos.TOP_LEFT);
            // the row is as wide as the list (never wider: no sideways scroll) and as high as the wrapped message
            setPrefWidth(0);
            setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        }

        /**
         * The wrapped message's own height: a {@code Text} asked for its height at another width measures itself
         * wrapped there, and the cell's skin asks at the cell's width (the row came out a few pixels short).
         */
        @Override
        protected double computePrefHeight(double width) {
            if (getGraphic() == null) {
                return super.computePrefHeight(width);
            }
            return snappedTopInset() + Math.max(icon.prefHeight(-1), Math.ceil(message.getLayoutBounds().getHeight()))
                    + snappedBottomInset();
        }

        @Override
        protected double computeMinHeight(double width) {
            return getGraphic() == null ? super.computeMinHeight(width) : computePrefHeight(width);
        }

        @Override
        protected void updateItem(Problem p, boolean empty) {
            super.updateItem(p, empty);
            setText(null);
            if (empty || p == null) {
                setGraphic(null);
                return;
            }
            message.setText(p.format());
            icon.setIconCode(p.isError() ? Feather.X_OCTAGON : Feather.ALERT_TRIANGLE);
            setGraphic(row);
        }
    }
}
