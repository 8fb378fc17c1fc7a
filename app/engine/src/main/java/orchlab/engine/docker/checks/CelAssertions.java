package orchlab.engine.docker.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.cel.CelCompileException;
import orchlab.engine.check.cel.CelExpression;
import orchlab.engine.check.cel.CelRuntimeException;
import orchlab.engine.docker.DockerJson;

/**
 * The {@code cel:} setting: boolean CEL expressions over an inspect tree, each optionally naming the
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
final class CelAssertions {
    private final List<Assertion> assertions;

    private CelAssertions(List<Assertion> assertions) {
        this.assertions = List.copyOf(assertions);
    }

    record Assertion(CelExpression expression, String field, String expected) {
    }

    static final CelAssertions NONE = new CelAssertions(List.of());

    /** Compiles the {@code cel} setting with the given variables; problems are reported at the expression. */
    static CelAssertions read(Settings settings, String key, List<String> variables) {
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

    private static void compile(Settings settings, String at, String source, String field, String expected,
                                List<String> variables, List<Assertion> out) {
        try {
            out.add(new Assertion(CelExpression.compile(source, variables), field, expected));
        } catch (CelCompileException e) {
            for (CelCompileException.Issue issue : e.issues()) {
                settings.error(at, "CEL expression does not compile at line " + issue.line() + ", column " + issue.column()
                        + " of the expression: " + issue.message(), "variables: " + String.join(", ", variables));
            }
        }
    }

    boolean isEmpty() {
        return assertions.isEmpty();
    }

    /** Every assertion that is not true, as field failures; {@code root} is the tree the field paths refer to. */
    List<FieldFailure> evaluate(Map<String, ?> bindings, JsonNode root) {
        List<FieldFailure> failures = new ArrayList<>();
        for (Assertion a : assertions) {
            String path = a.field() != null ? a.field() : "cel";
            String expected = a.expected() != null ? a.expected() : "`" + a.expression().source() + "` to be true";
            try {
                if (!a.expression().test(bindings, CelExpression.DEFAULT_LIMIT)) {
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
                    failures.add(FieldFailure.different(path, expected, "an error: " + m.replaceFirst("^\\d+: ", "")));
                }
            }
        }
        return failures;
    }
}
