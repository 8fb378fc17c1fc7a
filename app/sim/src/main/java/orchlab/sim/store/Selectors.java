package orchlab.sim.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;

/**
 * Label and field selectors as the real API server understands them: {@code app=web,tier!=db},
 * {@code env in (a,b)}, {@code !legacy}; field selectors on any dotted path ({@code status.phase!=Succeeded},
 * {@code involvedObject.name=web}).
 */
public final class Selectors {

    private Selectors() {
    }

    /** Parses a label selector string ({@code labelSelector=} query parameter). Empty or null selects everything. */
    public static Predicate<Map<String, String>> parseLabelSelector(String selector) {
        if (selector == null || selector.isBlank()) {
            return labels -> true;
        }
        List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
        for (String requirement : splitTopLevel(selector)) {
            requirements.add(parseRequirement(requirement.trim()));
        }
        return labels -> requirements.stream().allMatch(r -> r.test(labels));
    }

    private static List<String> splitTopLevel(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            parts.add(current.toString());
        }
        return parts;
    }

    private static Predicate<Map<String, String>> parseRequirement(String req) {
        java.util.regex.Matcher set = java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(req);
        if (set.matches()) {
            String key = set.group(1);
            Set<String> values = new HashSet<>();
            Arrays.stream(set.group(3).split(",")).map(String::trim).forEach(values::add);
            if (set.group(2).equals("in")) {
                return labels -> labels.containsKey(key) && values.contains(labels.get(key));
            }
            return labels -> !labels.containsKey(key) || !values.contains(labels.get(key));
        }
        int ne = req.indexOf("!=");
        if (ne > 0) {
            String key = req.substring(0, ne).trim();
            String value = req.substring(ne + 2).trim();
            return labels -> !value.equals(labels.get(key));
        }
        int eq = req.indexOf('=');
        if (eq > 0) {
            String key = req.substring(0, eq).trim();
            String value = req.substring(req.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
            return labels -> value.equals(labels.get(key));
        }
        if (req.startsWith("!")) {
            String key = req.substring(1).trim();
            return labels -> !labels.containsKey(key);
        }
        if (req.matches("[A-Za-z0-9./_-]+")) {
            return labels -> labels.containsKey(req);
        }
        throw ApiException.badRequest("unable to parse requirement: invalid label selector \"" + req + "\"");
    }

    /** Parses a field selector ({@code fieldSelector=}): equality and inequality on dotted paths. */
    public static Predicate<JsonNode> parseFieldSelector(String selector) {
        if (selector == null || selector.isBlank()) {
            return o -> true;
        }
        List<Predicate<JsonNode>> requirements = new ArrayList<>();
        for (String requirement : selector.split(",")) {
            String req = requirement.trim();
            boolean negate = req.contains("!=");
            String[] parts = negate ? req.split("!=", 2) : req.split("==?", 2);
            if (parts.length != 2) {
                throw ApiException.badRequest("invalid selector: '" + selector + "'; can't understand '" + req + "'");
            }
            String path = parts[0].trim();
            String value = parts[1].trim();
            requirements.add(o -> {
                String actual = fieldValue(o, path);
                boolean equal = value.equals(actual == null ? "" : actual);
                return negate != equal;
            });
        }
        return o -> requirements.stream().allMatch(r -> r.test(o));
    }

    private static String fieldValue(JsonNode object, String path) {
        JsonNode node = Json.at(object, path);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.asText();
    }

    /** Evaluates a {@code LabelSelector} object ({@code matchLabels}, {@code matchExpressions}) against labels. */
    public static boolean matches(JsonNode labelSelector, Map<String, String> labels) {
        if (labelSelector == null || labelSelector.isMissingNode() || labelSelector.isNull()) {
            return false;
        }
        for (Map.Entry<String, String> e : Json.stringMap(labelSelector.path("matchLabels")).entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expr : labelSelector.path("matchExpressions")) {
            String key = expr.path("key").asText();
            Set<String> values = new HashSet<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            String actual = labels.get(key);
            boolean ok = switch (expr.path("operator").asText()) {
                case "In" -> actual != null && values.contains(actual);
                case "NotIn" -> actual == null || !values.contains(actual);
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether a label selector object selects nothing at all (empty matchLabels and matchExpressions). */
    public static boolean isEmpty(JsonNode labelSelector) {
        return labelSelector.path("matchLabels").size() == 0 && labelSelector.path("matchExpressions").size() == 0;
    }

    /** The selector written the way {@code kubectl} and {@code Scale.status.selector} print it. */
    public static String toString(JsonNode labelSelector) {
        List<String> parts = new ArrayList<>();
        Json.stringMap(labelSelector.path("matchLabels")).forEach((k, v) -> parts.add(k + "=" + v));
        for (JsonNode expr : labelSelector.path("matchExpressions")) {
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            String key = expr.path("key").asText();
            switch (expr.path("operator").asText()) {
                case "In" -> parts.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> parts.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> parts.add(key);
                case "DoesNotExist" -> parts.add("!" + key);
                default -> { }
            }
        }
        return String.join(",", parts);
    }

    public static Map<String, String> labels(JsonNode object) {
        return Json.stringMap(object.path("metadata").path("labels"));
    }
}
