package orchlab.desktop.navigator;

import java.util.HashMap;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import orchlab.desktop.Styles;
import orchlab.desktop.navigator.NavItem.Mark;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The course tree with a mark per entry and the course progress bar above it. */
public final class NavigatorView extends BorderPane {
    private final NavigatorViewModel vm;
    private final TreeView<NavItem> tree = new TreeView<>();
    private final Map<String, TreeItem<NavItem>> items = new HashMap<>();
    private boolean selecting;

    public NavigatorView(NavigatorViewModel vm) {
        this.vm = vm;
        getStyleClass().add(Styles.NAVIGATOR);
        Label course = new Label();
        course.textProperty().bind(vm.courseTitleProperty());
        course.getStyleClass().add(Styles.PANE_TITLE);
        course.setWrapText(true);
        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(vm.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.getStyleClass().add(Styles.COURSE_PROGRESS);
        bar.setId("course-progress");
        Label progress = new Label();
        progress.textProperty().bind(vm.progressTextProperty());
        progress.getStyleClass().add(Styles.MUTED);
        VBox header = new VBox(6, course, bar, progress);
        header.setPadding(new Insets(10));
        setTop(header);

        tree.setShowRoot(false);
        tree.setId("course-tree");
        tree.setCellFactory(t -> new Cell());
        VBox.setVgrow(tree, Priority.ALWAYS);
        setCenter(tree);

        vm.modules().addListener((ListChangeListener<NavigatorViewModel.Node>) c -> rebuild());
        vm.marks().addListener((MapChangeListener<String, Mark>) c -> tree.refresh());
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (!selecting && item != null) {
                vm.selectedProperty().set(item.getValue());
            }
        });
        vm.selectedProperty().addListener((o, a, item) -> reveal(item));
        rebuild();
    }

    private void rebuild() {
        items.clear();
        TreeItem<NavItem> root = new TreeItem<>();
        for (NavigatorViewModel.Node module : vm.modules()) {
            TreeItem<NavItem> moduleItem = add(root, module.item());
            moduleItem.setExpanded(true);
            for (NavigatorViewModel.Node lesson : module.children()) {
                TreeItem<NavItem> lessonItem = add(moduleItem, lesson.item());
                lessonItem.setExpanded(true);
                for (NavigatorViewModel.Node exercise : lesson.children()) {
                    add(lessonItem, exercise.item());
                }
            }
        }
        tree.setRoot(root);
        reveal(vm.selectedProperty().get());
    }

    private TreeItem<NavItem> add(TreeItem<NavItem> parent, NavItem item) {
        TreeItem<NavItem> treeItem = new TreeItem<>(item);
        parent.getChildren().add(treeItem);
        items.put(item.key(), treeItem);
        return treeItem;
    }

    private void reveal(NavItem item) {
        if (item == null) {
            return;
        }
        TreeItem<NavItem> treeItem = items.get(item.key());
        if (treeItem == null || tree.getSelectionModel().getSelectedItem() == treeItem) {
            return;
        }
        selecting = true;
        try {
            tree.getSelectionModel().select(treeItem);
            int row = tree.getRow(treeItem);
            if (row >= 0) {
                tree.scrollTo(Math.max(0, row - 3));
            }
        } finally {
            selecting = false;
        }
    }

    /**
     * One row. A row is updated for every row on every refresh (each mark, each scroll): it keeps one icon, changes its
     * glyph and status style class only when they change, and makes its tooltip (the whole title and the exercise's
     * state) only when the mouse enters it, from what the row shows then.
     */
    private final class Cell extends TreeCell<NavItem> {
        private final FontIcon icon = new FontIcon(Feather.CIRCLE);
        private String status;
        private Ikon glyph = Feather.CIRCLE;

        Cell() {
            // a long title ends in "…" at the pane's edge (its tooltip has it whole) instead of widening the rows: the
            // tree measures its rows by their preferred width and scrolled the whole column sideways for one title
            setPrefWidth(0);
            setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
            addEventHandler(javafx.scene.input.MouseEvent.MOUSE_ENTERED, e -> updateTooltip());
            // a row scrolled under the mouse is not entered: the first move over it makes its tooltip
            addEventHandler(javafx.scene.input.MouseEvent.MOUSE_MOVED, e -> {
                if (getTooltip() == null) {
                    updateTooltip();
                }
            });
        }

        @Override
        protected void updateItem(NavItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                setStatus(null);
                setTooltip(null);
                return;
            }
            setText(item.title());
            if (vm.isBroken(item)) {
                setGlyph(Feather.ALERT_TRIANGLE, true);
                setStatus(Styles.NAV_STATUS_BROKEN);
            } else {
                Mark mark = vm.markOf(item);
                setGlyph(switch (item.type()) {
                    case MODULE -> Feather.LAYERS;
                    case LESSON -> mark == Mark.DONE ? Feather.CHECK_CIRCLE : Feather.BOOK;
                    case EXERCISE -> switch (mark) {
                        case DONE -> Feather.CHECK_CIRCLE;
                        case ATTEMPTED -> Feather.PLAY_CIRCLE;
                        case NOT_STARTED -> Feather.CIRCLE;
                    };
                }, false);
                setStatus(switch (mark) {
                    case DONE -> Styles.NAV_STATUS_DONE;
                    case ATTEMPTED -> Styles.NAV_STATUS_ATTEMPTED;
                    case NOT_STARTED -> Styles.NAV_STATUS_NONE;
                });
            }
            if (getTooltip() != null) {
                updateTooltip();   // already hovered once: keep its words current
            }
        }

        private void setGlyph(Ikon wanted, boolean warning) {
            if (glyph != wanted) {
                icon.setIconCode(wanted);
                glyph = wanted;
            }
            if (warning != icon.getStyleClass().contains(Styles.WARNING_ICON)) {
                if (warning) {
                    icon.getStyleClass().add(Styles.WARNING_ICON);
                } else {
                    icon.getStyleClass().remove(Styles.WARNING_ICON);
                }
            }
            if (getGraphic() != icon) {
                setGraphic(icon);
            }
        }

        private void setStatus(String wanted) {
            if (java.util.Objects.equals(status, wanted)) {
                return;
            }
            if (status != null) {
                getStyleClass().remove(status);
            }
            if (wanted != null) {
                getStyleClass().add(wanted);
            }
            status = wanted;
        }

        /** Titles are cut at the pane's edge: the tooltip has the whole title (and an exercise's state). */
        private void updateTooltip() {
            NavItem item = getItem();
            if (isEmpty() || item == null) {
                setTooltip(null);
                return;
            }
            String text = tooltipText(item);
            if (getTooltip() == null) {
                setTooltip(new javafx.scene.control.Tooltip(text));
            } else if (!text.equals(getTooltip().getText())) {
                getTooltip().setText(text);
            }
        }

        private String tooltipText(NavItem item) {
            if (vm.isBroken(item)) {
                return item.id() + "\nThis exercise could not be loaded: open it to see its problems";
            }
            if (item.type() != NavItem.Type.EXERCISE) {
                return item.title();
            }
            return item.title() + "\n" + switch (vm.markOf(item)) {
                case DONE -> "Done: all checks passed";
                case ATTEMPTED -> "Attempted: checked, not all green yet";
                case NOT_STARTED -> "Not started";
            };
        }
    }
}
