package orchlab.desktop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import orchlab.desktop.exercise.ExerciseView;
import orchlab.desktop.exercise.Notice;
import orchlab.desktop.exercise.NoticeBanner;
import orchlab.desktop.lesson.LessonView;
import orchlab.desktop.navigator.NavigatorView;
import orchlab.desktop.settings.Settings;
import orchlab.desktop.settings.SettingsDialog;
import orchlab.desktop.status.StatusBarView;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The lab window: course navigator | lesson | exercise (editor, checks) over terminal / cluster /
 * output / problems, with the menu on top and the sandbox status bar at the bottom. Remembers its
 * layout.
 */
public final class MainWindow {
    private final MainViewModel vm;
    private final Parts parts;
    private final Stage stage;
    private final BorderPane root = new BorderPane();
    private final SplitPane columns = new SplitPane();
    private final SplitPane work = new SplitPane();
    private final TabPane bottom = new TabPane();
    private final VBox messages = new VBox();
    private final ExerciseView exerciseView;
    private final BrokenExerciseView brokenExerciseView;
    /** What the column above the bottom panel shows: the exercise, or the page of a broken one. */
    private javafx.scene.Node exercisePanel;
    private final java.util.Map<Path, PackFileWindow> packFiles = new java.util.HashMap<>();
    private final Tab problemsTab;
    private boolean closed;
    /** What Help ▸ Keyboard shortcuts lists ("Ctrl" is Cmd on a Mac). */
    static final String[][] SHORTCUTS = {
        {"Ctrl+Enter", "Apply the open file (Build & Run for a Docker exercise)"},
        {"Ctrl+Shift+Enter", "Check the exercise"},
        {"Ctrl+S", "Save your files (they are also saved as you type)"},
        {"Tab (in YAML)", "Insert two spaces: YAML does not allow tab characters"},
        {"Ctrl+Shift+M", "Maximise the bottom panel, or restore the exercise (or double-click a tab)"},
        {"Ctrl+Shift+F", "Focus mode: hide the course and the lesson, the exercise gets the window (again to show them)"},
        {"Ctrl+O", "Open a course folder"},
        {"Ctrl+,", "Settings"},
        {"F1", "This list"},
        {"Ctrl+Q", "Quit"},
    };
    private final javafx.beans.property.BooleanProperty bottomMaximised = new javafx.beans.property.SimpleBooleanProperty();
    private double dividerBeforeMaximised = DEFAULT_WORK_DIVIDER;
    private final javafx.beans.property.BooleanProperty focusMode = new javafx.beans.property.SimpleBooleanProperty();
    /** The navigator and the lesson, taken out of the columns in focus mode, and where their dividers were. */
    private javafx.scene.Node navigatorPane;
    private javafx.scene.Node lessonPane;
    private double[] columnsBeforeFocus = {0.19, 0.52};
    /**
     * Stands where the exercise column ({@link #work}: the exercise panel over the bottom tabs) will be while the app
     * starts ({@link #deferWorkColumn}); null once the column is in the window (always, unless deferred).
     */
    private javafx.scene.layout.Region workPlaceholder;
    /** The exercise panel's share of the column above the bottom panel, the first time. */
    static final double DEFAULT_WORK_DIVIDER = 0.72;
    /** The bottom panel never shrinks below its tabs and a few lines. */
    private static final double MIN_BOTTOM = 90;

