package orchlab.desktop.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import orchlab.engine.exercise.PackReach.ClusterObject;
import orchlab.engine.yaml.Location;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** The consent dialog lists each cluster-wide object by kind and name, and its two buttons answer yes and no. */
class ClusterScopedConsentDialogUiTest extends DialogUiTestSupport {
    private static final List<ClusterObject> OBJECTS = List.of(
            new ClusterObject("CustomResourceDefinition", "widgets.example.com", new Location("setup/crd.yaml", 2, 7)),
            new ClusterObject("StorageClass", "lab-fast", new Location("setup/objects.yaml", 9, 7)));

    private CompletableFuture<Boolean> ask() {
        return show(() -> new ClusterScopedConsentDialog(owner).ask("Fast disks", "fast-disks", OBJECTS));
    }

    @Test
    void listsEveryObjectByKindNameAndPlaceAndDontApplyAnswersNo(FxRobot robot) throws Exception {
        CompletableFuture<Boolean> answer = ask();

        assertThat(texts(robot, "." + ClusterScopedConsentDialog.OBJECT))
                .containsExactly("•  CustomResourceDefinition widgets.example.com   (setup/crd.yaml:2)",
                        "•  StorageClass lab-fast   (setup/objects.yaml:9)");
        press(robot, "Don't apply");

        assertThat(answer.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void createThemAnswersYes(FxRobot robot) throws Exception {
        CompletableFuture<Boolean> answer = ask();

        press(robot, "Create them");

        assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
