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

    /**
     * Fills in defaults on a new Pod, then checks every {@code Container} item (each container and init container)
     * and every {@code Pod} item (the Pod's total requests and limits, as {@code PodRequests} sums them) for
     * {@code min}, {@code max} and {@code maxLimitRequestRatio}; throws 403 Forbidden in the plugin's words.
     */
    public static void admit(ObjectStore store, ResourceType limitRanges, ObjectNode pod) {
        List<ObjectNode> ranges = store.list(limitRanges, Json.namespace(pod));
        if (ranges.isEmpty() || !(pod.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        List<String> set = new ArrayList<>();
        for (ObjectNode range : ranges) { // the mutating pass over every range first, as the plugin's Admit
            for (JsonNode item : range.path("spec").path("limits")) {
                if (item.path("type").asText().equals("Container")) {
                    for (String list : new String[] {"containers", "initContainers"}) {
                        for (JsonNode c : spec.path(list)) {
                            if (c instanceof ObjectNode container) {
                                defaults(container, item, set, list.equals("containers") ? "container" : "init container");
                            }
                        }
                    }
                }
            }
        }
        if (!set.isEmpty()) {
            Json.with(Json.metadata(pod), "annotations").put("kubernetes.io/limit-ranger",
                    "LimitRanger plugin set: " + String.join("; ", set));
        }
        List<String> violations = new ArrayList<>();
        for (ObjectNode range : ranges) {
            for (JsonNode item : range.path("spec").path("limits")) {
                switch (item.path("type").asText()) {
                    case "Container" -> {
                        for (String list : new String[] {"containers", "initContainers"}) {
                            for (JsonNode c : spec.path(list)) {
                                violations.addAll(violations(item, "Container", list(c.path("resources").path("requests")),
                                        list(c.path("resources").path("limits"))));
                            }
                        }
                    }
                    case "Pod" -> violations.addAll(violations(item, "Pod", ResourceQuotas.podTotals(spec, "requests"),
                            ResourceQuotas.podTotals(spec, "limits")));
                    default -> { }
                }
            }
        }
        if (!violations.isEmpty()) {
            throw forbidden("pods", pod, violations);
        }
    }

    /** A new PersistentVolumeClaim's {@code spec.resources.requests} against the {@code PersistentVolumeClaim} items' min and max. */
    public static void admitClaim(ObjectStore store, ResourceType limitRanges, ObjectNode claim) {
        List<String> violations = new ArrayList<>();
        Map<String, Quantities> requests = list(claim.path("spec").path("resources").path("requests"));
        for (ObjectNode range : store.list(limitRanges, Json.namespace(claim))) {
            for (JsonNode item : range.path("spec").path("limits")) {
                if (!item.path("type").asText().equals("PersistentVolumeClaim")) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> min : iterable(item.path("min"))) {
                    violations.addAll(min("PersistentVolumeClaim", min.getKey(), Quantities.parse(min.getValue()), requests, Map.of()));
                }
                for (Map.Entry<String, JsonNode> max : iterable(item.path("max"))) {
                    Quantities enforced = Quantities.parse(max.getValue());
                    Quantities request = requests.get(max.getKey());
                    if (request == null) {
                        violations.add("maximum " + max.getKey() + " usage per PersistentVolumeClaim is " + enforced + ".  No request is specified");
                    } else if (request.compareTo(enforced) > 0) {
                        violations.add("maximum " + max.getKey() + " usage per PersistentVolumeClaim is " + enforced
                                + ", but request is " + request);
                    }
                }
            }
        }
        if (!violations.isEmpty()) {
            throw forbidden("persistentvolumeclaims", claim, violations);
        }
    }

    private static ApiException forbidden(String resource, ObjectNode object, List<String> violations) {
        String name = Json.name(object) == null || Json.name(object).isEmpty()
                ? object.path("metadata").path("generateName").asText() : Json.name(object);
        return ApiException.forbidden(resource + " \"" + name + "\" is forbidden: "
                + (violations.size() == 1 ? violations.get(0) : "[" + String.join(", ", violations) + "]"));
    }

    private static void defaults(ObjectNode container, JsonNode item, List<String> set, String what) {
        ObjectNode resources = Json.with(container, "resources");
        Set<String> limited = fill(resources, "limits", item.path("default"));
        Set<String> requested = fill(resources, "requests", item.path("defaultRequest"));
        String name = container.path("name").asText();
        if (!requested.isEmpty()) {
            set.add(String.join(", ", new java.util.TreeSet<>(requested)) + " request for " + what + " " + name);
        }
        if (!limited.isEmpty()) {
            set.add(String.join(", ", new java.util.TreeSet<>(limited)) + " limit for " + what + " " + name);
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

    private static Map<String, Quantities> list(JsonNode resources) {
        Map<String, Quantities> out = new java.util.LinkedHashMap<>();
        iterable(resources).forEach(e -> out.put(e.getKey(), Quantities.parse(e.getValue())));
        return out;
    }

    /** {@code minConstraint}, {@code maxConstraint} and {@code limitRequestRatioConstraint} of one item. */
    private static List<String> violations(JsonNode item, String type, Map<String, Quantities> requests,
            Map<String, Quantities> limits) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> min : iterable(item.path("min"))) {
            out.addAll(min(type, min.getKey(), Quantities.parse(min.getValue()), requests, limits));
        }
        for (Map.Entry<String, JsonNode> max : iterable(item.path("max"))) {
            String r = max.getKey();
            Quantities enforced = Quantities.parse(max.getValue());
            Quantities limit = limits.get(r);
            Quantities request = requests.get(r);
            if (limit == null) {
                out.add("maximum " + r + " usage per " + type + " is " + enforced + ".  No limit is specified");
            } else if (limit.compareTo(enforced) > 0) {
                out.add("maximum " + r + " usage per " + type + " is " + enforced + ", but limit is " + limit);
            } else if (request != null && request.compareTo(enforced) > 0) {
                out.add("maximum " + r + " usage per " + type + " is " + enforced + ", but request is " + request);
            }
        }
        for (Map.Entry<String, JsonNode> ratio : iterable(item.path("maxLimitRequestRatio"))) {
            String r = ratio.getKey();
            Quantities enforced = Quantities.parse(ratio.getValue());
            Quantities limit = limits.get(r);
            Quantities request = requests.get(r);
            if (request == null || request.isZero()) {
                out.add(r + " max limit to request ratio per " + type + " is " + enforced
                        + ", but no request is specified or request is 0");
            } else if (limit == null || limit.isZero()) {
                out.add(r + " max limit to request ratio per " + type + " is " + enforced
                        + ", but no limit is specified or limit is 0");
            } else {
                BigDecimal observed = limit.value().divide(request.value(), 9, java.math.RoundingMode.HALF_EVEN);
                if (observed.compareTo(enforced.value()) > 0) {
                    out.add(r + " max limit to request ratio per " + type + " is " + enforced + ", but provided ratio is "
                            + String.format(java.util.Locale.ROOT, "%f", observed.doubleValue()));
                }
            }
        }
        return out;
    }

    private static List<String> min(String type, String r, Quantities enforced, Map<String, Quantities> requests,
            Map<String, Quantities> limits) {
        Quantities request = requests.get(r);
        Quantities limit = limits.get(r);
        if (request == null) {
            return List.of("minimum " + r + " usage per " + type + " is " + enforced + ".  No request is specified");
        }
        if (request.compareTo(enforced) < 0) {
            return List.of("minimum " + r + " usage per " + type + " is " + enforced + ", but request is " + request);
        }
        if (limit != null && limit.compareTo(enforced) < 0) {
            return List.of("minimum " + r + " usage per " + type + " is " + enforced + ", but limit is " + limit);
        }
        return List.of();
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
