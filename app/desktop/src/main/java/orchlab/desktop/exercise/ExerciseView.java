package orchlab.desktop.exercise;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import orchlab.desktop.Styles;
import orchlab.engine.course.Exercise;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The exercise panel: task, toolbar (Apply or Build &amp; Run, Check, Hint, Solution, Reset), a notice,
 * and the learner's files in editor tabs. The check results are a {@link CheckResultsView} of the same view
 * model, placed by the window.
 */
public final class ExerciseView extends BorderPane {
    private final ExerciseViewModel vm;
    private final FileEditor.Factory editors;
    private final Function<String, Node> markdown;
    private final DiffDialogs diffs;
    private final TabPane tabs = new TabPane();
    private final Map<String, FileEditor> open = new HashMap<>();
    /** Per file, the text last read from or written to disk: tells edits in the editor from edits elsewhere (vim in the terminal). */
    private final Map<String, String> synced = new HashMap<>();
    private final javafx.animation.Timeline diskWatch = new javafx.animation.Timeline(
            new javafx.animation.KeyFrame(Duration.seconds(2), e -> refreshFromDisk()));
    /** Whether a window shows this view (kept: the listener on it lives as long as the view). */
    private final javafx.beans.value.ObservableValue<Boolean> shown = sceneProperty()
            .flatMap(javafx.scene.Scene::windowProperty).flatMap(javafx.stage.Window::showingProperty).orElse(false);
    private final VBox noticeBox = new VBox();
    private final VBox hintBox = new VBox(4);
    /** The exercise's title, above the scrolling header so it stays in view whatever the header shows; a click folds the task. */
    private final Label taskTitle = new Label();
    /** Where the exercise runs and its task text, in the header; folded by a click on the title. */
    private final VBox task = new VBox();
    private boolean reloadingTabs;
    private final Label title = new Label();
    private final Label where = new Label();
    /** Below this width the toolbar shows Hint, Solution and Reset as icons. */
    private static final double NARROW_TOOLBAR = 600;
    /** About what Lint and Rollback take with their words. */
    private static final double HELM_STEPS_WIDTH = 260;
    private final Button apply = new Button("Apply", new FontIcon(Feather.UPLOAD_CLOUD));
    private final Button check = new Button("Check", new FontIcon(Feather.CHECK_SQUARE));
    private final Button hint = new Button("Hint", new FontIcon(Feather.HELP_CIRCLE));
    private final Button solution = new Button("Solution", new FontIcon(Feather.BOOK_OPEN));
    private final Button reset = new Button("Reset", new FontIcon(Feather.ROTATE_CCW));
    private final Button build = new Button("Build", new FontIcon(Feather.PACKAGE));
    private final Button runButton = new Button("Run", new FontIcon(Feather.PLAY));
    private final Button stop = new Button(null, new FontIcon(Feather.X_CIRCLE));
    private final PauseTransition autosave = new PauseTransition(Duration.millis(600));
    private final javafx.scene.control.ScrollPane header = new javafx.scene.control.ScrollPane();
    /** The header (task, notice, hints) takes at most this share of the panel's height; it scrolls beyond. */
    static final double HEADER_SHARE = 0.2;
    /** Nor more than this, on a tall screen. */
    private static final double HEADER_MAX = 240;
    /** The share of the panel a quiz's header may take (its answers form below scrolls). */
    static final double QUIZ_HEADER_SHARE = 0.5;
    /** Toolbar, title row and header: what is above the editor's tabs. */
    private VBox top;
    /** The editor is never squeezed below this (the divider above the bottom panel stops here). */
    static final double MIN_EDITOR = 140;

    /** Shows a diff of the learner's file against the solution and asks whether to replace it. */
    public interface DiffDialogs {
        boolean confirmReplace(ExerciseViewModel.SolutionFile file, Node owner);
    }

