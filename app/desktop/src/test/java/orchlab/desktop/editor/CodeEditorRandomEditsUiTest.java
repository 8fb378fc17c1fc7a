package orchlab.desktop.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import orchlab.engine.lint.WorkspaceLinter;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Random edit sequences on the code editor while its styler and linter run, as a learner's typing, pasting and undoing
 * would interleave with them: no exception may reach the FX thread's uncaught-exception handler (where RichTextFX's
 * "ParagraphText is not the parent" and IndexOutOfBoundsException once surfaced). Seeded and reproducible: the seed is
 * printed, and {@code -Deditor.seed=N} replays a run. Bounded to about {@value #MILLIS_PER_FILE} ms of editing per file.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class CodeEditorRandomEditsUiTest {
    private static final long MILLIS_PER_FILE = 1500;
    private static final WorkspaceLinter LINTER = new WorkspaceLinter();
    private static final ExecutorService BACKGROUND = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "editor-fuzz-background");
        t.setDaemon(true);
        return t;
    });
    /** What a learner types or pastes: YAML and Dockerfile pieces, tabs, several lines, template actions, non-ASCII. */
    private static final List<String> PIECES = List.of("a", " ", "\t", "\n", "  ", ":", "-", "#", "\"", "'", "{", "}", "[", "]",
            "replicas: 3\n", "  - name: web\n    image: nginx:1.27\n", "\t\treplica: 3\n", "spec:\n\ttemplate:\n",
            "{{ .Values.image }}", "{{- if .Values.x }}\n", "FROM alpine:3.17\nRUN apk add curl\n", "RUN \\\n  echo hi\n",
            "é", "日本", "😀", "\r\n", "---\n", "key: [1, 2,\n", "&anchor ", "*anchor\n", "| \n  block\n");
    private static final String START = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
            """;

    private StackPane root;

    @BeforeAll
    static void needsMonocle() {
        UiTestSupport.assumeMonocleLoads();
    }

    @AfterAll
    static void stopBackground() {
        BACKGROUND.shutdownNow();
    }

    @Start
    void start(Stage stage) {
        UiTestSupport.useAppTheme();
        root = new StackPane();
        stage.setScene(new Scene(root, 700, 400));
        stage.show();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"deployment.yaml", "Dockerfile", "chart/templates/deployment.yaml"})
    void randomEditsWithTheStylerAndLintRunningNeverThrowOnTheFxThread(String fileName) throws Exception {
        long seed = Long.getLong("editor.seed", System.nanoTime());
        System.out.println("CodeEditorRandomEditsUiTest " + fileName + ": seed " + seed + " (replay: -Deditor.seed=" + seed + ")");
        Random random = new Random(seed);
        List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler[] previous = new Thread.UncaughtExceptionHandler[1];
        CodeEditor editor = WaitForAsyncUtils.asyncFx(() -> {
            Thread fx = Thread.currentThread();
            Thread.UncaughtExceptionHandler before = fx.getUncaughtExceptionHandler();
            previous[0] = before;
            fx.setUncaughtExceptionHandler((t, e) -> {
                uncaught.add(e);
                if (before != null) {
                    before.uncaughtException(t, e);
                }
            });
            CodeEditor made = new CodeEditor(fileName, BACKGROUND, text -> LINTER.lint(fileName, text));
            root.getChildren().setAll(made);
            made.setText(START);
            return made;
        }).get(30, TimeUnit.SECONDS);
        List<String> log = new ArrayList<>();

        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MILLIS_PER_FILE);
        int edits = 0;
        while (System.nanoTime() < deadline) {
            int batch = 1 + random.nextInt(6);
            long opsSeed = random.nextLong();
            edits += batch;
            WaitForAsyncUtils.asyncFx(() -> {
                Random ops = new Random(opsSeed);
                for (int i = 0; i < batch; i++) {
                    log.add(edit(editor, ops));
                }
            }).get(30, TimeUnit.SECONDS);
            // not a synchronisation: sometimes let the debounced styler and linter run between batches, sometimes not
            if (random.nextInt(3) == 0) {
                Thread.sleep(random.nextInt((int) CodeEditor.DEBOUNCE_MILLIS * 2));
            }
        }
        WaitForAsyncUtils.waitForFxEvents();
        String text = WaitForAsyncUtils.asyncFx(editor::getText).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> {
            editor.dispose();
            root.getChildren().clear();
            Thread.currentThread().setUncaughtExceptionHandler(previous[0]);
            return null;
        }).get(30, TimeUnit.SECONDS);

        assertThat(uncaught).as("exceptions on the FX thread after %d edits (seed %d); last edits: %s", edits, seed,
                log.subList(Math.max(0, log.size() - 12), log.size())).isEmpty();
        assertThat(edits).isPositive();
        assertThat(text).isNotNull();
    }

    /** One random edit on the FX thread; returns what it did, for the failure message. */
    private static String edit(CodeEditor editor, Random random) {
        CodeArea area = editor.codeArea();
        int length = area.getLength();
        int a = random.nextInt(length + 1);
        int b = Math.min(length, a + random.nextInt(Math.max(1, Math.min(40, length - a + 1))));
        String piece = PIECES.get(random.nextInt(PIECES.size()));
        switch (random.nextInt(11)) {
            case 0, 1, 2 -> {
                area.insertText(a, piece);
                return "insert " + a + " " + show(piece);
            }
            case 3 -> {
                area.deleteText(a, b);
                return "delete " + a + ".." + b;
            }
            case 4 -> {
                area.replaceText(a, b, piece);
                return "replace " + a + ".." + b + " " + show(piece);
            }
            case 5 -> {
                area.undo();
                return "undo";
            }
            case 6 -> {
                area.redo();
                return "redo";
            }
            case 7 -> {
                // a paste over a selection
                area.selectRange(a, b);
                area.replaceSelection(piece + piece);
                return "paste " + a + ".." + b + " " + show(piece + piece);
            }
            case 8 -> {
                area.moveTo(a);
                KeyCode key = random.nextBoolean() ? KeyCode.TAB : KeyCode.ENTER;
                area.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", key, false, false, false, false));
                return "key " + key + " at " + a;
            }
            case 9 -> {
                // an external reload of the file, or "use the solution"
                String whole = random.nextBoolean() ? START : START.replace("  ", "\t") + piece;
                if (random.nextBoolean()) {
                    editor.setText(whole);
                    return "reload";
                }
                editor.replaceText(whole);
                return "replace all";
            }
            default -> {
                area.selectRange(a, b);
                area.deleteText(area.getSelection());
                return "cut " + a + ".." + b;
            }
        }
    }

    private static String show(String piece) {
        return "\"" + piece.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + "\"";
    }
}
