package orchlab.sim.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceCatalog;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.ObjectStore;

/**
 * Kubernetes' ResourceQuota admission plugin and the usage its controller writes into {@code status.used}: what
 * an object costs (Kubernetes' evaluators: {@code pods}, {@code requests.cpu}/{@code memory}, {@code limits.*},
 * {@code services}, {@code services.nodeports}, {@code services.loadbalancers}, {@code persistentvolumeclaims},
 * {@code requests.storage}, {@code <class>.storageclass.storage.k8s.io/...}, {@code configmaps}, {@code secrets},
 * {@code replicationcontrollers}, {@code resourcequotas} and {@code count/<resource>[.<group>]} for any kind), the
 * quota's scopes ({@code Terminating}, {@code NotTerminating}, {@code BestEffort}, {@code NotBestEffort}), and the
 * plugin's refusals in its words: {@code exceeded quota: NAME, requested: ..., used: ..., limited: ...} and, for a
 * Pod when the quota covers compute resources, {@code failed quota: NAME: must specify limits.cpu for: app; ...}.
 * Usage is counted from the store at admission (what the controller's {@code status.used} says once it has run).
 */
public final class ResourceQuotas {

    /** The compute resources a quota may only cover when every container names them ({@code validationSet}). */
    private static final List<String> VALIDATION_SET = List.of("cpu", "memory", "requests.cpu", "requests.memory",
            "limits.cpu", "limits.memory");
    private static final String STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";

    private final ObjectStore store;
    private final ResourceCatalog catalog;
    private final ResourceType quotas;

    public ResourceQuotas(ObjectStore store, ResourceCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
        this.quotas = catalog.require("", "resourcequotas");
    }

    public ResourceType type() {
        return quotas;
    }

    /** Refuses (403) a new object that a quota of its namespace does not allow. */
    public void admitCreate(ResourceType type, ObjectNode object) {
        String namespace = Json.namespace(object);
        if (!type.namespaced() || namespace == null) {
            return;
        }
        List<ObjectNode> all = store.list(quotas, namespace);
        if (all.isEmpty()) {
            return;
        }
        Map<String, Quantities> cost = usage(type, object);
        for (ObjectNode quota : all) {
            if (!matchesScopes(quota, type, object)) {
                continue;
            }
            Map<String, Quantities> hard = hard(quota);
            if (type.group().isEmpty() && type.kind().equals("Pod")) {
                List<String> required = hard.keySet().stream().filter(VALIDATION_SET::contains).toList();
                missing(object, required).ifPresent(m -> {
                    throw forbidden(type, object, "failed quota: " + Json.name(quota) + ": " + m);
                });
            }
            refuseBeyond(type, object, quota, hard, cost);
        }
    }

    /**
     * Refuses (403) an update that makes an object cost more than a quota of its namespace allows. As in Kubernetes'
     * quota admission, only the evaluators that handle updates are asked — Services ({@code services.nodeports},
     * {@code services.loadbalancers}: a ClusterIP Service changed to NodePort/LoadBalancer, more ports) and
     * PersistentVolumeClaims ({@code requests.storage}: a claim resized) — and only what grows is checked, against the
     * usage that already counts the object as it was.
     */
    public void admitUpdate(ResourceType type, ObjectNode object, JsonNode old) {
        String namespace = Json.namespace(object);
        if (!type.group().isEmpty() || namespace == null
                || !(type.kind().equals("Service") || type.kind().equals("PersistentVolumeClaim"))) {
            return;
        }
        List<ObjectNode> all = store.list(quotas, namespace);
        if (all.isEmpty()) {
            return;
        }
        Map<String, Quantities> before = usage(type, old);
        Map<String, Quantities> growth = new TreeMap<>();
        usage(type, object).forEach((k, v) -> {
            java.math.BigDecimal delta = v.value().subtract(before.getOrDefault(k, Quantities.ZERO).value());
            if (delta.signum() > 0) {
                growth.put(k, new Quantities(delta, v.binary()));
            }
        });
        for (ObjectNode quota : all) {
            if (!matchesScopes(quota, type, object)) {
                continue;
            }
            refuseBeyond(type, object, quota, hard(quota), growth);
        }
    }

    /**
     * The quota plugin's refusal: of what the object asks for ({@code requested}: its whole cost on create, what grows
     * on update), the resources the quota limits are added to what the quota's namespace already uses; any beyond the
     * hard limit → 403 {@code exceeded quota: NAME, requested: ..., used: ..., limited: ...} naming those resources.
     */
    private void refuseBeyond(ResourceType type, ObjectNode object, ObjectNode quota, Map<String, Quantities> hard,
                              Map<String, Quantities> asked) {
        Map<String, Quantities> requested = new TreeMap<>();
        asked.forEach((k, v) -> {
            if (hard.containsKey(k) && !v.isZero()) {
                requested.put(k, v);
            }
        });
        if (requested.isEmpty()) {
            return;
        }
        Map<String, Quantities> used = used(quota, requested.keySet());
        List<String> exceeded = new ArrayList<>();
        for (Map.Entry<String, Quantities> r : requested.entrySet()) {
            if (used.get(r.getKey()).add(r.getValue()).compareTo(hard.get(r.getKey())) > 0) {
                exceeded.add(r.getKey());
            }
        }
        if (!exceeded.isEmpty()) {
            throw forbidden(type, object, "exceeded quota: " + Json.name(quota)
                    + ", requested: " + print(requested, exceeded)
                    + ", used: " + print(used, exceeded)
                    + ", limited: " + print(hard, exceeded));
        }
    }

