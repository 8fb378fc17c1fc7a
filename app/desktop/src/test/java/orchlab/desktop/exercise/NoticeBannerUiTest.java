package orchlab.desktop.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import atlantafx.base.theme.PrimerLight;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Text from commands and packs is shown in a notice exactly as written, brackets and all (never read as BBCode). */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class NoticeBannerUiTest {
    private final VBox root = new VBox();

    @BeforeAll
    static void needsMonocle() {
        assumeTrue(Runtime.version().feature() >= 21, "the headless UI tests run on openjfx-monocle 21,"
                + " which needs Java 21 or newer; this JVM is " + Runtime.version());
    }

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        stage.setScene(new Scene(new StackPane(root), 500, 300));
        stage.show();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[INFO] Chart.yaml: icon is recommended",
            "[b]not bold[/b] and [i]not italic[/i]",
            "an unbalanced [ bracket",
            "a closing ] and [/url] with no opening",
            "[url=https://example.com]a link[/url] [color=red]red?[/color]",
            "[WARNING] templates/: directory not found\n[ERROR] Chart.yaml: version is required"})
    void showsTheTextVerbatim(String text) throws Exception {
        NoticeBanner banner = onFx(() -> show(Notice.warning(text), () -> { }));
        List<Text> texts = onFx(() -> banner.lookupAll(".description Text").stream()
                .map(Text.class::cast).toList());
        assertThat(texts).hasSize(1);
        assertThat(texts.get(0).getText()).isEqualTo(text);
        assertThat(texts.get(0).isVisible()).isTrue();
    }

    @Test
    void theCloseButtonRunsTheGivenAction(FxRobot robot) throws Exception {
        AtomicInteger closed = new AtomicInteger();
        NoticeBanner banner = onFx(() -> show(Notice.error("[ERROR] it failed"), closed::incrementAndGet));
        Node close = onFx(() -> banner.lookup(".close-button"));
        robot.clickOn(close);
        assertThat(closed).hasValue(1);
    }

    @Test
    void theLevelGivesTheBannerItsColour() throws Exception {
        assertThat(onFx(() -> show(Notice.error("x"), () -> { })).getStyleClass()).contains("danger");
        assertThat(onFx(() -> show(Notice.success("x"), () -> { })).getStyleClass()).contains("success");
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Shows the banner and lays it out at once, so a failing skin fails this call, not a later pulse. */
    private NoticeBanner show(Notice notice, Runnable onClose) {
        NoticeBanner banner = new NoticeBanner(notice, onClose);
        root.getChildren().setAll(banner);
        root.applyCss();
        root.layout();
        return banner;
    }
}
