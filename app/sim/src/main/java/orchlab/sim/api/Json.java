package orchlab.sim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Map;

/** Jackson helpers shared by the sim: one mapper, tree navigation with dotted paths. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    public static ObjectNode parseObject(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static ObjectNode parseYamlOrJson(String text) {
        try {
            JsonNode node = YAML.readTree(text);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the request body must be an object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the request body is not valid YAML or JSON: " + e.getOriginalMessage());
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The object at {@code path} (dotted, e.g. {@code spec.template.metadata}), created when missing. */
    public static ObjectNode with(ObjectNode root, String path) {
        ObjectNode node = root;
        for (String part : path.split("\\.")) {
            JsonNode child = node.get(part);
            if (child == null || !child.isObject()) {
                child = node.putObject(part);
            }
            node = (ObjectNode) child;
        }
        return node;
    }

    /** The node at a dotted path, or a missing node. */
    public static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    public static String text(JsonNode root, String path) {
        JsonNode node = at(root, path);
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    public static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    public static String name(JsonNode object) {
        return object.path("metadata").path("name").asText(null);
    }

    public static String namespace(JsonNode object) {
        return object.path("metadata").path("namespace").asText(null);
    }

    public static String uid(JsonNode object) {
        return object.path("metadata").path("uid").asText(null);
    }

    public static ObjectNode metadata(ObjectNode object) {
        return with(object, "metadata");
    }
}
