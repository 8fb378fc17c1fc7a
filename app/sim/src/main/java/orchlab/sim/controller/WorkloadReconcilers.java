package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.api.Json;
import orchlab.sim.store.StoreEvent;

/**
 * The {@link StatefulSetReconciler} and DaemonSets (one pod per node; template changes replace pods).
 */
public final class WorkloadReconcilers {

    private WorkloadReconcilers() {
    }

    public static void registerAll(SimContext ctx, ControllerManager manager) {
        manager.register(new StatefulSetReconciler(ctx));
        manager.register(new DaemonSets(ctx));
    }

    static String revisionHash(JsonNode template) {
        return DeploymentReconciler.templateHash(template);
    }

    private static void watchOwned(StoreEvent event, String kind, String name, Consumer<ControllerManager.Key> enqueue) {
        if (event.kind().equals(kind) && !event.type().equals("DELETED")) {
            enqueue.accept(new ControllerManager.Key(name, event.namespace(), event.name()));
        }
        if (event.kind().equals("Pod")) {
            SimContext.controllerRef(event.object()).filter(r -> r.path("kind").asText().equals(kind))
                    .ifPresent(r -> enqueue.accept(new ControllerManager.Key(name, event.namespace(), r.path("name").asText())));
        }
    }

    static final class DaemonSets implements Reconciler {
        private final SimContext ctx;

        DaemonSets(SimContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public String name() {
            return "daemonset";
        }

        @Override
        public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
            watchOwned(event, "DaemonSet", name(), enqueue);
        }

        @Override
        public void resync(Consumer<ControllerManager.Key> enqueue) {
            ctx.list(ctx.daemonSets, null, o -> true).forEach(o -> enqueue.accept(new ControllerManager.Key(name(), Json.namespace(o), Json.name(o))));
        }

        @Override
        public void reconcile(ControllerManager.Key key) {
            Optional<ObjectNode> found = ctx.get(ctx.daemonSets, key.namespace(), key.name());
            if (found.isEmpty() || found.get().path("metadata").hasNonNull("deletionTimestamp")) {
                return;
            }
            ObjectNode ds = found.get();
            String hash = revisionHash(ds.path("spec").path("template"));
            List<ObjectNode> nodes = ctx.list(ctx.nodes, null, n -> true);
            List<ObjectNode> pods = ctx.ownedBy(ctx.pods, ds).stream().filter(SimContext::podActive).toList();
            for (ObjectNode node : nodes) {
                String nodeName = Json.name(node);
                List<ObjectNode> onNode = pods.stream().filter(p -> nodeName.equals(Json.text(p, "spec.nodeName"))).toList();
                if (onNode.isEmpty()) {
                    ObjectNode withTemplate = ds.deepCopy();
                    Json.with(withTemplate, "spec.template.metadata.labels").put("controller-revision-hash", hash);
                    Json.with(withTemplate, "spec.template.spec").put("nodeName", nodeName);
                    ReplicaSetReconciler.createPod(ctx, withTemplate, Json.name(ds) + "-", null, "daemonset-controller");
                } else {
                    for (ObjectNode pod : onNode) {
                        if (!hash.equals(pod.path("metadata").path("labels").path("controller-revision-hash").asText())) {
                            ctx.store.delete(ctx.pods, key.namespace(), Json.name(pod));
                            ctx.events.normal(ds, "SuccessfulDelete", "Deleted pod: " + Json.name(pod), "daemonset-controller");
                        }
                    }
                }
            }
            List<ObjectNode> current = ctx.ownedBy(ctx.pods, ds).stream().filter(SimContext::podActive).toList();
            int ready = (int) current.stream().filter(SimContext::podReady).count();
            int updated = (int) current.stream().filter(p -> hash.equals(p.path("metadata").path("labels")
                    .path("controller-revision-hash").asText())).count();
            ObjectNode status = Json.object();
            status.put("currentNumberScheduled", current.size());
            status.put("desiredNumberScheduled", nodes.size());
            status.put("numberMisscheduled", 0);
            status.put("numberReady", ready);
            status.put("numberAvailable", ready);
            status.put("updatedNumberScheduled", updated);
            status.put("observedGeneration", ds.path("metadata").path("generation").asLong(1));
            if (ready < nodes.size()) {
                status.put("numberUnavailable", nodes.size() - ready);
            }
            if (ready == 0) {
                status.remove("numberAvailable");
            }
            ctx.writeStatus(ctx.daemonSets, ds, status);
        }
    }
}
