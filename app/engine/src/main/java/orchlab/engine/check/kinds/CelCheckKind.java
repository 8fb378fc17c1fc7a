package orchlab.engine.check.kinds;

import orchlab.engine.check.toolkit.*;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.Convergence;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.check.cel.CelCompileException;
import orchlab.engine.check.cel.CelExpression;
import orchlab.engine.check.cel.CelRuntimeException;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.yaml.Location;

/**
 * {@code kind: cel} — a CEL expression over the selected objects must be true.
 * Variables: {@code object} (the named object), {@code objects} (every selected object, a list),
 * {@code ns} (the exercise's namespace; CEL reserves the word {@code namespace}).
 *
 * <pre>
 * - id: all-ready
 *   title: Every web pod is ready
 *   kind: cel
 *   resource: {apiVersion: v1, kind: Pod, selector: {app: web}}
 *   expr: objects.size() >= 2 &amp;&amp; objects.all(p, p.status.conditions.exists(c, c.type == 'Ready' &amp;&amp; c.status == 'True'))
 *   message: at least two web pods must be Ready
 * </pre>
 *
 * <p>A rule about one field can name it, so a failure reads like an {@code assert}'s
 * ({@code spec.ports: expected port 80 → targetPort 8080, found [{"port":80,"targetPort":80}]}):
 * {@code field} is the path reported, {@code expect} what the rule wants in words (default: the message), and
 * {@code found} an optional CEL expression that gives what the cluster has (default: the value at {@code field}
 * when it is a plain path such as {@code spec.ports}). A field outside {@code status} also tells the engine that
 * the verdict is final once the object is applied and processed.
 */
public final class CelCheckKind implements CheckKind {
    static final List<String> VARIABLES = List.of("object", "objects", "ns");

    @Override
    public String name() {
        return "cel";
    }

    @Override
    public String summary() {
        return "a CEL expression over the selected objects (object, objects, ns) is true";
    }

    @Override
    public Set<String> keys() {
        return Set.of("resource", "expr", "message", "field", "expect", "found");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        Optional<ResourceRef> ref = ResourceRef.read(spec, problems, false);
        Optional<CelExpression> expr = compile(spec, problems, VARIABLES);
        Optional<CelFieldRule.Words> words = CelFieldRule.read(spec.config(), spec::locate, problems, VARIABLES,
                spec.title(), false);
        if (ref.isEmpty() || expr.isEmpty() || words.isEmpty()) {
            return null;
        }
        String message = words.get().message();
        CelFieldRule rule = words.get().rule().orElse(null);
        return new Prepared(ref.get(), expr.get(), message, spec.title(), rule);
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    /** Compiles {@code expr:}, reporting compile errors at the expression's line. */
    static Optional<CelExpression> compile(CheckSpec spec, Problems problems, List<String> variables) {
        JsonNode node = spec.get("expr");
        if (node.isMissingNode() || node.isNull() || !node.isTextual() || node.asText().isBlank()) {
            problems.error(spec.location(), "the check needs 'expr:' (a CEL expression that returns true when the exercise is done)",
                    "for example: expr: object.spec.replicas == 3");
            return Optional.empty();
        }
        return CelAssertions.compile(problems, spec.locate("expr"), node.asText(), variables);
    }

    /**
     * @param title what a pass says: the check's own words for what it wants, never the expression. Not the
     *              {@code message}: authors write it as what is wrong ("Pod hello is not Running yet"), which a green
     *              row must not say.
     */
    private record Prepared(ResourceRef ref, CelExpression expr, String message, String title, CelFieldRule rule)
            implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            var kube = context.requireKubernetes();
            return Settling.judge(() -> {
                List<JsonNode> objects = ref.fetch(kube.reads(), context.namespace());
                return new Settling.Look(objects, judge(objects, context.namespace()));
            }, kube.reads(), ref.namespaceIn(context.namespace()));
        }

        private Outcome judge(List<JsonNode> objects, String namespace) {
            String where = ref.describe(namespace);
            if (ref.name().isPresent() && objects.isEmpty()) {
                return Outcome.notFound(where, ref.notFoundMessage(namespace));
            }
            Map<String, Object> bindings = new HashMap<>();
            bindings.put("object", objects.isEmpty() ? JsonNodeFactory.instance.nullNode() : objects.get(0));
            bindings.put("objects", JsonNodeFactory.instance.arrayNode().addAll(objects));
            bindings.put("ns", JsonNodeFactory.instance.textNode(namespace));
            try {
                if (CelAssertions.evaluateTest(expr, bindings)) {
                    // what passed, in the instructor's words: the title (the message says what is wrong)
                    return Outcome.pass(where, title);
                }
                // the instructor's message says what is wrong; the expression itself is no field a learner can fix
                String said = message.isEmpty() ? "expression is false: " + oneLine(expr.source()) : message;
                if (rule != null && !objects.isEmpty()) {
                    return Outcome.fail(where, said, List.of(rule.failure(objects.get(0), bindings)));
                }
                return Outcome.fail(where, said);
            } catch (CelRuntimeException e) {
                Outcome failed = Outcome.fail(where, "expression " + CelAssertions.couldNotEvaluate(e)
                        + (message.isEmpty() ? "" : " (" + message + ")"));
                // stopped by the clock (a busy machine, the first evaluation loading CEL): nothing was judged yet
                return CelAssertions.stoppedByTime(e)
                        ? failed.with(Convergence.converging("the expression ran out of time before it could judge; it is evaluated again"))
                        : failed;
            }
        }

        @Override
        public List<String> evidence(CheckContext context, Outcome failed) {
            return ref.evidence(context, failed);
        }
    }
}
