package orchlab.desktop.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import orchlab.engine.helm.HelmNative;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.lint.ExerciseLinter;
import orchlab.engine.lint.HelmLint;
import orchlab.engine.lint.IstioLint;
import orchlab.engine.lint.LintMark;
import orchlab.engine.lint.WorkspaceLinter;
import org.fxmisc.richtext.event.MouseOverTextEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import orchlab.testkit.Repo;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class CodeEditorUiTest {
    private static final WorkspaceLinter LINTER = new WorkspaceLinter();
    private static final ExecutorService BACKGROUND = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "editor-test-background");
        t.setDaemon(true);
        return t;
    });

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replica: 3
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
            """;

    private HBox root;

    @BeforeAll
    static void needsMonocle() {
        UiTestSupport.assumeMonocleLoads();
    }

    @Start
    void start(Stage stage) {
        UiTestSupport.useAppTheme();
        root = new HBox();
        stage.setScene(new Scene(root, 900, 500));
        stage.sizeToScene();
        stage.show();
    }

    @AfterAll
    static void stopBackground() {
        BACKGROUND.shutdownNow();
    }

    @Test
    void underlinesTheMisspeltKeyAndStylesItAsAKey() {
        CodeEditor editor = editor("deployment.yaml", BACKGROUND, text -> LINTER.lint("deployment.yaml", text));
        fx(() -> editor.setText(DEPLOYMENT));
        int start = DEPLOYMENT.indexOf("replica:");

        eventually("'replica' underlined as an error", () -> !editor.currentLint().isEmpty());

        for (int i = start; i < start + "replica".length(); i++) {
            int offset = i;
            assertThat(fx(() -> editor.codeArea().getStyleOfChar(offset)))
                    .as("style of character %d of 'replica'", offset - start)
                    .contains(Tokens.LINT_ERROR, Tokens.KEY);
        }
        assertThat(fx(() -> editor.codeArea().getStyleOfChar(start + "replica".length())))
                .as("the colon after the key is not underlined").doesNotContain(Tokens.LINT_ERROR);
        assertThat(fx(editor::currentLint)).singleElement().satisfies(mark -> {
            assertThat(mark.line()).isEqualTo(6);
            assertThat(mark.message()).contains("did you mean \"replicas\"?");
        });
    }

    @Test
    void showsTheLintMessageWhenTheMouseRestsOnTheMark() {
        CodeEditor editor = editor("deployment.yaml", BACKGROUND, text -> LINTER.lint("deployment.yaml", text));
        fx(() -> editor.setText(DEPLOYMENT));
        eventually("lint applied", () -> !editor.currentLint().isEmpty());
        int offset = DEPLOYMENT.indexOf("replica:") + 2;

        fx(() -> editor.codeArea().fireEvent(MouseOverTextEvent.beginAt(new Point2D(40, 40), offset)));

        assertThat(fx(() -> editor.lintTooltip().isShowing())).isTrue();
        assertThat(fx(() -> editor.lintTooltip().getText()))
                .isEqualTo("Error: Unknown field \"replica\" in Deployment spec (did you mean \"replicas\"?)");

        fx(() -> editor.codeArea().fireEvent(MouseOverTextEvent.end()));
        assertThat(fx(() -> editor.lintTooltip().isShowing())).isFalse();
    }

    @Test
    void underlinesTheIstioAnalyzerFindingFromItsFieldToTheEndOfItsLineWithItsCodeInTheTooltip() throws Exception {
        Path wrong = Repo.root().resolve("exercises/istio-observability/wrong/no-access-log-provider/telemetry.yaml");
        String text = Files.readString(wrong);
        // the exercise's namespace as a cluster without objects of its own: the file is analysed over it
        CodeEditor editor = editor("telemetry.yaml", BACKGROUND,
                t -> IstioLint.marks("telemetry.yaml", t, "istio-observability", List.of()));
        fx(() -> editor.setText(text));

        eventually("IST0157 underlined", () -> editor.currentLint().stream().anyMatch(m -> m.source().equals("IST0157")));

        int line = lineIndexOf(text, "- disabled: false");
        int from = text.indexOf("disabled: false");
        int to = text.indexOf('\n', from);
        assertThat(fx(() -> editor.codeArea().getStyleOfChar(from - 3))).as("the dash's indentation").doesNotContain(Tokens.LINT_WARNING);
        for (int i = from; i < to; i++) {
            int offset = i;
            assertThat(fx(() -> editor.codeArea().getStyleOfChar(offset))).as("character %d of line %d", offset - from, line)
                    .contains(Tokens.LINT_WARNING);
        }
        assertThat(fx(() -> editor.codeArea().getStyleOfChar(text.indexOf("tracing:")))).doesNotContain(Tokens.LINT_WARNING);

        fx(() -> editor.codeArea().fireEvent(MouseOverTextEvent.beginAt(new Point2D(40, 40), from + 2)));
        assertThat(fx(() -> editor.lintTooltip().getText())).startsWith("Warning [IST0157]: The Telemetry default in namespace")
                .contains("with empty providers will be ignored");
        fx(() -> editor.codeArea().fireEvent(MouseOverTextEvent.end()));
    }

    @Test
    void underlinesTheTemplateLineHelmLintNamesInAChartOfTheCourse(@TempDir Path workspace) throws Exception {
        assumeTrue(helmLoads(), "skipping: Helm's native library does not load here");
        // the wrong answer is the solution's chart with its broken template over it (its expect.yaml says base: solution)
        Path chart = copyChart(Repo.root().resolve("exercises/helm-chart/solution/my-app-chart"), workspace.resolve("my-app-chart"));
        Files.copy(Repo.root().resolve("exercises/helm-chart/wrong/broken-template/my-app-chart/templates/deployment.yaml"),
                chart.resolve("templates/deployment.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String file = "my-app-chart/templates/deployment.yaml";
        String text = Files.readString(workspace.resolve(file));
        ExerciseLinter linter = new ExerciseLinter(LINTER);
        CodeEditor editor = editor(file, BACKGROUND,
                t -> linter.lint(workspace, file, t, Optional.of("helm-chart"), Optional.empty()));
        fx(() -> editor.setText(text));

        eventually("helm lint's error underlined", () -> editor.currentLint().stream().anyMatch(m -> m.source().equals(HelmLint.SOURCE)));

        LintMark mark = fx(editor::currentLint).stream().filter(m -> m.source().equals(HelmLint.SOURCE)).findFirst().orElseThrow();
        String[] lines = text.split("\n", -1);
        int lineStart = 0;
        for (int i = 0; i < mark.line() - 1; i++) {
            lineStart += lines[i].length() + 1;
        }
        int start = lineStart;
        assertThat(mark.line()).as("the line of the action missing a closing brace").isEqualTo(lineIndexOf(text, "replicas: {{ .Values.app.replicas }\n"));
        int end = start + lines[mark.line() - 1].length();
        assertThat(fx(() -> editor.codeArea().getStyleOfChar(start + 1))).contains(Tokens.LINT_ERROR);
        assertThat(fx(() -> editor.codeArea().getStyleOfChar(end - 1))).contains(Tokens.LINT_ERROR);
        assertThat(fx(() -> editor.codeArea().getStyleOfChar(end + 2))).as("the next line").doesNotContain(Tokens.LINT_ERROR);
        assertThat(CodeEditor.describe(mark)).startsWith("Error (helm lint): ");
        assertThat(Files.readString(chart.resolve("templates/deployment.yaml"))).as("the workspace file is not written").isEqualTo(text);
    }

    @Test
    void showsNoTooltipOverCleanText() {
        CodeEditor editor = editor("deployment.yaml", BACKGROUND, text -> LINTER.lint("deployment.yaml", text));
        fx(() -> editor.setText(DEPLOYMENT));
        eventually("lint applied", () -> !editor.currentLint().isEmpty());

        fx(() -> editor.codeArea().fireEvent(MouseOverTextEvent.beginAt(new Point2D(40, 40), 2)));

        assertThat(fx(() -> editor.lintTooltip().isShowing())).isFalse();
    }

    @Test
    void stylesDockerfileInstructionsAndUnderlinesRuleViolations() {
        String text = "FROM python:3.12-slim\nrun pip install flask\nCMD python app.py\n";
        CodeEditor editor = editor("Dockerfile", BACKGROUND, t -> LINTER.lint("Dockerfile", t));
        fx(() -> editor.setText(text));

        eventually("Dockerfile highlighted", () -> editor.codeArea().getStyleOfChar(0).contains(Tokens.KEYWORD));

        int run = text.indexOf("run");
        assertThat(fx(() -> editor.codeArea().getStyleOfChar(run + 1))).contains(Tokens.KEYWORD);
        eventually("DL3025 on line 3", () -> editor.currentLint().stream().anyMatch(m -> m.source().equals("DL3025") && m.line() == 3));
        int cmd = text.indexOf("CMD");
        assertThat(fx(() -> editor.codeArea().getStyleOfChar(cmd + 1))).contains(Tokens.KEYWORD, Tokens.LINT_WARNING);
    }

    @Test
    void appliesOnlyTheResultForTheCurrentText() throws Exception {
        QueueExecutor queue = new QueueExecutor();
        CodeEditor editor = editor("notes.yaml", queue, CodeEditorUiTest::echoLinter);
        fx(() -> {
            editor.setText("old: 1\n");
            editor.replaceText("new: 2\n");
        });

        queue.runNext();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(editor::currentLint)).as("the result for the old text is dropped").isEmpty();
        assertThat(fx(() -> editor.codeArea().getStyleOfChar(1))).doesNotContain(Tokens.KEY);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (fx(() -> editor.currentLint().stream().noneMatch(m -> m.message().equals("new: 2\n")))) {
            assertThat(System.nanoTime()).as("the new text is highlighted within 30 s").isLessThan(deadline);
            queue.runPending();
            WaitForAsyncUtils.sleep(20, TimeUnit.MILLISECONDS);
        }
        assertThat(fx(() -> editor.codeArea().getStyleOfChar(1))).contains(Tokens.KEY);
    }

    @Test
    void aHighlightArrivingWhileNoWindowShowsTheEditorIsAppliedWhenItShowsAgainWithoutUnresolvedColours() throws Exception {
        QueueExecutor queue = new QueueExecutor();
        CodeEditor editor = editor("deployment.yaml", queue, text -> LINTER.lint("deployment.yaml", text));
        fx(() -> editor.setText(DEPLOYMENT));
        Scene editorsScene = fx(root::getScene);
        Stage stage = fx(() -> (Stage) editorsScene.getWindow());
        // another scene in the window (as each test's @Start does, or a file window closing): the editor's scene has none
        fx(() -> stage.setScene(new Scene(new HBox(), 900, 500)));
        int key = DEPLOYMENT.indexOf("replica:");

        // the highlight arrives now: styling its lines in a scene no window shows logged "Could not resolve
        // '-color-accent-fg'" and more for every line (StrayExceptions fails the test on them)
        queue.runNext();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> editor.codeArea().getStyleOfChar(key))).as("held back while no window shows it").doesNotContain(Tokens.KEY);

        fx(() -> stage.setScene(editorsScene));
        WaitForAsyncUtils.waitForFxEvents();
        eventually("the held-back highlight applied once the editor shows", () -> editor.codeArea().getStyleOfChar(key).contains(Tokens.KEY));
        assertThat(fx(editor::currentLint)).extracting(LintMark::line).contains(6);
    }

    @Test
    void stopsHighlightingOnceDisposed() {
        CountingExecutor disposedRuns = new CountingExecutor(BACKGROUND);
        CountingExecutor liveRuns = new CountingExecutor(BACKGROUND);
        CodeEditor disposed = editor("a.yaml", disposedRuns, CodeEditorUiTest::echoLinter);
        CodeEditor live = editor("b.yaml", liveRuns, CodeEditorUiTest::echoLinter);
        fx(() -> {
            disposed.setText("a: 1\n");
            live.setText("b: 1\n");
        });
        eventually("both highlighted", () -> !disposed.currentLint().isEmpty() && !live.currentLint().isEmpty());
        int runsBefore = fx(() -> {
            int runs = disposedRuns.count();
            disposed.dispose();
            disposed.replaceText("a: 2\n");
            live.replaceText("b: 2\n");
            return runs;
        });
        // the live editor's debounce started after the disposed one's would have, so once the live one has
        // highlighted its new text, a still-subscribed disposed editor would have asked for a run too
        eventually("live editor highlighted its new text",
                () -> live.currentLint().stream().anyMatch(m -> m.message().equals("b: 2\n")));

        assertThat(disposedRuns.count()).isEqualTo(runsBefore);
        assertThat(fx(disposed::currentLint)).extracting(LintMark::message).containsExactly("a: 1\n");
        assertThat(fx(disposed::isDisposed)).isTrue();
    }

    @Test
    void insertsTwoSpacesForTabInYaml() {
        CodeEditor editor = editor("deployment.yaml", BACKGROUND, t -> List.of());
        fx(() -> {
            editor.setText("spec:\n");
            editor.codeArea().moveTo(editor.codeArea().getLength());
            editor.codeArea().fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.TAB, false, false, false, false));
        });

        assertThat(fx(editor::getText)).isEqualTo("spec:\n  ");
    }

    @Test
    void tellsItsListenerEachTimeTabInsertedSpacesInYaml() {
        CodeEditor editor = editor("deployment.yaml", BACKGROUND, t -> List.of());
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        fx(() -> {
            editor.setOnTabAsSpaces(told::incrementAndGet);
            editor.setText("spec:\n");
            editor.codeArea().moveTo(editor.codeArea().getLength());
            editor.codeArea().fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.TAB, false, false, false, false));
            editor.codeArea().fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.TAB, false, false, false, false));
        });

        assertThat(told.get()).isEqualTo(2);
    }

    @Test
    void keepsTheIndentationOnEnterAndIndentsAfterAYamlKey() {
        CodeEditor editor = editor("deployment.yaml", BACKGROUND, t -> List.of());
        fx(() -> {
            editor.setText("spec:\n  template:");
            editor.codeArea().moveTo(editor.codeArea().getLength());
            editor.codeArea().fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, false, false, false));
        });

        assertThat(fx(editor::getText)).isEqualTo("spec:\n  template:\n    ");
    }

    @Test
    void movesTheCaretToTheRequestedLine() {
        CodeEditor editor = editor("Dockerfile", BACKGROUND, t -> List.of());
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            text.append(i == 9 ? "    CMD python app.py" : "RUN echo " + i).append('\n');
        }
        fx(() -> {
            editor.setText(text.toString());
            editor.showLine(9);
        });

        assertThat(fx(editor::caretLine)).isEqualTo(9);
        assertThat(fx(() -> editor.codeArea().getCaretColumn())).as("at the first non-blank").isEqualTo(4);
    }

    @Test
    void tracksWhetherTheTextDiffersFromTheLoadedFile() {
        CodeEditor editor = editor("a.yaml", BACKGROUND, t -> List.of());
        fx(() -> editor.setText("a: 1\n"));
        assertThat(fx(editor::isDirty)).isFalse();

        fx(() -> editor.replaceText("a: 2\n"));
        assertThat(fx(editor::isDirty)).isTrue();

        fx(() -> editor.codeArea().undo());
        assertThat(fx(editor::getText)).as("undo returns to the loaded text, not to empty").isEqualTo("a: 1\n");
        assertThat(fx(editor::isDirty)).isFalse();

        fx(() -> editor.codeArea().undo());
        assertThat(fx(editor::getText)).isEqualTo("a: 1\n");

        fx(() -> {
            editor.replaceText("a: 3\n");
            editor.markSaved();
        });
        assertThat(fx(editor::isDirty)).isFalse();
    }

    @Test
    void aReloadFromDiskIsOneUndoStepAndLeavesTheEditorClean() {
        CodeEditor editor = editor("a.yaml", BACKGROUND, t -> List.of());
        fx(() -> editor.setText("a: 1\nb: 1\n"));
        fx(() -> {
            editor.codeArea().moveTo(1, 3);
            editor.codeArea().replaceSelection("2");
            editor.markSaved();
        });

        fx(() -> editor.reloadText("a: 1\nb: 12\nc: 3\n"));
        assertThat(fx(editor::isDirty)).as("the text is what the file holds").isFalse();
        assertThat(fx(editor::caretLine)).as("the caret stays on its line").isEqualTo(2);

        fx(() -> editor.codeArea().undo());
        assertThat(fx(editor::getText)).as("one undo takes back the reload, not the typing before it")
                .isEqualTo("a: 1\nb: 21\n");
        assertThat(fx(editor::isDirty)).as("the learner's text is not in the file any more").isTrue();

        fx(() -> editor.codeArea().undo());
        assertThat(fx(editor::getText)).isEqualTo("a: 1\nb: 1\n");
        fx(() -> editor.codeArea().redo());
        fx(() -> editor.codeArea().redo());
        assertThat(fx(editor::getText)).isEqualTo("a: 1\nb: 12\nc: 3\n");
        assertThat(fx(editor::isDirty)).isFalse();
    }

    @Test
    void computesHighlightingWithoutAToolkitThreadAndSurvivesAThrowingLinter() {
        CodeEditor.Highlight highlight = CodeEditor.compute("a: 1\n", Stylers.YAML, t -> {
            throw new IllegalStateException("boom");
        });

        assertThat(highlight.marks()).isEmpty();
        assertThat(highlight.spans().length()).isEqualTo(5);
        assertThat(StyleAssertions.styleAt(highlight.spans(), 0)).containsExactly(Tokens.KEY);
    }

    // ---------------------------------------------------------------- helpers

    private CodeEditor editor(String fileName, Executor background, Function<String, List<LintMark>> linter) {
        return fx(() -> {
            CodeEditor editor = new CodeEditor(fileName, background, linter);
            editor.setPrefSize(400, 400);
            root.getChildren().add(editor);
            return editor;
        });
    }

    /** One INFO mark on line 1 whose message is the text the linter saw. */
    private static List<LintMark> echoLinter(String text) {
        return List.of(new LintMark(1, 1, 0, LintMark.Severity.INFO, text, "test"));
    }

    private static <T> T fx(Callable<T> action) {
        try {
            return WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX action failed", e);
        }
    }

    private static void fx(Runnable action) {
        fx(() -> {
            action.run();
            return null;
        });
    }

    private static int lineIndexOf(String text, String needle) {
        return (int) text.substring(0, text.indexOf(needle)).chars().filter(c -> c == '\n').count() + 1;
    }

    private static boolean helmLoads() {
        try {
            HelmNative.load();
            return true;
        } catch (HelmUnavailableException e) {
            System.out.println("[skip] " + e.getMessage());
            return false;
        }
    }

    private static Path copyChart(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    /** Polls {@code condition} on the FX thread until it holds, for up to 30 s. */
    private static void eventually(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (fx(condition::get)) {
                return;
            }
            WaitForAsyncUtils.sleep(20, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("not within 30 s: " + what);
    }

    /** Runs submitted tasks only when the test says so. */
    private static final class QueueExecutor implements Executor {
        private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runNext() throws InterruptedException {
            Runnable task = tasks.poll(30, TimeUnit.SECONDS);
            assertThat(task).as("a highlighting task was submitted").isNotNull();
            task.run();
        }

        void runPending() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    private static final class CountingExecutor implements Executor {
        private final Executor delegate;
        private final AtomicInteger count = new AtomicInteger();

        CountingExecutor(Executor delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable task) {
            count.incrementAndGet();
            delegate.execute(task);
        }

        int count() {
            return count.get();
        }
    }

}
