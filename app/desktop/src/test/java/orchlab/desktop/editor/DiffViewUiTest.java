package orchlab.desktop.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class DiffViewUiTest {
    private StackPane root;

    @BeforeAll
    static void needsMonocle() {
        UiTestSupport.assumeMonocleLoads();
    }

    @Start
    void start(Stage stage) {
        UiTestSupport.useAppTheme();
        root = new StackPane();
        stage.setScene(new Scene(root, 800, 400));
        stage.sizeToScene();
        stage.show();
    }

    @Test
    void coloursRemovedAndAddedLinesAndSumsUpTheChange() {
        DiffView view = fx(() -> {
            DiffView v = new DiffView("spec:\n  replica: 3\n", "spec:\n  replicas: 3\n");
            root.getChildren().setAll(v);
            return v;
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(fx(view::summary)).isEqualTo("1 line only in Your file, 1 line only in Solution");
        assertThat(fx(() -> view.lookupAll(".list-cell." + EditorStyles.DIFF_REMOVED).size())).isEqualTo(1);
        assertThat(fx(() -> view.lookupAll(".list-cell." + EditorStyles.DIFF_ADDED).size())).isEqualTo(1);
        assertThat(fx(() -> view.lookupAll(".list-cell." + EditorStyles.DIFF_REMOVED).stream()
                .map(n -> ((ListCell<?>) n).getGraphic().lookupAll("." + EditorStyles.DIFF_TEXT).stream()
                        .map(l -> ((Labeled) l).getText()).toList())
                .toList())).containsExactly(java.util.List.of("  replica: 3"));
    }

    @Test
    void switchesToSideBySide() {
        DiffView view = fx(() -> {
            DiffView v = new DiffView("a\nold\n", "a\nnew\nmore\n");
            root.getChildren().setAll(v);
            v.setMode(DiffView.Mode.SIDE_BY_SIDE);
            return v;
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(fx(() -> view.lookupAll(".diff-row ." + EditorStyles.DIFF_FILLER).size())).as("the left side of 'more'").isEqualTo(1);
        assertThat(fx(() -> view.lookupAll(".diff-row ." + EditorStyles.DIFF_ADDED).size())).isEqualTo(2);
    }

    @Test
    void saysWhenTheFileAlreadyMatches() {
        DiffView view = fx(() -> new DiffView("a\r\nb", "a\nb\n"));

        assertThat(view.isSame()).isTrue();
        assertThat(fx(view::summary)).isEqualTo("Your file already matches Solution.");
    }

    private static <T> T fx(Callable<T> action) {
        try {
            return WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX action failed", e);
        }
    }
}
