package orchlab.engine.check.toolkit;

import orchlab.engine.check.*;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Partial-object matching in the KUTTL/Chainsaw spirit: the expected tree is a subset of the
 * actual one. Returns <em>every</em> field that differs, not just the first.
 *
 * <ul>
 *   <li>maps match partially: keys the expectation does not name are ignored;</li>
 *   <li>a {@code null} expected value means the field must be absent;</li>
 *   <li>lists whose expected items all have a {@code name} are matched by name (containers, ports,
 *       env, volumes: the order the learner wrote them in does not matter, extra items are allowed);</li>
 *   <li>other lists are matched explicitly: same length, item by item in order;</li>
 *   <li>scalars compare as text, numbers by value, and quantities by amount ({@code 250m} = {@code 0.25});</li>
 *   <li>a field named {@code image} compares image references as the runtime resolves them
 *       ({@code nginx:1.27} = {@code docker.io/library/nginx:1.27}, see {@link ImageNames}).</li>
 * </ul>
 */
public final class ObjectMatcher {

    private ObjectMatcher() {
    }

    /** Shown instead of a Secret's expected value. */
    public static final String HIDDEN_EXPECTED = "(value hidden)";
    /** Shown instead of a Secret's actual value when it differs. */
    public static final String HIDDEN_ACTUAL = "(a different value)";

    /**
     * Every field of {@code actual} that is not as {@code expected} says. When {@code actual} is a Secret, the values
     * under {@code data} and {@code stringData} are compared but never rendered: failures there read
     * {@code data.pw: expected (value hidden), found (a different value)}.
     */
    public static List<FieldFailure> match(JsonNode expected, JsonNode actual) {
        List<FieldFailure> failures = new ArrayList<>();
        compare("", expected, actual, failures);
        if (actual != null && "Secret".equals(actual.path("kind").asText())) {
            failures.replaceAll(ObjectMatcher::hideSecretValue);
        }
        return failures;
    }

    private static boolean secretValuePath(String path) {
        return path.equals("data") || path.startsWith("data.") || path.startsWith("data[")
                || path.equals("stringData") || path.startsWith("stringData.") || path.startsWith("stringData[");
    }

    private static FieldFailure hideSecretValue(FieldFailure f) {
        if (!secretValuePath(f.path())) {
            return f;
        }
        return switch (f.kind()) {
            case MISSING -> FieldFailure.missing(f.path(), HIDDEN_EXPECTED);
            case DIFFERENT -> FieldFailure.different(f.path(), HIDDEN_EXPECTED, HIDDEN_ACTUAL);
            case UNEXPECTED -> FieldFailure.unexpected(f.path(), "(a value)");
        };
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<FieldFailure> out) {
        if (expected == null || expected.isNull()) {
            if (actual != null && !actual.isNull() && !actual.isMissingNode()) {
                out.add(FieldFailure.unexpected(display(path), render(actual)));
            }
            return;
        }
        if (actual == null || actual.isMissingNode() || actual.isNull()) {
            out.add(FieldFailure.missing(display(path), render(expected)));
            return;
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                out.add(FieldFailure.different(display(path), "an object", render(actual)));
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                compare(join(path, field.getKey()), field.getValue(), actual.get(field.getKey()), out);
            }
            return;
        }
        if (expected.isArray()) {
            if (!actual.isArray()) {
                out.add(FieldFailure.different(display(path), "a list", render(actual)));
                return;
            }
            if (allNamed(expected)) {
                compareByName(path, expected, actual, out);
            } else {
                compareInOrder(path, expected, actual, out);
            }
            return;
        }
        if (!sameScalar(expected, actual) && !sameImage(path, expected, actual)) {
            out.add(FieldFailure.different(display(path), render(expected), render(actual)));
        }
    }

    private static void compareByName(String path, JsonNode expected, JsonNode actual, List<FieldFailure> out) {
        for (JsonNode item : expected) {
            String name = item.get("name").asText();
            JsonNode match = null;
            for (JsonNode candidate : actual) {
                if (candidate.isObject() && name.equals(candidate.path("name").asText(null))) {
                    match = candidate;
                    break;
                }
            }
            String itemPath = path + "[name=" + name + "]";
            if (match == null) {
                out.add(FieldFailure.missing(display(itemPath), "an item named " + name));
            } else {
                compare(itemPath, item, match, out);
            }
        }
    }

    private static void compareInOrder(String path, JsonNode expected, JsonNode actual, List<FieldFailure> out) {
        int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            compare(path + "[" + i + "]", expected.get(i), actual.get(i), out);
        }
        if (expected.size() != actual.size()) {
            out.add(FieldFailure.different(display(path), count(expected.size()), count(actual.size())));
        }
    }

    private static String count(int n) {
        return n == 1 ? "1 item" : n + " items";
    }

    private static boolean allNamed(JsonNode list) {
        if (list.isEmpty()) {
            return false;
        }
        for (JsonNode item : list) {
            if (!item.isObject() || !item.hasNonNull("name") || !item.get("name").isValueNode()) {
                return false;
            }
        }
        return true;
    }

    static boolean sameScalar(JsonNode expected, JsonNode actual) {
        if (expected.isBoolean() || actual.isBoolean()) {
            return expected.isBoolean() && actual.isBoolean() && expected.booleanValue() == actual.booleanValue()
                    || expected.asText().equals(actual.asText());
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        String e = expected.asText();
        String a = actual.isValueNode() ? actual.asText() : null;
        if (a == null) {
            return false;
        }
        return e.equals(a) || Quantities.sameAmount(e, a);
    }

    private static boolean sameImage(String path, JsonNode expected, JsonNode actual) {
        return (path.equals("image") || path.endsWith(".image")) && expected.isTextual() && actual.isTextual()
                && ImageNames.same(expected.textValue(), actual.textValue());
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String display(String path) {
        return path.isEmpty() ? "(object)" : path;
    }

    /** A value as a learner reads it: {@code 3}, {@code nginx:1.27}, {@code ""}, {@code {"app":"web"}}. */
    public static String render(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            String text = node.textValue();
            return text.isEmpty() ? "\"\"" : text;
        }
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }
}
