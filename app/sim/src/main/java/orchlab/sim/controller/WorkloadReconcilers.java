package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.api.Json;
import orchlab.sim.store.StoreEvent;

/**
 * StatefulSets (pods {@code name-0..n-1} created in order, each after the previous is Ready; scale down from the
 * highest ordinal; template changes roll pods from the highest ordinal; PVCs from {@code volumeClaimTemplates})
 * and DaemonSets (one pod per node; template changes replace pods).
 */
public final class WorkloadReconcilers {

    private WorkloadReconcilers() {
    }

    public static void registerAll(SimContext ctx, ControllerManager manager) {
        manager.register(new StatefulSets(ctx));
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

    static final class StatefulSets implements Reconciler {
        private final SimContext ctx;

        StatefulSets(SimContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public String name() {
            return "statefulset";
        }

        @Override
        public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
            watchOwned(event, "StatefulSet", name(), enqueue);
        }

        @Override
        public void resync(Consumer<ControllerManager.Key> enqueue) {
            ctx.list(ctx.statefulSets, null, o -> true).forEach(o -> enqueue.accept(new ControllerManager.Key(name(), Json.namespace(o), Json.name(o))));
        }

        @Override
        public void reconcile(ControllerManager.Key key) {
            Optional<ObjectNode> found = ctx.get(ctx.statefulSets, key.namespace(), key.name());
            if (found.isEmpty() || found.get().path("metadata").hasNonNull("deletionTimestamp")) {
                return;
            }
            ObjectNode sts = found.get();
            String name = Json.name(sts);
            int replicas = sts.path("spec").path("replicas").asInt(1);
            String revision = name + "-" + revisionHash(sts.path("spec").path("template"));
            List<ObjectNode> pods = ctx.ownedBy(ctx.pods, sts).stream().filter(p -> !p.path("metadata").hasNonNull("deletionTimestamp"))
                    .sorted(Comparator.comparingInt(StatefulSets::ordinal)).toList();
            boolean parallel = sts.path("spec").path("podManagementPolicy").asText("OrderedReady").equals("Parallel");
            boolean acted = false;
            for (int i = 0; i < replicas && !acted; i++) {
                int ordinal = i;
                Optional<ObjectNode> pod = pods.stream().filter(p -> ordinal(p) == ordinal).findFirst();
                if (pod.isEmpty()) {
                    claims(sts, i);
                    ObjectNode created = createPod(sts, i, revision);
                    acted = !parallel;
                    pods = new java.util.ArrayList<>(pods);
                    pods.add(created);
                } else if (!parallel && !SimContext.podReady(pod.get())) {
                    acted = true;
                }
            }
            if (!acted) {
                List<ObjectNode> extra = pods.stream().filter(p -> ordinal(p) >= replicas)
                        .sorted(Comparator.comparingInt(StatefulSets::ordinal).reversed()).toList();
                if (!extra.isEmpty()) {
                    ObjectNode victim = extra.get(0);
                    ctx.store.delete(ctx.pods, key.namespace(), Json.name(victim));
                    ctx.events.normal(sts, "SuccessfulDelete", "delete Pod " + Json.name(victim) + " in StatefulSet " + name
                            + " successful", "statefulset-controller");
                    acted = true;
                }
            }
            if (!acted && "RollingUpdate".equals(sts.path("spec").path("updateStrategy").path("type").asText("RollingUpdate"))) {
                int partition = sts.path("spec").path("updateStrategy").path("rollingUpdate").path("partition").asInt(0);
                List<ObjectNode> outdated = pods.stream().filter(p -> ordinal(p) >= partition && ordinal(p) < replicas
                        && !revision.equals(p.path("metadata").path("labels").path("controller-revision-hash").asText()))
                        .sorted(Comparator.comparingInt(StatefulSets::ordinal).reversed()).toList();
                boolean allReady = pods.stream().allMatch(SimContext::podReady);
                if (!outdated.isEmpty() && allReady) {
                    ctx.store.delete(ctx.pods, key.namespace(), Json.name(outdated.get(0)));
                }
            }
            List<ObjectNode> current = ctx.ownedBy(ctx.pods, sts).stream().filter(SimContext::podActive).toList();
            ObjectNode status = Json.object();
            status.put("observedGeneration", sts.path("metadata").path("generation").asLong(1));
            status.put("replicas", current.size());
            int ready = (int) current.stream().filter(SimContext::podReady).count();
            int updated = (int) current.stream().filter(p -> revision.equals(p.path("metadata").path("labels")
                    .path("controller-revision-hash").asText())).count();
            status.put("readyReplicas", ready);
            status.put("currentReplicas", updated);
            status.put("updatedReplicas", updated);
            status.put("availableReplicas", ready);
            status.put("currentRevision", updated == current.size() ? revision
                    : sts.path("status").path("currentRevision").asText(revision));
            status.put("updateRevision", revision);
            status.put("collisionCount", 0);
            for (String f : new String[] {"readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"}) {
                if (status.path(f).asInt() == 0) {
                    status.remove(f);
                }
            }
            ctx.writeStatus(ctx.statefulSets, sts, status);
            ensureRevision(sts, revision);
        }

        private void ensureRevision(ObjectNode sts, String revision) {
            if (ctx.get(ctx.controllerRevisions, Json.namespace(sts), revision).isPresent()) {
                return;
            }
            long next = ctx.ownedBy(ctx.controllerRevisions, sts).stream().mapToLong(r -> r.path("revision").asLong()).max().orElse(0) + 1;
            ObjectNode cr = Json.object();
            cr.put("apiVersion", "apps/v1");
            cr.put("kind", "ControllerRevision");
            ObjectNode metadata = cr.putObject("metadata");
            metadata.put("name", revision);
            metadata.put("namespace", Json.namespace(sts));
            metadata.set("ownerReferences", SimContext.ownerReference(sts));
            ObjectNode data = cr.putObject("data");
            data.putObject("spec").set("template", sts.path("spec").path("template").deepCopy());
            cr.put("revision", next);
            ctx.store.create(ctx.controllerRevisions, cr);
        }

        static int ordinal(JsonNode pod) {
            String name = Json.name(pod);
            try {
                return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
            } catch (NumberFormatException e) {
                return Integer.MAX_VALUE;
            }
        }

        private ObjectNode createPod(ObjectNode sts, int ordinal, String revision) {
            String podName = Json.name(sts) + "-" + ordinal;
            ObjectNode withTemplate = sts.deepCopy();
            ObjectNode labels = Json.with(withTemplate, "spec.template.metadata.labels");
            labels.put("statefulset.kubernetes.io/pod-name", podName);
            labels.put("apps.kubernetes.io/pod-index", String.valueOf(ordinal));
            labels.put("controller-revision-hash", revision);
            ObjectNode podSpec = Json.with(withTemplate, "spec.template.spec");
            podSpec.put("hostname", podName);
            if (sts.path("spec").has("serviceName")) {
                podSpec.put("subdomain", sts.path("spec").path("serviceName").asText());
            }
            for (JsonNode claim : sts.path("spec").path("volumeClaimTemplates")) {
                String claimName = claim.path("metadata").path("name").asText();
                // like the StatefulSet controller: the claim's volume replaces a template volume of the same name
                com.fasterxml.jackson.databind.node.ArrayNode volumes = podSpec.withArray("volumes");
                for (int v = volumes.size() - 1; v >= 0; v--) {
                    if (claimName.equals(volumes.get(v).path("name").asText())) {
                        volumes.remove(v);
                    }
                }
                ObjectNode volume = volumes.addObject();
                volume.put("name", claimName);
                volume.putObject("persistentVolumeClaim").put("claimName", claimName + "-" + podName);
            }
            ObjectNode created = ReplicaSetReconciler.createPod(ctx, withTemplate, null, podName, "statefulset-controller");
            return created;
        }

        private void claims(ObjectNode sts, int ordinal) {
            for (JsonNode template : sts.path("spec").path("volumeClaimTemplates")) {
                String claimName = template.path("metadata").path("name").asText() + "-" + Json.name(sts) + "-" + ordinal;
                if (ctx.get(ctx.pvcs, Json.namespace(sts), claimName).isPresent()) {
                    continue;
                }
                ObjectNode pvc = Json.object();
                pvc.put("apiVersion", "v1");
                pvc.put("kind", "PersistentVolumeClaim");
                ObjectNode metadata = pvc.putObject("metadata");
                metadata.put("name", claimName);
                metadata.put("namespace", Json.namespace(sts));
                if (sts.path("spec").path("selector").path("matchLabels").isObject()) {
                    metadata.set("labels", sts.path("spec").path("selector").path("matchLabels").deepCopy());
                }
                pvc.set("spec", template.path("spec").deepCopy());
                pvc.putObject("status").put("phase", "Pending");
                try {
                    ctx.quotas.admitCreate(ctx.pvcs, pvc);
                } catch (orchlab.sim.api.ApiException e) {
                    // the claim is refused (a quota): no Pod without it; the next sync tries again
                    ctx.events.warning(sts, "FailedCreate", "create Claim " + claimName + " for Pod " + Json.name(sts) + "-"
                            + ordinal + " in StatefulSet " + Json.name(sts) + " failed error: " + e.getMessage(), "statefulset-controller");
                    throw e;
                }
                ctx.store.create(ctx.pvcs, pvc);
                ctx.events.normal(sts, "SuccessfulCreate", "create Claim " + claimName + " Pod " + Json.name(sts) + "-" + ordinal
                        + " in StatefulSet " + Json.name(sts) + " success", "statefulset-controller");
            }
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
