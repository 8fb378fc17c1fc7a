package orchlab.engine.docker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * docker-java inspect responses as JSON trees with Docker's own field names ({@code Config.ExposedPorts},
 * {@code HostConfig.RestartPolicy}, {@code State.Health.Status}), for CEL and for field reports.
 * Null fields are left out, as the engine does; the fields exercises ask about most
 * ({@code Config.Env}, {@code Config.Labels}, {@code Config.ExposedPorts}, {@code Config.Cmd},
 * {@code Config.Entrypoint}, {@code Config.User}, {@code Config.WorkingDir}, {@code Mounts}) are always
 * present, empty when unset, so expressions like {@code '8000/tcp' in image.Config.ExposedPorts} need no
 * {@code has()} guard.
 */
public final class DockerJson {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    private DockerJson() {
    }

    public static ObjectNode tree(Object dockerJavaModel) {
        JsonNode node = MAPPER.valueToTree(dockerJavaModel);
        return node instanceof ObjectNode o ? o : MAPPER.createObjectNode();
    }

    /** An image or container inspect tree with the usual fields filled in. */
    public static ObjectNode normalized(Object inspectResponse) {
        ObjectNode root = tree(inspectResponse);
        ObjectNode config = root.get("Config") instanceof ObjectNode c ? c : root.putObject("Config");
        ensureArray(config, "Env");
        ensureArray(config, "Cmd");
        ensureArray(config, "Entrypoint");
        ensureObject(config, "Labels");
        ensureObject(config, "ExposedPorts");
        ensureText(config, "User");
        ensureText(config, "WorkingDir");
        if (root.has("State") || root.has("HostConfig")) {
            ensureArray(root, "Mounts");
        }
        return root;
    }

    private static void ensureArray(ObjectNode node, String field) {
        if (!(node.get(field) instanceof ArrayNode)) {
            node.putArray(field);
        }
    }

    private static void ensureObject(ObjectNode node, String field) {
        if (!(node.get(field) instanceof ObjectNode)) {
            node.putObject(field);
        }
    }

    private static void ensureText(ObjectNode node, String field) {
        if (node.get(field) == null || node.get(field).isNull()) {
            node.put(field, "");
        }
    }

    /**
     * The value at a dotted path ({@code Config.User}, {@code State.Health.Status},
     * {@code Config.ExposedPorts["8000/tcp"]}, {@code Mounts[0].Name}); a missing node when absent.
     */
    public static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        int i = 0;
        while (i < path.length() && node != null && !node.isMissingNode()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
                continue;
            }
            if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
                }
                String inside = path.substring(i + 1, close).trim();
                if (inside.startsWith("\"") || inside.startsWith("'")) {
                    node = node.path(inside.substring(1, inside.length() - 1));
                } else {
                    try {
                        node = node.path(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        node = node.path(inside);
                    }
                }
                i = close + 1;
                continue;
            }
            int end = i;
            while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                end++;
            }
            node = node.path(path.substring(i, end));
            i = end;
        }
        return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    }

    /** A value for people: strings as they are ({@code ""} when empty), everything else as compact JSON. */
    public static String render(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "nothing";
        }
        if (value.isTextual()) {
            return value.textValue().isEmpty() ? "\"\" (empty)" : value.textValue();
        }
        String text = value.toString();
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }
}
