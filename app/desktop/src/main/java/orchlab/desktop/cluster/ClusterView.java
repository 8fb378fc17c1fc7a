package orchlab.desktop.cluster;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.Duration;
import orchlab.engine.helm.ReleaseSummary;
import orchlab.engine.live.Health;
import orchlab.engine.live.LiveEvent;
import orchlab.engine.live.LiveObject;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The live cluster view, like Lens or k9s: the namespace's objects as a tree (grouped by kind, Deployment ▸
 * ReplicaSet ▸ Pods) with a status badge, READY, RESTARTS and AGE; the events below; the selected object's YAML and
 * log on the right. Everything comes from a {@link ClusterViewModel}; the view only arranges it and keeps the
 * selection and the expanded rows stable as snapshots arrive.
 */
public final class ClusterView extends BorderPane {

    /** A row of the tree: a kind's group or an object. */
    sealed interface Row permits GroupRow, ObjectRow {
        String key();
    }

    record GroupRow(String kind, String title, int count) implements Row {
        @Override
        public String key() {
            return "group:" + kind;
        }
    }

    record ObjectRow(LiveObject object) implements Row {
        @Override
        public String key() {
            return ClusterNode.key(object);
        }
    }

    private final ClusterViewModel vm;
    private final TreeTableView<Row> tree = new TreeTableView<>();
    private final TreeItem<Row> root = new TreeItem<>();
    private final Map<String, TreeItem<Row>> items = new HashMap<>();
    private final TableView<LiveEvent> eventsTable = new TableView<>();
    private final TextArea yaml = new TextArea();
    private final TextArea logs = new TextArea();
    private final Timeline ageTicker;
    /** The tree and the YAML/Logs panel: side by side in a wide tab, the panel under the tree in a narrow one. */
    private final SplitPane upper;
    private boolean syncing;

    /**
     * Below this width the YAML/Logs panel goes under the tree instead of beside it: side by side in the Cluster tab of
     * a 1024×768 window (about 500 px) the panel got 170 px, its "Logs" tab went into the overflow menu and the
     * tree's Status column was cut. From this width up the tree keeps {@link #TREE_ROOM} and the panel at least
     * {@link #DETAILS_MIN_WIDTH}.
     */
    static final double SIDE_BY_SIDE_MIN_WIDTH = 820;
    /** The YAML/Logs panel beside the tree never gets less than this: both tab labels and a few YAML columns. */
    public static final double DETAILS_MIN_WIDTH = 300;
    /** The width the tree's columns need at their narrowest (their minimum widths, the scroll bar, the borders). */
    static final double TREE_ROOM = 500;
    /** The panel's share of a wide tab (beyond its minimum). */
    private static final double DETAILS_SHARE = 0.34;

    public ClusterView(ClusterViewModel viewModel) {
        this.vm = viewModel;
        getStyleClass().add(ClusterStyles.ROOT);
        getStylesheets().add(ClusterView.class.getResource(ClusterStyles.STYLESHEET).toExternalForm());

        setTop(header());
        upper = new SplitPane(treePane(), details());
        upper.setId("cluster-upper");
        upper.setOrientation(Orientation.VERTICAL);
        upper.setDividerPositions(0.6);
        widthProperty().addListener((o, was, now) -> arrange(now.doubleValue()));
        SplitPane all = new SplitPane(upper, lowerPane());
        all.setOrientation(Orientation.VERTICAL);
        all.setDividerPositions(0.68);
        setCenter(all);

        vm.groups().addListener((ListChangeListener<ClusterGroup>) c -> sync());
        sync();

        ageTicker = new Timeline(new KeyFrame(Duration.seconds(10), e -> {
            tree.refresh();
            eventsTable.refresh();
        }));
        ageTicker.setCycleCount(Animation.INDEFINITE);
        sceneProperty().addListener((obs, was, scene) -> {
            if (scene == null) {
                ageTicker.stop();
            } else {
                ageTicker.play();
            }
        });
    }

