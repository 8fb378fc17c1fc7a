package orchlab.sim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}), what {@code kubectl apply},
 * {@code edit} and {@code patch} send for built-in kinds: maps merge, {@code null} deletes, lists of objects merge
 * by their key (containers by {@code name}, container ports by {@code containerPort}, service ports by
 * {@code port}, ...), other lists are replaced, and the directives {@code $patch}, {@code $retainKeys},
 * {@code $deleteFromPrimitiveList/…} and {@code $setElementOrder/…} are honoured.
 */
public final class StrategicMergePatch {

    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"), Map.entry("volumes", "name"), Map.entry("env", "name"),
            Map.entry("imagePullSecrets", "name"), Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"), Map.entry("hostAliases", "ip"), Map.entry("conditions", "type"),
            Map.entry("ownerReferences", "uid"), Map.entry("topologySpreadConstraints", "topologyKey"),
            Map.entry("readinessGates", "conditionType"), Map.entry("resizePolicy", "resourceName"),
            Map.entry("resourceClaims", "name"));
    private static final Set<String> PRIMITIVE_MERGE_LISTS = Set.of("metadata.finalizers");

    private StrategicMergePatch() {
    }

    /** The patched copy of {@code original}. */
    public static ObjectNode apply(ObjectNode original, ObjectNode patch) {
        ObjectNode result = original.deepCopy();
        String kind = original.path("kind").asText();
        if ("replace".equals(patch.path("$patch").asText())) {
            return clean(patch);
        }
        merge(result, patch, "", kind);
        return result;
    }

    /** The merge key of the list at {@code path} ({@code spec.template.spec.containers}), or null when it is replaced whole. */
    static String mergeKey(String path, String kind) {
        String field = path.substring(path.lastIndexOf('.') + 1);
        if (field.equals("ports")) {
            if (path.endsWith("containers.ports") || path.endsWith("initContainers.ports")) {
                return "containerPort";
            }
            if (kind.equals("Service") && path.equals("spec.ports")) {
                return "port";
            }
            return null;
        }
        return MERGE_KEYS.get(field);
    }

    private static void merge(ObjectNode target, ObjectNode patch, String path, String kind) {
        Set<String> retainKeys = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String field = entry.getKey();
            JsonNode value = entry.getValue();
            String childPath = path.isEmpty() ? field : path + "." + field;
            if (field.equals("$patch") || field.startsWith("$setElementOrder/")) {
                continue;
            }
            if (field.equals("$retainKeys")) {
                retainKeys = new HashSet<>();
                for (JsonNode k : value) {
                    retainKeys.add(k.asText());
                }
                continue;
            }
            if (field.startsWith("$deleteFromPrimitiveList/")) {
                String list = field.substring("$deleteFromPrimitiveList/".length());
                if (target.get(list) instanceof ArrayNode array) {
                    Set<String> remove = new HashSet<>();
                    value.forEach(v -> remove.add(v.asText()));
                    for (int i = array.size() - 1; i >= 0; i--) {
                        if (remove.contains(array.get(i).asText())) {
                            array.remove(i);
                        }
                    }
                }
                continue;
            }
            if (value.isNull()) {
                target.remove(field);
            } else if (value.isObject()) {
                String directive = value.path("$patch").asText("");
                if (directive.equals("delete")) {
                    target.remove(field);
                } else if (directive.equals("replace") || !(target.get(field) instanceof ObjectNode)) {
                    target.set(field, clean(value));
                } else {
                    merge((ObjectNode) target.get(field), (ObjectNode) value, childPath, kind);
                }
            } else if (value.isArray()) {
                String key = mergeKey(childPath, kind);
                if (key != null && target.get(field) instanceof ArrayNode existing) {
                    mergeList(existing, (ArrayNode) value, key, childPath, kind);
                    if (existing.isEmpty() && value.isEmpty()) {
                        target.set(field, existing);
                    }
                } else if (PRIMITIVE_MERGE_LISTS.contains(childPath) && target.get(field) instanceof ArrayNode existing) {
                    Set<String> present = new HashSet<>();
                    existing.forEach(v -> present.add(v.asText()));
                    value.forEach(v -> {
                        if (present.add(v.asText())) {
                            existing.add(v);
                        }
                    });
                } else {
                    target.set(field, cleanList((ArrayNode) value));
                }
            } else {
                target.set(field, value);
            }
        }
        if (retainKeys != null) {
            Set<String> keep = retainKeys;
            target.fieldNames().forEachRemaining(n -> { });
            target.retain(keep);
        }
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key, String path, String kind) {
        for (JsonNode element : patch) {
            if (!element.isObject()) {
                target.add(element);
                continue;
            }
            String directive = element.path("$patch").asText("");
            if (directive.equals("replace")) {
                target.removeAll();
                continue;
            }
            JsonNode keyValue = element.get(key);
            int index = indexOf(target, key, keyValue);
            if (directive.equals("delete")) {
                if (index >= 0) {
                    target.remove(index);
                }
            } else if (index >= 0 && keyValue != null) {
                merge((ObjectNode) target.get(index), (ObjectNode) element, path, kind);
            } else {
                target.add(clean(element));
            }
        }
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = list.get(i).get(key);
            if (candidate != null && candidate.asText().equals(value.asText())) {
                return i;
            }
        }
        return -1;
    }

    /** A copy without patch directives and without null fields. */
    static ObjectNode clean(JsonNode node) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = copy.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("$") || e.getValue().isNull()) {
                it.remove();
            } else if (e.getValue().isObject()) {
                e.setValue(clean(e.getValue()));
            } else if (e.getValue().isArray()) {
                e.setValue(cleanList((ArrayNode) e.getValue()));
            }
        }
        return copy;
    }

    private static ArrayNode cleanList(ArrayNode list) {
        ArrayNode copy = list.arrayNode();
        for (JsonNode element : list) {
            if (element.isObject()) {
                if (!element.path("$patch").asText("").equals("delete")) {
                    copy.add(clean(element));
                }
            } else {
                copy.add(element);
            }
        }
        return copy;
    }
}
