package orchlab.engine.check.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.cel.CelCompileException;
import orchlab.engine.check.cel.CelExpression;
import orchlab.engine.check.cel.CelRuntimeException;
import orchlab.engine.docker.DockerJson;
import java.util.Optional;

/**
 * The CEL helper of the check toolkit: {@link #compile} reads one expression setting and reports a compile error at
 * its line, in one wording for every kind; {@link #evaluateTest} runs it with the one set of limits
 * ({@link CelExpression#MAX_ITERATIONS} iterations per comprehension, {@link CelExpression#DEFAULT_LIMIT} of wall
 * clock); and the class itself is the {@code cel:} setting: boolean CEL expressions over an inspect tree, each optionally naming the
 * field it is about and what is expected, so a failure reads {@code Config.User: expected a non-root
 * user, found root}.
 *
 * <pre>
 * cel: "image.Config.User != ''"              # one expression
 * cel:                                       # or a list
 *   - "size(image.RootFS.Layers) &lt;= 12"
 *   - expr: "!(image.Config.User in ['', 'root', '0'])"
 *     field: Config.User                     # reported path; its value is shown as "found"
 *     expect: a non-root user                # reported expectation (default: the expression)
 * </pre>
 */
public final class CelAssertions {
    private final List<Assertion> assertions;

    private CelAssertions(List<Assertion> assertions) {
        this.assertions = List.copyOf(assertions);
    }

    public record Assertion(CelExpression expression, String field, String expected) {
    }

    public static final CelAssertions NONE = new CelAssertions(List.of());

    /** Compiles the {@code cel} setting with the given variables; problems are reported at the expression. */
    public static CelAssertions read(CheckSettings settings, String key, List<String> variables) {
        JsonNode node = settings.node().get(key);
        if (node == null || node.isNull()) {
            return NONE;
        }
        List<Assertion> out = new ArrayList<>();
        if (node.isTextual()) {
            compile(settings, key, node.textValue(), null, null, variables, out);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                String at = key + "/" + i;
                if (item.isTextual()) {
                    compile(settings, at, item.textValue(), null, null, variables, out);
                } else if (item.isObject()) {
                    item.fieldNames().forEachRemaining(k -> {
                        if (!List.of("expr", "field", "expect").contains(k)) {
                            settings.errorAtKey(at + "/" + k, "unknown key '" + k + "' in a CEL entry", "use expr, field and expect");
                        }
                    });
                    JsonNode expr = item.get("expr");
                    if (expr == null || !expr.isTextual() || expr.textValue().isBlank()) {
                        settings.error(at, "a CEL entry needs 'expr'", "e.g. expr: \"" + variables.get(0) + ".Config.User != ''\"");
                        continue;
                    }
                    compile(settings, at + "/expr", expr.textValue(), text(item, "field"), text(item, "expect"), variables, out);
                } else {
                    settings.error(at, "each CEL entry must be an expression or a mapping with expr, field and expect", "");
                }
            }
        } else {
            settings.error(key, "'" + key + "' must be an expression or a list of them", "");
        }
        return new CelAssertions(out);
    }

    private static String text(JsonNode item, String key) {
        JsonNode v = item.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void compile(CheckSettings settings, String at, String source, String field, String expected,
                                List<String> variables, List<Assertion> out) {
        compile(settings, at, source, variables).ifPresent(e -> out.add(new Assertion(e, field, expected)));
    }

    /**
     * Compiles the expression written at {@code at} (a path below the check, like {@code expr} or {@code cel/0/expr})
     * with the given variables declared; a compile error is reported there, one problem per issue.
     */
    public static Optional<CelExpression> compile(CheckSettings settings, String at, String source, List<String> variables) {
        Optional<CelExpression> compiled = compile(source, variables, (message, suggestion) -> settings.error(at, message, suggestion));
        return compiled;
    }

    /** The same, for a kind that reads its settings itself: each issue is reported at {@code at}. */
    public static Optional<CelExpression> compile(orchlab.engine.course.Problems problems, orchlab.engine.yaml.Location at,
                                                  String source, List<String> variables) {
        return compile(source, variables, (message, suggestion) -> problems.error(at, message, suggestion));
    }

    private static Optional<CelExpression> compile(String source, List<String> variables,
                                                   java.util.function.BiConsumer<String, String> report) {
        try {
            return Optional.of(CelExpression.compile(source, variables));
        } catch (CelCompileException e) {
            for (CelCompileException.Issue issue : e.issues()) {
                boolean reservedNamespace = issue.message().contains("reserved identifier: namespace");
                report.accept("CEL expression does not compile (expression line " + issue.line() + ", column "
                        + issue.column() + "): " + issue.message(), (reservedNamespace
                        ? "CEL reserves the word 'namespace' (object.metadata.namespace still works); " : "")
                        + "variables you can use: " + String.join(", ", variables));
            }
            return Optional.empty();
        }
    }

    /** Evaluates a boolean expression within the toolkit's limits. */
    public static boolean evaluateTest(CelExpression expression, Map<String, ?> bindings) throws CelRuntimeException {
        return expression.test(bindings, CelExpression.DEFAULT_LIMIT);
    }

    /** The one wording of an evaluation error: {@code could not be evaluated: no such key: replicas}. */
    public static String couldNotEvaluate(CelRuntimeException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return "could not be evaluated: " + m.replaceFirst("^\\d+: ", "");
    }

    /** Whether the evaluation was stopped by its wall-clock limit (not by a budget or an error in the expression). */
    public static boolean stoppedByTime(CelRuntimeException e) {
        return e.getMessage() != null && e.getMessage().startsWith("expression took longer than");
    }

    public boolean isEmpty() {
        return assertions.isEmpty();
    }

    /** Every assertion that is not true, as field failures; {@code root} is the tree the field paths refer to. */
    public List<FieldFailure> evaluate(Map<String, ?> bindings, JsonNode root) {
        List<FieldFailure> failures = new ArrayList<>();
        for (Assertion a : assertions) {
            String path = a.field() != null ? a.field() : "cel";
            String expected = a.expected() != null ? a.expected() : "`" + a.expression().source() + "` to be true";
            try {
                if (!evaluateTest(a.expression(), bindings)) {
                    if (a.field() != null) {
                        JsonNode value = DockerJson.at(root, a.field());
                        failures.add(value.isMissingNode() || value.isNull()
                                ? FieldFailure.missing(path, expected)
                                : FieldFailure.different(path, expected, DockerJson.render(value)));
                    } else {
                        failures.add(FieldFailure.different(path, expected, "false"));
                    }
                }
            } catch (CelRuntimeException e) {
                String m = e.getMessage() == null ? "" : e.getMessage();
                if (m.contains("no such key") || m.contains("No such key") || m.contains("not present in map")) {
                    failures.add(a.field() != null ? FieldFailure.missing(path, expected)
                            : FieldFailure.missing(path, expected + " (" + m.replaceFirst("^\\d+: ", "") + ")"));
                } else {
                    failures.add(FieldFailure.different(path, expected, couldNotEvaluate(e)));
                }
            }
        }
        return failures;
    }
}
