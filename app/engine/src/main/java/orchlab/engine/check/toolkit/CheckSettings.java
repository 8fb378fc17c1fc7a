package orchlab.engine.check.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Durations;
import orchlab.engine.course.Problems;
import orchlab.engine.course.Suggestions;
import orchlab.engine.course.YamlFields;
import orchlab.engine.yaml.Location;

/**
 * The settings reader every check kind uses: reads a check's keys (or a nested mapping of them) and reports each
 * mistake at its line — a missing key where the check starts, a wrong value at the value, an unknown key at the key
 * with "did you mean" — never stopping at the first. {@link #failed()} says whether any mistake was found, in this
 * mapping or in any nested one read through {@link #child(String)}.
 *
 * <pre>
 * CheckSettings s = new CheckSettings(spec, problems);
 * String image = s.requiredText("image", "orchlab/hello-py:1.0");
 * int status = s.integer("status", 100, 599).orElse(200);
 * return s.failed() ? null : new Prepared(image, status);
 * </pre>
 */
public final class CheckSettings {
    private final JsonNode node;
    private final String pointer;
    private final CheckSpec spec;
    private final Problems problems;
    /** Shared with nested settings, so a mistake anywhere fails the whole check. */
    private final boolean[] failed;

    public CheckSettings(CheckSpec spec, Problems problems) {
        this(spec.config(), "", spec, problems, new boolean[1]);
    }

    private CheckSettings(JsonNode node, String pointer, CheckSpec spec, Problems problems, boolean[] failed) {
        this.node = node;
        this.pointer = pointer;
        this.spec = spec;
        this.problems = problems;
        this.failed = failed;
    }

    /** Settings of a nested mapping ({@code services/web}, {@code expect}). */
    public CheckSettings child(String key) {
        return new CheckSettings(node.path(key), path(key), spec, problems, failed);
    }

    public CheckSpec spec() {
        return spec;
    }

    public JsonNode node() {
        return node;
    }

    /** The path of {@code key} below the check ({@code expect/status}); {@code ""} is this mapping itself. */
    public String path(String key) {
        if (key.isEmpty()) {
            return pointer;
        }
        return pointer.isEmpty() ? key : pointer + "/" + key;
    }

    /** Where the value of {@code key} is written ({@code ""}: where this mapping starts). */
    public Location locate(String key) {
        String path = path(key);
        return path.isEmpty() ? spec.location() : spec.locate(path);
    }

    public boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** Reports a mistake in the value of {@code key} ({@code ""}: the mapping as a whole). */
    public void error(String key, String message, String suggestion) {
        failed[0] = true;
        problems.error(locate(key), message, suggestion);
    }

    /** A problem with a key itself (unknown key): reported where the key is written. */
    public void errorAtKey(String key, String message, String suggestion) {
        failed[0] = true;
        problems.error(spec.locateKey(path(key)), message, suggestion);
    }

    public boolean failed() {
        return failed[0];
    }

    /** False (after reporting) when this is present but not a mapping. */
    public boolean requireMapping(String what) {
        if (node.isObject()) {
            return true;
        }
        error("", "'" + what + "' must be a mapping of keys to values, found " + YamlFields.typeName(node), "");
        return false;
    }

    /** Reports every key not in {@code allowed}, at the key, with "did you mean". */
    public void allowOnly(Set<String> allowed, String what) {
        if (!node.isObject()) {
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!allowed.contains(key)) {
                errorAtKey(key, "unknown key '" + key + "' in " + what, Suggestions.didYouMean(key, new TreeSet<>(allowed)));
            }
        }
    }

    public String requiredText(String key, String example) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank())) {
            failed[0] = true;
            problems.error(locate(""), "'" + key + "' is required", "e.g. " + key + ": " + example);
            return "";
        }
        if (!v.isValueNode()) {
            error(key, "'" + key + "' must be text, found " + YamlFields.typeName(v), "e.g. " + key + ": " + example);
            return "";
        }
        return v.asText();
    }

    public Optional<String> text(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            error(key, "'" + key + "' must be text, found " + YamlFields.typeName(v), "");
            return Optional.empty();
        }
        return Optional.of(v.asText());
    }

    public Optional<Integer> integer(String key, int min, int max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        int value;
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            value = v.asInt();
        } else if (v.isTextual() && v.textValue().trim().matches("-?\\d{1,9}")) {
            value = Integer.parseInt(v.textValue().trim());
        } else {
            error(key, "'" + key + "' must be a whole number, found " + YamlFields.typeName(v), "");
            return Optional.empty();
        }
        if (value < min || value > max) {
            error(key, "'" + key + "' must be between " + min + " and " + max + ", found " + value, "");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    public Optional<Boolean> bool(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            error(key, "'" + key + "' must be true or false, found " + YamlFields.typeName(v), "");
            return Optional.empty();
        }
        return Optional.of(v.booleanValue());
    }

    /** A duration like {@code 30s}, {@code 2m} or {@code 1m30s}, at most 30 minutes. */
    public Optional<Duration> duration(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        Optional<Duration> parsed = v.isValueNode() ? Durations.parse(v.asText()) : Optional.empty();
        if (parsed.isEmpty()) {
            error(key, "'" + key + "' must be a duration like 30s, 2m or 1m30s, found " + YamlFields.typeName(v), "");
            return Optional.empty();
        }
        if (parsed.get().compareTo(Duration.ofMinutes(30)) > 0) {
            error(key, "'" + key + "' of " + v.asText() + " is too long; at most 30m", "");
            return Optional.empty();
        }
        return parsed;
    }

    /** A list of texts; a single text counts as a list of one. */
    public List<String> texts(String key) {
        JsonNode v = node.get(key);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isValueNode()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            error(key, "'" + key + "' must be a list, found " + YamlFields.typeName(v), "write it as '" + key + ": [a, b]'");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).isValueNode() && !v.get(i).isNull()) {
                out.add(v.get(i).asText());
            } else {
                error(key + "/" + i, "each entry of '" + key + "' must be text, found " + YamlFields.typeName(v.get(i)), "");
            }
        }
        return out;
    }

    /** A mapping of names to texts; {@code null} values are kept as {@code null} ("any value"). */
    public Map<String, String> textMap(String key) {
        JsonNode v = node.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            error(key, "'" + key + "' must be a mapping of names to values, found " + YamlFields.typeName(v), "");
            return out;
        }
        v.properties().forEach(e -> {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                out.put(e.getKey(), null);
            } else if (value.isValueNode()) {
                out.put(e.getKey(), value.asText());
            } else {
                error(key + "/" + e.getKey(), "the value of '" + e.getKey() + "' must be text, found " + YamlFields.typeName(value), "");
            }
        });
        return out;
    }
}
