package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.api.Json;
import orchlab.sim.store.StoreEvent;

/**
 * Deployment → ReplicaSets, like the real deployment controller: one ReplicaSet per pod template (named with the
 * template hash), revisions in {@code deployment.kubernetes.io/revision}, rolling updates that honour
 * {@code maxSurge} and {@code maxUnavailable} step by step as pods become available, Recreate, pause, revision
 * history limit, and the status fields and conditions {@code kubectl rollout status} reads. {@code rollout undo}
 * works because a template equal to an old ReplicaSet's makes that ReplicaSet the new one again.
 */
public final class DeploymentReconciler implements Reconciler {

    static final String NAME = "deployment";
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    static final String HASH = "pod-template-hash";
    private static final String COMPONENT = "deployment-controller";
    private final SimContext ctx;

    public DeploymentReconciler(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        if (event.kind().equals("Deployment") && !event.type().equals("DELETED")) {
            enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), event.name()));
        }
        if (event.kind().equals("ReplicaSet")) {
            SimContext.controllerRef(event.object()).filter(r -> r.path("kind").asText().equals("Deployment"))
                    .ifPresent(r -> enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), r.path("name").asText())));
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        ctx.list(ctx.deployments, null, o -> true).forEach(o -> enqueue.accept(new ControllerManager.Key(NAME, Json.namespace(o), Json.name(o))));
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        Optional<ObjectNode> found = ctx.get(ctx.deployments, key.namespace(), key.name());
        if (found.isEmpty() || found.get().path("metadata").hasNonNull("deletionTimestamp")) {
            return;
        }
        ObjectNode deployment = found.get();
        JsonNode spec = deployment.path("spec");
        int replicas = spec.path("replicas").asInt(1);
        List<ObjectNode> all = new ArrayList<>(ctx.ownedBy(ctx.replicaSets, deployment));
        all.sort(Comparator.comparingLong(DeploymentReconciler::revision));
        ObjectNode newRs = null;
        for (ObjectNode rs : all) {
            if (sameTemplate(rs, deployment)) {
                newRs = rs;
            }
        }
        boolean paused = spec.path("paused").asBoolean(false);
        long maxRevision = all.stream().mapToLong(DeploymentReconciler::revision).max().orElse(0);
        if (newRs == null && !paused) {
            newRs = createReplicaSet(deployment, maxRevision + 1, all.isEmpty() ? replicas : 0);
            all.add(newRs);
            return;
        }
        if (newRs != null && revision(newRs) < maxRevision && !paused) {
            // rollback or re-apply of an older template: it becomes the newest revision
            ObjectNode copy = newRs.deepCopy();
            Json.with(copy, "metadata.annotations").put(REVISION, String.valueOf(maxRevision + 1));
            ctx.store.update(ctx.replicaSets, copy);
            return;
        }
        if (newRs != null && !String.valueOf(revision(newRs)).equals(deployment.path("metadata").path("annotations").path(REVISION).asText(""))) {
            ObjectNode copy = deployment.deepCopy();
            Json.with(copy, "metadata.annotations").put(REVISION, String.valueOf(revision(newRs)));
            ctx.store.update(ctx.deployments, copy);
            return;
        }
        String cause = deployment.path("metadata").path("annotations").path(CHANGE_CAUSE).asText("");
        if (newRs != null && !cause.isEmpty() && !cause.equals(newRs.path("metadata").path("annotations").path(CHANGE_CAUSE).asText(""))) {
            // as the deployment controller copies the Deployment's annotations to its new ReplicaSet on every sync:
            // `kubectl annotate deployment/x kubernetes.io/change-cause=...` after a rollout shows in `rollout history`
            ObjectNode copy = newRs.deepCopy();
            Json.with(copy, "metadata.annotations").put(CHANGE_CAUSE, cause);
            ctx.store.update(ctx.replicaSets, copy);
            return;
        }
        ObjectNode current = newRs;
        List<ObjectNode> old = all.stream().filter(rs -> current == null || !Json.uid(rs).equals(Json.uid(current))).toList();
        boolean changed;
        if (paused || current == null) {
            changed = false;
        } else if (spec.path("strategy").path("type").asText("RollingUpdate").equals("Recreate")) {
            changed = recreate(deployment, current, old, replicas);
        } else {
            changed = rolling(deployment, current, old, replicas);
        }
        if (!changed) {
            cleanup(deployment, old);
        }
        updateStatus(deployment, current, all, replicas);
    }

    private static String escape(String annotation) {
        return annotation;
    }

    static long revision(JsonNode rs) {
        try {
            return Long.parseLong(rs.path("metadata").path("annotations").path(REVISION).asText("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean sameTemplate(ObjectNode rs, ObjectNode deployment) {
        JsonNode template = rs.path("spec").path("template").deepCopy();
        if (template.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(HASH);
            if (labels.isEmpty()) {
                ((ObjectNode) template.path("metadata")).remove("labels");
            }
        }
        return template.equals(deployment.path("spec").path("template"));
    }

    /** A stable short hash of a pod template (the ReplicaSet name suffix and {@code pod-template-hash} label). */
    static String templateHash(JsonNode template) {
        int hash = 0x811c9dc5;
        for (byte b : Json.write(template).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        long value = Integer.toUnsignedLong(hash);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            out.append(alphabet.charAt((int) (value % alphabet.length())));
            value = value / alphabet.length() + (long) i * 7919;
        }
        return out.toString();
    }

    private ObjectNode createReplicaSet(ObjectNode deployment, long revision, int replicas) {
        JsonNode template = deployment.path("spec").path("template");
        String hash = templateHash(template);
        ObjectNode rs = Json.object();
        rs.put("apiVersion", "apps/v1");
        rs.put("kind", "ReplicaSet");
        ObjectNode metadata = rs.putObject("metadata");
        metadata.put("name", Json.name(deployment) + "-" + hash);
        metadata.put("namespace", Json.namespace(deployment));
        ObjectNode labels = metadata.putObject("labels");
        labels.setAll((ObjectNode) template.path("metadata").path("labels").deepCopy());
        labels.put(HASH, hash);
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.put(REVISION, String.valueOf(revision));
        annotations.put("deployment.kubernetes.io/desired-replicas", String.valueOf(deployment.path("spec").path("replicas").asInt(1)));
        String cause = deployment.path("metadata").path("annotations").path(CHANGE_CAUSE).asText("");
        if (!cause.isEmpty()) {
            annotations.put("kubernetes.io/change-cause", cause);
        }
        metadata.set("ownerReferences", SimContext.ownerReference(deployment));
        ObjectNode spec = rs.putObject("spec");
        spec.put("replicas", replicas);
        spec.put("minReadySeconds", deployment.path("spec").path("minReadySeconds").asInt(0));
        ObjectNode selector = deployment.path("spec").path("selector").deepCopy();
        Json.with(selector, "matchLabels").put(HASH, hash);
        spec.set("selector", selector);
        ObjectNode podTemplate = template.deepCopy();
        Json.with(podTemplate, "metadata.labels").put(HASH, hash);
        spec.set("template", podTemplate);
        ObjectNode created = ctx.store.create(ctx.replicaSets, rs);
        if (replicas > 0) {
            ctx.events.normal(deployment, "ScalingReplicaSet", "Scaled up replica set " + Json.name(created) + " from 0 to "
                    + replicas, COMPONENT);
        }
        return created;
    }

    private boolean scale(ObjectNode deployment, ObjectNode rs, int to) {
        int from = rs.path("spec").path("replicas").asInt(0);
        if (from == to) {
            return false;
        }
        ObjectNode copy = rs.deepCopy();
        Json.with(copy, "spec").put("replicas", to);
        Json.with(copy, "metadata.annotations").put("deployment.kubernetes.io/desired-replicas",
                String.valueOf(deployment.path("spec").path("replicas").asInt(1)));
        ctx.store.update(ctx.replicaSets, copy);
        ctx.events.normal(deployment, "ScalingReplicaSet", "Scaled " + (to > from ? "up" : "down") + " replica set "
                + Json.name(rs) + " from " + from + " to " + to, COMPONENT);
        return true;
    }

    private boolean recreate(ObjectNode deployment, ObjectNode newRs, List<ObjectNode> old, int replicas) {
        boolean changed = false;
        for (ObjectNode rs : old) {
            changed |= scale(deployment, rs, 0);
        }
        if (changed) {
            return true;
        }
        for (ObjectNode rs : old) {
            if (rs.path("status").path("replicas").asInt(0) > 0) {
                return false;
            }
        }
        return scale(deployment, newRs, replicas);
    }

    private boolean rolling(ObjectNode deployment, ObjectNode newRs, List<ObjectNode> old, int replicas) {
        JsonNode rolling = deployment.path("spec").path("strategy").path("rollingUpdate");
        int maxSurge = resolve(rolling.path("maxSurge"), replicas, true, 1);
        int maxUnavailable = resolve(rolling.path("maxUnavailable"), replicas, false, 0);
        if (maxSurge == 0 && maxUnavailable == 0) {
            maxUnavailable = 1;
        }
        int newReplicas = newRs.path("spec").path("replicas").asInt(0);
        int oldReplicas = old.stream().mapToInt(rs -> rs.path("spec").path("replicas").asInt(0)).sum();
        if (oldReplicas == 0) {
            return scale(deployment, newRs, replicas);
        }
        // scale up the new ReplicaSet within maxSurge
        int total = newReplicas + oldReplicas;
        int allowed = replicas + maxSurge;
        if (newReplicas < replicas && total < allowed) {
            int up = Math.min(allowed - total, replicas - newReplicas);
            return scale(deployment, newRs, newReplicas + up);
        }
        // scale down old ReplicaSets while keeping replicas - maxUnavailable available
        int minAvailable = replicas - maxUnavailable;
        int newAvailable = newRs.path("status").path("availableReplicas").asInt(0);
        int newUnavailable = Math.max(0, newReplicas - newAvailable);
        int maxCleanup = total - minAvailable - newUnavailable;
        boolean changed = false;
        List<ObjectNode> remaining = new ArrayList<>();
        for (ObjectNode rs : old) {
            int spec = rs.path("spec").path("replicas").asInt(0);
            int unhealthy = spec - rs.path("status").path("availableReplicas").asInt(0);
            if (maxCleanup > 0 && unhealthy > 0 && spec > 0) {
                int down = Math.min(Math.min(unhealthy, maxCleanup), spec);
                maxCleanup -= down;
                changed |= scale(deployment, rs, spec - down);
                ObjectNode scaled = rs.deepCopy();
                Json.with(scaled, "spec").put("replicas", spec - down);
                remaining.add(scaled);
            } else {
                remaining.add(rs);
            }
        }
        if (changed) {
            return true;
        }
        int available = newAvailable + old.stream().mapToInt(rs -> rs.path("status").path("availableReplicas").asInt(0)).sum();
        int canRemove = available - minAvailable;
        for (ObjectNode rs : remaining) {
            int spec = rs.path("spec").path("replicas").asInt(0);
            if (spec == 0 || canRemove <= 0) {
                continue;
            }
            int down = Math.min(spec, canRemove);
            canRemove -= down;
            changed |= scale(deployment, rs, spec - down);
        }
        return changed;
    }

    /** maxSurge rounds up, maxUnavailable rounds down, like the real controller. */
    static int resolve(JsonNode value, int replicas, boolean roundUp, int fallback) {
        if (value.isMissingNode() || value.isNull()) {
            return roundUp ? (int) Math.ceil(replicas * 0.25) : (int) Math.floor(replicas * 0.25);
        }
        String text = value.asText();
        if (text.endsWith("%")) {
            double percent = Double.parseDouble(text.substring(0, text.length() - 1)) / 100.0;
            return roundUp ? (int) Math.ceil(replicas * percent) : (int) Math.floor(replicas * percent);
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private void cleanup(ObjectNode deployment, List<ObjectNode> old) {
        int limit = deployment.path("spec").path("revisionHistoryLimit").asInt(10);
        List<ObjectNode> idle = old.stream().filter(rs -> rs.path("spec").path("replicas").asInt(0) == 0
                && rs.path("status").path("replicas").asInt(0) == 0).sorted(Comparator.comparingLong(DeploymentReconciler::revision))
                .toList();
        for (int i = 0; i < idle.size() - limit; i++) {
            ctx.store.delete(ctx.replicaSets, Json.namespace(idle.get(i)), Json.name(idle.get(i)));
        }
    }

    private void updateStatus(ObjectNode deployment, ObjectNode newRs, List<ObjectNode> all, int replicas) {
        int total = 0;
        int ready = 0;
        int available = 0;
        for (ObjectNode rs : all) {
            Optional<ObjectNode> fresh = ctx.get(ctx.replicaSets, Json.namespace(rs), Json.name(rs));
            if (fresh.isEmpty()) {
                continue;
            }
            total += fresh.get().path("status").path("replicas").asInt(0);
            ready += fresh.get().path("status").path("readyReplicas").asInt(0);
            available += fresh.get().path("status").path("availableReplicas").asInt(0);
        }
        int updated = newRs == null ? 0 : ctx.get(ctx.replicaSets, Json.namespace(newRs), Json.name(newRs))
                .map(rs -> rs.path("status").path("replicas").asInt(0)).orElse(0);
        ObjectNode status = SimContext.statusOf(deployment);
        status.put("observedGeneration", deployment.path("metadata").path("generation").asLong(1));
        status.put("replicas", total);
        status.put("updatedReplicas", updated);
        status.put("readyReplicas", ready);
        status.put("availableReplicas", available);
        int unavailable = Math.max(0, total - available);
        status.put("unavailableReplicas", unavailable);
        for (String f : new String[] {"replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas"}) {
            if (status.path(f).asInt() == 0) {
                status.remove(f);
            }
        }
        String now = ctx.timestamp();
        int maxUnavailable = deployment.path("spec").path("strategy").path("type").asText("RollingUpdate").equals("Recreate") ? 0
                : resolve(deployment.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable"), replicas, false, 0);
        boolean minAvailable = available >= replicas - maxUnavailable;
        ObjectNode before = deployment.path("status") instanceof ObjectNode o ? o.deepCopy() : Json.object();
        SimContext.setCondition(status, "Available", minAvailable ? "True" : "False",
                minAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                minAvailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now);
        String rsName = newRs == null ? "" : Json.name(newRs);
        boolean complete = updated == replicas && available == replicas && total == replicas;
        if (deployment.path("spec").path("paused").asBoolean(false)) {
            SimContext.setCondition(status, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now);
        } else {
            SimContext.setCondition(status, "Progressing", "True", complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                    "ReplicaSet \"" + rsName + "\" " + (complete ? "has successfully progressed." : "is progressing."), now);
        }
        // syncRolloutStatus in progress.go: a ReplicaSet's failure to create Pods shows on the Deployment, the new one's first
        Optional<JsonNode> failure = Optional.empty();
        List<ObjectNode> newFirst = new ArrayList<>(all);
        newFirst.sort(Comparator.comparing((ObjectNode rs) -> newRs == null || !Json.name(rs).equals(Json.name(newRs))));
        for (ObjectNode rs : newFirst) {
            Optional<ObjectNode> fresh = ctx.get(ctx.replicaSets, Json.namespace(rs), Json.name(rs));
            for (JsonNode c : fresh.map(f -> f.path("status").path("conditions")).orElse(Json.object())) {
                if (failure.isEmpty() && c.path("type").asText().equals("ReplicaFailure") && c.path("status").asText().equals("True")) {
                    failure = Optional.of(c);
                }
            }
        }
        if (failure.isPresent()) {
            SimContext.setCondition(status, "ReplicaFailure", "True", failure.get().path("reason").asText("FailedCreate"),
                    failure.get().path("message").asText(), now);
        } else if (status.has("conditions")) {
            java.util.Iterator<JsonNode> it = status.withArray("conditions").iterator();
            while (it.hasNext()) {
                if (it.next().path("type").asText().equals("ReplicaFailure")) {
                    it.remove();
                }
            }
        }
        if (stripTimes(before).equals(stripTimes(status))) {
            return;
        }
        ctx.writeStatus(ctx.deployments, deployment, status);
    }

    private static JsonNode stripTimes(ObjectNode status) {
        ObjectNode copy = status.deepCopy();
        for (JsonNode c : copy.path("conditions")) {
            ((ObjectNode) c).remove(List.of("lastUpdateTime", "lastTransitionTime"));
        }
        return copy;
    }
}