    public MainWindow(MainViewModel vm, Parts parts, Stage stage) {
        this.vm = vm;
        this.parts = parts;
        this.stage = stage;
        root.getStyleClass().add(Styles.APP);

        NavigatorView navigator = new NavigatorView(vm.navigator());
        LessonView lesson = new LessonView(vm.lesson(), parts.markdown());
        exerciseView = new ExerciseView(vm.exercise(), parts.editors(),
                text -> parts.markdown().render(text, vm.lesson().baseDir(), vm.lesson().courseRoot()), parts.diffs());

        OutputView output = new OutputView(vm.exercise().outputProperty());
        output.setId("apply-output");
        orchlab.desktop.exercise.CheckResultsView results = new orchlab.desktop.exercise.CheckResultsView(vm.exercise());
        results.setLineOpener((file, line) -> {
            exerciseView.select(file);
            exerciseView.editor(file).ifPresent(editor -> editor.showLine(line));
        });
        Tab checksTab = tab("Checks", Feather.CHECK_SQUARE, results);
        vm.exercise().checkingProperty().addListener((o, a, checking) -> {
            if (checking) {
                bottom.getSelectionModel().select(checksTab);
            }
        });
        vm.exercise().scoreProperty().addListener((o, a, score) -> name(checksTab, score == null || score.isEmpty()
                ? "Checks" : "Checks · " + score.replace(" checks passed", "")));
        Tab terminalTab = tab("Terminal", Feather.TERMINAL, parts.terminal().node());
        Tab clusterTab = tab("Cluster", Feather.SERVER, parts.cluster().node());
        Tab outputTab = tab("Output", Feather.LIST, output);
        problemsTab = tab("Problems", Feather.ALERT_OCTAGON, new ProblemsView(vm, parts.fileProblems(), (file, line) -> {
            exerciseView.select(file);
            exerciseView.editor(file).ifPresent(editor -> editor.showLine(line));
        }, this::openPackFile));
        brokenExerciseView = new BrokenExerciseView(this::openPackFile, vm::reopenCourse);
        exercisePanel = exerciseView;
        vm.brokenExerciseProperty().addListener((o, a, broken) -> {
            if (broken != null) {
                brokenExerciseView.show(broken);
            }
            showExercisePanel(broken != null ? brokenExerciseView : exerciseView);
        });
        bottom.getTabs().addAll(checksTab, terminalTab, clusterTab, outputTab, problemsTab);
        // the tabs behind the first get their panel when first selected, or once an exercise (or a broken one's page) is
        // open: the window's first frame does not make the skins and CSS of panels no one sees yet
        List<Runnable> attachLater = new ArrayList<>();
        for (Tab t : List.of(terminalTab, clusterTab, outputTab, problemsTab)) {
            javafx.scene.Node content = t.getContent();
            t.setContent(null);
            Runnable attach = () -> {
                if (t.getContent() == null) {
                    t.setContent(content);
                }
            };
            t.selectedProperty().addListener((o, was, selected) -> {
                if (selected) {
                    attach.run();
                }
            });
            attachLater.add(attach);
        }
        Runnable attachAll = () -> {
            attachLater.forEach(Runnable::run);
            attachLater.clear();
        };
        vm.exercise().exerciseProperty().addListener((o, a, ex) -> attachAll.run());
        vm.brokenExerciseProperty().addListener((o, a, broken) -> attachAll.run());
        bottom.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        bottom.setId("bottom-tabs");
        // every tab shows its whole name, the narrower the panel the plainer: tighter padding, then no icons, and only
        // when even that does not fit, icons with the names in tooltips (never a tab hidden behind the overflow menu)
        bottom.widthProperty().addListener((o, a, b) -> fitTabNames());
        bottom.skinProperty().addListener((o, a, b) -> fitTabNames());
        bottom.setMinHeight(MIN_BOTTOM);
        // double-click a tab: the bottom panel takes the whole column; again: back where it was
        bottom.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && e.getClickCount() == 2
                    && inTabHeader(e.getPickResult().getIntersectedNode())) {
                toggleBottomMaximised();
                e.consume();
            }
        });
        vm.exercise().outputProperty().addListener((o, a, b) -> {
            if (b != null && !b.isEmpty() && bottom.getSelectionModel().getSelectedItem() == problemsTab) {
                bottom.getSelectionModel().select(outputTab);
            }
        });
        vm.problems().addListener((ListChangeListener<orchlab.engine.course.Problem>) c -> {
            name(problemsTab, vm.problems().isEmpty() ? "Problems" : "Problems (" + vm.problems().size() + ")");
            if (!vm.problems().isEmpty()) {
                bottom.getSelectionModel().select(problemsTab);
            }
        });

        work.setOrientation(Orientation.VERTICAL);
        work.getItems().addAll(exerciseView, bottom);
        columns.getItems().addAll(navigator, lesson, work);
        navigatorPane = navigator;
        lessonPane = lesson;
        SplitPane.setResizableWithParent(navigator, false);
        restoreLayout(vm.settingsProperty().get());

        root.setTop(new VBox(menu(), messages));
        root.setCenter(columns);
        // the exercise's keys (Check, Apply, save) from anywhere in the window — the Checks tab maximised, the lesson, the
        // navigator — once no part used them (the exercise panel handles its own); never from the terminal, whose keys
        // are the shell's (Ctrl+S stops its output)
        javafx.scene.Node terminalNode = parts.terminal().node();
        root.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (!e.isConsumed() && !within(e.getTarget(), terminalNode) && exerciseView.shortcut(e)) {
                e.consume();
            }
        });
        root.setBottom(new StatusBarView(vm.status(), this::openSettings));
        vm.messages().addListener((ListChangeListener<Notice>) c -> showMessages());
        showMessages();

        // at once (the terminal moves to the exercise's folder), and again when its sandbox is ready
        vm.exercise().exerciseProperty().addListener((o, a, ex) -> followExercise());
        vm.exercise().exerciseProperty().addListener((o, before, now) -> exerciseDivider(before, now));
        // the terminal follows the theme (View ▸ Dark theme, Settings): it paints itself, the stylesheet cannot reach it
        parts.terminal().setDark(vm.settingsProperty().get().dark());
        vm.settingsProperty().addListener((o, a, now) -> parts.terminal().setDark(now.dark()));
        vm.exercise().preparedProperty().addListener((o, a, ready) -> {
            if (ready) {
                followExercise();
            }
        });
        // the start skeleton's scene (OrchLabApp) is kept: the window neither blinks nor moves when the app replaces it
        Scene scene = stage.getScene();
        if (scene == null) {
            scene = new Scene(root, width(vm.settingsProperty().get()), height(vm.settingsProperty().get()));
            stage.setScene(scene);
        } else {
            scene.setRoot(root);
        }
        scene.getStylesheets().add(Theme.appStylesheet());
        stage.setTitle("OrchLab");
        vm.courseProperty().addListener((o, a, course) -> stage.setTitle(course == null ? "OrchLab" : "OrchLab — " + course.title()));
        stage.setOnCloseRequest(e -> close());
        closed = false;
    }

    /**
     * For the app's start only: the exercise column — the exercise panel (toolbar, editor tabs) over the bottom tabs
     * (Checks and the others) — is not in the window's first layout, which then makes the skins and CSS of the menu,
     * navigator, lesson and status bar only (the exercise is opened after the lesson was drawn anyway). An empty pane
     * with the column's id stands in for it. The column comes in the frame after the first lesson was drawn (or the
     * course shown without one, or a notice shown), and at once when something needs it first: an exercise or a broken
     * exercise's page opened, a problem listed, the terminal asked to run a lesson's commands, the bottom panel
     * maximised or focus mode switched. Windows built without this call (the UI tests) have the column from the start.
     *
     * @param afterNextFrame runs its work on the FX thread once the window's next frame was drawn
     */
    public void deferWorkColumn(java.util.function.Consumer<Runnable> afterNextFrame) {
        if (workPlaceholder != null || !columns.getItems().contains(work)) {
            return;
        }
        workPlaceholder = new javafx.scene.layout.Pane();
        workPlaceholder.setId("work-column-pending");
        double[] dividers = columns.getDividerPositions();
        columns.getItems().set(columns.getItems().indexOf(work), workPlaceholder);
        columns.setDividerPositions(dividers);
        boolean[] scheduled = {false};
        Runnable soon = () -> {
            if (workPlaceholder != null && !scheduled[0]) {
                scheduled[0] = true;
                afterNextFrame.accept(this::attachWorkColumn);
            }
        };
        vm.lesson().lessonProperty().addListener((o, a, lesson) -> soon.run());
        vm.courseProperty().addListener((o, a, course) -> soon.run());
        vm.messages().addListener((ListChangeListener<Notice>) c -> soon.run());
        vm.exercise().exerciseProperty().addListener((o, a, ex) -> attachWorkColumn());
        vm.brokenExerciseProperty().addListener((o, a, broken) -> attachWorkColumn());
        vm.problems().addListener((ListChangeListener<orchlab.engine.course.Problem>) c -> attachWorkColumn());
        if (vm.lesson().lessonProperty().get() != null || vm.courseProperty().get() != null || !vm.messages().isEmpty()) {
            soon.run();
        }
    }

    /** Puts the exercise column where its placeholder stands, with the dividers where they were set. */
    private void attachWorkColumn() {
        if (workPlaceholder == null) {
            return;
        }
        int at = columns.getItems().indexOf(workPlaceholder);
        workPlaceholder = null;
        if (at >= 0) {
            double[] d = columns.getDividerPositions();
            columns.getItems().set(at, work);
            columns.setDividerPositions(d);
        }
    }

    /** Points the terminal and the cluster view at the open exercise and its sandbox. */
    private void followExercise() {
        orchlab.engine.course.Exercise ex = vm.exercise().exerciseProperty().get();
        if (ex == null) {
            parts.cluster().unwatch("Open a Kubernetes exercise to see its namespace here.");
            return;
        }
        parts.terminal().restart(vm.exercise().workspace() == null ? vm.app().builtInCourse() : vm.exercise().workspace(),
                TerminalEnv.of(vm.app(), ex));
        ex.kind().namespaceToFollow(ex).ifPresentOrElse(parts.cluster()::watch, () -> parts.cluster().unwatch(
                "\"" + ex.title() + "\" has no Kubernetes namespace to show: its objects are not in a cluster."));
    }

    /**
     * Each exercise keeps its own divider above the bottom panel (a Helm exercise may want more terminal): the one left
     * is remembered, the one opened gets its own back (or keeps the current one the first time).
     */
    private void exerciseDivider(orchlab.engine.course.Exercise before, orchlab.engine.course.Exercise now) {
        if (before != null) {
            vm.updateSettings(vm.settingsProperty().get().withExerciseDivider(before.id(), workDivider()));
        }
        Double saved = now == null ? null : vm.settingsProperty().get().exerciseDividers().get(now.id());
        if (saved == null) {
            return;
        }
        if (bottomMaximised.get()) {
            dividerBeforeMaximised = saved;
        } else {
            work.setDividerPositions(saved);
        }
    }

    /** Where the divider between the exercise and the bottom panel is (or was, while the bottom panel is maximised). */
    private double workDivider() {
        double[] d = work.getDividerPositions();
        return bottomMaximised.get() || d.length != 1 ? dividerBeforeMaximised : d[0];
    }

    /** The sandbox was replaced (Settings, restart): the exercise is prepared in the new one, and its old results go. */
    private void sandboxReplaced() {
        vm.exercise().sandboxChanged();
        followExercise();
    }

    private static boolean inTabHeader(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (n.getStyleClass().contains("tab-header-area")) {
                return true;
            }
            if (n.getStyleClass().contains("tab-content-area")) {
                return false;
            }
        }
        return false;
    }

    /** Puts the exercise, or a broken exercise's page, above the bottom panel, keeping the divider where it is. */
    private void showExercisePanel(javafx.scene.Node panel) {
        if (panel == exercisePanel) {
            return;
        }
        int at = work.getItems().indexOf(exercisePanel);
        exercisePanel = panel;
        if (at >= 0) {
            double[] d = work.getDividerPositions();
            work.getItems().set(at, panel);
            work.setDividerPositions(d);
        }
    }

    /**
     * Opens the course's own file a problem names in an editor window, at the problem's line (one window per file);
     * says so in a banner when the file is not there.
     */
    void openPackFile(orchlab.engine.course.Problem problem) {
        java.util.Optional<Path> file = vm.packFile(problem);
        if (file.isEmpty()) {
            vm.messages().add(Notice.warning("The file " + problem.location().file() + " is not in the course's folder,"
                    + " so it cannot be opened here."));
            return;
        }
        try {
            PackFileWindow window = packFiles.get(file.get());
            if (window == null || !window.stage().isShowing()) {
                window = new PackFileWindow(stage, file.get(), problem.location().file(), vm.courseIsFolder(), parts.editors(),
                        vm::reopenCourse);
                packFiles.put(file.get(), window);
            }
            window.show(problem.location().line());
        } catch (IOException e) {
            vm.messages().add(Notice.error("Cannot open " + problem.location().file() + ": " + e.getMessage()));
        }
    }

    /** The editor of a course file opened from a problem, while its window is open (for tests). */
    java.util.Optional<orchlab.desktop.exercise.FileEditor> packFileEditor(Path file) {
        PackFileWindow window = packFiles.get(file.toAbsolutePath().normalize());
        return window == null || !window.stage().isShowing() ? java.util.Optional.empty() : java.util.Optional.of(window.editor());
    }

    /**
     * Gives the bottom panel (terminal, cluster, checks) the whole column, or puts the exercise back above it
     * with the divider where it was.
     */
    public void toggleBottomMaximised() {
        attachWorkColumn();
        if (bottomMaximised.get()) {
            work.getItems().add(0, exercisePanel);
            work.setDividerPositions(dividerBeforeMaximised);
            bottomMaximised.set(false);
        } else {
            double[] d = work.getDividerPositions();
            dividerBeforeMaximised = d.length == 1 ? d[0] : DEFAULT_WORK_DIVIDER;
            work.getItems().remove(exercisePanel);
            bottomMaximised.set(true);
        }
    }

    /**
     * Focus mode: the navigator and the lesson make way and the exercise with its bottom panel gets the whole window;
     * again, and they come back with their dividers where they were.
     */
    public void toggleFocusMode() {
        attachWorkColumn();
        if (focusMode.get()) {
            columns.getItems().setAll(navigatorPane, lessonPane, work);
            columns.setDividerPositions(columnsBeforeFocus);
            focusMode.set(false);
        } else {
            double[] c = columns.getDividerPositions();
            if (c.length == 2) {
                columnsBeforeFocus = c;
            }
            columns.getItems().setAll(work);
            focusMode.set(true);
        }
    }

    /** True in focus mode (View ▸ Focus mode): only the exercise and the bottom panel show. */
    public javafx.beans.property.ReadOnlyBooleanProperty focusModeProperty() {
        return focusMode;
    }

    /** True while the bottom panel fills the column (double-click a tab, or View ▸ Maximise bottom panel). */
    public javafx.beans.property.ReadOnlyBooleanProperty bottomMaximisedProperty() {
        return bottomMaximised;
    }

    /** Whether an event's target is {@code node} or inside it. */
    private static boolean within(javafx.event.EventTarget target, javafx.scene.Node node) {
        for (javafx.scene.Node n = target instanceof javafx.scene.Node t ? t : null; n != null; n = n.getParent()) {
            if (n == node) {
                return true;
            }
        }
        return false;
    }

    private static Tab tab(String title, Feather icon, javafx.scene.Node content) {
        Tab tab = new Tab(title, content);
        tab.setGraphic(new FontIcon(icon));
        tab.setId("tab-" + title.toLowerCase(java.util.Locale.ROOT));
        tab.getProperties().put(TAB_NAME, title);
        tab.getProperties().put(TAB_ICON, tab.getGraphic());
        return tab;
    }

    private static final String TAB_NAME = "orchlab.tab-name";
    private static final String TAB_ICON = "orchlab.tab-icon";
    /** The bottom tabs' styles, plainest last: see {@link #fitTabNames()}. */
    enum TabStyle { ICONS_AND_NAMES, TIGHT, NAMES_ONLY, ICONS_ONLY }
    private TabStyle tabStyle = TabStyle.ICONS_AND_NAMES;
    private boolean fittingTabs;

    /** Gives a bottom tab a new name ("Checks · 3/4") and fits the tabs again. */
    private void name(Tab tab, String name) {
        tab.getProperties().put(TAB_NAME, name);
        style(tab, tabStyle);
        fitTabNames();
    }

    /** The bottom tabs' style now (for tests). */
    TabStyle tabStyle() {
        return tabStyle;
    }

    /**
     * The first style, richest first, in which the bottom panel's tab headers fit side by side in its width. Measured
     * on the headers themselves (their font, padding, icon), so a longer name ("Problems (12)") or a narrower column
     * (1024×768, a divider dragged) picks a plainer style, and a wider one the richer style back.
     */
    private void fitTabNames() {
        if (fittingTabs || bottom.getSkin() == null || bottom.getWidth() <= 0) {
            return;
        }
        fittingTabs = true;
        try {
            for (TabStyle style : TabStyle.values()) {
                applyTabStyle(style);
                if (style == TabStyle.ICONS_ONLY || tabHeadersWidth() <= tabHeaderRoom()) {
                    break;
                }
            }
        } finally {
            fittingTabs = false;
        }
    }

    private void applyTabStyle(TabStyle style) {
        tabStyle = style;
        if (style == TabStyle.ICONS_AND_NAMES) {
            bottom.getStyleClass().remove(Styles.COMPACT_TABS);
        } else if (!bottom.getStyleClass().contains(Styles.COMPACT_TABS)) {
            bottom.getStyleClass().add(Styles.COMPACT_TABS);
        }
        bottom.getTabs().forEach(t -> style(t, style));
        bottom.applyCss();
    }

    private static void style(Tab tab, TabStyle style) {
        String name = (String) tab.getProperties().getOrDefault(TAB_NAME, tab.getText());
        javafx.scene.Node icon = (javafx.scene.Node) tab.getProperties().get(TAB_ICON);
        tab.setText(style == TabStyle.ICONS_ONLY ? null : name);
        tab.setGraphic(style == TabStyle.NAMES_ONLY ? null : icon);
        if (style == TabStyle.ICONS_ONLY) {
            if (tab.getTooltip() == null || !name.equals(tab.getTooltip().getText())) {
                tab.setTooltip(new javafx.scene.control.Tooltip(name));
            }
        } else {
            tab.setTooltip(null);
        }
    }

    /** The tab headers of the bottom panel (not those of a tab pane inside one of its tabs). */
    private List<javafx.scene.layout.Region> tabHeaders() {
        List<javafx.scene.layout.Region> headers = new ArrayList<>();
        for (javafx.scene.Node n : bottom.lookupAll(".tab")) {
            if (n instanceof javafx.scene.layout.Region r && n.getParent() != null && n.getParent().getParent() != null
                    && n.getParent().getParent().getParent() == bottom) {
                headers.add(r);
            }
        }
        return headers;
    }

    private double tabHeadersWidth() {
        double sum = 0;
        for (javafx.scene.layout.Region header : tabHeaders()) {
            sum += header.prefWidth(-1);
        }
        return sum;
    }

    /**
     * The width the tab headers have: the panel's, less the header area's padding, the room the tab pane keeps for its
     * overflow button (it counts it, and 10 pixels, before deciding that the tabs fit) and a pixel of rounding each.
     */
    private double tabHeaderRoom() {
        // the bottom panel's own header area (a lookup could find that of a tab pane inside one of its tabs)
        javafx.scene.layout.Region area = bottom.getChildrenUnmodifiable().stream()
                .filter(n -> n.getStyleClass().contains("tab-header-area") && n instanceof javafx.scene.layout.Region)
                .map(javafx.scene.layout.Region.class::cast).findFirst().orElse(null);
        double insets = area == null ? 0 : area.snappedLeftInset() + area.snappedRightInset();
        double menuWidth = area == null ? 0 : area.getChildrenUnmodifiable().stream()
                .filter(n -> n.getStyleClass().contains("control-buttons-tab")).mapToDouble(n -> n.prefWidth(-1)).sum();
        return bottom.getWidth() - insets - menuWidth - TAB_PANE_SPACER - bottom.getTabs().size();
    }

    /** What JavaFX's tab pane adds to the headers' width when it decides whether they fit (TabPaneSkin's SPACER). */
    private static final double TAB_PANE_SPACER = 10;

    private MenuBar menu() {
        MenuItem openCourse = new MenuItem("Open course folder…", new FontIcon(Feather.FOLDER));
        openCourse.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        openCourse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Open a course or lesson pack folder");
            File dir = chooser.showDialog(stage);
            if (dir != null) {
                vm.openCourse(dir.toPath());
            }
        });
        MenuItem openZip = new MenuItem("Open course pack (.zip)…", new FontIcon(Feather.ARCHIVE));
        openZip.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Open a lesson pack");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Lesson packs", "*.zip"));
            File zip = chooser.showOpenDialog(stage);
            if (zip != null) {
                vm.openCourse(zip.toPath());
            }
        });
        MenuItem builtIn = new MenuItem("Open the built-in course", new FontIcon(Feather.HOME));
        builtIn.setOnAction(e -> vm.openCourse(vm.app().builtInCourse()));
        MenuItem exportJson = new MenuItem("Export progress (JSON)…");
        exportJson.setOnAction(e -> export(false));
        MenuItem exportJunit = new MenuItem("Export last checks (JUnit XML)…");
        exportJunit.setOnAction(e -> export(true));
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> {
            close();
            stage.close();
        });
        Menu file = new Menu("File", null, openCourse, openZip, builtIn, new javafx.scene.control.SeparatorMenuItem(),
                exportJson, exportJunit, new javafx.scene.control.SeparatorMenuItem(), quit);

        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setSelected(vm.settingsProperty().get().dark());
        dark.setOnAction(e -> {
            Theme.apply(dark.isSelected());
            vm.updateSettings(vm.settingsProperty().get().withTheme(dark.isSelected() ? "dark" : "light"));
        });
        MenuItem maximise = new MenuItem();
        maximise.textProperty().bind(javafx.beans.binding.Bindings.when(bottomMaximised)
                .then("Restore the exercise panel").otherwise("Maximise the bottom panel"));
        maximise.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+M"));
        maximise.setOnAction(e -> toggleBottomMaximised());
        CheckMenuItem focus = new CheckMenuItem("Focus mode (hide the course and the lesson)");
        focus.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+F"));
        focus.setOnAction(e -> toggleFocusMode());
        // the tick follows the mode, whichever way it was switched
        focusMode.addListener((o, was, now) -> focus.setSelected(now));
        Menu view = new Menu("View", null, dark, maximise, focus);

        MenuItem start = new MenuItem("Start / restart cluster");
        start.setOnAction(e -> vm.status().startKubernetes().thenRun(() -> vm.app().fx().execute(this::sandboxReplaced)));
        MenuItem stop = new MenuItem("Stop cluster");
        stop.setOnAction(e -> vm.status().stopKubernetes());
        MenuItem settings = new MenuItem("Settings…", new FontIcon(Feather.SETTINGS));
        settings.setAccelerator(KeyCombination.keyCombination("Shortcut+Comma"));
        settings.setOnAction(e -> openSettings());
        Menu sandbox = new Menu("Sandbox", null, start, stop, settings);

        MenuItem about = new MenuItem("About OrchLab");
        about.setOnAction(e -> {
            Alert alert = new Alert(Alert.AlertType.INFORMATION);
            alert.initOwner(stage);
            alert.setTitle("About OrchLab");
            alert.setHeaderText("OrchLab — container orchestration, hands on");
            alert.setContentText("Lessons, a sandbox, and a Check button that reads the live state of the sandbox.\n"
                    + "Settings and progress: " + vm.app().dirs().config() + "\nYour files: " + vm.app().dirs().workspaces());
            alert.showAndWait();
        });
        MenuItem keys = new MenuItem("Keyboard shortcuts");
        keys.setAccelerator(KeyCombination.keyCombination("F1"));
        keys.setOnAction(e -> {
            Alert alert = new Alert(Alert.AlertType.INFORMATION);
            alert.initOwner(stage);
            alert.setTitle("Keyboard shortcuts");
            alert.setHeaderText("Keyboard shortcuts");
            javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
            grid.setHgap(18);
            grid.setVgap(6);
            grid.setId("shortcuts");
            for (int i = 0; i < SHORTCUTS.length; i++) {
                // keys whole, descriptions wrapped: neither cut to "..." (seen: "Ctrl+S...", "Tab (i...")
                Label key = new Label(SHORTCUTS[i][0]);
                key.getStyleClass().add(Styles.FIELD_PATH);
                key.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                Label what = new Label(SHORTCUTS[i][1]);
                what.setWrapText(true);
                what.setPrefWidth(380);
                what.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
                grid.addRow(i, key, what);
            }
            alert.getDialogPane().setContent(grid);
            alert.showAndWait();
        });
        Menu help = new Menu("Help", null, keys, about);
        MenuBar bar = new MenuBar(file, view, sandbox, help);
        bar.setId("menu-bar");
        return bar;
    }

    private void export(boolean junit) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(junit ? "Export last checks as JUnit XML" : "Export progress as JSON");
        chooser.setInitialFileName(junit ? "orchlab-checks.xml" : "orchlab-progress.json");
        File out = chooser.showSaveDialog(stage);
        if (out == null) {
            return;
        }
        try {
            vm.exportProgress(out.toPath(), junit);
            vm.messages().add(Notice.success("Exported to " + out));
        } catch (IOException | RuntimeException ex) {
            vm.messages().add(Notice.error("Export to " + out + " failed: " + ex.getMessage()));
        }
    }

    private void openSettings() {
        Settings before = vm.settingsProperty().get();
        new SettingsDialog(before, stage).showAndWait().ifPresent(changed -> {
            vm.updateSettings(changed);
            Theme.apply(changed.dark());
            boolean sandboxChanged = !changed.sandbox().equals(before.sandbox())
                    || !changed.kubeconfigFile().equals(before.kubeconfigFile())
                    || !changed.kubeContext().equals(before.kubeContext());
            if (sandboxChanged) {
                vm.status().startKubernetes().thenRun(() -> vm.app().fx().execute(this::sandboxReplaced));
            }
            if (!changed.docker().equals(before.docker())) {
                vm.app().sandboxes().dockerHostChanged();
            }
        });
    }

    private void showMessages() {
        messages.getChildren().clear();
        for (Notice notice : new ArrayList<>(vm.messages())) {
            NoticeBanner message = new NoticeBanner(notice, () -> vm.messages().remove(notice));
            messages.getChildren().add(message);
        }
    }

    private void restoreLayout(Settings settings) {
        List<Double> d = settings.dividers();
        if (d.size() == 3) {
            columns.setDividerPositions(d.get(0), d.get(1));
            work.setDividerPositions(d.get(2));
        } else {
            columns.setDividerPositions(0.19, 0.52);
            work.setDividerPositions(DEFAULT_WORK_DIVIDER);
        }
    }

    /** The saved width (1440 the first time), never wider than the screen's usable area (a 1024×768 laptop). */
    static double width(Settings s) {
        return WindowSize.onPrimaryScreen(s).width();
    }

    static double height(Settings s) {
        return WindowSize.onPrimaryScreen(s).height();
    }

    /** Saves the layout and the open files, stops the terminal and the watches; the sandbox keeps its state. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        exerciseView.saveAll();
        orchlab.engine.course.Exercise open = vm.exercise().exerciseProperty().get();
        if (open != null) {
            vm.updateSettings(vm.settingsProperty().get().withExerciseDivider(open.id(), workDivider()));
        }
        double[] c = focusMode.get() ? columnsBeforeFocus : columns.getDividerPositions();
        double[] w = bottomMaximised.get() ? new double[] {dividerBeforeMaximised} : work.getDividerPositions();
        if (c.length == 2 && w.length == 1) {
            vm.updateSettings(vm.settingsProperty().get().withLayout(List.of(c[0], c[1], w[0]),
                    stage.getWidth() > 0 ? stage.getWidth() : width(vm.settingsProperty().get()),
                    stage.getHeight() > 0 ? stage.getHeight() : height(vm.settingsProperty().get())));
        }
        parts.terminal().close();
        parts.cluster().close();
        packFiles.values().forEach(window -> window.stage().hide());
    }

    /** A lesson's "Run in terminal": shows the terminal and types the commands there. */
    public void runInTerminal(String commands) {
        attachWorkColumn();
        bottom.getTabs().stream().filter(t -> "tab-terminal".equals(t.getId())).findFirst()
                .ifPresent(t -> bottom.getSelectionModel().select(t));
        parts.terminal().runCommand(commands);
    }

    public ExerciseView exerciseView() {
        return exerciseView;
    }
}
