package orchlab.sim.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.ObjectStore;

/**
 * Kubernetes' LimitRanger admission plugin for the {@code Container} limits of a namespace's LimitRanges: a container
 * that names no request or limit for a resource gets the range's {@code defaultRequest} / {@code default}
 * (noted in the {@code kubernetes.io/limit-ranger} annotation), then every container must lie within
 * {@code min} and {@code max} — otherwise the Pod is forbidden in the plugin's words. The range's own defaults
 * ({@code default} from {@code max}, {@code defaultRequest} from {@code default} or {@code min}) are filled in by
 * {@link Defaulter} when the LimitRange is stored, as {@code SetDefaults_LimitRangeItem} does.
 */
public final class LimitRanger {

    /** Where LimitRanges are stored (as the catalog serves them: core v1, namespaced). */
    static final ResourceType LIMIT_RANGES = new ResourceType("", "v1", "LimitRange", "limitranges", "limitrange", true,
            List.of("limits"), List.of(), Set.of(), false);

    private LimitRanger() {
    }

    /** Fills in defaults on a new Pod; throws 403 Forbidden when a container lies outside a range. */
    public static void admit(ObjectStore store, ResourceType limitRanges, ObjectNode pod) {
        List<ObjectNode> ranges = store.list(limitRanges, Json.namespace(pod));
        if (ranges.isEmpty() || !(pod.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        List<String> set = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (ObjectNode range : ranges) {
            for (JsonNode item : range.path("spec").path("limits")) {
                if (!item.path("type").asText().equals("Container")) {
                    continue;
                }
                for (String list : new String[] {"initContainers", "containers"}) {
                    for (JsonNode c : spec.path(list)) {
                        if (c instanceof ObjectNode container) {
                            defaults(container, item, set);
                            violations.addAll(violations(container, item));
                        }
                    }
                }
            }
        }
        if (!set.isEmpty()) {
            Json.with(Json.metadata(pod), "annotations").put("kubernetes.io/limit-ranger",
                    "LimitRanger plugin set: " + String.join("; ", set));
        }
        if (!violations.isEmpty()) {
            String name = Json.name(pod).isEmpty() ? pod.path("metadata").path("generateName").asText() : Json.name(pod);
            throw ApiException.forbidden("pods \"" + name + "\" is forbidden: "
                    + (violations.size() == 1 ? violations.get(0) : "[" + String.join(", ", violations) + "]"));
        }
    }

    private static void defaults(ObjectNode container, JsonNode item, List<String> set) {
        ObjectNode resources = Json.with(container, "resources");
        Set<String> requested = fill(resources, "requests", item.path("defaultRequest"));
        Set<String> limited = fill(resources, "limits", item.path("default"));
        String name = container.path("name").asText();
        List<String> parts = new ArrayList<>();
        if (!requested.isEmpty()) {
            parts.add(String.join(", ", requested) + " request for container " + name);
        }
        if (!limited.isEmpty()) {
            parts.add(String.join(", ", limited) + " limit for container " + name);
        }
        if (!parts.isEmpty()) {
            set.add(String.join("; ", parts));
        }
    }

    private static Set<String> fill(ObjectNode resources, String field, JsonNode defaults) {
        Set<String> filled = new LinkedHashSet<>();
        if (!defaults.isObject() || defaults.isEmpty()) {
            return filled;
        }
        ObjectNode target = Json.with(resources, field);
        for (Map.Entry<String, JsonNode> d : iterable(defaults)) {
            if (!target.has(d.getKey())) {
                target.set(d.getKey(), d.getValue().deepCopy());
                filled.add(d.getKey());
            }
        }
        return filled;
    }

    private static List<String> violations(JsonNode container, JsonNode item) {
        List<String> out = new ArrayList<>();
        JsonNode requests = container.path("resources").path("requests");
        JsonNode limits = container.path("resources").path("limits");
        for (Map.Entry<String, JsonNode> min : iterable(item.path("min"))) {
            JsonNode request = requests.get(min.getKey());
            if (request == null) {
                out.add("minimum " + min.getKey() + " usage per Container is " + min.getValue().asText() + ".  No request is specified");
            } else if (amount(request).compareTo(amount(min.getValue())) < 0) {
                out.add("minimum " + min.getKey() + " usage per Container is " + min.getValue().asText()
                        + ", but request is " + request.asText());
            }
        }
        for (Map.Entry<String, JsonNode> max : iterable(item.path("max"))) {
            JsonNode limit = limits.get(max.getKey());
            if (limit == null) {
                out.add("maximum " + max.getKey() + " usage per Container is " + max.getValue().asText() + ".  No limit is specified");
            } else if (amount(limit).compareTo(amount(max.getValue())) > 0) {
                out.add("maximum " + max.getKey() + " usage per Container is " + max.getValue().asText()
                        + ", but limit is " + limit.asText());
            }
        }
        return out;
    }

    private static BigDecimal amount(JsonNode quantity) {
        try {
            return io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                    new io.fabric8.kubernetes.api.model.Quantity(quantity.asText()));
        } catch (RuntimeException e) {
            return BigDecimal.ZERO; // validation reports a malformed quantity
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object::fields;
    }

    /** {@code SetDefaults_LimitRangeItem}: a Container item's default limit from max, default request from default or min. */
    static void defaultItems(ObjectNode limitRange) {
        for (JsonNode item : limitRange.path("spec").path("limits")) {
            if (!(item instanceof ObjectNode range) || !range.path("type").asText().equals("Container")) {
                continue;
            }
            ObjectNode defaultLimit = Json.with(range, "default");
            ObjectNode defaultRequest = Json.with(range, "defaultRequest");
            iterable(range.path("max")).forEach(e -> putIfAbsent(defaultLimit, e));
            iterable(defaultLimit.deepCopy()).forEach(e -> putIfAbsent(defaultRequest, e));
            iterable(range.path("min")).forEach(e -> putIfAbsent(defaultRequest, e));
            if (defaultLimit.isEmpty()) {
                range.remove("default");
            }
            if (defaultRequest.isEmpty()) {
                range.remove("defaultRequest");
            }
        }
    }

    private static void putIfAbsent(ObjectNode target, Map.Entry<String, JsonNode> e) {
        if (!target.has(e.getKey())) {
            target.set(e.getKey(), e.getValue().deepCopy());
        }
    }
}
