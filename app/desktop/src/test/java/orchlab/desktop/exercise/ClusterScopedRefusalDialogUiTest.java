package orchlab.desktop.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import orchlab.engine.exercise.PackReach.ClusterObject;
import orchlab.engine.yaml.Location;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** Apply's refusal of cluster-wide objects in the learner's own file names each object, its file and line, and what to do. */
class ClusterScopedRefusalDialogUiTest extends DialogUiTestSupport {

    @Test
    void namesEachObjectWithItsFileAndLineAndSaysWhatToDo(FxRobot robot) {
        show(() -> {
            new ClusterScopedRefusalDialog(owner).accept("k8s-rbac", List.of(
                    new ClusterObject("ClusterRole", "see-all", new Location("role.yaml", 12, 1))));
            return null;
        });

        assertThat(texts(robot, "." + ClusterScopedRefusalDialog.OBJECT)).containsExactly("•  ClusterRole see-all   (role.yaml:12)");
        assertThat(texts(robot, ".label"))
                .anySatisfy(text -> assertThat(text).startsWith("What to do: remove it from your file."))
                .anySatisfy(text -> assertThat(text).contains("namespace k8s-rbac only"));
    }
}
