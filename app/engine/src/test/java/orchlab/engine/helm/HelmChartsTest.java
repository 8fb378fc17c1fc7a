package orchlab.engine.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chart operations with the real Helm library in-process (no cluster needed). */
class HelmChartsTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void helmLoads() {
        String why = "";
        try {
            HelmNative.load();
        } catch (HelmUnavailableException e) {
            why = e.getMessage();
        }
        String reason = why;
        assumeTrue(reason.isEmpty(), () -> "skipping the Helm chart tests: " + reason);
    }

    private Path chart() throws Exception {
        Path chart = Files.createDirectories(dir.resolve("web/templates"));
        Files.writeString(dir.resolve("web/Chart.yaml"), "apiVersion: v2\nname: web\nversion: 0.1.0\nicon: https://example.org/i.png\n");
        Files.writeString(dir.resolve("web/values.yaml"), "app:\n  replicas: 1\n");
        Files.writeString(chart.resolve("deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}
                spec:
                  replicas: {{ .Values.app.replicas }}
                """);
        return dir.resolve("web");
    }

    @Test
    void createWritesAChartThatLintsWithoutErrors() throws Exception {
        Path chart = HelmClient.chartsOnly().create(dir, "made");

        assertThat(chart.resolve("Chart.yaml")).exists();
        assertThat(chart.resolve("templates/deployment.yaml")).exists();
        LintReport lint = HelmClient.chartsOnly().lint(chart, false);
        assertThat(lint.failed()).isFalse();
        assertThat(lint.errors()).isEmpty();
    }

    @Test
    void templateRendersWithValuesFilesAndSetInHelmsOrder() throws Exception {
        Path chart = chart();
        Path prod = Files.writeString(dir.resolve("prod.yaml"), "app:\n  replicas: 5\n");
        HelmClient helm = HelmClient.chartsOnly();

        assertThat(helm.template(chart, "r1", ValuesInput.NONE)).contains("replicas: 1").contains("name: r1");
        assertThat(helm.template(chart, "r1", ValuesInput.files(prod))).contains("replicas: 5");
        assertThat(helm.template(chart, "r1", ValuesInput.files(prod).with("app.replicas", "7"))).contains("replicas: 7");
    }

    @Test
    void aTemplateMistakeIsHelmsErrorWithFileAndLine() throws Exception {
        Path chart = chart();
        Files.writeString(chart.resolve("templates/deployment.yaml"), "kind: Deployment\nspec:\n  replicas: {{ .Values.app.replicas }\n");

        assertThatThrownBy(() -> HelmClient.chartsOnly().template(chart, "r1", ValuesInput.NONE))
                .isInstanceOfSatisfying(HelmException.class,
                        e -> assertThat(e.problem()).map(HelmMessage::where).contains("templates/deployment.yaml:3"));
        LintReport lint = HelmClient.chartsOnly().lint(chart, false);
        assertThat(lint.failed()).isTrue();
        assertThat(lint.errors()).extracting(HelmMessage::where).contains("templates/deployment.yaml:3");
    }

    @Test
    void aFolderWithoutChartYamlIsNamedInTheError() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertThatThrownBy(() -> HelmClient.chartsOnly().lint(empty, false))
                .isInstanceOf(HelmException.class).hasMessageContaining("Chart.yaml file is missing");
    }

    @Test
    void dependencyBuildVendorsALocalSubchart() throws Exception {
        Path parent = chart();
        Path lib = HelmClient.chartsOnly().create(dir, "lib");
        Files.writeString(parent.resolve("Chart.yaml"), Files.readString(parent.resolve("Chart.yaml"))
                + "dependencies:\n- name: lib\n  version: 0.1.0\n  repository: file://" + lib + "\n");

        HelmClient.chartsOnly().dependencyBuild(parent);

        assertThat(parent.resolve("charts/lib-0.1.0.tgz")).exists();
    }
}