    /**
     * Puts the YAML/Logs panel beside the tree when the tab is wide enough for both ({@link #SIDE_BY_SIDE_MIN_WIDTH}),
     * under it otherwise; the divider is placed only when the arrangement changes, so a learner's drag stays.
     */
    private void arrange(double width) {
        if (width <= 0) {
            return;
        }
        boolean side = width >= SIDE_BY_SIDE_MIN_WIDTH;
        Orientation wanted = side ? Orientation.HORIZONTAL : Orientation.VERTICAL;
        if (upper.getOrientation() == wanted) {
            return;
        }
        upper.setOrientation(wanted);
        upper.setDividerPositions(side ? sideBySideDivider(width) : 0.6);
    }

    /** Where the divider goes side by side: the panel gets its share of the width, at least its minimum. */
    static double sideBySideDivider(double width) {
        double details = Math.max(DETAILS_MIN_WIDTH, DETAILS_SHARE * width);
        return Math.max(TREE_ROOM / width, 1 - details / width);
    }

    // ---- header: namespace, simulated note, problem --------------------------------------------------------------

    private Node header() {
        Label title = new Label();
        title.textProperty().bind(Bindings.createStringBinding(() -> vm.namespaceProperty().get().isEmpty() ? "Cluster"
                : "Namespace " + vm.namespaceProperty().get(), vm.namespaceProperty()));
        title.getStyleClass().add(Styles.TITLE_4);
        title.setGraphic(new FontIcon(Feather.LAYERS));
        HBox bar = new HBox(title);
        bar.getStyleClass().add(ClusterStyles.HEADER);

        Label simulated = banner(new FontIcon(Feather.INFO), ClusterStyles.SIMULATED);
        simulated.setText(vm.simulatedNote());
        simulated.visibleProperty().bind(vm.simulatedProperty());
        simulated.managedProperty().bind(simulated.visibleProperty());

        Label problem = banner(new FontIcon(Feather.ALERT_TRIANGLE), ClusterStyles.PROBLEM);
        problem.textProperty().bind(vm.problemProperty());
        problem.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        return new VBox(bar, simulated, problem);
    }

    private static Label banner(FontIcon icon, String styleClass) {
        Label label = new Label();
        label.setGraphic(icon);
        label.getStyleClass().addAll(ClusterStyles.BANNER, styleClass);
        label.setMaxWidth(Double.MAX_VALUE);
        label.setWrapText(true);
        return label;
    }

    // ---- the tree ------------------------------------------------------------------------------------------------

