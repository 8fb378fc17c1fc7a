package orchlab.engine.course;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;

/**
 * Reads one mapping of a located YAML document and reports, at their lines, every unknown key,
 * missing required key and value of the wrong type.
 */
public final class YamlFields {
    private final YamlDoc doc;
    private final String pointer;
    private final Problems problems;
    private final String what;
    private final JsonNode node;

    public YamlFields(YamlDoc doc, String pointer, Problems problems, String what) {
        this.doc = doc;
        this.pointer = pointer;
        this.problems = problems;
        this.what = what;
        this.node = pointer.isEmpty() ? doc.root() : doc.root().at(pointer);
    }

    /** False (after reporting) when the value is not a mapping. */
    public boolean requireObject() {
        if (node.isObject()) {
            return true;
        }
        problems.error(doc.locate(pointer), what + " must be a mapping of keys to values, found " + typeName(node));
        return false;
    }

    public JsonNode node() {
        return node;
    }

    public Location location() {
        return doc.locate(pointer);
    }

    public Location locate(String key) {
        return doc.locate(YamlDoc.child(pointer, key));
    }

    /**
     * Reports every key not in {@code allowed}, at the key, with a "did you mean" suggestion.
     *
     * @return whether every key was allowed
     */
    public boolean allowOnly(Set<String> allowed) {
        if (!node.isObject()) {
            return true;
        }
        boolean known = true;
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!allowed.contains(key)) {
                known = false;
                problems.error(doc.locateKey(YamlDoc.child(pointer, key)), "unknown key '" + key + "' in " + what,
                        Suggestions.didYouMean(key, new java.util.TreeSet<>(allowed)));
            }
        }
        return known;
    }

    public boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    public Optional<String> string(String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problems.error(location(), what + " needs '" + key + "'", "add '" + key + ": ...'");
            }
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            problems.error(locate(key), "'" + key + "' must be text, found " + typeName(value));
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    public Optional<String> matching(String key, boolean required, java.util.regex.Pattern pattern, String rule) {
        Optional<String> value = string(key, required);
        if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
            problems.error(locate(key), "'" + key + "' value '" + abbreviate(value.get()) + "' is not valid: " + rule);
            return Optional.empty();
        }
        return value;
    }

    public List<String> strings(String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problems.error(location(), what + " needs '" + key + "' (a list)", "add '" + key + ": [...]'");
            }
            return List.of();
        }
        if (!value.isArray()) {
            problems.error(locate(key), "'" + key + "' must be a list, found " + typeName(value), "write it as '" + key + ": [a, b]'");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode() || item.isNull()) {
                problems.error(doc.locate(YamlDoc.child(YamlDoc.child(pointer, key), i)),
                        "item " + (i + 1) + " of '" + key + "' must be text, found " + typeName(item));
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    public Optional<Duration> duration(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        Optional<Duration> parsed = value.isValueNode() ? Durations.parse(value.asText()) : Optional.empty();
        if (parsed.isEmpty()) {
            problems.error(locate(key), "'" + key + "' must be a duration like 30s, 2m or 1m30s, found '" + abbreviate(value.asText()) + "'");
            return Optional.empty();
        }
        if (parsed.get().compareTo(Duration.ofMinutes(30)) > 0) {
            problems.error(locate(key), "'" + key + "' of " + value.asText() + " is too long; at most 30m");
            return Optional.empty();
        }
        return parsed;
    }

    public static String typeName(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNull()) {
            return "an empty value";
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return "the value " + node.asText();
        }
        return "the text '" + abbreviate(node.asText()) + "'";
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine;
    }
}
