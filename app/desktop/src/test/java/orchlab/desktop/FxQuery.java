package orchlab.desktop;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.scene.Node;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Node look-ups for UI tests, made on the FX thread. TestFX's {@code robot.lookup(...)} walks the scene's live child
 * lists on the thread that calls it; in a running lab window the FX thread changes those lists at any moment (check
 * rows arrive, the cluster view refreshes, editors relint), and a walk from the test thread then fails midway
 * ({@code IndexOutOfBoundsException: Index 20 out of bounds for length 20}, seen once in CI). Here the walk, the filter
 * and whatever the filter reads happen in one FX-thread task, and the caller gets a copied list.
 */
public final class FxQuery {
    private FxQuery() {
    }

    /** Every node matching the CSS {@code query} that is a {@code type} and passes {@code filter}. */
    public static <T extends Node> List<T> all(FxRobot robot, String query, Class<T> type, Predicate<? super T> filter) {
        return onFx(() -> robot.lookup(query).queryAllAs(type).stream().filter(filter).map(type::cast).toList());
    }

    public static <T extends Node> List<T> all(FxRobot robot, String query, Class<T> type) {
        return all(robot, query, type, n -> true);
    }

    /** The matching nodes under {@code root} only. */
    public static <T extends Node> List<T> allUnder(FxRobot robot, Node root, String query, Class<T> type) {
        return onFx(() -> List.copyOf(robot.from(root).lookup(query).queryAllAs(type)));
    }

    /** The first matching node, if any. */
    public static <T extends Node> Optional<T> find(FxRobot robot, String query, Class<T> type, Predicate<? super T> filter) {
        return all(robot, query, type, filter).stream().findFirst();
    }

    public static <T extends Node> Optional<T> find(FxRobot robot, String query, Class<T> type) {
        return find(robot, query, type, n -> true);
    }

    /** The first matching node; the test fails naming {@code what} when there is none. */
    public static <T extends Node> T one(FxRobot robot, String query, Class<T> type, Predicate<? super T> filter, String what) {
        return find(robot, query, type, filter).orElseThrow(() -> new AssertionError("no " + what + " in the window"));
    }

    public static <T extends Node> T one(FxRobot robot, String query, Class<T> type) {
        return one(robot, query, type, n -> true, query);
    }

    public static Node one(FxRobot robot, String query) {
        return one(robot, query, Node.class);
    }

    /** The visible control or label showing {@code text} in any window (a menu, a menu item in its popup, a button). */
    public static Node labeled(FxRobot robot, String text) {
        return onFx(() -> robot.lookup((Node n) -> n instanceof javafx.scene.control.Labeled l && text.equals(l.getText())
                && n.isVisible()).tryQuery()).orElseThrow(() -> new AssertionError("nothing shows \"" + text + "\" in the window"));
    }

    /** Clicks through a menu of the window's menu bar: {@code menu(robot, "Help", "Keyboard shortcuts")}. */
    public static void menu(FxRobot robot, String menu, String item) {
        Node bar = one(robot, "#menu-bar");
        robot.clickOn(onFx(() -> robot.from(bar).lookup((Node n) -> n instanceof javafx.scene.control.Labeled l
                && menu.equals(l.getText())).tryQuery()).orElseThrow(() -> new AssertionError("no menu " + menu)));
        robot.clickOn(labeled(robot, item));
    }

    /**
     * Runs {@code work} on the FX thread and returns its result (at once when already there: a {@code waitUntil}
     * condition runs on the FX thread and may look nodes up too).
     */
    public static <T> T onFx(Callable<T> work) {
        try {
            return Platform.isFxApplicationThread() ? work.call() : WaitForAsyncUtils.asyncFx(work).get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
