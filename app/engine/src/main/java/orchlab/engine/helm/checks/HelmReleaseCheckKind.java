package orchlab.engine.helm.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.Convergence;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.toolkit.ObjectMatcher;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.helm.HelmException;
import orchlab.engine.helm.HelmRelease;
import orchlab.engine.helm.ReleaseStorage;

/**
 * {@code kind: helm-release} — a Helm release exists in the exercise's namespace, read from the records Helm keeps
 * there (what {@code helm status} and {@code helm history} read). Every stated field must hold; all failing ones
 * are reported.
 *
 * <pre>
 * - id: upgraded
 *   title: my-app is upgraded and deployed
 *   kind: helm-release
 *   release: my-app
 *   status: deployed            # default: deployed
 *   revision: 2                 # the newest revision is at least 2
 *   chart: my-app-chart         # the chart's name
 *   chartVersion: 0.1.0
 *   values: {app: {replicas: 5}}  # partial match on the values in effect (chart defaults + user's)
 *   rolledBackTo: 1             # some revision of its history is "Rollback to 1"
 * </pre>
 */
public final class HelmReleaseCheckKind implements CheckKind {

    @Override
    public String name() {
        return "helm-release";
    }

    @Override
    public String summary() {
        return "a Helm release exists in the namespace: status, revision >= N, chart name/version, values, a rollback in its history";
    }

    @Override
    public Set<String> keys() {
        return Set.of("release", "status", "revision", "chart", "chartVersion", "values", "rolledBackTo");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        boolean ok = true;
        JsonNode release = spec.get("release");
        if (!release.isTextual() || release.asText().isBlank()) {
            problems.error(release.isMissingNode() ? spec.location() : spec.locate("release"),
                    "the check needs 'release:' (the release's name)", "for example: release: my-app");
            ok = false;
        }
        for (String key : List.of("revision", "rolledBackTo")) {
            JsonNode n = spec.get(key);
            if (!n.isMissingNode() && (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1)) {
                problems.error(spec.locate(key), "'" + key + "' must be a revision number (1 or more)");
                ok = false;
            }
        }
        JsonNode values = spec.get("values");
        if (!values.isMissingNode() && !values.isObject()) {
            problems.error(spec.locate("values"), "'values' must be a mapping of values (a partial values.yaml)");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        return new Prepared(release.asText(), spec.text("status", "deployed"), optInt(spec.get("revision")),
                Optional.ofNullable(spec.text("chart", null)), Optional.ofNullable(spec.text("chartVersion", null)),
                values.isObject() ? Optional.of(values) : Optional.empty(), optInt(spec.get("rolledBackTo")));
    }

    private static Optional<Integer> optInt(JsonNode n) {
        return n.isMissingNode() ? Optional.empty() : Optional.of(n.asInt());
    }

    private record Prepared(String release, String status, Optional<Integer> minRevision, Optional<String> chart,
                            Optional<String> chartVersion, Optional<JsonNode> values, Optional<Integer> rolledBackTo)
            implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            var kube = context.requireKubernetes();
            String where = "Helm release " + context.namespace() + "/" + release;
            List<HelmRelease> history;
            try {
                history = new ReleaseStorage(kube.client()).history(context.namespace(), release);
            } catch (HelmException e) {
                throw new CheckUnavailableException(e.getMessage());
            }
            if (history.isEmpty()) {
                return Outcome.notFound(where, "no Helm release " + release + " in namespace " + context.namespace()
                        + " (helm list -n " + context.namespace() + " shows the releases there)");
            }
            HelmRelease latest = history.get(history.size() - 1);
            List<FieldFailure> failures = new ArrayList<>();
            if (!status.equals(latest.status())) {
                failures.add(FieldFailure.different("status", status, latest.status()));
            }
            minRevision.filter(min -> latest.revision() < min).ifPresent(min ->
                    failures.add(FieldFailure.different("revision", ">= " + min, String.valueOf(latest.revision()))));
            chart.filter(c -> !c.equals(latest.chartName())).ifPresent(c ->
                    failures.add(FieldFailure.different("chart", c, latest.chartName())));
            chartVersion.filter(v -> !v.equals(latest.chartVersion())).ifPresent(v ->
                    failures.add(FieldFailure.different("chartVersion", v, latest.chartVersion())));
            values.ifPresent(v -> ObjectMatcher.match(v, latest.effectiveValues()).forEach(f ->
                    failures.add(new FieldFailure("values." + f.path(), f.expected(), f.actual(), f.kind()))));
            rolledBackTo.ifPresent(r -> {
                if (history.stream().noneMatch(h -> ("Rollback to " + r).equals(h.description()))) {
                    failures.add(FieldFailure.missing("history", "a revision \"Rollback to " + r + "\" (helm rollback " + release + " " + r + ")"));
                }
            });
            if (failures.isEmpty()) {
                return Outcome.pass(where, where + " is " + latest.status() + " at revision " + latest.revision()
                        + " (" + latest.chartRef() + ")");
            }
            Outcome failed = Outcome.fail(where, where + " (revision " + latest.revision() + "): "
                    + (failures.size() == 1 ? "1 field" : failures.size() + " fields") + " not as expected", failures);
            // Helm writes a release's revisions itself; only pending-* and uninstalling are on their way somewhere
            boolean moving = latest.status().startsWith("pending-") || latest.status().equals("uninstalling");
            return failed.with(moving ? Convergence.converging(where + " is " + latest.status())
                    : Convergence.settled(where + " is " + latest.status() + " at revision " + latest.revision()
                    + " — nothing in the cluster changes a release; only a new helm install, upgrade or rollback does"));
        }
    }
}
