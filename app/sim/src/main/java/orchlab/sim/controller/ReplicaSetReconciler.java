package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.admission.Defaulter;
import orchlab.sim.admission.SidecarInjector;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.StoreEvent;

/**
 * Keeps {@code spec.replicas} pods for each ReplicaSet — or each ReplicationController, its core/v1 predecessor that
 * Kubernetes' replication manager runs with the same code ({@link #replicationControllers}) — and reports replicas,
 * ready and available counts.
 */
public final class ReplicaSetReconciler implements Reconciler {

    static final String NAME = "replicaset";
    private final SimContext ctx;
    private final String name;
    private final String kind;
    private final ResourceType type;
    private final String component;

    public ReplicaSetReconciler(SimContext ctx) {
        this(ctx, NAME, ctx.replicaSets, "replicaset-controller");
    }

    private ReplicaSetReconciler(SimContext ctx, String name, ResourceType type, String component) {
        this.ctx = ctx;
        this.name = name;
        this.kind = type.kind();
        this.type = type;
        this.component = component;
    }

    /** The controller of ReplicationControllers (core/v1). */
    public static ReplicaSetReconciler replicationControllers(SimContext ctx) {
        return new ReplicaSetReconciler(ctx, "replicationcontroller", ctx.catalog.require("", "replicationcontrollers"),
                "replication-controller");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        if (event.kind().equals(kind) && !event.type().equals("DELETED")) {
            enqueue.accept(new ControllerManager.Key(name, event.namespace(), event.name()));
        }
        if (event.kind().equals("Pod")) {
            SimContext.controllerRef(event.object()).filter(r -> r.path("kind").asText().equals(kind))
                    .ifPresent(r -> enqueue.accept(new ControllerManager.Key(name, event.namespace(), r.path("name").asText())));
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        ctx.list(type, null, o -> true).forEach(o -> enqueue.accept(new ControllerManager.Key(name, Json.namespace(o), Json.name(o))));
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        Optional<ObjectNode> found = ctx.get(type, key.namespace(), key.name());
        if (found.isEmpty() || found.get().path("metadata").hasNonNull("deletionTimestamp")) {
            return;
        }
        ObjectNode rs = found.get();
        // read only, not copied: counting 1,000 Pods on every change of one of them copied all 1,000 each time
        String uid = Json.uid(rs);
        List<JsonNode> pods = new ArrayList<>(ctx.store.viewOwnedBy(ctx.pods, Json.namespace(rs), uid,
                p -> SimContext.podActive(p) && SimContext.controllerUid(p).map(uid::equals).orElse(false)));
        int want = rs.path("spec").path("replicas").asInt(1);
        orchlab.sim.api.ApiException failure = null;
        while (pods.size() < want) {
            try {
                pods.add(createPod(ctx, rs, Json.name(rs) + "-", null, component));
            } catch (orchlab.sim.api.ApiException e) {
                failure = e; // as replica_set.go: the status says why (ReplicaFailure), then the sync is retried
                break;
            }
        }
        if (pods.size() > want) {
            pods.sort(Comparator.comparing((JsonNode p) -> SimContext.podReady(p))
                    .thenComparing(p -> p.path("metadata").path("creationTimestamp").asText(), Comparator.reverseOrder()));
            while (pods.size() > want) {
                JsonNode victim = pods.remove(0);
                ctx.store.delete(ctx.pods, Json.namespace(victim), Json.name(victim));
                ctx.events.normal(rs, "SuccessfulDelete", "Deleted pod: " + Json.name(victim), component);
            }
        }
        int minReady = rs.path("spec").path("minReadySeconds").asInt(0);
        int ready = 0;
        int available = 0;
        for (JsonNode p : pods) {
            if (SimContext.podReady(p)) {
                ready++;
                if (available(ctx, p, minReady, key)) {
                    available++;
                }
            }
        }
        ObjectNode status = Json.object();
        status.put("replicas", pods.size());
        status.put("fullyLabeledReplicas", pods.size());
        status.put("readyReplicas", ready);
        status.put("availableReplicas", available);
        status.put("observedGeneration", rs.path("metadata").path("generation").asLong(1));
        if (ready == 0) {
            status.remove("readyReplicas");
        }
        if (available == 0) {
            status.remove("availableReplicas");
        }
        if (failure != null) {
            status.putArray("conditions").add(replicaFailure(rs, failure.getMessage()));
        }
        ctx.writeStatus(type, rs, status);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The {@code ReplicaFailure} condition Kubernetes' replica set controller sets while it cannot create Pods
     * ({@code calculateStatus} in replica_set_utils.go: reason FailedCreate, the error as message) and removes after a
     * sync without error; the Deployment controller copies it to the Deployment.
     */
    private ObjectNode replicaFailure(ObjectNode rs, String message) {
        for (JsonNode c : rs.path("status").path("conditions")) {
            if (c.path("type").asText().equals("ReplicaFailure")) {
                return ((ObjectNode) c).deepCopy(); // set once, not rewritten per attempt (each names another generated Pod)
            }
        }
        ObjectNode condition = Json.object();
        condition.put("type", "ReplicaFailure");
        condition.put("status", "True");
        condition.put("lastTransitionTime", ctx.timestamp());
        condition.put("reason", "FailedCreate");
        condition.put("message", message);
        return condition;
    }

    /** Ready for at least {@code minReadySeconds}; requeues the owner when that moment is still to come. */
    static boolean available(SimContext ctx, JsonNode pod, int minReadySeconds, ControllerManager.Key requeue) {
        if (minReadySeconds <= 0) {
            return true;
        }
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                Instant since = Instant.parse(c.path("lastTransitionTime").asText());
                Instant at = since.plusSeconds(minReadySeconds);
                if (!ctx.now().isBefore(at)) {
                    return true;
                }
                ctx.manager.enqueueAfter(requeue, java.time.Duration.between(ctx.now(), at));
                return false;
            }
        }
        return false;
    }

    /** Creates a pod from a workload's template, owned by it. */
    static ObjectNode createPod(SimContext ctx, ObjectNode owner, String generateName, String name, String component) {
        JsonNode template = owner.path("spec").path("template");
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata");
        if (name != null) {
            metadata.put("name", name);
        } else {
            metadata.put("generateName", generateName);
        }
        metadata.put("namespace", Json.namespace(owner));
        if (template.path("metadata").has("labels")) {
            metadata.set("labels", template.path("metadata").path("labels").deepCopy());
        }
        if (template.path("metadata").has("annotations")) {
            metadata.set("annotations", template.path("metadata").path("annotations").deepCopy());
        }
        metadata.set("ownerReferences", SimContext.ownerReference(owner));
        pod.set("spec", template.path("spec").deepCopy());
        new SidecarInjector(ctx.store, ctx.namespaces).admit(pod); // Istio's mutating webhook
        Defaulter.apply(pod);
        Defaulter.podSpec((ObjectNode) pod.get("spec"), true);
        try {
            orchlab.sim.admission.Admission.limitRanges(ctx.store, pod);
            ctx.podSecurity.admitPod(pod, null); // enforce refuses; a controller's warnings reach nobody
            ctx.quotas.admitCreate(ctx.pods, pod);
        } catch (orchlab.sim.api.ApiException e) {
            // as the controllers do: an event on the owner, and the next sync tries again
            ctx.events.warning(owner, "FailedCreate", "Error creating: " + e.getMessage(), component);
            throw e;
        }
        ResourceType pods = ctx.pods;
        ObjectNode created = ctx.store.create(pods, pod);
        ctx.events.normal(owner, "SuccessfulCreate", "Created pod: " + Json.name(created), component);
        return created;
    }
}
