package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.api.Json;
import orchlab.sim.store.StoreEvent;

/**
 * Kubernetes' taint eviction controller: a running Pod on a node with a {@code NoExecute} taint it does not tolerate
 * is deleted at once; one it tolerates with {@code tolerationSeconds} is deleted that long after the controller
 * saw the taint (the smallest of its matching tolerations' seconds; without seconds it stays), unless the taint goes
 * first. Before deleting, the Pod gets the {@code DisruptionTarget} condition and the event
 * {@code TaintManagerEviction: Marking for deletion Pod ns/name}, as on a real cluster. Times are the sim's clock.
 */
public final class TaintEvictionReconciler implements Reconciler {

    static final String NAME = "taint-eviction";
    private static final String COMPONENT = "taint-eviction-controller";
    private final SimContext ctx;

    public TaintEvictionReconciler(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        if (event.kind().equals("Node") && !event.type().equals("DELETED")) {
            JsonNode before = event.previous() == null ? Json.array() : event.previous().path("spec").path("taints");
            if (!before.equals(event.object().path("spec").path("taints"))) {
                enqueue.accept(new ControllerManager.Key(NAME, null, event.name()));
            }
        }
        if (event.kind().equals("Pod") && !event.type().equals("DELETED")) {
            String node = event.object().path("spec").path("nodeName").asText("");
            String was = event.previous() == null ? "" : event.previous().path("spec").path("nodeName").asText("");
            if (!node.isEmpty() && !node.equals(was)) {
                enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), event.name()));
            }
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        ctx.list(ctx.nodes, null, n -> true).forEach(n -> enqueue.accept(new ControllerManager.Key(NAME, null, Json.name(n))));
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        if (key.namespace() == null) {
            Optional<ObjectNode> node = ctx.get(ctx.nodes, null, key.name());
            List<JsonNode> taints = node.map(TaintEvictionReconciler::noExecute).orElse(List.of());
            for (ObjectNode pod : ctx.list(ctx.pods, null, p -> key.name().equals(p.path("spec").path("nodeName").asText()))) {
                process(pod, taints);
            }
            return;
        }
        ctx.get(ctx.pods, key.namespace(), key.name()).ifPresent(pod ->
                process(pod, ctx.get(ctx.nodes, null, pod.path("spec").path("nodeName").asText())
                        .map(TaintEvictionReconciler::noExecute).orElse(List.of())));
    }

    private static List<JsonNode> noExecute(JsonNode node) {
        List<JsonNode> taints = new ArrayList<>();
        for (JsonNode taint : node.path("spec").path("taints")) {
            if (taint.path("effect").asText().equals("NoExecute")) {
                taints.add(taint);
            }
        }
        return taints;
    }

    private void process(ObjectNode pod, List<JsonNode> taints) {
        String mark = Json.uid(pod) + "/taint-eviction";
        if (taints.isEmpty() || pod.path("metadata").hasNonNull("deletionTimestamp")) {
            ctx.forgetMark(mark); // the taint went first: the eviction is cancelled
            return;
        }
        JsonNode tolerations = pod.path("spec").path("tolerations");
        long seconds = -1; // -1: tolerated for ever
        for (JsonNode taint : taints) {
            JsonNode toleration = matching(tolerations, taint);
            if (toleration == null) {
                evict(pod);
                return;
            }
            if (toleration.hasNonNull("tolerationSeconds")) {
                long s = Math.max(0, toleration.path("tolerationSeconds").asLong());
                seconds = seconds < 0 ? s : Math.min(seconds, s);
            }
        }
        if (seconds < 0) {
            ctx.forgetMark(mark);
            return;
        }
        Instant due = ctx.marked(mark).orElseGet(() -> {
            Instant at = ctx.now(); // when the controller saw the taint
            ctx.marks(mark, at);
            return at;
        }).plusSeconds(seconds);
        if (ctx.now().isBefore(due)) {
            ctx.manager.enqueueAfter(new ControllerManager.Key(NAME, Json.namespace(pod), Json.name(pod)),
                    Duration.between(ctx.now(), due));
            return;
        }
        evict(pod);
    }

    private static JsonNode matching(JsonNode tolerations, JsonNode taint) {
        for (JsonNode t : tolerations) {
            if (PodLifecycle.tolerated(Json.array().add(t), taint.path("key").asText(), taint.path("value").asText(""),
                    "NoExecute")) {
                return t;
            }
        }
        return null;
    }

    private void evict(ObjectNode pod) {
        ObjectNode status = SimContext.statusOf(pod);
        SimContext.setCondition(status, "DisruptionTarget", "True", "DeletionByTaintManager",
                "Taint manager: deleting due to NoExecute taint", ctx.timestamp());
        ctx.writeStatus(ctx.pods, pod, status);
        ctx.events.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + Json.namespace(pod) + "/" + Json.name(pod),
                COMPONENT);
        ctx.forgetMark(Json.uid(pod) + "/taint-eviction");
        ctx.store.delete(ctx.pods, Json.namespace(pod), Json.name(pod));
    }
}
