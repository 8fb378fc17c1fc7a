package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.Selectors;
import orchlab.sim.store.StoreEvent;

/**
 * Kubernetes' disruption controller ({@code pkg/controller/disruption}): keeps a PodDisruptionBudget's status —
 * {@code expectedPods}, {@code desiredHealthy}, {@code currentHealthy}, {@code disruptionsAllowed}, {@code disruptedPods},
 * {@code observedGeneration} and the {@code DisruptionAllowed} condition ({@code SufficientPods}/{@code InsufficientPods},
 * {@code SyncFailed} when the expected count cannot be computed).
 *
 * <ul>
 *   <li>{@code minAvailable} as an integer: desired = that number, expected = the selected Pods;</li>
 *   <li>{@code minAvailable} as a percentage: expected = the summed scale of the Pods' controllers (a ReplicaSet's
 *       Deployment, a ReplicationController, a StatefulSet), desired = the percentage of it rounded up;</li>
 *   <li>{@code maxUnavailable} (integer or percentage, rounded up): expected as above, desired = expected − max
 *       unavailable (never below 0).</li>
 * </ul>
 * A Pod counts as healthy when it is Ready, not being deleted and not in {@code disruptedPods} (an eviction the API
 * server granted less than 2 minutes ago, on the sim's clock). {@code disruptionsAllowed} = healthy − desired, 0 when
 * negative or when no Pod is expected.
 */
public final class DisruptionReconciler implements Reconciler {

