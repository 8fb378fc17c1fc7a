package orchlab.desktop;

import static orchlab.desktop.LabSession.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import orchlab.desktop.editor.CodeEditor;
import orchlab.desktop.exercise.FileEditor;
import orchlab.engine.course.Problem;
import orchlab.engine.helm.HelmNative;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.helm.ReleaseSummary;
import orchlab.engine.lint.HelmLint;
import orchlab.engine.lint.LintMark;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The lab window on the sim: the Istio analyzer's and helm lint's findings underlined in the open file, at the line
 * they name, and listed under the Problems tab; the Helm exercise's release in the Cluster tab. With
 * {@code -Dorchlab.screenshots=DIR} each test also saves the window as a PNG there.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+; "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorFindingsUiTest {
    private LabSession lab;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    void openTheLab(@TempDir Path home) throws Exception {
        lab = LabSession.open(home);
        lab.size(1600, 1000);
    }

    @AfterAll
    void closeTheLab() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void anIstioFindingIsUnderlinedFromItsFieldToTheEndOfItsLineAndListedUnderProblems() throws Exception {
        lab.openExerciseById("istio-observability");
        String wrong = Files.readString(Repo.root().resolve("exercises/istio-observability/wrong/no-access-log-provider/telemetry.yaml"));
        FileEditor file = onFx(() -> lab.window.exerciseView().editor("telemetry.yaml").orElseThrow());
        CodeEditor editor = (CodeEditor) file.node();
        onFx(() -> {
            file.setText(wrong);
            return null;
        });

        lab.waitUntil(() -> editor.currentLint().stream().anyMatch(m -> m.source().equals("IST0157")));

        // the setup's Service and Deployments are in the cluster: the file has this one finding, on line 7
        assertThat(onFx(editor::currentLint)).extracting(LintMark::source, LintMark::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("IST0157", 7));
        int lineStart = nthLineStart(wrong, 7);
        int from = wrong.indexOf("disabled", lineStart);
        int lineEnd = wrong.indexOf('\n', lineStart);
        for (int offset = lineStart; offset < lineEnd; offset++) {
            int at = offset;
            assertThat(onFx(() -> editor.marksAt(at))).as("marks at column %d of line 7", offset - lineStart + 1)
                    .hasSize(offset >= from ? 1 : 0);
        }
        assertThat(onFx(() -> editor.marksAt(lineEnd + 1))).as("line 8").isEmpty();

        List<Problem> listed = onFx(() -> List.copyOf(robot.lookup("#file-problems-list").<Problem>queryListView().getItems()));
        assertThat(listed).extracting(Problem::format).anySatisfy(row -> assertThat(row)
                .startsWith("telemetry.yaml:7:" + (from - lineStart + 1) + ": warning: [IST0157] The Telemetry default in namespace"));

        onFx(() -> {
            selectTab("tab-problems");
            return null;
        });
        screenshot("istio-analyzer-underline.png", false);
    }

    @Test
    void aHelmLintErrorIsUnderlinedOnItsTemplateLineAndTheReleaseIsListedInTheClusterTab() throws Exception {
        String why = helmUnavailable();
        assumeTrue(why.isEmpty(), () -> "skipping: " + why);
        lab.openExerciseById("helm-chart");
        Path solution = Repo.root().resolve("exercises/helm-chart/solution");
        for (String name : List.of("my-app-chart/Chart.yaml", "my-app-chart/values.yaml", "my-app-chart/templates/deployment.yaml")) {
            String text = Files.readString(solution.resolve(name));
            onFx(() -> {
                lab.window.exerciseView().editor(name).orElseThrow().setText(text);
                return null;
            });
        }
        onFx(() -> {
            lab.window.exerciseView().select("my-app-chart/templates/deployment.yaml");
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(LabSession.button(robot, "Install/Upgrade"));
        lab.waitUntil(() -> !lab.vm.exercise().busyProperty().get() && releasesTable().getItems().size() == 1);
        ReleaseSummary release = onFx(() -> releasesTable().getItems().get(0));
        assertThat(release.name()).isEqualTo("my-app");
        assertThat(release.revision()).isEqualTo(1);
        assertThat(release.chart()).isEqualTo("my-app-chart-0.1.0");
        assertThat(release.status()).isEqualTo("deployed");

        String template = "my-app-chart/templates/deployment.yaml";
        FileEditor file = onFx(() -> lab.window.exerciseView().editor(template).orElseThrow());
        CodeEditor editor = (CodeEditor) file.node();
        String broken = Files.readString(solution.resolve(template)).replace("replicas: {{ .Values.app.replicas }}",
                "replicas: {{ .Values.app.replicas }");
        onFx(() -> {
            file.setText(broken);
            return null;
        });
        lab.waitUntil(() -> editor.currentLint().stream().anyMatch(m -> m.source().equals(HelmLint.SOURCE)));
        LintMark mark = onFx(() -> editor.currentLint().stream().filter(m -> m.source().equals(HelmLint.SOURCE)).findFirst().orElseThrow());
        assertThat(mark.line()).isEqualTo(8);
        assertThat(mark.severity()).isEqualTo(LintMark.Severity.ERROR);
        List<Problem> listed = onFx(() -> List.copyOf(robot.lookup("#file-problems-list").<Problem>queryListView().getItems()));
        assertThat(listed).extracting(Problem::format).anySatisfy(row -> assertThat(row).startsWith(template + ":8:1: error: "));

        onFx(() -> {
            selectTab("tab-cluster");
            selectTab("cluster-releases-tab");
            // room for the releases under the cluster tree, for the picture
            robot.lookup(".cluster-view .split-pane").queryAllAs(javafx.scene.control.SplitPane.class).stream()
                    .filter(p -> p.getOrientation() == javafx.geometry.Orientation.VERTICAL).findFirst()
                    .ifPresent(p -> p.setDividerPositions(0.3));
            return null;
        });
        screenshot("helm-template-lint-and-releases.png", true);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private TableView<ReleaseSummary> releasesTable() {
        return (TableView<ReleaseSummary>) FxQuery.one(robot, "#cluster-releases");
    }

    private void selectTab(String id) {
        for (TabPane pane : FxQuery.all(robot, ".tab-pane", TabPane.class)) {
            for (Tab tab : pane.getTabs()) {
                if (id.equals(tab.getId())) {
                    pane.getSelectionModel().select(tab);
                }
            }
        }
    }

    private static int nthLineStart(String text, int line) {
        int at = 0;
        for (int i = 1; i < line; i++) {
            at = text.indexOf('\n', at) + 1;
        }
        return at;
    }

    private static String helmUnavailable() {
        try {
            HelmNative.load();
            return "";
        } catch (HelmUnavailableException e) {
            return e.getMessage();
        }
    }

    /** Saves the window as a PNG when {@code -Dorchlab.screenshots=DIR} is set (for README screenshots); else nothing. */
    private void screenshot(String name, boolean dark) throws Exception {
        Screenshots.save(lab.stage, name, dark);
    }
}
