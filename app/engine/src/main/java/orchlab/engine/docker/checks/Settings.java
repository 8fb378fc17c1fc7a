package orchlab.engine.docker.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.yaml.Location;

/** Reads a check's settings, reporting each mistake at its line (never stops at the first). */
final class Settings {
    private final JsonNode node;
    private final String pointer;
    private final CheckSpec spec;
    private final Problems problems;
    /** Shared with nested settings, so a mistake anywhere fails the whole check. */
    private final boolean[] failed;

    Settings(CheckSpec spec, Problems problems) {
        this(spec.config(), "", spec, problems, new boolean[1]);
    }

    private Settings(JsonNode node, String pointer, CheckSpec spec, Problems problems, boolean[] failed) {
        this.node = node;
        this.pointer = pointer;
        this.spec = spec;
        this.problems = problems;
        this.failed = failed;
    }

    /** Settings of a nested mapping ({@code services/web}). */
    Settings child(String key) {
        return new Settings(node.path(key), path(key), spec, problems, failed);
    }

    JsonNode node() {
        return node;
    }

    String path(String key) {
        return pointer.isEmpty() ? key : pointer + "/" + key;
    }

    Location locate(String key) {
        return spec.locate(path(key));
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    void error(String key, String message, String suggestion) {
        failed[0] = true;
        problems.error(locate(key), message, suggestion);
    }

    /** A problem with a key itself (unknown key): reported where the key is written. */
    void errorAtKey(String key, String message, String suggestion) {
        failed[0] = true;
        problems.error(spec.locateKey(path(key)), message, suggestion);
    }

    boolean failed() {
        return failed[0];
    }

    String requiredText(String key, String example) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank())) {
            failed[0] = true;
            problems.error(spec.locate(pointer), "'" + key + "' is required", "e.g. " + key + ": " + example);
            return "";
        }
        if (!v.isValueNode()) {
            error(key, "'" + key + "' must be text", "e.g. " + key + ": " + example);
            return "";
        }
        return v.asText();
    }

    Optional<String> text(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            error(key, "'" + key + "' must be text", "");
            return Optional.empty();
        }
        return Optional.of(v.asText());
    }

    Optional<Integer> integer(String key, int min, int max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        int value;
        if (v.isIntegralNumber()) {
            value = v.asInt();
        } else if (v.isTextual() && v.textValue().trim().matches("-?\\d{1,9}")) {
            value = Integer.parseInt(v.textValue().trim());
        } else {
            error(key, "'" + key + "' must be a whole number", "");
            return Optional.empty();
        }
        if (value < min || value > max) {
            error(key, "'" + key + "' must be between " + min + " and " + max, "");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    Optional<Boolean> bool(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            error(key, "'" + key + "' must be true or false", "");
            return Optional.empty();
        }
        return Optional.of(v.booleanValue());
    }

    /** A list of texts; a single text counts as a list of one. */
    List<String> texts(String key) {
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
            error(key, "'" + key + "' must be a list", "");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).isValueNode() && !v.get(i).isNull()) {
                out.add(v.get(i).asText());
            } else {
                error(key + "/" + i, "each entry of '" + key + "' must be text", "");
            }
        }
        return out;
    }

    /** A mapping of names to texts; {@code null} values are kept as {@code null} ("any value"). */
    Map<String, String> textMap(String key) {
        JsonNode v = node.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            error(key, "'" + key + "' must be a mapping of names to values", "");
            return out;
        }
        v.properties().forEach(e -> {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                out.put(e.getKey(), null);
            } else if (value.isValueNode()) {
                out.put(e.getKey(), value.asText());
            } else {
                error(key + "/" + e.getKey(), "the value of '" + e.getKey() + "' must be text", "");
            }
        });
        return out;
    }
}
