package orchlab.engine.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import orchlab.engine.course.Problems;
import orchlab.engine.yaml.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelmExerciseKindTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Problems validate(String section) throws Exception {
        JsonNode node = YAML.readTree(section);
        Problems problems = new Problems();
        new HelmExerciseKind().validate(node, pointer -> new Location("exercise.yaml" + pointer, 1, 1), problems);
        return problems;
    }

    @Test
    void aCompleteSectionIsAccepted() throws Exception {
        assertThat(validate("{chart: my-app-chart, release: my-app, values: [values-prod.yaml], installStarter: true}").size()).isZero();
    }

    @Test
    void everyMistakeOfTheSectionIsReportedWhereItIs() throws Exception {
        Problems problems = validate("{chart: my-app-chart, values: [../secret.yaml], relase: x}");

        assertThat(problems.asList()).extracting(p -> p.location().file() + " " + p.message()).containsExactlyInAnyOrder(
                "exercise.yaml 'helm: release:' is required (text)",
                "exercise.yaml/values/0 a values file must be a path inside the workspace",
                "exercise.yaml/relase unknown key 'relase' in helm: (chart, release, values, installStarter)");
    }

    @Test
    void applyFindsTheChartFromTheEditedTemplateOrTheWorkspace(@TempDir Path workspace) throws Exception {
        Path chart = Files.createDirectories(workspace.resolve("my-app-chart/templates")).getParent();
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: my-app-chart\nversion: 0.1.0\n");
        Path template = Files.writeString(chart.resolve("templates/deployment.yaml"), "kind: Deployment\n");
        Path values = Files.writeString(workspace.resolve("values-prod.yaml"), "app: {}\n");

        assertThat(HelmExerciseDriver.chartOf(workspace, "my-app-chart")).contains(chart);
        assertThat(HelmExerciseDriver.chartOf(template, "my-app-chart")).contains(chart.toAbsolutePath());
        assertThat(HelmExerciseDriver.chartOf(values, "my-app-chart")).contains(chart.toAbsolutePath());
    }

}
