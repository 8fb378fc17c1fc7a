package orchlab.desktop.start;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window's first frame: the course title and the navigator's modules, in the theme's colours, without controls. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StartSkeletonUiTest {
    private final StackPane root = new StackPane();
    private static final CourseOutline OUTLINE = new CourseOutline("Container orchestration, hands on",
            List.of("Foundations", "Docker basics", "Istio"));

    @BeforeAll
    static void needsMonocle() {
        assumeTrue(Runtime.version().feature() >= 21, "the headless UI tests run on openjfx-monocle 21,"
                + " which needs Java 21 or newer; this JVM is " + Runtime.version());
    }

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(root, 1024, 768));
        stage.show();
    }

    private StartSkeleton show(boolean dark) {
        StartSkeleton skeleton = fx(() -> {
            StartSkeleton s = new StartSkeleton(OUTLINE, dark);
            root.getChildren().setAll(s);
            return s;
        });
        WaitForAsyncUtils.waitForFxEvents();
        return skeleton;
    }

    @Test
    void showsTheCourseTitleAndEveryModuleInTheNavigator() {
        StartSkeleton skeleton = show(false);
        List<String> navigatorTexts = fx(() -> texts(skeleton.lookup("#start-skeleton-navigator")));
        assertThat(navigatorTexts).containsSubsequence("Container orchestration, hands on", "Foundations", "Docker basics", "Istio");
    }

    @Test
    void holdsNoControlsSoDrawingItLoadsNoStylesheet() {
        StartSkeleton skeleton = show(false);
        assertThat(fx(() -> all(skeleton).stream().filter(n -> n instanceof Control).toList())).isEmpty();
    }

    @Test
    void aDarkThemeDrawsADarkFrameAndALightThemeALightOne() {
        double dark = brightness(show(true));
        double light = brightness(show(false));
        assertThat(dark).isLessThan(0.2);
        assertThat(light).isGreaterThan(0.8);
    }

    private static double brightness(StartSkeleton skeleton) {
        return fx(() -> ((Color) skeleton.getBackground().getFills().get(0).getFill()).getBrightness());
    }

    private static List<String> texts(Node node) {
        return all(node).stream().filter(n -> n instanceof Text).map(n -> ((Text) n).getText()).toList();
    }

    private static List<Node> all(Node node) {
        List<Node> out = new ArrayList<>();
        out.add(node);
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> out.addAll(all(c)));
        }
        return out;
    }

    private static <T> T fx(Callable<T> call) {
        try {
            return WaitForAsyncUtils.asyncFx(call).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
