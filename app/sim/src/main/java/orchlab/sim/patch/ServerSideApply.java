package orchlab.sim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import orchlab.sim.api.Json;

/**
 * Server-side apply ({@code application/apply-patch+yaml}, {@code kubectl apply --server-side}), simplified: the
 * applied configuration is merged into the live object with strategic-merge list keys, fields the same field
 * manager applied last time but no longer applies are removed, and the manager's field set is recorded in
 * {@code metadata.managedFields} (FieldsV1). Conflicts with other managers are not detected (as if
 * {@code --force-conflicts} were always given).
 */
public final class ServerSideApply {

    private ServerSideApply() {
    }

    /**
     * @param live    the live object, or null when the apply creates it
     * @param applied the configuration the manager applies
     * @param manager the field manager ({@code kubectl})
     */
    public static ObjectNode apply(ObjectNode live, ObjectNode applied, String manager) {
        String kind = applied.path("kind").asText();
        ObjectNode config = StrategicMergePatch.clean(applied);
        ObjectNode fields = fieldsOf(config, "", kind);
        ObjectNode result;
        if (live == null) {
            result = config.deepCopy();
        } else {
            result = StrategicMergePatch.apply(live, config);
            ObjectNode previous = previousFields(live, manager);
            if (previous != null) {
                removeStale(result, previous, fields, "", kind);
            }
        }
        ArrayNode managed = Json.array();
        if (live != null) {
            for (JsonNode entry : live.path("metadata").path("managedFields")) {
                if (!(entry.path("manager").asText().equals(manager) && entry.path("operation").asText().equals("Apply"))) {
                    managed.add(entry);
                }
            }
        }
        ObjectNode entry = managed.addObject();
        entry.put("manager", manager);
        entry.put("operation", "Apply");
        entry.put("apiVersion", config.path("apiVersion").asText());
        entry.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        entry.put("fieldsType", "FieldsV1");
        ObjectNode recorded = fields.deepCopy();
        recorded.remove(List.of("f:apiVersion", "f:kind"));
        if (recorded.get("f:metadata") instanceof ObjectNode m) {
            m.remove(List.of("f:name", "f:namespace"));
        }
        entry.set("fieldsV1", recorded);
        Json.metadata(result).set("managedFields", managed);
        return result;
    }

    private static ObjectNode previousFields(ObjectNode live, String manager) {
        for (JsonNode entry : live.path("metadata").path("managedFields")) {
            if (entry.path("manager").asText().equals(manager) && entry.path("operation").asText().equals("Apply")
                    && entry.get("fieldsV1") instanceof ObjectNode fields) {
                return fields;
            }
        }
        return null;
    }

    /** The FieldsV1 set of an applied configuration. */
    static ObjectNode fieldsOf(JsonNode object, String path, String kind) {
        ObjectNode set = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode value = e.getValue();
            if (value.isObject() && value.size() > 0) {
                set.set("f:" + e.getKey(), fieldsOf(value, childPath, kind));
            } else if (value.isArray() && StrategicMergePatch.mergeKey(childPath, kind) != null) {
                String key = StrategicMergePatch.mergeKey(childPath, kind);
                ObjectNode items = Json.object();
                for (JsonNode element : value) {
                    if (element.has(key)) {
                        ObjectNode k = Json.object();
                        k.set(key, element.get(key));
                        ObjectNode item = fieldsOf(element, childPath, kind);
                        item.putObject(".");
                        items.set("k:" + Json.write(k), item);
                    }
                }
                set.set("f:" + e.getKey(), items);
            } else {
                set.putObject("f:" + e.getKey());
            }
        }
        return set;
    }

    private static void removeStale(ObjectNode target, ObjectNode previous, ObjectNode next, String path, String kind) {
        List<String> names = new ArrayList<>();
        previous.fieldNames().forEachRemaining(names::add);
        for (String key : names) {
            if (!key.startsWith("f:")) {
                continue;
            }
            String field = key.substring(2);
            String childPath = path.isEmpty() ? field : path + "." + field;
            JsonNode prevChild = previous.get(key);
            JsonNode nextChild = next.get(key);
            if (nextChild == null) {
                target.remove(field);
            } else if (prevChild.size() > 0 && target.get(field) instanceof ObjectNode child) {
                removeStale(child, (ObjectNode) prevChild, (ObjectNode) nextChild, childPath, kind);
            } else if (prevChild.size() > 0 && target.get(field) instanceof ArrayNode list) {
                String mergeKey = StrategicMergePatch.mergeKey(childPath, kind);
                if (mergeKey == null) {
                    continue;
                }
                for (Iterator<String> it = prevChild.fieldNames(); it.hasNext();) {
                    String itemKey = it.next();
                    JsonNode keyValue = Json.parseObject(itemKey.substring(2)).get(mergeKey);
                    for (int i = list.size() - 1; i >= 0; i--) {
                        JsonNode element = list.get(i);
                        if (element.path(mergeKey).asText().equals(keyValue.asText())) {
                            if (!nextChild.has(itemKey)) {
                                list.remove(i);
                            } else if (element instanceof ObjectNode o) {
                                removeStale(o, (ObjectNode) prevChild.get(itemKey), (ObjectNode) nextChild.get(itemKey),
                                        childPath, kind);
                            }
                        }
                    }
                }
            }
        }
    }
}
