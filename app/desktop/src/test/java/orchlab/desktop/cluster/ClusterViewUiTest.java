package orchlab.desktop.cluster;

import static orchlab.desktop.cluster.TestObjects.deployment;
import static orchlab.desktop.cluster.TestObjects.pod;
import static orchlab.desktop.cluster.TestObjects.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.stage.Stage;
import orchlab.engine.live.Health;
import orchlab.engine.live.LiveEvent;
import orchlab.engine.live.LiveObject;
import orchlab.desktop.FxQuery;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The view mounted in a window (headless, Monocle), fed by a fake watch. openjfx-monocle 21 is compiled for Java 21,
 * so under the default JDK 17 this class is skipped; run it with a newer JVM, e.g.
 * {@code -Dui.java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+ (class file 65); "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
@ExtendWith(ApplicationExtension.class)
class ClusterViewUiTest {

    private final List<FakeWatch> opened = new ArrayList<>();
    private ClusterViewModel vm;
    private ClusterView view;

    private static final LiveObject WEB = deployment("web", "d1");
    private static final LiveObject RS = replicaSet("web-7d9c", "r1", "d1");
    private static final LiveObject POD_A = pod("web-7d9c-a", "p1", "r1", "Running", Health.OK);
    private static final LiveObject POD_B = pod("web-7d9c-b", "p2", "r1", "ImagePullBackOff", Health.FAILING);

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        vm = new ClusterViewModel(Platform::runLater, Runnable::run, (ns, listener) -> {
            FakeWatch w = new FakeWatch(ns, listener);
            w.yaml.put("Pod/web-7d9c-a", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-7d9c-a\n");
            w.logs.put("web-7d9c-a", "[orchlab-sim] simulated log\n");
            opened.add(w);
            return Optional.of(w);
        });
        vm.simulatedProperty().set(true);
        vm.watch("lab");
        view = new ClusterView(vm);
        stage.setScene(new Scene(view, 1200, 800));
        stage.sizeToScene();
        stage.show();
    }

    private FakeWatch watch() {
        return opened.get(opened.size() - 1);
    }

    private void feed(List<LiveObject> snapshot) {
        watch().listener.objects(snapshot);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Optional<TreeItem<ClusterView.Row>> item(TreeItem<ClusterView.Row> parent, String name) {
        for (TreeItem<ClusterView.Row> child : parent.getChildren()) {
            if (child.getValue() instanceof ClusterView.ObjectRow o && o.object().name().equals(name)) {
                return Optional.of(child);
            }
            Optional<TreeItem<ClusterView.Row>> deeper = item(child, name);
            if (deeper.isPresent()) {
                return deeper;
            }
        }
        return Optional.empty();
    }

    // look-ups run on the FX thread (FxQuery), like the other UI tests': TestFX walks live child lists from the caller's
    // thread, and the view changes them whenever a snapshot arrives

    /** The node showing exactly {@code text} (a label, a cell, a text), if any. */
    private static Optional<Node> find(FxRobot robot, String text) {
        return FxQuery.onFx(() -> robot.lookup((Node n) -> text.equals(textOf(n))).tryQuery());
    }

    private static Node shown(FxRobot robot, String text) {
        return find(robot, text).orElseThrow(() -> new AssertionError("nothing shows \"" + text + "\""));
    }

    private static String textOf(Node node) {
        if (node instanceof javafx.scene.control.Labeled l) {
            return l.getText();
        }
        if (node instanceof javafx.scene.text.Text t) {
            return t.getText();
        }
        return node instanceof javafx.scene.control.TextInputControl t ? t.getText() : null;
    }

    @Test
    void anEmptyNamespaceShowsWhatToDo(FxRobot robot) {
        feed(List.of());
        Node empty = shown(robot, "No objects in namespace lab yet — apply your YAML or use kubectl in the terminal.");
        assertThat(FxQuery.<Boolean>onFx(empty::isVisible)).isTrue();
    }

    @Test
    void theSimulatedClusterIsSaidInAWord(FxRobot robot) {
        Node said = shown(robot, "simulated cluster — containers do not really run");
        assertThat(FxQuery.<Boolean>onFx(said::isVisible)).isTrue();
    }

    @Test
    void rowsShowDeploymentReplicaSetAndPodsWithTheirStatus(FxRobot robot) {
        feed(List.of(WEB, RS, POD_A, POD_B));
        assertThat(find(robot, "Deployments (1)")).isPresent();
        TreeItem<ClusterView.Row> rs = item(view.tree().getRoot(), "web-7d9c").orElseThrow();
        assertThat(rs.getParent().getValue()).isEqualTo(new ClusterView.ObjectRow(WEB));
        assertThat(rs.getChildren()).extracting(TreeItem::getValue)
                .containsExactly(new ClusterView.ObjectRow(POD_A), new ClusterView.ObjectRow(POD_B));
        assertThat(find(robot, "web-7d9c-a")).isPresent();
        Node failing = shown(robot, "ImagePullBackOff");
        assertThat(FxQuery.onFx(() -> List.copyOf(failing.getStyleClass()))).contains(ClusterStyles.status(Health.FAILING));
        assertThat(FxQuery.find(robot, ".cluster-badge-failing", Node.class)).isPresent();
    }

    @Test
    void selectingAPodShowsItsYamlAndLog(FxRobot robot) {
        feed(List.of(WEB, RS, POD_A, POD_B));
        robot.clickOn(shown(robot, "web-7d9c-a"));
        WaitForAsyncUtils.waitForFxEvents();
        TextArea yaml = FxQuery.one(robot, "." + ClusterStyles.YAML, TextArea.class);
        assertThat(FxQuery.<String>onFx(yaml::getText)).contains("name: web-7d9c-a");
        robot.clickOn(shown(robot, "Logs"));
        WaitForAsyncUtils.waitForFxEvents();
        TextArea logs = FxQuery.one(robot, "." + ClusterStyles.LOGS, TextArea.class);
        assertThat(FxQuery.<String>onFx(logs::getText)).isEqualTo("[orchlab-sim] simulated log\n");
    }

    @Test
    void theSelectionStaysWhenASnapshotArrives(FxRobot robot) {
        feed(List.of(WEB, RS, POD_A, POD_B));
        robot.clickOn(shown(robot, "web-7d9c-a"));
        WaitForAsyncUtils.waitForFxEvents();
        TreeItem<ClusterView.Row> selected = view.tree().getSelectionModel().getSelectedItem();

        LiveObject restarted = new LiveObject("Pod", "v1", "lab", "web-7d9c-a", "p1", "CrashLoopBackOff", Health.FAILING, "0/1", 3,
                POD_A.created(), POD_A.ownerUid(), "");
        LiveObject newPod = pod("web-7d9c-c", "p3", "r1", "ContainerCreating", Health.PROGRESSING);
        feed(List.of(WEB, RS, restarted, POD_B, newPod));

        assertThat(view.tree().getSelectionModel().getSelectedItem()).isSameAs(selected);
        assertThat(selected.getValue()).isEqualTo(new ClusterView.ObjectRow(restarted));
        assertThat(find(robot, "CrashLoopBackOff")).isPresent();
        assertThat(FxQuery.all(robot, ".tree-table-cell", TreeTableCell.class, c -> "3".equals(c.getText()))).isNotEmpty();
        assertThat(vm.selectedProperty().get()).isEqualTo(restarted);
    }

    @Test
    void eventsAreListed(FxRobot robot) {
        watch().listener.event(new LiveEvent("Warning", "BackOff", "Pod web-7d9c-b", "Back-off pulling image \"nginx:nope\"", 4,
                Instant.now()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(find(robot, "Back-off pulling image \"nginx:nope\"")).isPresent();
        assertThat(find(robot, "×4")).isPresent();
        assertThat(view.eventsTable().getItems()).hasSize(1);
    }

    @Test
    void aProblemIsShownAboveTheTree(FxRobot robot) throws Exception {
        watch().listener.problem("The cluster at https://127.0.0.1:6443 does not answer — is the sandbox running?");
        WaitForAsyncUtils.waitForFxEvents();
        Label banner = FxQuery.one(robot, "." + ClusterStyles.PROBLEM, Label.class);
        assertThat(FxQuery.<Boolean>onFx(banner::isVisible)).isTrue();
        assertThat(FxQuery.<String>onFx(banner::getText)).isEqualTo("The cluster at https://127.0.0.1:6443 does not answer — is the sandbox running?");
        watch().listener.resolved();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> !banner.isVisible()));
    }
}
