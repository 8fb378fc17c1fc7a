package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.Selectors;
import orchlab.sim.store.StoreEvent;

/**
 * HorizontalPodAutoscalers (autoscaling/v2), following the steps of Kubernetes' horizontal pod autoscaler controller
 * ({@code pkg/controller/podautoscaler/horizontal.go}):
 * <ol>
 *   <li>read the target's scale (Deployment, ReplicaSet or StatefulSet) — condition {@code AbleToScale}
 *       ({@code SucceededGetScale} / {@code FailedGetScale});</li>
 *   <li>outside {@code minReplicas..maxReplicas} the target is moved into the range at once, without metrics;</li>
 *   <li>otherwise every metric is read: {@code Resource} metrics with a {@code Utilization} target need a request for
 *       that resource in every container of every pod ({@code FailedGetResourceMetric}: "missing request for cpu in
 *       container app of Pod x" — the reason an HPA over pods without requests never scales);</li>
 *   <li>the recommendation is {@code ceil(readyPods × usage / target)}, ignored inside the 10 % tolerance; scaling down
 *       waits for the scale-down stabilization window ({@code behavior.scaleDown.stabilizationWindowSeconds},
 *       default 300 s).</li>
 * </ol>
 * <p>No container runs in the simulated cluster, so the resource metrics it reports are <b>zero usage</b>: an HPA
 * here can move a target up to {@code minReplicas} and, after the stabilization window, down to it — never above it
 * because of load. Metric types other than {@code Resource} have no source here ({@code ScalingActive=False}).
 */
public final class HorizontalPodAutoscalerReconciler implements Reconciler {

    static final String NAME = "hpa";
    private static final String COMPONENT = "horizontal-pod-autoscaler";
    private static final double TOLERANCE = 0.1;
    private static final Duration DEFAULT_DOWNSCALE_WINDOW = Duration.ofSeconds(300);
    private final SimContext ctx;
    private final ResourceType hpas;