    /** {@code status.hard} and {@code status.used} as the ResourceQuota controller writes them. */
    public ObjectNode status(ObjectNode quota) {
        Map<String, Quantities> hard = hard(quota);
        Map<String, Quantities> used = used(quota, hard.keySet());
        ObjectNode status = Json.object();
        ObjectNode h = status.putObject("hard");
        hard.forEach((k, v) -> h.put(k, v.toString()));
        ObjectNode u = status.putObject("used");
        used.forEach((k, v) -> u.put(k, v.toString()));
        return status;
    }

    private static Map<String, Quantities> hard(JsonNode quota) {
        Map<String, Quantities> hard = new TreeMap<>();
        quota.path("spec").path("hard").fields().forEachRemaining(e -> hard.put(e.getKey(), Quantities.parse(e.getValue())));
        return hard;
    }

    /** What the quota's namespace uses of each resource, summed over every object it covers. */
    private Map<String, Quantities> used(ObjectNode quota, java.util.Collection<String> resources) {
        Map<String, Quantities> used = new TreeMap<>();
        resources.forEach(r -> used.put(r, Quantities.ZERO));
        String namespace = Json.namespace(quota);
        for (ResourceType type : typesFor(resources)) {
            for (ObjectNode object : store.list(type, namespace)) {
                if (!matchesScopes(quota, type, object)) {
                    continue;
                }
                usage(type, object).forEach((k, v) -> used.computeIfPresent(k, (key, sum) -> sum.add(v)));
            }
        }
        return used;
    }

    private List<ResourceType> typesFor(java.util.Collection<String> resources) {
        Map<String, ResourceType> types = new LinkedHashMap<>();
        for (String r : resources) {
            String plural;
            String group = "";
            if (r.startsWith("count/")) {
                String rest = r.substring("count/".length());
                int dot = rest.indexOf('.');
                plural = dot < 0 ? rest : rest.substring(0, dot);
                group = dot < 0 ? "" : rest.substring(dot + 1);
            } else if (r.contains(STORAGE_CLASS_SUFFIX) || r.equals("requests.storage")) {
                plural = "persistentvolumeclaims";
            } else if (r.startsWith("services.")) {
                plural = "services";
            } else if (r.equals("services") || r.equals("configmaps") || r.equals("secrets")
                    || r.equals("persistentvolumeclaims") || r.equals("replicationcontrollers") || r.equals("resourcequotas")) {
                plural = r;
            } else {
                plural = "pods"; // pods, cpu, memory, requests.*, limits.*, hugepages...
            }
            String g = group;
            catalog.all().stream().filter(t -> t.group().equals(g) && t.plural().equals(plural)).findFirst()
                    .map(catalog::storageTypeOf)
                    .ifPresent(t -> types.putIfAbsent(t.group() + "/" + t.plural(), t));
        }
        return List.copyOf(types.values());
    }

    /** What one object costs, by quota resource name (only what Kubernetes' evaluators count). */
    static Map<String, Quantities> usage(ResourceType type, JsonNode object) {
        Map<String, Quantities> usage = new LinkedHashMap<>();
        usage.put("count/" + type.plural() + (type.group().isEmpty() ? "" : "." + type.group()), Quantities.ONE);
        if (!type.group().isEmpty()) {
            return usage;
        }
        switch (type.kind()) {
            case "Pod" -> {
                String phase = object.path("status").path("phase").asText("");
                if (phase.equals("Succeeded") || phase.equals("Failed")) {
                    return usage; // terminal Pods are no longer charged for compute
                }
                usage.put("pods", Quantities.ONE);
                JsonNode spec = object.path("spec");
                for (String field : new String[] {"requests", "limits"}) {
                    Map<String, Quantities> totals = podTotals(spec, field);
                    for (String resource : new String[] {"cpu", "memory", "ephemeral-storage"}) {
                        Quantities total = totals.get(resource);
                        if (total == null) {
                            continue;
                        }
                        usage.put(field + "." + resource, total);
                        if (field.equals("requests")) {
                            usage.put(resource, total);
                        }
                    }
                }
            }
            case "Service" -> {
                usage.put("services", Quantities.ONE);
                String serviceType = object.path("spec").path("type").asText("ClusterIP");
                if (serviceType.equals("NodePort") || serviceType.equals("LoadBalancer")) {
                    usage.put("services.nodeports", new Quantities(java.math.BigDecimal.valueOf(
                            object.path("spec").path("ports").size()), false));
                }
                if (serviceType.equals("LoadBalancer")) {
                    usage.put("services.loadbalancers", Quantities.ONE);
                }
            }
            case "PersistentVolumeClaim" -> {
                usage.put("persistentvolumeclaims", Quantities.ONE);
                Quantities storage = Quantities.parse(object.path("spec").path("resources").path("requests").path("storage"));
                usage.put("requests.storage", storage);
                String storageClass = object.path("spec").path("storageClassName").asText("");
                if (!storageClass.isEmpty()) {
                    usage.put(storageClass + STORAGE_CLASS_SUFFIX + "persistentvolumeclaims", Quantities.ONE);
                    usage.put(storageClass + STORAGE_CLASS_SUFFIX + "requests.storage", storage);
                }
            }
            case "ConfigMap", "Secret", "ReplicationController", "ResourceQuota" -> usage.put(type.plural(), Quantities.ONE);
            default -> { }
        }
        return usage;
    }

