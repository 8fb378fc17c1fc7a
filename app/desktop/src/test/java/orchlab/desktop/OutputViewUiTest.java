package orchlab.desktop;

import static orchlab.desktop.LabSession.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.Scene;
import javafx.scene.control.IndexRange;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Output tab follows new lines like a terminal, unless the learner scrolled up to read. */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+; "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
@ExtendWith(ApplicationExtension.class)
class OutputViewUiTest {
    private final StringProperty output = new SimpleStringProperty("");
    private OutputView view;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        view = new OutputView(output);
        Scene scene = new Scene(new StackPane(view), 500, 200);
        scene.getStylesheets().add(Theme.appStylesheet()); // as the lab window has it
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void newLinesScrollIntoViewWhileTheLearnerIsAtTheEnd() throws Exception {
        add(lines(1, 60));
        assertThat(atBottom()).as("after the first lines").isTrue();

        add(lines(61, 120));

        assertThat(atBottom()).as("after more lines").isTrue();
        assertThat(text()).endsWith("line 120\n");
    }

    @Test
    void aLearnerWhoScrolledUpKeepsTheirPlaceAndSelectionUntilTheyScrollBackToTheEnd() throws Exception {
        add(lines(1, 80));
        onFx(() -> {
            view.selectRange(14, 20);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        onFx(() -> {
            view.setScrollTop(300);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        double place = offset();
        assertThat(place).isGreaterThan(100);

        add(lines(81, 160));

        assertThat(offset()).as("the learner's place").isCloseTo(place, within(1.0));
        assertThat(onFx(view::getSelection)).as("the learner's selection").isEqualTo(new IndexRange(14, 20));
        assertThat(atBottom()).isFalse();

        onFx(() -> {
            view.setScrollTop(Double.MAX_VALUE);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        add(lines(161, 240));

        assertThat(atBottom()).as("back at the end, it follows again").isTrue();
    }

    @Test
    void anotherRunsOutputStartsAfreshAndFollows() throws Exception {
        add(lines(1, 80));
        onFx(() -> {
            view.setScrollTop(0);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        onFx(() -> {
            output.set(lines(500, 600));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(text()).startsWith("line 500\n");
        assertThat(atBottom()).isTrue();
    }

    @Test
    void theEmptyTabSaysWhatWillAppearThereUntilTheFirstLineAndAgainOnceCleared() throws Exception {
        onFx(() -> {
            view.requestFocus(); // a learner clicked into it: the theme hides a focused field's prompt, not this one
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(view::isFocused)).isTrue();
        assertThat(placeholderShown()).as("before any output").isTrue();

        add("deployment.apps/web created\n");
        assertThat(placeholderShown()).as("with a line of output").isFalse();

        onFx(() -> {
            output.set(""); // an exercise switch, Reset or a new sandbox
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(placeholderShown()).as("cleared").isTrue();
    }

    /** The placeholder is drawn whole: visible, wrapped inside the tab's width. */
    private boolean placeholderShown() throws Exception {
        return onFx(() -> placeholderIn(view, view));
    }

    /** Whether a visible text under {@code node} says {@link OutputView#PLACEHOLDER} and fits inside {@code view}. */
    static boolean placeholderIn(javafx.scene.Node node, javafx.scene.Node view) {
        if (node instanceof javafx.scene.text.Text t && OutputView.PLACEHOLDER.equals(t.getText())) {
            javafx.geometry.Bounds text = t.localToScene(t.getBoundsInLocal());
            javafx.geometry.Bounds area = view.localToScene(view.getLayoutBounds());
            return t.isVisible() && t.getOpacity() > 0 && text.getWidth() > 0 && text.getMaxX() <= area.getMaxX() + 0.5
                    && !(t.getFill() instanceof javafx.scene.paint.Color c && c.getOpacity() == 0);
        }
        return node instanceof javafx.scene.Parent p && p.isVisible()
                && p.getChildrenUnmodifiable().stream().anyMatch(c -> placeholderIn(c, view));
    }

    private void add(String more) throws Exception {
        onFx(() -> {
            output.set(output.get() + more);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text() throws Exception {
        return onFx(() -> view.getText());
    }

    private static String lines(int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i <= to; i++) {
            out.append("line ").append(i).append('\n');
        }
        return out.toString();
    }

    private ScrollPane pane() {
        return (ScrollPane) view.lookup(".scroll-pane");
    }

    /** How far down (pixels) the text is scrolled, as drawn. */
    private double offset() throws Exception {
        return onFx(() -> {
            ScrollPane pane = pane();
            double range = pane.getContent().getLayoutBounds().getHeight() - pane.getViewportBounds().getHeight();
            return (pane.getVvalue() - pane.getVmin()) / (pane.getVmax() - pane.getVmin()) * Math.max(0, range);
        });
    }

    /** The last line is in view: the text is scrolled (as drawn) to its end. */
    private boolean atBottom() throws Exception {
        return onFx(() -> {
            ScrollPane pane = pane();
            double range = pane.getContent().getLayoutBounds().getHeight() - pane.getViewportBounds().getHeight();
            return range > 0 && pane.getVvalue() >= pane.getVmax() - 1e-6;
        });
    }
}
