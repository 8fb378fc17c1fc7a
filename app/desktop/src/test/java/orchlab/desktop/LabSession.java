package orchlab.desktop;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TreeCell;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import orchlab.desktop.exercise.CheckRow;
import orchlab.engine.LabDirs;
import orchlab.testkit.Repo;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One lab window over the simulated cluster, opened once for a test class (starting the sim is the slow part) and
 * driven by its tests: each test puts the window in the state it needs first.
 */
final class LabSession implements AutoCloseable {
    final AppContext app;
    final MainViewModel vm;
    final MainWindow window;
    final Stage stage;

    private LabSession(AppContext app, MainViewModel vm, MainWindow window, Stage stage) {
        this.app = app;
        this.vm = vm;
        this.window = window;
        this.stage = stage;
    }

    static LabSession open(Path home) throws Exception {
        return open(home, Map.of());
    }

    /**
     * The lab window on the simulated cluster, with the built-in course open, for a fresh {@code home} (or the one a
     * test opened before: a restart).
     *
     * @param simOptions more options of the simulated cluster ({@code persist: true} keeps its state across a restart)
     */
    static LabSession open(Path home, Map<String, String> simOptions) throws Exception {
        FxToolkit.registerPrimaryStage();
        Files.createDirectories(home);
        Stage stage = onFx(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            return new Stage();
        });
        Map<String, String> options = new java.util.HashMap<>(simOptions);
        options.putIfAbsent("podStartDelay", "0");
        AppContext app = new AppContext(LabDirs.under(home), Repo.root(), Map.copyOf(options), Platform::runLater);
        AtomicReference<MainWindow> ref = new AtomicReference<>();
        MainViewModel vm = onFx(() -> {
            MainViewModel model = new MainViewModel(app);
            model.updateSettings(model.settingsProperty().get().withSandbox("sim", null, null));
            Parts parts = DesktopParts.create(app, null, model::openLessonFile, c -> ref.get().runInTerminal(c));
            MainWindow w = new MainWindow(model, parts, stage);
            ref.set(w);
            stage.show();
            return model;
        });
        onFx(vm::start).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return new LabSession(app, vm, ref.get(), stage);
    }

    @Override
    public void close() throws Exception {
        onFx(() -> {
            window.close();
            stage.hide();
            return null;
        });
        app.close();
        WaitForAsyncUtils.waitForFxEvents();
        // the journey suite fails on any exception that reached an uncaught-exception handler (the FX thread's included)
        // while the window was open: TestFX collects them, but reports them only at a later async call, if any
        try {
            WaitForAsyncUtils.checkException();
        } catch (Throwable t) {
            throw new AssertionError("an exception reached an uncaught-exception handler while the lab window was open", t);
        }
    }

    /** Opens an exercise from the navigator and waits until its sandbox is prepared. */
    void openExercise(FxRobot robot, String title) throws Exception {
        // the course grows: its row is scrolled into the navigator's view before it is clicked
        onFx(() -> {
            for (javafx.scene.control.TreeView<?> tree : FxQuery.all(robot, ".tree-view", javafx.scene.control.TreeView.class)) {
                for (int i = 0; i < tree.getExpandedItemCount(); i++) {
                    if (tree.getTreeItem(i).getValue() instanceof orchlab.desktop.navigator.NavItem item
                            && item.type() == orchlab.desktop.navigator.NavItem.Type.EXERCISE && title.equals(item.title())) {
                        tree.scrollTo(Math.max(0, i - 2));
                    }
                }
            }
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(treeCell(robot, title));
        waitUntil(() -> vm.exercise().exerciseProperty().get() != null
                && vm.exercise().exerciseProperty().get().title().equals(title) && vm.exercise().preparedProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Opens an exercise by its id, as the navigator does when it is clicked (its module may be folded). */
    void openExerciseById(String id) throws Exception {
        onFx(() -> {
            vm.navigator().find(orchlab.desktop.navigator.NavItem.Type.EXERCISE, id).ifPresent(vm.navigator().selectedProperty()::set);
            return null;
        });
        waitUntil(() -> vm.exercise().exerciseProperty().get() != null
                && vm.exercise().exerciseProperty().get().id().equals(id) && vm.exercise().preparedProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    void size(double width, double height) throws Exception {
        onFx(() -> {
            // hidden around the change: Monocle's render thread would reuse a buffer of the old size (FreshBuffers)
            orchlab.desktop.strays.FreshBuffers.resize(stage, width, height);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Heights of the exercise panel, of the open file's editor and of the whole column (exercise + bottom panel). */
    record Layout(double exercise, double editor, double column) {
    }

    Layout measure(String file) throws Exception {
        return onFx(() -> {
            Region ex = window.exerciseView();
            Region editor = (Region) window.exerciseView().editor(file).orElseThrow().node();
            Region column = (Region) window.exerciseView().getParent().getParent();
            return new Layout(ex.getHeight(), editor.getHeight(), column.getHeight());
        });
    }

    // look-ups run on the FX thread (FxQuery): the window changes while a test looks, and TestFX walks live child lists

    /**
     * Hovers the navigator's row titled {@code title} (scrolled into the navigator's view first, the mouse on the row
     * itself) and returns the words of the tooltip that then shows for it: a row makes its tooltip when the mouse enters.
     */
    static String hoverNavigatorRow(FxRobot robot, String title) throws Exception {
        javafx.scene.control.TreeView<?> tree = FxQuery.one(robot, "#course-tree", javafx.scene.control.TreeView.class);
        int row = onFx(() -> {
            for (int i = 0; i < tree.getExpandedItemCount(); i++) {
                if (tree.getTreeItem(i).getValue() instanceof orchlab.desktop.navigator.NavItem item && title.equals(item.title())) {
                    tree.scrollTo(Math.max(0, i - 2));
                    return i;
                }
            }
            return -1;
        });
        if (row < 0) {
            throw new AssertionError("no navigator row titled " + title);
        }
        WaitForAsyncUtils.waitForFxEvents();
        TreeCell<?> cell = FxQuery.one(robot, "#course-tree .tree-cell", TreeCell.class,
                c -> c.getIndex() == row && shownUpwards(c) && title.equals(c.getText()), "navigator row " + title);
        javafx.geometry.Bounds inView = onFx(() -> cell.localToScreen(cell.getBoundsInLocal()));
        javafx.geometry.Bounds viewport = onFx(() -> tree.localToScreen(tree.getBoundsInLocal()));
        if (!viewport.contains(inView.getCenterX(), inView.getCenterY())) {
            throw new AssertionError("navigator row " + title + " is outside the navigator's view: " + inView + " in " + viewport);
        }
        // from outside the navigator (the lesson beside it), so that the mouse enters the row
        robot.moveTo(new javafx.geometry.Point2D(viewport.getMaxX() + 40, inView.getCenterY()));
        robot.moveTo(cell);
        AtomicReference<String> shown = new AtomicReference<>();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(() -> {
            robot.listWindows().stream().filter(w -> w instanceof javafx.scene.control.Tooltip t && t.isShowing()
                    && t.getText() != null && t.getText().startsWith(title))
                    .findFirst().ifPresent(w -> shown.set(((javafx.scene.control.Tooltip) w).getText()));
            return shown.get() != null;
        }));
        return shown.get();
    }

    /** Visible with every parent (the tree's cells kept for measuring or later use are in hidden parents). */
    private static boolean shownUpwards(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    static Node treeCell(FxRobot robot, String text) {
        return FxQuery.one(robot, ".tree-cell", TreeCell.class, c -> text.equals(c.getText()), "navigator entry " + text);
    }

    static Button button(FxRobot robot, String text) {
        return FxQuery.one(robot, ".button", Button.class, b -> text.equals(b.getText()) && b.isVisible(), "button " + text);
    }

    static Node tabHeader(FxRobot robot, String tabId) {
        return FxQuery.one(robot, ".tab-header-area .tab", Node.class, n -> tabId.equals(n.getId()), "tab " + tabId);
    }

    void waitUntil(Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out; the window shows: notice=" + vm.exercise().noticeProperty().get()
                    + ", busy=" + vm.exercise().busyTextProperty().get() + ", output=" + vm.exercise().outputProperty().get()
                    + ", rows=" + vm.exercise().rows().stream().map(CheckRow::describe).toList()
                    + ", sandbox=" + vm.status().kubernetesProperty().get(), e);
        }
    }

    static <T> T onFx(Callable<T> work) throws Exception {
        return FxQuery.onFx(work);
    }
}
