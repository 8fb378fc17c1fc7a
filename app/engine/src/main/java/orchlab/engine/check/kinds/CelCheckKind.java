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
 * {@code namespace} (the exercise's namespace).
 *
 * <pre>
 * - id: all-ready
 *   title: Every web pod is ready
 *   kind: cel
 *   resource: {apiVersion: v1, kind: Pod, selector: {app: web}}
 *   expr: objects.size() >= 2 &amp;&amp; objects.all(p, p.status.conditions.exists(c, c.type == 'Ready' &amp;&amp; c.status == 'True'))
 *   message: at least two web pods must be Ready
 * </pre>
 */
public final class CelCheckKind implements CheckKind {
    static final List<String> VARIABLES = List.of("object", "objects", "namespace");

    @Override
    public String name() {
        return "cel";
    }

    @Override
    public String summary() {
        return "a CEL expression over the selected objects (object, objects, namespace) is true";
    }

    @Override
    public Set<String> keys() {
        return Set.of("resource", "expr", "message");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        Optional<ResourceRef> ref = ResourceRef.read(spec, problems, false);
        Optional<CelExpression> expr = compile(spec, problems, VARIABLES);
        if (ref.isEmpty() || expr.isEmpty()) {
            return null;
        }
        return new Prepared(ref.get(), expr.get(), spec.text("message", ""), spec.title());
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

    /** @param title what a pass says when there is no {@code message}: words, never the expression */
    private record Prepared(ResourceRef ref, CelExpression expr, String message, String title) implements PreparedCheck {
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
            bindings.put("namespace", JsonNodeFactory.instance.textNode(namespace));
            try {
                if (CelAssertions.evaluateTest(expr, bindings)) {
                    // what passed, in the instructor's words (the rule that now holds), else the check's title
                    return Outcome.pass(where, !message.isEmpty() ? message : title);
                }
                // the instructor's message says what is wrong; the expression itself is no field a learner can fix
                return Outcome.fail(where, message.isEmpty() ? "expression is false: " + oneLine(expr.source()) : message);
            } catch (CelRuntimeException e) {
                return Outcome.fail(where, "expression " + CelAssertions.couldNotEvaluate(e)
                        + (message.isEmpty() ? "" : " (" + message + ")"));
            }
        }

        @Override
        public List<String> evidence(CheckContext context, Outcome failed) {
            return ref.evidence(context, failed);
        }
    }
}