    static final String NAME = "disruption";
    private static final String COMPONENT = "controllermanager";
    /** How long an eviction the API server granted keeps its Pod out of the healthy count ({@code DeletionTimeout}). */
    public static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);

    private final SimContext ctx;
    private final ResourceType pdbs;

    public DisruptionReconciler(SimContext ctx) {
        this.ctx = ctx;
        this.pdbs = ctx.catalog.require("policy", "poddisruptionbudgets");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        if (event.kind().equals("PodDisruptionBudget") && !event.type().equals("DELETED")) {
            enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), event.name()));
        } else if (event.kind().equals("Pod")) {
            // every budget of the namespace (the store may not be read here): name null means "all of them"
            enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), null));
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        ctx.list(pdbs, null, o -> true).forEach(p -> enqueue.accept(new ControllerManager.Key(NAME, Json.namespace(p), Json.name(p))));
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        if (key.name() == null) {
            ctx.list(pdbs, key.namespace(), o -> true).forEach(this::sync);
            return;
        }
        ctx.get(pdbs, key.namespace(), key.name()).ifPresent(this::sync);
    }

    private void sync(ObjectNode pdb) {
        JsonNode selector = pdb.path("spec").path("selector");
        List<ObjectNode> pods = selector.isObject()
                ? ctx.list(ctx.pods, Json.namespace(pdb), p -> Selectors.matches(selector, Selectors.labels(p)))
                : List.of();
        if (pods.isEmpty()) {
            ctx.events.normal(pdb, "NoPods", "No matching pods found", COMPONENT);
        }
        long generation = pdb.path("metadata").path("generation").asLong(1);
        Counts counts;
        try {
            counts = expected(pdb, pods);
        } catch (IllegalStateException e) {
            ctx.events.warning(pdb, "CalculateExpectedPodCountFailed",
                    "Failed to calculate the number of expected pods: " + e.getMessage(), COMPONENT);
            failSafe(pdb, e.getMessage());
            return;
        }
        if (counts.unmanaged()) {
            ctx.events.warning(pdb, "UnmanagedPods", "Pods selected by this PodDisruptionBudget (selector: "
                    + Selectors.toString(selector) + ") were found to be unmanaged. As a result, the status of the PDB "
                    + "cannot be calculated correctly, which may result in undefined behavior. To account for these pods "
                    + "please set \".spec.minAvailable\" field of the PDB to an integer value.", COMPONENT);
        }
        Instant now = ctx.now();
        Map<String, String> disrupted = new LinkedHashMap<>();
        Instant recheck = null;
        JsonNode granted = pdb.path("status").path("disruptedPods");
        for (ObjectNode pod : pods) {
            if (pod.path("metadata").hasNonNull("deletionTimestamp") || !granted.has(Json.name(pod))) {
                continue;
            }
            Instant at = parse(granted.path(Json.name(pod)).asText());
            Instant expected = at.plus(DELETION_TIMEOUT);
            if (expected.isBefore(now)) {
                ctx.events.warning(pod, "NotDeleted", "Pod was expected by PDB " + Json.namespace(pdb) + "/"
                        + Json.namespace(pdb) + " to be deleted but it wasn't", COMPONENT); // sic: Kubernetes names the namespace twice
            } else {
                disrupted.put(Json.name(pod), granted.path(Json.name(pod)).asText());
                recheck = recheck == null || expected.isBefore(recheck) ? expected : recheck;
            }
        }
        int healthy = 0;
        for (ObjectNode pod : pods) {
            if (!pod.path("metadata").hasNonNull("deletionTimestamp") && !disrupted.containsKey(Json.name(pod))
                    && SimContext.condition(pod.path("status"), "Ready").equals("True")) {
                healthy++;
            }
        }
        int allowed = counts.expected() <= 0 ? 0 : Math.max(0, healthy - counts.desired());
        ObjectNode status = SimContext.statusOf(pdb);
        status.put("currentHealthy", healthy);
        status.put("desiredHealthy", counts.desired());
        status.put("expectedPods", counts.expected());
        status.put("disruptionsAllowed", allowed);
        if (disrupted.isEmpty()) {
            status.remove("disruptedPods");
        } else {
            ObjectNode map = status.putObject("disruptedPods");
            disrupted.forEach(map::put);
        }
        status.put("observedGeneration", generation);
        setAllowedCondition(status, allowed > 0, ctx.timestamp());
        ctx.writeStatus(pdbs, pdb, status);
        if (recheck != null) {
            ctx.manager.enqueueAfter(new ControllerManager.Key(NAME, Json.namespace(pdb), Json.name(pdb)),
                    Duration.between(now, recheck).plusMillis(1));
        }
    }

    private void failSafe(ObjectNode pdb, String message) {
        ObjectNode status = SimContext.statusOf(pdb);
        status.put("disruptionsAllowed", 0);
        for (String field : List.of("currentHealthy", "desiredHealthy", "expectedPods", "observedGeneration")) {
            if (!status.has(field)) {
                status.put(field, 0);
            }
        }
        ObjectNode condition = conditionOf(status);
        String time = ctx.timestamp();
        if (!"False".equals(condition.path("status").asText()) || !condition.has("lastTransitionTime")) {
            condition.put("lastTransitionTime", time);
        }
        condition.put("status", "False");
        condition.put("reason", "SyncFailed");
        condition.put("message", message);
        condition.put("observedGeneration", status.path("observedGeneration").asLong());
        ctx.writeStatus(pdbs, pdb, status);
    }

    /**
     * {@code UpdateDisruptionAllowedCondition}: {@code DisruptionAllowed} True/{@code SufficientPods} when a disruption
     * is allowed, False/{@code InsufficientPods} otherwise; the transition time changes only with the status.
     */
    public static void setAllowedCondition(ObjectNode status, boolean allowed, String time) {
        ObjectNode condition = conditionOf(status);
        String value = allowed ? "True" : "False";
        if (!value.equals(condition.path("status").asText()) || !condition.has("lastTransitionTime")) {
            condition.put("lastTransitionTime", time);
        }
        condition.put("status", value);
        condition.put("reason", allowed ? "SufficientPods" : "InsufficientPods");
        condition.put("message", "");
        condition.put("observedGeneration", status.path("observedGeneration").asLong());
    }

    private static ObjectNode conditionOf(ObjectNode status) {
        ArrayNode conditions = status.withArray("conditions");
        for (JsonNode c : conditions) {
            if (c.path("type").asText().equals("DisruptionAllowed")) {
                return (ObjectNode) c;
            }
        }
        ObjectNode condition = conditions.addObject();
        condition.put("type", "DisruptionAllowed");
        return condition;
    }

    /** What {@code getExpectedPodCount} finds; {@code unmanaged}: selected Pods without a controller. */
    private record Counts(int expected, int desired, boolean unmanaged) {
    }

    private Counts expected(ObjectNode pdb, List<ObjectNode> pods) {
        JsonNode spec = pdb.path("spec");
        List<String> unmanaged = new ArrayList<>();
        if (spec.hasNonNull("maxUnavailable")) {
            int expected = expectedScale(pods, unmanaged);
            int maxUnavailable = scaled(spec.path("maxUnavailable"), expected);
            return new Counts(expected, Math.max(0, expected - maxUnavailable), !unmanaged.isEmpty());
        }
        if (spec.hasNonNull("minAvailable")) {
            JsonNode min = spec.path("minAvailable");
            if (min.isNumber()) {
                return new Counts(pods.size(), min.asInt(), false);
            }
            int expected = expectedScale(pods, unmanaged);
            return new Counts(expected, scaled(min, expected), !unmanaged.isEmpty());
        }
        return new Counts(0, 0, false);
    }

    /**
     * {@code intstr.GetScaledValueFromIntOrPercent(value, total, roundUp=true)}: an integer as it is, a percentage of
     * {@code total} rounded up.
     */
    public static int scaled(JsonNode value, int total) {
        if (value.isNumber()) {
            return value.asInt();
        }
        String text = value.asText();
        if (!text.endsWith("%")) {
            throw new IllegalStateException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent;
        try {
            percent = Integer.parseInt(text.substring(0, text.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("invalid value \"" + text + "\": strconv.Atoi: parsing \""
                    + text.substring(0, text.length() - 1) + "\": invalid syntax");
        }
        return (int) Math.ceil(percent * (double) total / 100.0);
    }

    /** {@code getExpectedScale}: the summed {@code spec.replicas} of the Pods' distinct controllers. */
    private int expectedScale(List<ObjectNode> pods, List<String> unmanaged) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (ObjectNode pod : pods) {
            Optional<JsonNode> ref = SimContext.controllerRef(pod);
            if (ref.isEmpty()) {
                unmanaged.add(Json.name(pod));
                continue;
            }
            if (scales.containsKey(ref.get().path("uid").asText())) {
                continue;
            }
            Optional<ObjectNode> controller = scaleOwner(Json.namespace(pod), ref.get());
            if (controller.isEmpty()) {
                throw new IllegalStateException("found no controllers for pod \"" + Json.name(pod) + "\"");
            }
            scales.put(Json.uid(controller.get()), controller.get().path("spec").path("replicas").asInt(1));
        }
        return scales.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The finders: a ReplicaSet (or its Deployment), a ReplicationController, a StatefulSet. */
    private Optional<ObjectNode> scaleOwner(String namespace, JsonNode ref) {
        String kind = ref.path("kind").asText();
        String name = ref.path("name").asText();
        String uid = ref.path("uid").asText();
        Optional<ObjectNode> owner = switch (kind) {
            case "ReplicaSet" -> ctx.get(ctx.replicaSets, namespace, name);
            case "ReplicationController" -> ctx.get(ctx.catalog.require("", "replicationcontrollers"), namespace, name);
            case "StatefulSet" -> ctx.get(ctx.statefulSets, namespace, name);
            default -> Optional.empty();
        };
        owner = owner.filter(o -> uid.equals(Json.uid(o)));
        if (owner.isPresent() && kind.equals("ReplicaSet")) {
            Optional<JsonNode> deployment = SimContext.controllerRef(owner.get())
                    .filter(r -> r.path("kind").asText().equals("Deployment"));
            if (deployment.isPresent()) {
                return ctx.get(ctx.deployments, namespace, deployment.get().path("name").asText())
                        .filter(d -> Json.uid(d).equals(deployment.get().path("uid").asText()));
            }
        }
        return owner;
    }

    private static Instant parse(String time) {
        try {
            return Instant.parse(time);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
