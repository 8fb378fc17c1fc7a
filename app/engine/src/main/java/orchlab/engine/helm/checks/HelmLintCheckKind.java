package orchlab.engine.helm.checks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.helm.HelmClient;
import orchlab.engine.helm.HelmException;
import orchlab.engine.helm.HelmMessage;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.helm.LintReport;

/**
 * {@code kind: helm-lint} — {@code helm lint} on a chart in the workspace finds no errors ({@code mode: no-errors},
 * the default) or nothing at all but Helm's INFO advice ({@code mode: clean}: no warnings either).
 *
 * <pre>
 * - id: lint
 *   title: The chart passes helm lint
 *   kind: helm-lint
 *   chart: my-app-chart
 *   mode: clean
 * </pre>
 */
public final class HelmLintCheckKind implements CheckKind {

    @Override
    public String name() {
        return "helm-lint";
    }

    @Override
    public String summary() {
        return "helm lint on a chart in the workspace: no errors (or, mode: clean, no warnings either); Helm's messages with file:line";
    }

    @Override
    public Set<String> keys() {
        return Set.of("chart", "mode");
    }

    @Override
    public SandboxKind needs() {
        return null;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        Optional<String> chart = ChartPaths.read(spec, problems, "chart", true, "the chart's folder, for example chart: my-app-chart");
        String mode = spec.text("mode", "no-errors");
        if (!List.of("no-errors", "clean").contains(mode)) {
            problems.error(spec.locate("mode"), "'mode' must be no-errors or clean, not '" + mode + "'");
            return null;
        }
        return chart.map(c -> new Prepared(c, mode.equals("clean"))).orElse(null);
    }

    private record Prepared(String chart, boolean clean) implements PreparedCheck {
        @Override
        public boolean polls() {
            return false;
        }

        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            Path dir = ChartPaths.resolve(context.workspace(), chart);
            if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
                return Outcome.notFound(chart, "no chart " + chart + " in your workspace (a folder with a Chart.yaml)");
            }
            LintReport report;
            try {
                report = HelmClient.chartsOnly().lint(dir, false);
            } catch (HelmUnavailableException e) {
                throw new CheckUnavailableException(e.getMessage());
            } catch (HelmException e) {
                return Outcome.fail(chart, "helm lint could not run: " + e.getMessage());
            }
            List<HelmMessage> bad = report.messages().stream()
                    .filter(m -> m.severity() == HelmMessage.Severity.ERROR || clean && m.severity() == HelmMessage.Severity.WARNING)
                    .toList();
            if (bad.isEmpty() && !report.failed()) {
                return Outcome.pass(chart, "helm lint " + chart + ": " + (clean ? "no errors or warnings" : "no errors"));
            }
            List<FieldFailure> failures = bad.stream()
                    .map(m -> FieldFailure.different(chart + "/" + (m.where().isEmpty() ? "" : m.where()),
                            "no " + m.severity().name().toLowerCase(java.util.Locale.ROOT), m.text()))
                    .toList();
            String first = bad.isEmpty() ? "Helm marks the chart as failing" : bad.get(0).toString();
            return Outcome.fail(bad.isEmpty() || bad.get(0).where().isEmpty() ? chart : chart + "/" + bad.get(0).where(),
                    "helm lint " + chart + ": " + bad.size() + (bad.size() == 1 ? " problem" : " problems") + " — " + first,
                    failures);
        }
    }
}
