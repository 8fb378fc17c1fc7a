package orchlab.engine.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orchlab.engine.helm.HelmNative;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.lint.LintMark.Severity;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real {@code helm lint} over a chart with the editor's text in place of the saved file, as marks on that file. */
class HelmLintTest {

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
        assumeTrue(reason.isEmpty(), () -> "skipping the Helm lint marks tests: " + reason);
    }

    private Path courseChart() throws Exception {
        Path chart = dir.resolve("my-app-chart");
        Path solution = Repo.root().resolve("exercises/helm-chart/solution/my-app-chart");
        try (var files = Files.walk(solution)) {
            for (Path f : files.toList()) {
                Path to = chart.resolve(solution.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return chart;
    }

    @Test
    void anUnsavedTemplateMistakeIsMarkedAtTheLineHelmNames() throws Exception {
        Path chart = courseChart();
        String saved = Files.readString(chart.resolve("templates/deployment.yaml"));
        String edited = saved.replaceFirst("\\{\\{ \\.Values\\.app\\.replicas \\}\\}", "{{ .Values.app.replicas }");
        int line = lineOf(edited, "{{ .Values.app.replicas }");

        List<LintMark> marks = HelmLint.marks(chart, "templates/deployment.yaml", edited);

        assertThat(marks).isNotEmpty().allSatisfy(m -> {
            assertThat(m.source()).isEqualTo(HelmLint.SOURCE);
            assertThat(m.severity()).isEqualTo(Severity.ERROR);
        });
        assertThat(marks).extracting(LintMark::line).contains(line);
        assertThat(Files.readString(chart.resolve("templates/deployment.yaml"))).isEqualTo(saved);
    }

    @Test
    void theCoursesSolutionChartHasNoMarksOnItsTemplate() throws Exception {
        Path chart = courseChart();
        String text = Files.readString(chart.resolve("templates/deployment.yaml"));

        assertThat(HelmLint.marks(chart, "templates/deployment.yaml", text)).isEmpty();
    }

    @Test
    void aFileIsInTheNearestChartAboveItInTheWorkspace() throws Exception {
        Path chart = courseChart();

        assertThat(HelmLint.chartOf(dir, Path.of("my-app-chart/templates/deployment.yaml"))).contains(chart.toAbsolutePath().normalize());
        assertThat(HelmLint.chartOf(dir, Path.of("my-app-chart/values.yaml"))).contains(chart.toAbsolutePath().normalize());
        assertThat(HelmLint.chartOf(dir, Path.of("notes.yaml"))).isEmpty();
    }

    private static int lineOf(String text, String needle) {
        String before = text.substring(0, text.indexOf(needle));
        return (int) before.chars().filter(c -> c == '\n').count() + 1;
    }
}
