package orchlab.desktop.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class TerminalViewUiTest {
    @TempDir
    static Path dir;

    private Stage stage;
    private TerminalView view;

    @BeforeAll
    static void linuxOnly() {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"),
                "the terminal UI tests run a shell on a Linux pseudo-terminal");
        Assumptions.assumeTrue(Runtime.version().feature() >= 21,
                "openjfx-monocle 21.0.2 (headless JavaFX) is built for Java 21+, this is Java "
                        + Runtime.version().feature() + ": run UI tests with -Dui.java=<path to a Java 21+ java>");
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new javafx.scene.layout.StackPane(), 800, 500));
        stage.sizeToScene();
        stage.show();
    }

    @AfterEach
    void closeView() throws Exception {
        if (view != null) {
            WaitForAsyncUtils.asyncFx(view::close).get(10, TimeUnit.SECONDS);
        }
    }

    private void mount(FxRobot robot, TerminalSpec spec) {
        robot.interact(() -> {
            view = new TerminalView(spec);
            stage.getScene().setRoot(view);
        });
    }

    private static TerminalSpec sh() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PS1", "$ ");
        env.put("ENV", "/dev/null");
        return new TerminalSpec(dir, env, List.of("sh", "-i"));
    }

    private String awaitScreen(String marker) throws InterruptedException {
        return await(() -> view.screenText(), s -> s.contains(marker), "the screen to show \"" + marker + "\"");
    }

    private static <T> T await(Supplier<T> value, java.util.function.Predicate<T> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + PtyOutput.PATIENCE.toNanos();
        T current = value.get();
        while (!condition.test(current)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PtyOutput.PATIENCE.toSeconds() + " s for " + what
                        + "; last seen: " + current);
            }
            Thread.sleep(50);
            current = value.get();
        }
        return current;
    }

    @Test
    void runCommandTypesIntoTheLearnersShellAndShowsItsOutput(FxRobot robot) throws Exception {
        // the learner's own shell; HOME is a fresh folder so that this machine's start-up files do not slow it down
        mount(robot, TerminalSpec.userShell(dir, Map.of("HOME", dir.toString())));

        robot.interact(() -> view.runCommand("echo orchlab-$((6*7))"));

        awaitScreen("orchlab-42");
    }

    @Test
    void theTerminalPaintsWithTheDarkThemesColoursAndBackWhenTheThemeSwitches(FxRobot robot) throws Exception {
        mount(robot, sh());
        robot.interact(() -> view.start());
        javafx.scene.paint.Color light = WaitForAsyncUtils.asyncFx(view::background).get(10, TimeUnit.SECONDS);

        robot.interact(() -> view.setDark(true));
        javafx.scene.paint.Color dark = WaitForAsyncUtils.asyncFx(view::background).get(10, TimeUnit.SECONDS);
        robot.interact(() -> view.setDark(false));
        javafx.scene.paint.Color lightAgain = WaitForAsyncUtils.asyncFx(view::background).get(10, TimeUnit.SECONDS);

        assertThat(light.getBrightness()).as("light theme: a light background").isGreaterThan(0.9);
        assertThat(dark.getBrightness()).as("dark theme: a dark background").isLessThan(0.2);
        assertThat(lightAgain).isEqualTo(light);
    }

    @Test
    void exitIsReportedAndEnterStartsANewShell(FxRobot robot) throws Exception {
        mount(robot, sh());
        robot.interact(() -> view.runCommand("exit 3"));

        awaitScreen("[process exited with code 3 \u2014 press Enter to start a new shell]");
        assertThat(view.isRunning()).isFalse();

        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);

        await(view::isRunning, running -> running, "a new shell after Enter");
        robot.interact(() -> view.runCommand("echo again-$((1+1))"));
        awaitScreen("again-2");
    }

    @Test
    void theShellSeesTheSizeOfTheNode(FxRobot robot) throws Exception {
        mount(robot, new TerminalSpec(dir, System.getenv(),
                List.of("sh", "-c", "trap 'echo size=$(stty size)' WINCH; stty size | sed 's/^/size=/';"
                        + " while :; do sleep 0.1; done")));
        robot.interact(() -> view.start());
        awaitScreen("size=");

        robot.interact(() -> {
            orchlab.desktop.strays.FreshBuffers.resize(stage, 520, 300);
        });

        // the last report equals the size of the terminal's own buffer, and that is not the initial 80x24
        Pattern size = Pattern.compile("size=(\\d+) (\\d+)");
        await(() -> {
            Matcher m = size.matcher(view.screenText());
            String last = null;
            while (m.find()) {
                last = m.group(2) + "x" + m.group(1);
            }
            return last;
        }, last -> last != null && last.equals(view.terminalSize()) && !last.equals("80x24"),
                "the shell to report the terminal's size " + view.terminalSize());
    }

    @Test
    void aFolderThatDoesNotExistIsExplainedInsteadOfATerminal(FxRobot robot) {
        Path missing = dir.resolve("missing");
        mount(robot, new TerminalSpec(missing, System.getenv(), List.of("sh")));

        robot.interact(() -> view.start());

        assertThat(view.isRunning()).isFalse();
        assertThat(view.screenText()).contains(missing.toString()).contains("does not exist");
    }
}