    /**
     * {@code PodRequests}/{@code PodLimits}: the containers' sum (with sidecars, init containers that restart
     * always), or the largest regular init container (plus the sidecars started before it) if that is more.
     */
    public static Map<String, Quantities> podTotals(JsonNode spec, String field) {
        Map<String, Quantities> total = new TreeMap<>();
        for (JsonNode c : spec.path("containers")) {
            addAll(total, c.path("resources").path(field));
        }
        Map<String, Quantities> sidecars = new TreeMap<>();
        Map<String, Quantities> init = new TreeMap<>();
        for (JsonNode c : spec.path("initContainers")) {
            Map<String, Quantities> own;
            if (c.path("restartPolicy").asText().equals("Always")) {
                addAll(total, c.path("resources").path(field));
                addAll(sidecars, c.path("resources").path(field));
                own = sidecars;
            } else {
                own = new TreeMap<>(sidecars);
                addAll(own, c.path("resources").path(field));
            }
            own.forEach((k, v) -> init.merge(k, v, Quantities::max));
        }
        init.forEach((k, v) -> total.merge(k, v, (a, b) -> b.compareTo(a) > 0 ? b : a));
        return total;
    }

    private static void addAll(Map<String, Quantities> into, JsonNode resources) {
        resources.fields().forEachRemaining(e -> into.merge(e.getKey(), Quantities.parse(e.getValue()), Quantities::add));
    }

    /** The quota's scopes: a scoped quota covers only Pods that match every scope. */
    private static boolean matchesScopes(JsonNode quota, ResourceType type, JsonNode object) {
        JsonNode scopes = quota.path("spec").path("scopes");
        if (scopes.isEmpty()) {
            return true;
        }
        if (!type.group().isEmpty() || !type.kind().equals("Pod")) {
            return false;
        }
        boolean terminating = object.path("spec").path("activeDeadlineSeconds").asLong(-1) >= 0;
        boolean bestEffort = "BestEffort".equals(Defaulter.qosClass(object.path("spec") instanceof ObjectNode s ? s : Json.object()));
        for (JsonNode scope : scopes) {
            boolean match = switch (scope.asText()) {
                case "Terminating" -> terminating;
                case "NotTerminating" -> !terminating;
                case "BestEffort" -> bestEffort;
                case "NotBestEffort" -> !bestEffort;
                default -> false;
            };
            if (!match) {
                return false;
            }
        }
        return true;
    }

    /** {@code podEvaluator.Constraints}: the compute resources the quota covers that some container does not name. */
    private static Optional<String> missing(JsonNode pod, List<String> required) {
        if (required.isEmpty()) {
            return Optional.empty();
        }
        Map<String, TreeSet<String>> missing = new TreeMap<>();
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : pod.path("spec").path(list)) {
                JsonNode requests = c.path("resources").path("requests");
                JsonNode limits = c.path("resources").path("limits");
                for (String r : required) {
                    boolean named = switch (r) {
                        case "cpu", "requests.cpu" -> requests.has("cpu");
                        case "memory", "requests.memory" -> requests.has("memory");
                        case "limits.cpu" -> limits.has("cpu");
                        default -> limits.has("memory");
                    };
                    if (!named) {
                        missing.computeIfAbsent(r, k -> new TreeSet<>()).add(c.path("name").asText());
                    }
                }
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("must specify " + missing.entrySet().stream()
                .map(e -> e.getKey() + " for: " + String.join(",", e.getValue()))
                .collect(Collectors.joining("; ")));
    }

    private static String print(Map<String, Quantities> values, List<String> keys) {
        return keys.stream().sorted().map(k -> k + "=" + values.getOrDefault(k, Quantities.ZERO))
                .collect(Collectors.joining(","));
    }

    private static ApiException forbidden(ResourceType type, JsonNode object, String message) {
        String name = Json.name(object);
        if (name == null || name.isEmpty()) {
            name = object.path("metadata").path("generateName").asText("");
        }
        return ApiException.forbidden(type.qualifiedPlural() + " \"" + name + "\" is forbidden: " + message);
    }
}