    private Node treePane() {
        tree.setRoot(root);
        tree.setShowRoot(false);
        tree.getStyleClass().addAll(ClusterStyles.TREE, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        Label placeholder = new Label();
        placeholder.textProperty().bind(vm.placeholderProperty());
        placeholder.getStyleClass().add(ClusterStyles.PLACEHOLDER);
        // the table's width, wrapped over as many lines as it takes (at its one-line width it was cut at both ends)
        placeholder.setMaxWidth(Double.MAX_VALUE);
        placeholder.setMinHeight(Region.USE_PREF_SIZE);
        tree.setPlaceholder(placeholder);

        TreeTableColumn<Row, Row> name = column("Name", 260, 110);
        name.setCellFactory(c -> new NameCell());
        TreeTableColumn<Row, Row> status = column("Status", 200, 110);
        status.setCellFactory(c -> new StatusCell());
        TreeTableColumn<Row, Row> ready = column("Ready", 68, 68);
        ready.setCellFactory(c -> new TextCell(r -> r instanceof ObjectRow o ? o.object().ready() : ""));
        TreeTableColumn<Row, Row> restarts = column("Restarts", 88, 88);
        restarts.setCellFactory(c -> new TextCell(r -> r instanceof ObjectRow o && o.object().kind().equals("Pod")
                ? String.valueOf(o.object().restarts()) : ""));
        TreeTableColumn<Row, Row> age = column("Age", 60, 56);
        age.setCellFactory(c -> new TextCell(r -> r instanceof ObjectRow o ? Ages.since(o.object().created(), Instant.now()) : ""));
        tree.getColumns().setAll(List.of(name, status, ready, restarts, age));

        tree.getSelectionModel().selectedItemProperty().addListener((obs, was, item) -> {
            if (syncing) {
                return;
            }
            vm.select(item != null && item.getValue() instanceof ObjectRow o ? o.object() : null);
        });
        return tree;
    }

    /**
     * A column of the tree: {@code width} when there is room, down to {@code least} in a narrow tab (a name or a status
     * cut to "…" with the whole in its tooltip or the YAML; a header's word whole) — together the least widths fit the
     * Cluster tab of a 1024×768 window, so no column is pushed out of view.
     */
    private static TreeTableColumn<Row, Row> column(String title, double width, double least) {
        TreeTableColumn<Row, Row> column = new TreeTableColumn<>(title);
        column.setPrefWidth(width);
        column.setMinWidth(least);
        column.setSortable(false);
        column.setCellValueFactory(c -> c.getValue() == null ? new ReadOnlyObjectWrapper<>() : c.getValue().valueProperty());
        return column;
    }

    /** Brings the tree in line with the view model's groups, reusing rows so selection and expansion stay. */
    private void sync() {
        syncing = true;
        try {
            TreeItem<Row> selectedItem = tree.getSelectionModel().getSelectedItem();
            String selectedKey = selectedItem == null || selectedItem.getValue() == null ? null : selectedItem.getValue().key();
            Set<String> seen = new HashSet<>();
            List<TreeItem<Row>> top = new ArrayList<>();
            for (ClusterGroup group : vm.groups()) {
                TreeItem<Row> item = item(new GroupRow(group.kind(), group.title(), group.nodes().size()), true, seen);
                children(item, group.nodes(), seen);
                top.add(item);
            }
            setChildren(root, top);
            items.keySet().retainAll(seen);

            TreeItem<Row> wanted = selectedKey == null ? null : items.get(selectedKey);
            if (wanted != null && tree.getSelectionModel().getSelectedItem() != wanted) {
                tree.getSelectionModel().select(wanted);
            } else if (wanted == null && selectedKey != null) {
                tree.getSelectionModel().clearSelection();
            }
        } finally {
            syncing = false;
        }
    }

    private void children(TreeItem<Row> parent, List<ClusterNode> nodes, Set<String> seen) {
        List<TreeItem<Row>> list = new ArrayList<>();
        for (ClusterNode node : nodes) {
            TreeItem<Row> item = item(new ObjectRow(node.object()), !node.children().isEmpty(), seen);
            children(item, node.children(), seen);
            list.add(item);
        }
        setChildren(parent, list);
    }

    private TreeItem<Row> item(Row row, boolean expandedAtFirst, Set<String> seen) {
        seen.add(row.key());
        TreeItem<Row> item = items.get(row.key());
        if (item == null) {
            item = new TreeItem<>(row);
            item.setExpanded(expandedAtFirst);
            items.put(row.key(), item);
        } else if (!row.equals(item.getValue())) {
            item.setValue(row);
        }
        return item;
    }

    private static void setChildren(TreeItem<Row> parent, List<TreeItem<Row>> children) {
        if (!parent.getChildren().equals(children)) {
            parent.getChildren().setAll(children);
        }
    }

    /** Badge and name; a group shows its title and count. */
    private static final class NameCell extends TreeTableCell<Row, Row> {
        private final Circle badge = new Circle(5);

        NameCell() {
            badge.getStyleClass().add(ClusterStyles.BADGE);
        }

        @Override
        protected void updateItem(Row row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().remove(ClusterStyles.GROUP);
            setTooltip(null);
            if (empty || row == null) {
                setText(null);
                setGraphic(null);
            } else if (row instanceof GroupRow g) {
                setText(g.title() + " (" + g.count() + ")");
                setGraphic(null);
                getStyleClass().add(ClusterStyles.GROUP);
            } else if (row instanceof ObjectRow o) {
                LiveObject object = o.object();
                setText(object.name());
                badge.getStyleClass().setAll(ClusterStyles.BADGE, ClusterStyles.badge(object.health()));
                setGraphic(badge);
                setTooltip(new Tooltip(object.kind() + " " + object.name() + " — " + health(object.health())
                        + (object.detail().isEmpty() ? "" : "\n" + object.detail())));
            }
        }
    }

    static String health(Health health) {
        return switch (health) {
            case OK -> "ok";
            case PROGRESSING -> "on its way";
            case FAILING -> "needs attention";
            case UNKNOWN -> "state unknown";
        };
    }

    private static final class StatusCell extends TreeTableCell<Row, Row> {
        @Override
        protected void updateItem(Row row, boolean empty) {
            super.updateItem(row, empty);
            for (Health h : Health.values()) {
                getStyleClass().remove(ClusterStyles.status(h));
            }
            if (empty || !(row instanceof ObjectRow o)) {
                setText(null);
                return;
            }
            setText(o.object().status());
            getStyleClass().add(ClusterStyles.status(o.object().health()));
        }
    }

    private static final class TextCell extends TreeTableCell<Row, Row> {
        private final java.util.function.Function<Row, String> text;

        TextCell(java.util.function.Function<Row, String> text) {
            this.text = text;
        }

        @Override
        protected void updateItem(Row row, boolean empty) {
            super.updateItem(row, empty);
            setText(empty || row == null ? null : text.apply(row));
        }
    }

    // ---- details: YAML and logs ----------------------------------------------------------------------------------

    private Node details() {
        yaml.setEditable(false);
        yaml.getStyleClass().add(ClusterStyles.YAML);
        yaml.setPromptText("Select an object to see its YAML.");
        yaml.textProperty().bind(vm.selectedYamlProperty());

        logs.setEditable(false);
        logs.getStyleClass().add(ClusterStyles.LOGS);
        logs.setPromptText("Select a Pod to see its log.");
        logs.textProperty().bind(vm.logsProperty());

        Button refresh = new Button("Refresh", new FontIcon(Feather.REFRESH_CW));
        refresh.setOnAction(e -> vm.refreshLogs());
        refresh.disableProperty().bind(vm.logsAvailableProperty().not());
        Label tail = new Label("last " + ClusterViewModel.LOG_TAIL_LINES + " lines");
        tail.getStyleClass().add(ClusterStyles.MUTED);
        BorderPane logPane = new BorderPane(logs);
        logPane.setTop(new ToolBar(refresh, tail));

        Tab yamlTab = new Tab("YAML", yaml);
        yamlTab.setGraphic(new FontIcon(Feather.FILE_TEXT));
        Tab logTab = new Tab("Logs", logPane);
        logTab.setGraphic(new FontIcon(Feather.ALIGN_LEFT));
        TabPane tabs = new TabPane(yamlTab, logTab);
        tabs.setId("cluster-details");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setMinWidth(DETAILS_MIN_WIDTH);
        return tabs;
    }

    // ---- events --------------------------------------------------------------------------------------------------

    /** Events, and the namespace's Helm releases beside them. */
    private Node lowerPane() {
        Tab eventsTab = new Tab("Events", eventsPane());
        eventsTab.setClosable(false);
        Tab releasesTab = new Tab("Helm releases", releasesPane());
        releasesTab.setClosable(false);
        releasesTab.setId("cluster-releases-tab");
        releasesTab.textProperty().bind(Bindings.createStringBinding(() -> vm.releases().isEmpty() ? "Helm releases"
                : "Helm releases (" + vm.releases().size() + ")", vm.releases()));
        TabPane lower = new TabPane(eventsTab, releasesTab);
        lower.getStyleClass().add(Styles.DENSE);
        return lower;
    }

    /** {@code helm list}: NAME, REVISION, UPDATED, STATUS, CHART, APP VERSION, as Helm prints them. */
    private Node releasesPane() {
        TableView<ReleaseSummary> table = new TableView<>(vm.releases());
        table.setId("cluster-releases");
        table.getStyleClass().addAll(ClusterStyles.RELEASES, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        table.setPlaceholder(placeholderLabel("No Helm releases in this namespace."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                releaseColumn("Name", 140, ReleaseSummary::name),
                releaseColumn("Revision", 70, r -> String.valueOf(r.revision())),
                releaseColumn("Chart", 170, ReleaseSummary::chart),
                releaseColumn("App version", 100, ReleaseSummary::appVersion),
                releaseColumn("Status", 100, ReleaseSummary::status),
                releaseColumn("Updated", 200, r -> r.updated().equals(Instant.EPOCH) ? ""
                        : Ages.since(r.updated(), Instant.now()) + " ago (" + r.updated().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")")));
        Label problem = banner(new FontIcon(Feather.ALERT_TRIANGLE), ClusterStyles.PROBLEM);
        problem.textProperty().bind(vm.releasesProblemProperty());
        problem.visibleProperty().bind(vm.releasesProblemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(problem, table);
    }

    private static TableColumn<ReleaseSummary, String> releaseColumn(String title, double width,
                                                                    java.util.function.Function<ReleaseSummary, String> text) {
        TableColumn<ReleaseSummary, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(text.apply(c.getValue())));
        return column;
    }

    private Node eventsPane() {
        eventsTable.getStyleClass().addAll(ClusterStyles.EVENTS, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        eventsTable.setItems(vm.events());
        eventsTable.setPlaceholder(placeholderLabel("No events yet."));
        eventsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableColumn<LiveEvent, LiveEvent> type = eventColumn("Type", 90, 76);
        type.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(LiveEvent e, boolean empty) {
                super.updateItem(e, empty);
                getStyleClass().removeAll(ClusterStyles.EVENT_WARNING, ClusterStyles.EVENT_NORMAL);
                if (empty || e == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(e.type());
                setGraphic(new FontIcon(e.warning() ? Feather.ALERT_TRIANGLE : Feather.INFO));
                getStyleClass().add(e.warning() ? ClusterStyles.EVENT_WARNING : ClusterStyles.EVENT_NORMAL);
            }
        });
        TableColumn<LiveEvent, LiveEvent> reason = eventColumn("Reason", 130, 84);
        reason.setCellFactory(c -> eventText(LiveEvent::reason));
        TableColumn<LiveEvent, LiveEvent> object = eventColumn("Object", 200, 96);
        object.setCellFactory(c -> eventText(LiveEvent::object));
        TableColumn<LiveEvent, LiveEvent> count = eventColumn("Count", 64, 64);
        count.setCellFactory(c -> eventText(e -> e.count() > 1 ? "×" + e.count() : ""));
        TableColumn<LiveEvent, LiveEvent> age = eventColumn("Age", 56, 56);
        age.setCellFactory(c -> eventText(e -> Ages.since(e.lastSeen(), Instant.now())));
        TableColumn<LiveEvent, LiveEvent> message = eventColumn("Message", 400, 90);
        message.setCellFactory(c -> eventText(LiveEvent::message));
        eventsTable.getColumns().setAll(List.of(type, reason, object, count, age, message));

        vm.events().addListener((ListChangeListener<LiveEvent>) c -> {
            if (!vm.events().isEmpty()) {
                eventsTable.scrollTo(vm.events().size() - 1);
            }
        });
        return eventsTable;
    }

    /** An events column: {@code width} when there is room, down to {@code least} (together they fit a 1024×768 Cluster tab). */
    private static TableColumn<LiveEvent, LiveEvent> eventColumn(String title, double width, double least) {
        TableColumn<LiveEvent, LiveEvent> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setMinWidth(least);
        column.setSortable(false);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        return column;
    }

    private static TableCell<LiveEvent, LiveEvent> eventText(java.util.function.Function<LiveEvent, String> text) {
        return new TableCell<>() {
            @Override
            protected void updateItem(LiveEvent e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : text.apply(e));
            }
        };
    }

    private static Label placeholderLabel(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(ClusterStyles.PLACEHOLDER);
        label.setMaxWidth(Double.MAX_VALUE);
        label.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(label, Priority.ALWAYS);
        return label;
    }

    // ---- for tests -----------------------------------------------------------------------------------------------

    TreeTableView<Row> tree() {
        return tree;
    }

    TableView<LiveEvent> eventsTable() {
        return eventsTable;
    }

    SplitPane upper() {
        return upper;
    }
}