    public ExerciseView(ExerciseViewModel vm, FileEditor.Factory editors, Function<String, Node> markdown, DiffDialogs diffs) {
        this.vm = vm;
        this.editors = editors;
        this.markdown = markdown;
        this.diffs = diffs;
        getStyleClass().add(Styles.EXERCISE);
        // what the editors underline depends on the cluster too (Istio findings): look again when it is ready or changed
        vm.preparedProperty().addListener((o, was, now) -> relintWhen(now));
        vm.busyProperty().addListener((o, was, now) -> relintWhen(!now));

        title.getStyleClass().add(Styles.PANE_TITLE);
        where.getStyleClass().add(Styles.MUTED);
        where.setWrapText(true);

        // the exercise's title heads the task: one row, always in view (a hint or a banner scrolls the header below
        // it, never the title away), that folds the task away
        task.getStyleClass().add(Styles.TASK);
        task.setId("exercise-task-text");
        task.managedProperty().bind(task.visibleProperty());
        taskTitle.textProperty().bind(title.textProperty());
        taskTitle.getStyleClass().add(Styles.TASK_TITLE);
        taskTitle.setId("exercise-task");
        taskTitle.setMaxWidth(Double.MAX_VALUE);
        taskTitle.setTooltip(new Tooltip("Click to fold or unfold the task"));
        taskTitle.setCursor(javafx.scene.Cursor.HAND);
        taskTitle.graphicProperty().bind(javafx.beans.binding.Bindings.when(task.visibleProperty())
                .then((Node) new FontIcon(Feather.CHEVRON_DOWN)).otherwise((Node) new FontIcon(Feather.CHEVRON_RIGHT)));
        taskTitle.setOnMouseClicked(e -> task.setVisible(!task.isVisible()));
        // no exercise open: no empty title row with a lone chevron
        taskTitle.visibleProperty().bind(title.textProperty().isNotEmpty());
        taskTitle.managedProperty().bind(taskTitle.visibleProperty());

        apply.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        apply.setDefaultButton(false);
        apply.setTooltip(new Tooltip("Save this file and apply it to the sandbox (Ctrl+Enter)"));
        check.getStyleClass().add(atlantafx.base.theme.Styles.SUCCESS);
        check.setTooltip(new Tooltip("Check the exercise against the live sandbox (Ctrl+Shift+Enter)"));
        hint.setTooltip(new Tooltip("Show the next hint"));
        solution.setTooltip(new Tooltip("Compare this file with the reference solution"));
        reset.setTooltip(new Tooltip("Put back the starter files and remove what this exercise created in the sandbox"));
        build.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        build.setTooltip(new Tooltip("Save the files and build the exercise's image (docker build), with its log in Output"));
        runButton.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        runButton.setTooltip(new Tooltip("Start the exercise's container from the image you built (replaces an old one of the same name)"));
        stop.getStyleClass().addAll(atlantafx.base.theme.Styles.FLAT, atlantafx.base.theme.Styles.BUTTON_ICON);
        stop.setTooltip(new Tooltip("Cancel"));
        stop.visibleProperty().bind(vm.busyProperty());
        stop.managedProperty().bind(vm.busyProperty());
        stop.setOnAction(e -> vm.cancel());
        javafx.scene.control.ProgressBar progressBar = new javafx.scene.control.ProgressBar();
        progressBar.setPrefWidth(110);
        progressBar.progressProperty().bind(vm.busyProgressProperty());
        progressBar.visibleProperty().bind(vm.busyProperty().and(vm.busyProgressProperty().greaterThanOrEqualTo(0)));
        progressBar.managedProperty().bind(progressBar.visibleProperty());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.setMaxSize(18, 18);
        spinner.visibleProperty().bind(vm.busyProperty().or(vm.checkingProperty()).and(progressBar.visibleProperty().not()));
        spinner.managedProperty().bind(spinner.visibleProperty());
        Label busy = new Label();
        busy.textProperty().bind(vm.busyTextProperty());
        busy.getStyleClass().add(Styles.MUTED);
        busy.setId("busy-text");
        // whole or not at all: where the words do not fit (a 1024-pixel screen, "namespace k8s-deployment") only the
        // spinner shows, with the words in its tooltip, instead of "namesp..."
        busy.setMinWidth(Region.USE_PREF_SIZE);
        busy.setMaxWidth(Region.USE_PREF_SIZE);
        busy.managedProperty().bind(busy.visibleProperty());
        Tooltip busyWhole = new Tooltip();
        busyWhole.textProperty().bind(vm.busyTextProperty());
        busy.setTooltip(busyWhole);
        Tooltip busyOnSpinner = new Tooltip();
        busyOnSpinner.textProperty().bind(vm.busyTextProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HelmStepButtons helmSteps = new HelmStepButtons(vm, this::saveAll);
        HBox toolbar = new HBox(6, apply, build, runButton, helmSteps, check,
                new Separator(Orientation.VERTICAL), hint, solution, reset, grow,
                busy, progressBar, spinner, stop);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add(Styles.TOOLBAR);
        // in a narrow panel (a 1024-pixel screen) the steps keep their words and Hint/Solution/Reset become icons
        // with their label as tooltip, instead of every button shrinking to "..."
        for (Button step : List.of(apply, build, runButton, check)) {
            step.setMinWidth(Region.USE_PREF_SIZE);
        }
        for (Button secondary : List.of(hint, solution, reset)) {
            javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
            tip.textProperty().bind(secondary.textProperty());
            secondary.setTooltip(tip);
        }
        // a Helm exercise has two more steps (Lint, Rollback): they too become icons before anything shrinks to "..."
        Runnable fit = () -> {
            double width = toolbar.getWidth();
            boolean helm = helmSteps.isVisible();
            javafx.scene.control.ContentDisplay display = width < NARROW_TOOLBAR + (helm ? HELM_STEPS_WIDTH : 0)
                    ? javafx.scene.control.ContentDisplay.GRAPHIC_ONLY : javafx.scene.control.ContentDisplay.LEFT;
            List.of(hint, solution, reset).forEach(b -> b.setContentDisplay(display));
            helmSteps.compact(helm && width < NARROW_TOOLBAR + HELM_STEPS_WIDTH / 2);
        };
        // the busy words show when the toolbar has room for them beside everything else it shows
        Runnable fitBusy = () -> {
            double room = toolbar.getWidth() - toolbar.getInsets().getLeft() - toolbar.getInsets().getRight();
            int shown = 0;
            for (Node child : toolbar.getChildren()) {
                if (child != busy && child.isManaged()) {
                    room -= child.prefWidth(-1);
                    shown++;
                }
            }
            room -= toolbar.getSpacing() * shown;
            String text = busy.getText();
            boolean fits = text != null && !text.isEmpty() && toolbar.getWidth() > 0 && busy.prefWidth(-1) <= room;
            busy.setVisible(fits || text == null || text.isEmpty());
            Tooltip tip = fits ? null : busyOnSpinner;
            Tooltip.install(spinner, busyOnSpinner);
            if (tip == null) {
                Tooltip.uninstall(spinner, busyOnSpinner);
            }
            progressBar.setTooltip(tip);
        };
        toolbar.widthProperty().addListener((o, before, now) -> {
            fit.run();
            fitBusy.run();
        });
        helmSteps.visibleProperty().addListener((o, before, now) -> {
            fit.run();
            fitBusy.run();
        });
        vm.busyTextProperty().addListener((o, before, now) -> fitBusy.run());
        vm.busyProperty().addListener((o, before, now) -> fitBusy.run());
        vm.checkingProperty().addListener((o, before, now) -> fitBusy.run());
        toolbar.setPadding(new Insets(6, 10, 6, 10));

        // usable while a check waits: the learner who sees "waiting — expected 3, found 1" fixes the file and applies at
        // once (the check stops and runs again on what was applied)
        apply.disableProperty().bind(vm.busyProperty().or(vm.exerciseProperty().isNull()));
        check.disableProperty().bind(vm.checkingProperty().or(vm.busyProperty()).or(vm.exerciseProperty().isNull()));
        reset.disableProperty().bind(vm.busyProperty().or(vm.checkingProperty()).or(vm.exerciseProperty().isNull()));
        hint.disableProperty().bind(vm.hintsLeftProperty().isEqualTo(0));
        apply.textProperty().bind(vm.applyLabelProperty());
        hint.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            Exercise ex = vm.exerciseProperty().get();
            int left = vm.hintsLeftProperty().get();
            return ex != null && ex.hints().isEmpty() ? "No hints" : left == 0 ? "No more hints" : "Hint (" + left + " left)";
        }, vm.hintsLeftProperty(), vm.exerciseProperty()));

        apply.setOnAction(e -> apply());
        build.setOnAction(e -> step(orchlab.engine.exercise.ExerciseDriver.Step.BUILD));
        runButton.setOnAction(e -> step(orchlab.engine.exercise.ExerciseDriver.Step.RUN));
        javafx.beans.binding.BooleanBinding hasSteps = javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.steps().stream().anyMatch(orchlab.engine.exercise.ExerciseDriver.Step::partOfApply), vm.steps());
        apply.visibleProperty().bind(hasSteps.not().and(vm.appliesProperty()));
        apply.managedProperty().bind(apply.visibleProperty());
        build.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.steps().contains(orchlab.engine.exercise.ExerciseDriver.Step.BUILD), vm.steps()));
        build.managedProperty().bind(build.visibleProperty());
        runButton.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.steps().contains(orchlab.engine.exercise.ExerciseDriver.Step.RUN), vm.steps()));
        runButton.managedProperty().bind(runButton.visibleProperty());
        build.disableProperty().bind(vm.busyProperty().or(vm.checkingProperty()));
        runButton.disableProperty().bind(vm.busyProperty().or(vm.checkingProperty()));
        check.setOnAction(e -> vm.check());
        hint.setOnAction(e -> vm.nextHint());
        solution.setOnAction(e -> showSolution());
        reset.setOnAction(e -> confirmReset());

        vm.shownHints().addListener((ListChangeListener<String>) c -> showHints());
        vm.noticeProperty().addListener((o, a, n) -> showNotice(n));

        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, tab) -> {
            if (!reloadingTabs && tab != null && tab.getUserData() instanceof String file) {
                ensureEditor(file);
                vm.selectFile(file);
            }
        });
        vm.files().addListener((ListChangeListener<String>) c -> reloadTabs());

        // task, notice and hints share one compact header that scrolls: at most a fifth of the panel, so the
        // editor keeps the room (and a banner is never squashed: the header scrolls instead)
        hintBox.setPadding(new Insets(0, 10, 4, 10));
        noticeBox.setPadding(new Insets(4, 10, 0, 10));
        VBox brief = new VBox(noticeBox, task, hintBox);
        brief.setFillWidth(true);
        header.setContent(brief);
        header.setFitToWidth(true);
        header.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        header.getStyleClass().addAll(Styles.EXERCISE_HEADER, "edge-to-edge");
        header.setId("exercise-header");
        header.prefViewportHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.min(brief.getHeight(), headerLimit()), brief.heightProperty(), heightProperty(), noticeBox.getChildren(),
                vm.answersFormProperty()));
        header.setMinViewportHeight(0);
        top = new VBox(toolbar, taskTitle, header);
        setTop(top);
        setCenter(tabs);
        tabs.setMinHeight(MIN_EDITOR);

        orchlab.desktop.quiz.QuizView quizView = new orchlab.desktop.quiz.QuizView(vm.quiz(), markdown);
        vm.answersFormProperty().addListener((o, a, form) -> setCenter(form ? quizView : tabs));
        vm.exerciseProperty().addListener((o, a, ex) -> showExercise(ex));
        autosave.setOnFinished(e -> saveAll());
        diskWatch.setCycleCount(javafx.animation.Animation.INDEFINITE);
        // watches the disk only while a window shows the view: a closed window's view kept reloading files into its
        // editors, which styled their lines in a scene no window shows ("Could not resolve '-color-…'" for each line)
        shown.addListener((o, was, now) -> {
            if (now) {
                diskWatch.play();
            } else {
                diskWatch.stop();
            }
        });
        setOnKeyPressed(e -> {
            if (shortcut(e)) {
                e.consume();
            }
        });
    }

    private static final KeyCodeCombination CHECK_KEYS =
            new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    private static final KeyCodeCombination APPLY_KEYS = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCodeCombination SAVE_KEYS = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);

    /**
     * Runs the exercise's shortcut a key press stands for (Ctrl+Shift+Enter Check, Ctrl+Enter Apply, Ctrl+S save), as
     * its button would: nothing while the button is disabled or no exercise is open. The window passes on the keys
     * pressed elsewhere (the Checks tab, maximised or not, the lesson, the navigator), so that they work as Help says.
     *
     * @return whether the press was one of them (and is used up)
     */
    public boolean shortcut(javafx.scene.input.KeyEvent e) {
        if (vm.exerciseProperty().get() == null) {
            return false;
        }
        if (CHECK_KEYS.match(e)) {
            if (!check.isDisabled()) {
                vm.check();
            }
            return true;
        }
        if (APPLY_KEYS.match(e)) {
            if (!apply.isDisabled() && vm.appliesProperty().get()) { // a quiz applies nothing
                apply();
            }
            return true;
        }
        if (SAVE_KEYS.match(e)) {
            saveAll();
            return true;
        }
        return false;
    }

    private void showExercise(Exercise ex) {
        if (ex == null) {
            title.setText("");
            where.setText("");
            task.getChildren().clear();
            return;
        }
        title.setText(ex.title());
        where.setText(ex.kind().whereItRuns(ex, ex.namespace()));
        Node taskText = markdown.apply(ex.description());
        taskText.getStyleClass().add("md-compact");
        VBox content = new VBox(4, where, taskText);
        task.getChildren().setAll(content);
        task.setVisible(true);
        header.setVvalue(0);
        showHints();
    }

    /**
     * The most height the header may take: a fifth of the panel, at most {@value #HEADER_MAX} px; with a notice (an
     * Apply refused at its line), enough for the whole banner where the learner looks, as long as the editor keeps half
     * of the panel and 15 lines (beyond that the header scrolls, the banner's top in view).
     */
    private double headerLimit() {
        double limit = Math.min(HEADER_MAX, Math.max(48, getHeight() * HEADER_SHARE));
        if (vm.answersFormProperty().get()) {
            // a quiz has no editor to make room for, and its form scrolls by itself: the task shows whole (it was cut
            // at the header's bottom at 1024x768), up to half of the panel
            limit = Math.max(limit, getHeight() * QUIZ_HEADER_SHARE);
        }
        if (!noticeBox.getChildren().isEmpty() && top != null) {
            double width = header.getViewportBounds().getWidth();
            double banner = noticeBox.prefHeight(width > 0 ? width : -1);
            // above the editor besides the header: toolbar, title row, and the editor's own tab row
            double chrome = top.getHeight() - header.getHeight() + EDITOR_TAB_ROW;
            double editorKeeps = Math.max(getHeight() / 2, EDITOR_KEEPS);
            limit = Math.max(limit, Math.min(banner + 8, getHeight() - editorKeeps - chrome));
        }
        return limit;
    }

    /** What the editor keeps beside a notice: 15 lines of its 17 px font (or half of the panel, if more). */
    private static final double EDITOR_KEEPS = 15 * 17;

    /** About the height of the row of file tabs above the editor. */
    private static final double EDITOR_TAB_ROW = 40;

    private void reloadTabs() {
        saveAll();
        open.values().forEach(FileEditor::dispose);
        open.clear();
        synced.clear();
        // the TabPane selects the first tab it is given (".dockerignore"): that is not the learner's choice, so it
        // must not become the remembered file; the preferred one (last opened, Dockerfile, manifest) is selected below
        reloadingTabs = true;
        tabs.getTabs().clear();
        for (String file : vm.files()) {
            // the editor is made when its tab is first shown: an exercise with many files opens fast
            Tab tab = new Tab(file);
            tab.setUserData(file);
            // the file's icon, and a dot while the editor holds text not yet written to the file
            Label dot = new Label("\u25CF");
            dot.getStyleClass().add(Styles.UNSAVED_DOT);
            dot.setVisible(false);
            dot.managedProperty().bind(dot.visibleProperty());
            HBox graphic = new HBox(4, new FontIcon(file.toLowerCase(java.util.Locale.ROOT).contains("dockerfile")
                    ? Feather.BOX : Feather.FILE_TEXT), dot);
            graphic.setAlignment(Pos.CENTER_LEFT);
            tab.setGraphic(graphic);
            tabs.getTabs().add(tab);
        }
        Optional<String> preferred = vm.preferredFile();
        reloadingTabs = false;
        preferred.ifPresent(this::select);
        Tab selected = tabs.getSelectionModel().getSelectedItem();
        if (selected != null && selected.getUserData() instanceof String file) {
            ensureEditor(file);
            vm.selectFile(file);
        }
        if (vm.files().isEmpty()) {
            Label empty = new Label(vm.exerciseProperty().get() == null ? "Choose an exercise in the navigator."
                    : "This exercise has no files to edit: use the terminal below.");
            empty.getStyleClass().add(Styles.EMPTY_STATE);
            Tab tab = new Tab("no files", empty);
            tabs.getTabs().add(tab);
        }
    }

    /** The editor of a file, made (and filled from disk) on first use. */
    private FileEditor ensureEditor(String file) {
        FileEditor existing = open.get(file);
        if (existing != null) {
            return existing;
        }
        orchlab.engine.course.Exercise ex = vm.exerciseProperty().get();
        FileEditor editor = vm.workspace() == null || ex == null ? editors.create(file)
                : editors.create(file, new FileEditor.Scope(vm.workspace(), ex.kind().namespaceToFollow(ex)));
        try {
            String text = vm.read(file);
            editor.setText(text);
            synced.put(file, text);
        } catch (IOException e) {
            editor.setText("");
            vm.noticeProperty().set(Notice.error(file + " could not be read: " + e.getMessage()));
        }
        editor.textProperty().addListener((o, a, b) -> {
            autosave.playFromStart();
            showWhetherUnsaved(file);
        });
        if (editor.node() instanceof orchlab.desktop.editor.CodeEditor code) {
            code.setOnTabAsSpaces(this::sayOnceThatTabInsertsSpaces);
        }
        open.put(file, editor);
        tabs.getTabs().stream().filter(t -> file.equals(t.getUserData())).findFirst().ifPresent(t -> t.setContent(editor.node()));
        return editor;
    }

    /** What a file's tab says while its editor holds text not yet in the file. */
    static final String UNSAVED_TIP = "Not saved yet: saved as you pause typing, on Apply, or with Ctrl+S";

    /** Shows the tab's dot (and says why in its tooltip) while the file's editor differs from what the file holds. */
    private void showWhetherUnsaved(String file) {
        FileEditor editor = open.get(file);
        boolean unsaved = editor != null && !editor.getText().equals(synced.get(file));
        tabs.getTabs().stream().filter(t -> file.equals(t.getUserData())).findFirst().ifPresent(tab -> {
            if (tab.getGraphic() instanceof HBox graphic && graphic.getChildren().size() == 2) {
                graphic.getChildren().get(1).setVisible(unsaved);
            }
            if (unsaved != tab.getStyleClass().contains(Styles.UNSAVED)) {
                if (unsaved) {
                    tab.getStyleClass().add(Styles.UNSAVED);
                    tab.setTooltip(new Tooltip(file + " — " + UNSAVED_TIP));
                } else {
                    tab.getStyleClass().remove(Styles.UNSAVED);
                    tab.setTooltip(null);
                }
            }
        });
    }

    /** Whether a file's tab shows that its editor holds unsaved text (for tests). */
    public boolean showsUnsaved(String file) {
        return tabs.getTabs().stream().filter(t -> file.equals(t.getUserData())).findFirst()
                .map(t -> t.getStyleClass().contains(Styles.UNSAVED) && t.getGraphic() instanceof HBox g
                        && g.getChildren().size() == 2 && g.getChildren().get(1).isVisible()
                        && t.getTooltip() != null && t.getTooltip().getText().contains(UNSAVED_TIP))
                .orElse(false);
    }

    /** The Tab key inserted two spaces in YAML: said once in a run of the app, not silently, not on every press. */
    private boolean tabNoticeShown;

    private void sayOnceThatTabInsertsSpaces() {
        if (!tabNoticeShown) {
            tabNoticeShown = true;
            vm.noticeProperty().set(Notice.info("Tab inserted two spaces: YAML does not allow tab characters in its"
                    + " indentation (Help ▸ Keyboard shortcuts lists the keys)."));
        }
    }

    private void relintWhen(boolean condition) {
        if (condition) {
            open.values().forEach(FileEditor::relint);
        }
    }

    /** The file in the selected tab, if any. */
    public Optional<String> currentFile() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        return tab == null || tab.getUserData() == null ? Optional.empty() : Optional.of((String) tab.getUserData());
    }

    /** The editor of a workspace file (for tests and for "go to line" from a check result). */
    public Optional<FileEditor> editor(String file) {
        return vm.files().contains(file) ? Optional.of(ensureEditor(file)) : Optional.empty();
    }

    /** Selects a file's tab. */
    public void select(String file) {
        tabs.getTabs().stream().filter(t -> file.equals(t.getUserData())).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    private void apply() {
        if (vm.exerciseProperty().get() == null) {
            return;
        }
        refreshFromDisk();
        saveAll();
        Optional<String> file = currentFile().filter(open::containsKey)
                .or(() -> vm.wholeWorkspaceProperty().get() ? vm.files().stream().filter(open::containsKey).findFirst() : Optional.empty());
        if (file.isEmpty()) {
            return;
        }
        String text = open.get(file.get()).getText();
        synced.put(file.get(), text);
        vm.apply(file.get(), text);
    }

    private void step(orchlab.engine.exercise.ExerciseDriver.Step step) {
        refreshFromDisk();
        saveAll();
        vm.applyStep(step);
    }

    /** Writes every open editor's changed text to its workspace file. */
    public void saveAll() {
        for (Map.Entry<String, FileEditor> e : open.entrySet()) {
            String text = e.getValue().getText();
            if (text.equals(synced.get(e.getKey()))) {
                continue;
            }
            try {
                vm.save(e.getKey(), text);
                synced.put(e.getKey(), text);
                showWhetherUnsaved(e.getKey());
            } catch (IOException | RuntimeException ex) {
                vm.noticeProperty().set(Notice.error(e.getKey() + " could not be saved: " + ex.getMessage()));
            }
        }
    }

    /**
     * Shows changes made to the files outside the editor (in the terminal, by another tool) when the editor
     * has no unsaved edits of its own.
     */
    public void refreshFromDisk() {
        for (Map.Entry<String, FileEditor> e : open.entrySet()) {
            String before = synced.get(e.getKey());
            if (before == null || !e.getValue().getText().equals(before)) {
                continue;
            }
            try {
                String disk = vm.read(e.getKey());
                if (!disk.equals(before)) {
                    synced.put(e.getKey(), disk);
                    e.getValue().reload(disk);
                    showWhetherUnsaved(e.getKey());
                }
            } catch (IOException | RuntimeException ex) {
                // deleted or unreadable for a moment: keep what the editor shows
            }
        }
    }

    private void showSolution() {
        Optional<String> file = currentFile();
        if (file.isEmpty()) {
            return;
        }
        saveAll();
        try {
            Optional<ExerciseViewModel.SolutionFile> s = vm.solution(file.get());
            if (s.isEmpty()) {
                vm.noticeProperty().set(Notice.info("The reference solution has no " + file.get() + "."));
                return;
            }
            if (s.get().learner().equals(s.get().solution())) {
                vm.noticeProperty().set(Notice.info(file.get() + " is already the same as the reference solution."));
                return;
            }
            if (diffs.confirmReplace(s.get(), this)) {
                String text = vm.useSolution(file.get());
                synced.put(file.get(), text);
                open.get(file.get()).setText(text);
            }
        } catch (IOException e) {
            vm.noticeProperty().set(Notice.error("The solution could not be read: " + e.getMessage()));
        }
    }

    private void confirmReset() {
        Exercise ex = vm.exerciseProperty().get();
        if (ex == null) {
            return;
        }
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.setTitle("Reset exercise");
        alert.setHeaderText("Reset \"" + ex.title() + "\"?");
        alert.setContentText("Your files go back to the starter version, and " + ex.kind().resetRemoves(ex, ex.namespace())
                + ". Your edits will be lost.");
        ButtonType resetButton = new ButtonType("Reset", ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(ButtonType.CANCEL, resetButton);
        if (getScene() != null) {
            alert.initOwner(getScene().getWindow());
        }
        alert.showAndWait().filter(b -> b == resetButton).ifPresent(b -> {
            open.values().forEach(FileEditor::dispose);
            open.clear();
            synced.clear();
            vm.reset();
        });
    }

    private void showHints() {
        hintBox.getChildren().clear();
        List<String> hints = vm.shownHints();
        Exercise ex = vm.exerciseProperty().get();
        for (int i = 0; i < hints.size(); i++) {
            // a hint is Markdown like the task (`code`, **bold**, lists), under its number
            Label label = new Label("Hint " + (i + 1) + (ex == null ? "" : " of " + ex.hints().size()));
            label.getStyleClass().add(Styles.HINT);
            Node text = markdown.apply(hints.get(i));
            text.getStyleClass().addAll("md-compact", "md-inline");
            VBox one = new VBox(0, label, text);
            one.getStyleClass().add(Styles.HINT_BOX);
            one.setId("hint-" + (i + 1));
            hintBox.getChildren().add(one);
        }
        if (!hints.isEmpty()) {
            // the newest hint is at the bottom of the header: scroll it into view once laid out
            javafx.application.Platform.runLater(() -> header.setVvalue(header.getVmax()));
        }
    }

    private void showNotice(Notice notice) {
        noticeBox.getChildren().clear();
        if (notice == null) {
            return;
        }
        NoticeBanner message = new NoticeBanner(notice, () -> vm.noticeProperty().set(null));
        message.getStyleClass().add(Styles.NOTICE);
        // a banner keeps its height (the header scrolls instead of squashing it to a sliver)
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.setId("exercise-notice");
        noticeBox.getChildren().add(message);
        header.setVvalue(0);
    }

    /** A dialog with a diff view that asks before replacing (used by the app; tests pass their own). */
    public static boolean confirmWith(Dialog<ButtonType> dialog, ButtonType replace) {
        return dialog.showAndWait().filter(b -> b == replace).isPresent();
    }
}
