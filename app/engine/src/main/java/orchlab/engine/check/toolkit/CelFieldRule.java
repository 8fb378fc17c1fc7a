package orchlab.engine.check.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.cel.CelExpression;
import orchlab.engine.check.cel.CelRuntimeException;
import orchlab.engine.course.Problems;
import orchlab.engine.docker.DockerJson;
import orchlab.engine.yaml.Location;

/**
 * The words of a CEL rule, shared by every kind whose check holds an {@code expr:} ({@code cel}, and each render of
 * {@code helm-template}): {@code message} says what is wrong in words, and a rule about one field names it, so a
 * failure reads like an {@code assert}'s ({@code spec.ports: expected port 80 → targetPort 8080, found [...]}):
 * {@code field} is the path reported, {@code expect} what the rule wants in words (default: the message), and
 * {@code found} an optional CEL expression that gives what is there (default: the value at {@code field} when it is
 * a plain path such as {@code spec.ports}).
 *
 * @param path     the field reported
 * @param expected what the rule wants, in words
 * @param found    what to show as found; {@code null}: the value at {@code path}
 */
public record CelFieldRule(String path, String expected, CelExpression found) {

    /** What {@link #read} found: the message ({@code ""} when none) and the field rule, if the rule names a field. */
    public record Words(String message, Optional<CelFieldRule> rule) {
    }

    /**
     * Reads {@code message}, {@code field}, {@code expect} and {@code found} from {@code node}, reporting a wrong type
     * (or {@code expect}/{@code found} without {@code field}) at its line; empty when there was such a problem.
     *
     * @param locate            where a key of {@code node} is written
     * @param fallback          the expectation in words when there is neither {@code expect} nor {@code message}
     * @param expectMayBeObject whether a mapping {@code expect:} means something else (a partial object), so only a
     *                          scalar one is the rule's words
     */
    public static Optional<Words> read(JsonNode node, Function<String, Location> locate, Problems problems,
                                       List<String> variables, String fallback, boolean expectMayBeObject) {
        boolean ok = true;
        for (String key : List.of("message", "field", "expect")) {
            JsonNode v = node.path(key);
            boolean object = key.equals("expect") && expectMayBeObject && v.isObject();
            if (present(v) && !object && !v.isValueNode()) {
                problems.error(locate.apply(key), "'" + key + "' must be text"
                        + (key.equals("field") ? " (the path the rule is about)" : " (words a learner reads)"),
                        switch (key) {
                            case "message" -> "for example: message: the selector does not match the Pod labels";
                            case "field" -> "for example: field: spec.selector.matchLabels";
                            default -> "for example: expect: the same labels as spec.template.metadata.labels";
                        });
                ok = false;
            }
        }
        Optional<CelExpression> found = Optional.empty();
        JsonNode foundNode = node.path("found");
        if (present(foundNode)) {
            if (!foundNode.isTextual() || foundNode.asText().isBlank()) {
                problems.error(locate.apply("found"), "'found' must be a CEL expression giving what is there",
                        "for example: found: object.spec.ports");
                return Optional.empty();
            }
            found = CelAssertions.compile(problems, locate.apply("found"), foundNode.asText(), variables);
            if (found.isEmpty()) {
                return Optional.empty();
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        JsonNode expectNode = node.path("expect");
        boolean words = present(expectNode) && expectNode.isValueNode();
        String field = node.path("field").isValueNode() ? node.path("field").asText().trim() : "";
        if (field.isEmpty() && (words || present(foundNode))) {
            problems.error(locate.apply(words ? "expect" : "found"),
                    "'expect' and 'found' describe a field: the rule also needs 'field:' (the path the rule is about)",
                    "for example: field: spec.ports");
            return Optional.empty();
        }
        String message = node.path("message").isValueNode() ? node.path("message").asText() : "";
        String expected = words ? expectNode.asText() : message.isEmpty() ? fallback : message;
        return Optional.of(new Words(message,
                field.isEmpty() ? Optional.empty() : Optional.of(new CelFieldRule(field, expected, found.orElse(null)))));
    }

    private static boolean present(JsonNode v) {
        return !v.isMissingNode() && !v.isNull();
    }

    /** The failure to report: {@code path: expected …, found …}, found read by {@link #found} or at the path. */
    public FieldFailure failure(JsonNode object, Map<String, Object> bindings) {
        return failure(path, object, bindings);
    }

    /** The same, reported at {@code reportedPath} (a path with a prefix saying which render, for example). */
    public FieldFailure failure(String reportedPath, JsonNode object, Map<String, Object> bindings) {
        JsonNode value;
        if (found != null) {
            try {
                value = DockerJson.MAPPER.valueToTree(plain(found.evaluate(bindings)));
            } catch (CelRuntimeException | IllegalArgumentException e) {
                return FieldFailure.different(reportedPath, expected, "(" + e.getMessage() + ")");
            }
        } else {
            value = DockerJson.at(object, path);
        }
        boolean none = value == null || value.isMissingNode() || value.isNull()
                || (value.isContainerNode() && value.isEmpty());
        return none ? FieldFailure.missing(reportedPath, expected) : FieldFailure.different(reportedPath, expected, DockerJson.render(value));
    }

    /** CEL's null is a protobuf enum; everything else it returns is maps, lists and plain values. */
    private static Object plain(Object value) {
        if (value instanceof com.google.protobuf.NullValue) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, plain(v)));
            return out;
        }
        if (value instanceof java.util.Collection<?> list) {
            return list.stream().map(CelFieldRule::plain).toList();
        }
        if (value instanceof Double d && !d.isInfinite() && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue(); // a port read as 8080.0 is shown as 8080
        }
        return value;
    }
}