    public HorizontalPodAutoscalerReconciler(SimContext ctx) {
        this.ctx = ctx;
        this.hpas = ctx.catalog.require("autoscaling", "horizontalpodautoscalers");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        switch (event.kind()) {
            case "HorizontalPodAutoscaler" -> {
                if (!event.type().equals("DELETED")) {
                    enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), event.name()));
                }
            }
            // a target or its pods changed: every HPA of the namespace looks again (this runs inside the store lock,
            // where a reconciler may only enqueue)
            case "Deployment", "ReplicaSet", "StatefulSet", "ReplicationController", "Pod" ->
                    enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), "*"));
            default -> { }
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        ctx.list(hpas, null, o -> true).forEach(o -> enqueue.accept(new ControllerManager.Key(NAME, Json.namespace(o), Json.name(o))));
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        if (key.name().equals("*")) {
            ctx.list(hpas, key.namespace(), o -> true).forEach(this::autoscale);
        } else {
            ctx.get(hpas, key.namespace(), key.name()).ifPresent(this::autoscale);
        }
    }

    private void autoscale(ObjectNode hpa) {
        if (hpa.path("metadata").hasNonNull("deletionTimestamp")) {
            return;
        }
        String now = ctx.timestamp();
        ObjectNode status = SimContext.statusOf(hpa);
        status.put("observedGeneration", hpa.path("metadata").path("generation").asLong(1));
        JsonNode ref = hpa.path("spec").path("scaleTargetRef");
        String kind = ref.path("kind").asText();
        String targetName = ref.path("name").asText();
        Optional<ResourceType> type = switch (kind) {
            case "Deployment" -> Optional.of(ctx.deployments);
            case "ReplicaSet" -> Optional.of(ctx.replicaSets);
            case "StatefulSet" -> Optional.of(ctx.statefulSets);
            case "ReplicationController" -> Optional.of(ctx.catalog.require("", "replicationcontrollers"));
            default -> Optional.empty();
        };
        Optional<ObjectNode> target = type.flatMap(t -> ctx.get(t, Json.namespace(hpa), targetName));
        if (target.isEmpty()) {
            String message = type.isEmpty()
                    ? "the HPA controller was unable to get the target's current scale: no scale subresource for kind \"" + kind + "\""
                    : "the HPA controller was unable to get the target's current scale: " + resourceName(kind) + " \"" + targetName + "\" not found";
            SimContext.setCondition(status, "AbleToScale", "False", "FailedGetScale", message, now);
            if (!"FailedGetScale".equals(reasonOf(hpa, "AbleToScale"))) {
                ctx.events.warning(hpa, "FailedGetScale", message, COMPONENT);
            }
            ctx.writeStatus(hpas, hpa, status);
            return;
        }
        SimContext.setCondition(status, "AbleToScale", "True", "SucceededGetScale",
                "the HPA controller was able to get the target's current scale", now);
        ObjectNode scaled = target.get();
        int current = scaled.path("spec").path("replicas").asInt(1);
        int min = hpa.path("spec").path("minReplicas").asInt(1);
        int max = hpa.path("spec").path("maxReplicas").asInt(min);
        status.put("currentReplicas", current);

        int desired;
        String rescaleReason = null;
        if (current == 0 && min != 0) {
            SimContext.setCondition(status, "ScalingActive", "False", "ScalingDisabled",
                    "scaling is disabled since the replica count of the target is zero", now);
            desired = 0;
        } else if (current > max) {
            desired = max;
            rescaleReason = "Current number of replicas above Spec.MaxReplicas";
        } else if (current < min) {
            desired = min;
            rescaleReason = "Current number of replicas below Spec.MinReplicas";
        } else {
            Recommendation rec = recommend(hpa, scaled, current, status, now);
            if (rec == null) {
                desired = current;
            } else {
                int bounded = Math.max(min, Math.min(max, rec.replicas()));
                if (rec.replicas() < min) {
                    SimContext.setCondition(status, "ScalingLimited", "True", "TooFewReplicas",
                            "the desired replica count is less than the minimum replica count", now);
                } else if (rec.replicas() > max) {
                    SimContext.setCondition(status, "ScalingLimited", "True", "TooManyReplicas",
                            "the desired replica count is more than the maximum replica count", now);
                } else {
                    SimContext.setCondition(status, "ScalingLimited", "False", "DesiredWithinRange",
                            "the desired count is within the acceptable range", now);
                }
                desired = stabilize(hpa, current, bounded);
                if (desired != current) {
                    rescaleReason = "All metrics below target";
                }
            }
        }
        if (rescaleReason != null) {
            ObjectNode copy = scaled.deepCopy();
            Json.with(copy, "spec").put("replicas", desired);
            ctx.store.update(type.get(), copy);
            ctx.events.normal(hpa, "SuccessfulRescale", "New size: " + desired + "; reason: " + rescaleReason, COMPONENT);
            status.put("lastScaleTime", now);
            status.put("currentReplicas", desired);
        }
        status.put("desiredReplicas", desired);
        ctx.writeStatus(hpas, hpa, status);
    }

    private record Recommendation(int replicas) {
    }

    /** Reads every metric; null (and ScalingActive=False) when one cannot be read, as the real controller does. */
    private Recommendation recommend(ObjectNode hpa, ObjectNode target, int current, ObjectNode status, String now) {
        JsonNode selector = target.path("kind").asText().equals("ReplicationController")
                ? Json.object().set("matchLabels", target.path("spec").path("selector").deepCopy())
                : target.path("spec").path("selector");
        List<ObjectNode> pods = ctx.list(ctx.pods, Json.namespace(hpa),
                p -> SimContext.podActive(p) && Selectors.matches(selector, Selectors.labels(p)));
        List<ObjectNode> ready = pods.stream().filter(SimContext::podReady).toList();
        ArrayNode metrics = Json.array();
        int recommendation = 0;
        JsonNode specMetrics = hpa.path("spec").path("metrics");
        if (specMetrics.isEmpty()) {
            // autoscaling/v2 defaults to 80 % CPU when no metric is given
            specMetrics = Json.array().add(Json.parseObject(
                    "{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":80}}}"));
        }
        for (JsonNode metric : specMetrics) {
            String metricType = metric.path("type").asText();
            if (!metricType.equals("Resource")) {
                return inactive(hpa, status, now, "FailedGet" + metricType + "Metric", "unable to get metric of type "
                        + metricType + ": the simulated cluster has no metrics API for it (only Resource metrics: cpu, memory)");
            }
            String resource = metric.path("resource").path("name").asText();
            JsonNode goal = metric.path("resource").path("target");
            String targetType = goal.path("type").asText();
            if (targetType.equals("Utilization")) {
                for (ObjectNode pod : pods) {
                    for (JsonNode container : pod.path("spec").path("containers")) {
                        if (container.path("resources").path("requests").path(resource).isMissingNode()) {
                            return inactive(hpa, status, now, "FailedGetResourceMetric", "failed to get " + resource
                                    + " utilization: missing request for " + resource + " in container "
                                    + container.path("name").asText() + " of Pod " + Json.name(pod));
                        }
                    }
                }
            }
            if (ready.isEmpty()) {
                return inactive(hpa, status, now, "FailedGetResourceMetric", "failed to get " + resource
                        + " utilization: did not receive metrics for targeted pods (pods might be unready)");
            }
            // nothing runs in the simulated cluster: the usage is zero
            ObjectNode reading = Json.object();
            if (targetType.equals("Utilization")) {
                reading.put("averageUtilization", 0);
            }
            reading.put("averageValue", "0");
            ObjectNode reported = metrics.addObject();
            reported.put("type", "Resource");
            reported.putObject("resource").put("name", resource).set("current", reading);
            double ratio = 0.0; // usage / target
            int replicas = Math.abs(1.0 - ratio) <= TOLERANCE ? current : (int) Math.ceil(ratio * ready.size());
            recommendation = Math.max(recommendation, replicas);
        }
        status.set("currentMetrics", metrics);
        SimContext.setCondition(status, "ScalingActive", "True", "ValidMetricFound",
                "the HPA was able to successfully calculate a replica count from " + specMetrics.get(0).path("resource").path("name").asText()
                        + " resource utilization (percentage of request)", now);
        return new Recommendation(recommendation);
    }

    private Recommendation inactive(ObjectNode hpa, ObjectNode status, String now, String reason, String message) {
        if (!reason.equals(reasonOf(hpa, "ScalingActive"))) {
            ctx.events.warning(hpa, reason, message, COMPONENT);
        }
        SimContext.setCondition(status, "ScalingActive", "False", reason, "the HPA was unable to compute the replica count: " + message, now);
        status.remove("currentMetrics");
        return null;
    }

    /** Scale-up at once; scale-down only after the recommendation stayed lower for the stabilization window. */
    private int stabilize(ObjectNode hpa, int current, int desired) {
        String mark = Json.uid(hpa) + "/lower-since";
        if (desired >= current) {
            ctx.forgetMark(mark);
            return desired;
        }
        JsonNode scaleDown = hpa.path("spec").path("behavior").path("scaleDown");
        if ("Disabled".equals(scaleDown.path("selectPolicy").asText())) {
            return current;
        }
        Duration window = scaleDown.has("stabilizationWindowSeconds")
                ? Duration.ofSeconds(scaleDown.path("stabilizationWindowSeconds").asLong()) : DEFAULT_DOWNSCALE_WINDOW;
        Instant since = ctx.marked(mark).orElseGet(() -> {
            ctx.mark(mark);
            return ctx.now();
        });
        Duration left = window.minus(Duration.between(since, ctx.now()));
        if (left.isNegative() || left.isZero()) {
            ctx.forgetMark(mark);
            return desired;
        }
        ctx.manager.enqueueAfter(new ControllerManager.Key(NAME, Json.namespace(hpa), Json.name(hpa)), left);
        return current;
    }

    private static String reasonOf(JsonNode hpa, String condition) {
        for (JsonNode c : hpa.path("status").path("conditions")) {
            if (c.path("type").asText().equals(condition)) {
                return c.path("reason").asText();
            }
        }
        return "";
    }

    private static String resourceName(String kind) {
        return switch (kind) {
            case "Deployment" -> "deployments.apps";
            case "ReplicaSet" -> "replicasets.apps";
            case "ReplicationController" -> "replicationcontrollers";
            default -> "statefulsets.apps";
        };
    }
}
