package orchlab.engine.istio;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;

/**
 * {@code kind: istio-analyze} — the namespace has no {@code istioctl analyze} findings ({@link IstioAnalyzer}), or
 * none with the given codes.
 *
 * <pre>
 * - id: no-mesh-errors
 *   title: istioctl analyze finds nothing wrong
 *   kind: istio-analyze
 *   codes: [IST0101, IST0106]    # optional: only these codes fail the check
 *   namespace: shop              # optional: default the exercise's
 * </pre>
 */
public final class IstioAnalyzeCheckKind implements CheckKind {

    private static final Pattern CODE = Pattern.compile("IST\\d{4}");

    @Override
    public String name() {
        return "istio-analyze";
    }

    @Override
    public String summary() {
        return "Istio's analyzers (istioctl analyze codes, Istio " + IstioCrds.ISTIO_VERSION + ") find nothing, or none of the given codes, in the namespace";
    }

    @Override
    public Set<String> keys() {
        return Set.of("codes", "namespace");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        Set<String> codes = new LinkedHashSet<>();
        JsonNode list = spec.get("codes");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) {
                problems.error(spec.locate("codes"), "codes must be a list of Istio message codes", "codes: [IST0101, IST0106]");
                return null;
            }
            boolean ok = true;
            for (int i = 0; i < list.size(); i++) {
                String code = list.get(i).asText("");
                if (!CODE.matcher(code).matches()) {
                    problems.error(spec.locate("codes/" + i), "'" + code + "' is not an Istio message code",
                            "codes look like IST0101 (see istioctl analyze's message list)");
                    ok = false;
                }
                codes.add(code);
            }
            if (!ok) {
                return null;
            }
        }
        JsonNode ns = spec.get("namespace");
        return new Prepared(Set.copyOf(codes), ns.isTextual() ? ns.asText() : null);
    }

    private record Prepared(Set<String> codes, String namespace) implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            String ns = namespace != null ? namespace : context.namespace();
            // the findings follow the namespace's objects: final once nothing in it is being created or rolled out
            // (Settling probes the namespace, then analyzes again), not only at the timeout
            return orchlab.engine.check.toolkit.Settling.judge(() -> new orchlab.engine.check.toolkit.Settling.Look(
                    List.of(), analyze(context, ns)), context.requireKubernetes().client(), ns);
        }

        private Outcome analyze(CheckContext context, String ns) throws CheckUnavailableException {
            String where = "namespace " + ns;
            List<Finding> findings;
            try {
                findings = IstioAnalyzer.analyze(MeshObjects.fromCluster(context.requireKubernetes().client(), ns));
            } catch (KubernetesClientException e) {
                throw new CheckUnavailableException("cannot read namespace " + ns + " from the cluster: " + e.getMessage());
            }
            List<Finding> failing = findings.stream().filter(f -> codes.isEmpty() || codes.contains(f.code())).toList();
            String scope = codes.isEmpty() ? "Istio analyzer findings" : "findings with codes " + String.join(", ", codes);
            if (failing.isEmpty()) {
                return Outcome.pass(where, "no " + scope + " in " + where);
            }
            List<FieldFailure> failures = failing.stream()
                    .map(f -> FieldFailure.different(f.object() + (f.field().isEmpty() ? "" : " " + f.field()),
                            "no " + f.code() + " finding",
                            f.severity().label() + " [" + f.code() + "] " + f.message() + " — fix: " + f.fix()))
                    .toList();
            return Outcome.fail(where, failing.size() + (failing.size() == 1 ? " finding" : " findings") + " in " + where
                    + ": " + String.join(", ", failing.stream().map(Finding::code).distinct().toList()), failures);
        }
    }
}
