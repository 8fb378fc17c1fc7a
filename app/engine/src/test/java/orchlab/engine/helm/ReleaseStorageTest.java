package orchlab.engine.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release records Helm 3 keeps in Secrets (gzip JSON, base64 twice) read back as {@link HelmRelease}. */
class ReleaseStorageTest {

    private static final String RELEASE_JSON = """
            {"name":"my-app","namespace":"lab","version":2,
             "info":{"status":"deployed","description":"Upgrade complete","last_deployed":"2026-12-02T20:15:01.5+00:00"},
             "chart":{"metadata":{"apiVersion":"v2","name":"my-app-chart","version":"0.1.0","appVersion":"1.0"},
                      "values":{"app":{"name":"web","replicas":1,"image":"nginx"}},
                      "templates":[{"name":"templates/deployment.yaml","data":"%s"}],
                      "files":[{"name":"README.md","data":"%s"}]},
             "config":{"app":{"replicas":5}},
             "manifest":"---\\n# Source: my-app-chart/templates/deployment.yaml\\nkind: Deployment\\n"}
            """.formatted(b64("kind: Deployment\nspec:\n  replicas: {{ .Values.app.replicas }}\n"), b64("hello\n"));

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** As the Secret's data map holds it: base64 (Kubernetes) of base64 (Helm) of gzip of the JSON. */
    private static String secretData(String json) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        String helm = Base64.getEncoder().encodeToString(gz.toByteArray());
        return b64(helm);
    }

    @Test
    void aStoredRevisionGivesStatusChartValuesAndManifest() throws Exception {
        HelmRelease r = ReleaseStorage.decode(secretData(RELEASE_JSON));

        assertThat(r.name()).isEqualTo("my-app");
        assertThat(r.revision()).isEqualTo(2);
        assertThat(r.status()).isEqualTo("deployed");
        assertThat(r.description()).isEqualTo("Upgrade complete");
        assertThat(r.updated()).isEqualTo(Instant.parse("2026-12-02T20:15:01.5Z"));
        assertThat(r.chartRef()).isEqualTo("my-app-chart-0.1.0");
        assertThat(r.config().at("/app/replicas").asInt()).isEqualTo(5);
        assertThat(r.manifest()).contains("kind: Deployment");
    }

    @Test
    void allValuesAreTheChartsDefaultsUnderTheUsersValues() throws Exception {
        HelmRelease r = ReleaseStorage.decode(secretData(RELEASE_JSON));

        assertThat(r.effectiveValues().at("/app/replicas").asInt()).isEqualTo(5);
        assertThat(r.effectiveValues().at("/app/name").asText()).isEqualTo("web");
        assertThat(r.effectiveValues().at("/app/image").asText()).isEqualTo("nginx");
    }

    @Test
    void theStoredChartIsWrittenBackAsAChartFolder(@TempDir Path dir) throws Exception {
        HelmRelease r = ReleaseStorage.decode(secretData(RELEASE_JSON));

        Path chart = HelmClient.writeChart(r.chart(), dir.resolve("chart"));

        assertThat(Files.readString(chart.resolve("Chart.yaml"))).contains("name: my-app-chart").contains("version: 0.1.0");
        assertThat(Files.readString(chart.resolve("values.yaml"))).contains("replicas: 1");
        assertThat(Files.readString(chart.resolve("templates/deployment.yaml"))).contains("{{ .Values.app.replicas }}");
        assertThat(Files.readString(chart.resolve("README.md"))).isEqualTo("hello\n");
    }

    @Test
    void aStoredFileNamedOutsideTheChartIsRefused(@TempDir Path dir) throws Exception {
        HelmRelease r = ReleaseStorage.decode(secretData(RELEASE_JSON.replace("\"README.md\"", "\"../../evil\"")));

        assertThatThrownBy(() -> HelmClient.writeChart(r.chart(), dir.resolve("chart")))
                .hasMessageContaining("outside the chart");
    }

    @Test
    void aDamagedRecordIsAHelmErrorNotACrash() {
        assertThatThrownBy(() -> ReleaseStorage.decode(b64("not base64 !!")))
                .isInstanceOf(HelmException.class).hasMessageContaining("stored Helm release could not be read");
    }
}
