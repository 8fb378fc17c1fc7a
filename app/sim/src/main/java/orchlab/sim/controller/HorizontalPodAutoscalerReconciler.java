package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import orchlab.sim.admission.Quantities;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.metrics.ResourceUsage;
import orchlab.sim.store.Selectors;
import orchlab.sim.store.StoreEvent;

/**
 * HorizontalPodAutoscalers (autoscaling/v2), following Kubernetes' horizontal pod autoscaler controller
 * ({@code pkg/controller/podautoscaler}: {@code horizontal.go}, {@code replica_calculator.go}) against the simulated
 * resource usage ({@link ResourceUsage}, what metrics.k8s.io serves):
 * <ol>
 *   <li>read the target's scale (Deployment, ReplicaSet, StatefulSet or ReplicationController) — condition
 *       {@code AbleToScale} ({@code SucceededGetScale} / {@code FailedGetScale});</li>
 *   <li>outside {@code minReplicas..maxReplicas} the target is moved into the range at once, without metrics;</li>
 *   <li>otherwise every metric is read. {@code Resource} metrics ({@code cpu}, {@code memory}) with a
 *       {@code Utilization} target compare the Pods' usage with their requests (a container without a request for
 *       it: {@code FailedGetResourceMetric} "missing request for cpu in container app of Pod x"), with an
 *       {@code AverageValue} target the average usage. Pods are grouped as the real controller groups them: Pending
 *       Pods and, for cpu, unready Pods (or Pods whose sample predates their readiness, within 5 minutes of their
 *       start) are ignored, Pods without metrics are missing; when scaling up, ignored and missing Pods count as 0 %,
 *       when scaling down missing Pods count as 100 % of their request, and a recomputed change in the other
 *       direction (or within the tolerance) leaves the count alone;</li>
 *   <li>the recommendation is {@code ceil(pods × usage / target)}, not acted on within the 10 % tolerance; the
 *       highest metric wins; with some metrics invalid the target is never scaled down;</li>
 *   <li>without {@code behavior}: scale-down takes the highest recommendation of the last 300 s, scale-up is limited
 *       to {@code max(2 × current, 4)}; with {@code behavior} (defaulted as the API server does): stabilization
 *       windows both ways and the {@code Pods}/{@code Percent} policies per period with {@code selectPolicy};</li>
 *   <li>a metric-based rescale happens at most once per sync period (15 s of the clock, the controller's
 *       {@code --horizontal-pod-autoscaler-sync-period}); each HPA is looked at again every sync period.</li>
 * </ol>
 * Metric types other than {@code Resource} have no source here ({@code ScalingActive=False}).
 */
public final class HorizontalPodAutoscalerReconciler implements Reconciler {

    static final String NAME = "hpa";
    private static final String COMPONENT = "horizontal-pod-autoscaler";
    private static final double TOLERANCE = 0.1;
    /** kube-controller-manager's {@code --horizontal-pod-autoscaler-sync-period}. */
    public static final Duration SYNC_PERIOD = Duration.ofSeconds(15);
    /** {@code --horizontal-pod-autoscaler-downscale-stabilization}. */
    static final Duration DEFAULT_DOWNSCALE_WINDOW = Duration.ofSeconds(300);
    /** {@code --horizontal-pod-autoscaler-cpu-initialization-period}. */
    static final Duration CPU_INITIALIZATION_PERIOD = Duration.ofMinutes(5);
    /** {@code --horizontal-pod-autoscaler-initial-readiness-delay}. */
    static final Duration INITIAL_READINESS_DELAY = Duration.ofSeconds(30);

    private final SimContext ctx;
    private final ResourceType hpas;
    private final ResourceUsage usage;
    /** What the real controller keeps in memory per HPA (key: namespace/name/uid). */
    private final Map<String, History> histories = new ConcurrentHashMap<>();

    private record Recommendation(int replicas, Instant at) {
    }

    private record ScaleEvent(int change, Instant at) {
    }

    private static final class History {
        final List<Recommendation> recommendations = new ArrayList<>();
        final List<ScaleEvent> scaleUps = new ArrayList<>();
        final List<ScaleEvent> scaleDowns = new ArrayList<>();
        Instant nextSync;
        Instant lastMetricRescale;
    }

    public HorizontalPodAutoscalerReconciler(SimContext ctx, ResourceUsage usage) {
        this.ctx = ctx;
        this.usage = usage;
        this.hpas = ctx.catalog.require("autoscaling", "horizontalpodautoscalers");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        switch (event.kind()) {
            case "HorizontalPodAutoscaler" -> enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), event.name()));
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
            Optional<ObjectNode> hpa = ctx.get(hpas, key.namespace(), key.name());
            if (hpa.isPresent()) {
                autoscale(hpa.get());
            } else {
                histories.keySet().removeIf(k -> k.startsWith(key.namespace() + "/" + key.name() + "/"));
            }
        }
    }

    private void autoscale(ObjectNode hpa) {
        if (hpa.path("metadata").hasNonNull("deletionTimestamp")) {
            return;
        }
        Instant now = ctx.now();
        String time = ctx.timestamp();
        History history = histories.computeIfAbsent(Json.namespace(hpa) + "/" + Json.name(hpa) + "/" + Json.uid(hpa), k -> new History());
        if (history.nextSync == null || !history.nextSync.isAfter(now)) {
            // every sync period from the first look, as the controller's resync does (a clock moved by more than one
            // period catches up at the next multiple)
            history.nextSync = history.nextSync == null ? now.plus(SYNC_PERIOD) : history.nextSync.plus(
                    SYNC_PERIOD.multipliedBy(Duration.between(history.nextSync, now).toMillis() / SYNC_PERIOD.toMillis() + 1));
            ctx.manager.enqueueAfter(new ControllerManager.Key(NAME, Json.namespace(hpa), Json.name(hpa)),
                    Duration.between(now, history.nextSync));
        }
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
            SimContext.setCondition(status, "AbleToScale", "False", "FailedGetScale", message, time);
            if (!"FailedGetScale".equals(reasonOf(hpa, "AbleToScale"))) {
                ctx.events.warning(hpa, "FailedGetScale", message, COMPONENT);
            }
            ctx.writeStatus(hpas, hpa, status);
            return;
        }
        SimContext.setCondition(status, "AbleToScale", "True", "SucceededGetScale",
                "the HPA controller was able to get the target's current scale", time);
        ObjectNode scaled = target.get();
        int current = scaled.path("spec").path("replicas").asInt(1);
        int min = hpa.path("spec").path("minReplicas").asInt(1);
        int max = hpa.path("spec").path("maxReplicas").asInt(min);
        status.put("currentReplicas", current);
        if (history.recommendations.isEmpty()) {
            history.recommendations.add(new Recommendation(current, now));
        }

        int desired;
        String rescaleReason = null;
        boolean fromMetrics = false;
        if (current == 0 && min != 0) {
            SimContext.setCondition(status, "ScalingActive", "False", "ScalingDisabled",
                    "scaling is disabled since the replica count of the target is zero", time);
            desired = 0;
        } else if (current > max) {
            desired = max;
            rescaleReason = "Current number of replicas above Spec.MaxReplicas";
        } else if (current < min) {
            desired = min;
            rescaleReason = "Current number of replicas below Spec.MinReplicas";
        } else {
            Optional<Proposal> proposal = proposeFromMetrics(hpa, scaled, current, status, time);
            if (proposal.isEmpty()) {
                desired = current;
            } else {
                int proposed = proposal.get().replicas();
                if (proposed > current) {
                    rescaleReason = proposal.get().metricName() + " above target";
                } else if (proposed < current) {
                    rescaleReason = "All metrics below target";
                }
                desired = hpa.path("spec").path("behavior").isObject()
                        ? normalizeWithBehavior(hpa, history, status, time, current, proposed, min, max, now)
                        : normalize(history, status, time, current, proposed, min, max, now);
                fromMetrics = true;
                if (desired != current && history.lastMetricRescale != null
                        && history.lastMetricRescale.plus(SYNC_PERIOD).isAfter(now)) {
                    // the controller looks at an HPA once per sync period: the next rescale waits for the next look
                    ctx.manager.enqueueAfter(new ControllerManager.Key(NAME, Json.namespace(hpa), Json.name(hpa)),
                            Duration.between(now, history.lastMetricRescale.plus(SYNC_PERIOD)));
                    desired = current;
                }
            }
        }
        if (desired != current && rescaleReason != null) {
            ObjectNode copy = scaled.deepCopy();
            Json.with(copy, "spec").put("replicas", desired);
            ctx.store.update(type.get(), copy);
            SimContext.setCondition(status, "AbleToScale", "True", "SucceededRescale",
                    "the HPA controller was able to update the target scale to " + desired, time);
            ctx.events.normal(hpa, "SuccessfulRescale", "New size: " + desired + "; reason: " + rescaleReason, COMPONENT);
            if (hpa.path("spec").path("behavior").isObject()) {
                (desired > current ? history.scaleUps : history.scaleDowns).add(new ScaleEvent(Math.abs(desired - current), now));
            }
            if (fromMetrics) {
                history.lastMetricRescale = now;
            }
            status.put("lastScaleTime", time);
        } else {
            desired = current;
        }
        status.put("desiredReplicas", desired);
        ctx.writeStatus(hpas, hpa, status);
    }

    /** A metrics-based replica count and the name of the metric that asked for it. */
    private record Proposal(int replicas, String metricName) {
    }

    /** A metric's reading: its proposal, and its status entry; or the reason it could not be read. */
    private record Reading(int replicas, String metricName, ObjectNode status, String failure) {
        static Reading failed(String failure) {
            return new Reading(0, null, null, failure);
        }
    }

    /** {@code computeReplicasForMetrics}: the highest proposal, or empty (ScalingActive=False) when it must not act. */
    private Optional<Proposal> proposeFromMetrics(ObjectNode hpa, ObjectNode target, int current, ObjectNode status, String time) {
        JsonNode selector = target.path("kind").asText().equals("ReplicationController")
                ? Json.object().set("matchLabels", target.path("spec").path("selector").deepCopy())
                : target.path("spec").path("selector");
        List<ObjectNode> pods = ctx.list(ctx.pods, Json.namespace(hpa), p -> Selectors.matches(selector, Selectors.labels(p)));
        JsonNode specMetrics = hpa.path("spec").path("metrics");
        if (specMetrics.isEmpty()) {
            // autoscaling/v2 defaults to 80 % CPU when no metric is given
            specMetrics = Json.array().add(Json.parseObject(
                    "{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":80}}}"));
        }
        ArrayNode metrics = Json.array();
        int replicas = 0;
        String metricName = "";
        String firstFailure = null;
        String firstFailureReason = null;
        int invalid = 0;
        for (JsonNode metric : specMetrics) {
            String metricType = metric.path("type").asText();
            Reading reading = metricType.equals("Resource") ? resourceReading(metric.path("resource"), current, pods, Json.namespace(hpa))
                    : Reading.failed("unable to get metric of type " + metricType
                    + ": the simulated cluster has no metrics API for it (only Resource metrics: cpu, memory)");
            if (reading.failure() != null) {
                metrics.addObject().put("type", ""); // the controller keeps a status per spec metric, empty when unreadable
                invalid++;
                if (firstFailure == null) {
                    firstFailure = reading.failure();
                    firstFailureReason = "FailedGet" + metricType + "Metric";
                }
                continue;
            }
            metrics.add(reading.status());
            if (metricName.isEmpty() || reading.replicas() > replicas) {
                replicas = Math.max(replicas, reading.replicas());
                metricName = reading.metricName();
            }
        }
        if (invalid == specMetrics.size() || invalid > 0 && replicas < current) {
            if (!firstFailureReason.equals(reasonOf(hpa, "ScalingActive"))) {
                ctx.events.warning(hpa, firstFailureReason, firstFailure, COMPONENT);
            }
            SimContext.setCondition(status, "ScalingActive", "False", firstFailureReason,
                    "the HPA was unable to compute the replica count: " + firstFailure, time);
            status.remove("currentMetrics");
            return Optional.empty();
        }
        status.set("currentMetrics", metrics);
        SimContext.setCondition(status, "ScalingActive", "True", "ValidMetricFound",
                "the HPA was able to successfully calculate a replica count from " + metricName, time);
        return Optional.of(new Proposal(replicas, metricName));
    }

    /** A {@code Resource} metric: {@code GetResourceReplicas} (Utilization) or {@code GetRawResourceReplicas} (AverageValue). */
    private Reading resourceReading(JsonNode resourceMetric, int current, List<ObjectNode> selected, String namespace) {
        String resource = resourceMetric.path("name").asText();
        JsonNode goal = resourceMetric.path("target");
        boolean utilizationTarget = goal.path("type").asText().equals("Utilization") || goal.has("averageUtilization");
        if (!resource.equals("cpu") && !resource.equals("memory")) {
            return Reading.failed("failed to get " + resource + " utilization: unable to get metrics for resource " + resource
                    + ": the simulated metrics API serves cpu and memory only");
        }
        if (!utilizationTarget && !goal.has("averageValue")) {
            return Reading.failed("invalid resource metric source: neither a utilization target nor a value target was set");
        }
        String what = utilizationTarget ? " utilization" : "";
        List<ObjectNode> pods = selected.stream().filter(p -> !p.path("metadata").hasNonNull("deletionTimestamp")
                && !"Failed".equals(p.path("status").path("phase").asText())
                && !"Succeeded".equals(p.path("status").path("phase").asText())).toList();
        ResourceUsage.Sample sample = usage.sample();
        Map<String, ResourceUsage.PodUsage> metrics = new LinkedHashMap<>();
        for (ObjectNode pod : selected) {
            sample.pod(namespace, Json.name(pod)).ifPresent(u -> metrics.put(Json.name(pod), u));
        }
        if (metrics.isEmpty()) {
            return Reading.failed("failed to get " + resource + what + ": unable to get metrics for resource " + resource
                    + ": no metrics returned from resource metrics API");
        }
        if (pods.isEmpty()) {
            return Reading.failed("failed to get " + resource + what
                    + ": no pods returned by selector while calculating replica count");
        }
        // groupPods
        int readyPodCount = 0;
        Set<String> ignored = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>();
        Instant now = ctx.now();
        for (ObjectNode pod : pods) {
            String name = Json.name(pod);
            if ("Pending".equals(pod.path("status").path("phase").asText("Pending"))) {
                ignored.add(name);
                continue;
            }
            ResourceUsage.PodUsage metric = metrics.get(name);
            if (metric == null) {
                missing.add(name);
                continue;
            }
            if (resource.equals("cpu") && ignoreCpuSample(pod, metric, now)) {
                ignored.add(name);
                continue;
            }
            readyPodCount++;
        }
        metrics.keySet().removeIf(n -> ignored.contains(n) || pods.stream().noneMatch(p -> Json.name(p).equals(n)));
        Map<String, Long> requests = new HashMap<>();
        if (utilizationTarget) {
            for (ObjectNode pod : pods) {
                long sum = 0;
                for (JsonNode container : pod.path("spec").path("containers")) {
                    JsonNode request = container.path("resources").path("requests").path(resource);
                    if (request.isMissingNode()) {
                        return Reading.failed("failed to get " + resource + " utilization: missing request for " + resource
                                + " in container " + container.path("name").asText() + " of Pod " + Json.name(pod));
                    }
                    sum += Quantities.parse(request).value().movePointRight(3).longValue();
                }
                requests.put(Json.name(pod), sum);
            }
        }
        if (metrics.isEmpty()) {
            return Reading.failed("failed to get " + resource + what + ": did not receive metrics for any ready pods");
        }
        Map<String, Long> values = new LinkedHashMap<>();
        metrics.forEach((name, u) -> values.put(name, u.milliValue(resource)));
        ObjectNode reported = Json.object();
        reported.put("type", "Resource");
        ObjectNode current2 = reported.putObject("resource").put("name", resource).putObject("current");
        int replicas;
        if (utilizationTarget) {
            int targetUtilization = goal.path("averageUtilization").asInt();
            if (targetUtilization <= 0) {
                return Reading.failed("invalid resource metric source: neither a utilization target nor a value target was set");
            }
            long usageTotal = values.values().stream().mapToLong(Long::longValue).sum();
            long requestTotal = values.keySet().stream().mapToLong(requests::get).sum();
            if (requestTotal == 0) {
                return Reading.failed("failed to get " + resource + " utilization: no metrics returned matched known pods");
            }
            int utilization = (int) (usageTotal * 100 / requestTotal);
            long raw = usageTotal / values.size();
            double ratio = (double) utilization / targetUtilization;
            replicas = replicaCount(current, ratio, readyPodCount, ignored, missing, values, requests,
                    v -> (double) (int) (v.values().stream().mapToLong(Long::longValue).sum() * 100
                            / v.keySet().stream().mapToLong(requests::get).sum()) / targetUtilization,
                    requests::get);
            current2.put("averageUtilization", utilization);
            current2.put("averageValue", milliQuantity(raw));
        } else {
            long targetValue = Quantities.parse(goal.path("averageValue")).value().movePointRight(3).longValue();
            if (targetValue <= 0) {
                return Reading.failed("invalid resource metric source: neither a utilization target nor a value target was set");
            }
            long average = values.values().stream().mapToLong(Long::longValue).sum() / values.size();
            double ratio = (double) average / targetValue;
            replicas = replicaCount(current, ratio, readyPodCount, ignored, missing, values, requests,
                    v -> (double) (v.values().stream().mapToLong(Long::longValue).sum() / v.size()) / targetValue,
                    name -> targetValue);
            current2.put("averageValue", milliQuantity(average));
        }
        return new Reading(replicas, resource + " resource" + (utilizationTarget ? " utilization (percentage of request)" : ""),
                reported, null);
    }

    /** {@code groupPods} for cpu: an unready Pod, or one whose sample predates its readiness early in its life, is ignored. */
    private static boolean ignoreCpuSample(ObjectNode pod, ResourceUsage.PodUsage metric, Instant now) {
        JsonNode ready = null;
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                ready = c;
            }
        }
        Optional<Instant> started = instant(pod.path("status").path("startTime").asText(null));
        if (ready == null || started.isEmpty()) {
            return true;
        }
        boolean isReady = ready.path("status").asText().equals("True");
        Instant transition = instant(ready.path("lastTransitionTime").asText(null)).orElse(started.get());
        if (started.get().plus(CPU_INITIALIZATION_PERIOD).isAfter(now)) {
            return !isReady || metric.timestamp().isBefore(transition.plus(metric.window()));
        }
        return !isReady && started.get().plus(INITIAL_READINESS_DELAY).isAfter(transition);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The shared tail of {@code GetResourceReplicas} and {@code calcPlainMetricReplicas}: with no ignored (on a
     * scale-up) and no missing Pods, {@code ceil(ratio × readyPods)} outside the tolerance; otherwise missing Pods
     * count as the target (scale-down) or 0 (scale-up), ignored Pods as 0 on a scale-up, and the ratio is recomputed.
     */
    private static int replicaCount(int current, double ratio, int readyPodCount, Set<String> ignored, Set<String> missing,
                                    Map<String, Long> values, Map<String, Long> requests,
                                    java.util.function.Function<Map<String, Long>, Double> ratioOf,
                                    java.util.function.Function<String, Long> fullValue) {
        boolean rebalanceIgnored = !ignored.isEmpty() && ratio > 1.0;
        if (!rebalanceIgnored && missing.isEmpty()) {
            if (Math.abs(1.0 - ratio) <= TOLERANCE) {
                return current;
            }
            return (int) Math.ceil(ratio * readyPodCount);
        }
        Map<String, Long> adjusted = new LinkedHashMap<>(values);
        if (!missing.isEmpty()) {
            if (ratio < 1.0) {
                missing.forEach(name -> adjusted.put(name, fullValue.apply(name)));
            } else if (ratio > 1.0) {
                missing.forEach(name -> adjusted.put(name, 0L));
            }
        }
        if (rebalanceIgnored) {
            ignored.forEach(name -> adjusted.put(name, 0L));
        }
        for (String name : adjusted.keySet()) {
            requests.putIfAbsent(name, 0L);
        }
        double newRatio = ratioOf.apply(adjusted);
        if (Math.abs(1.0 - newRatio) <= TOLERANCE || ratio < 1.0 && newRatio > 1.0 || ratio > 1.0 && newRatio < 1.0) {
            return current;
        }
        int replicas = (int) Math.ceil(newRatio * adjusted.size());
        if (newRatio < 1.0 && replicas > current || newRatio > 1.0 && replicas < current) {
            return current;
        }
        return replicas;
    }

    private static String milliQuantity(long milli) {
        return new Quantities(BigDecimal.valueOf(milli, 3), false).toString();
    }

    // ---- normalization without behavior: normalizeDesiredReplicas ----

    private int normalize(History history, ObjectNode status, String time, int current, int proposed, int min, int max, Instant now) {
        int stabilized = proposed;
        Instant cutoff = now.minus(DEFAULT_DOWNSCALE_WINDOW);
        for (Recommendation r : history.recommendations) {
            if (!r.at().isBefore(cutoff) && r.replicas() > stabilized) {
                stabilized = r.replicas();
            }
        }
        history.recommendations.removeIf(r -> r.at().isBefore(cutoff));
        history.recommendations.add(new Recommendation(proposed, now));
        if (stabilized != proposed) {
            SimContext.setCondition(status, "AbleToScale", "True", "ScaleDownStabilized",
                    "recent recommendations were higher than current one, applying the highest recent recommendation", time);
        } else {
            SimContext.setCondition(status, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", time);
        }
        int scaleUpLimit = Math.max(2 * current, 4);
        int maximum;
        String reason;
        String message;
        if (max > scaleUpLimit) {
            maximum = scaleUpLimit;
            reason = "ScaleUpLimit";
            message = "the desired replica count is increasing faster than the maximum scale rate";
        } else {
            maximum = max;
            reason = "TooManyReplicas";
            message = "the desired replica count is more than the maximum replica count";
        }
        int desired = stabilized;
        if (stabilized < min) {
            desired = min;
            reason = "TooFewReplicas";
            message = "the desired replica count is less than the minimum replica count";
        } else if (stabilized > maximum) {
            desired = maximum;
        } else {
            reason = "DesiredWithinRange";
            message = "the desired count is within the acceptable range";
        }
        SimContext.setCondition(status, "ScalingLimited", desired == stabilized ? "False" : "True", reason, message, time);
        return desired;
    }

    // ---- normalization with behavior: normalizeDesiredReplicasWithBehaviors ----

    /** One direction's rules with the API server's defaults filled in. */
    private record Rules(long stabilizationSeconds, String selectPolicy, List<JsonNode> policies) {
        static Rules of(JsonNode rules, boolean up) {
            long window = rules.has("stabilizationWindowSeconds") ? rules.path("stabilizationWindowSeconds").asLong()
                    : up ? 0 : DEFAULT_DOWNSCALE_WINDOW.toSeconds();
            List<JsonNode> policies = new ArrayList<>();
            rules.path("policies").forEach(policies::add);
            if (policies.isEmpty()) {
                policies.add(Json.parseObject("{\"type\":\"Percent\",\"value\":100,\"periodSeconds\":15}"));
                if (up) {
                    policies.add(Json.parseObject("{\"type\":\"Pods\",\"value\":4,\"periodSeconds\":15}"));
                }
            }
            return new Rules(window, rules.path("selectPolicy").asText("Max"), policies);
        }
    }

    private int normalizeWithBehavior(ObjectNode hpa, History history, ObjectNode status, String time, int current, int proposed,
                                      int min, int max, Instant now) {
        JsonNode behavior = hpa.path("spec").path("behavior");
        Rules up = Rules.of(behavior.path("scaleUp"), true);
        Rules down = Rules.of(behavior.path("scaleDown"), false);
        // stabilizeRecommendationWithBehaviors
        boolean upward = proposed >= current;
        Instant cutoff = now.minusSeconds(upward ? up.stabilizationSeconds() : down.stabilizationSeconds());
        int stabilized = proposed;
        for (Recommendation r : history.recommendations) {
            if (r.at().isAfter(cutoff)) {
                stabilized = upward ? Math.min(stabilized, r.replicas()) : Math.max(stabilized, r.replicas());
            }
        }
        Instant obsolete = now.minusSeconds(Math.max(up.stabilizationSeconds(), down.stabilizationSeconds()));
        history.recommendations.removeIf(r -> r.at().isBefore(obsolete));
        history.recommendations.add(new Recommendation(proposed, now));
        if (stabilized != proposed) {
            SimContext.setCondition(status, "AbleToScale", "True", upward ? "ScaleUpStabilized" : "ScaleDownStabilized", upward
                    ? "recent recommendations were lower than current one, applying the lowest recent recommendation"
                    : "recent recommendations were higher than current one, applying the highest recent recommendation", time);
        } else {
            SimContext.setCondition(status, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", time);
        }
        // convertDesiredReplicasWithBehaviorRate
        int desired = stabilized;
        String reason = "DesiredWithinRange";
        String message = "the desired count is within the acceptable range";
        if (stabilized > current) {
            int limit = Math.max(current, scaleUpLimit(current, history.scaleUps, up, now));
            int maximum = max;
            reason = "TooManyReplicas";
            message = "the desired replica count is more than the maximum replica count";
            if (maximum > limit) {
                maximum = limit;
                reason = "ScaleUpLimit";
                message = "the desired replica count is increasing faster than the maximum scale rate";
            }
            if (stabilized > maximum) {
                desired = maximum;
            } else {
                reason = "DesiredWithinRange";
                message = "the desired count is within the acceptable range";
            }
        } else if (stabilized < current) {
            int limit = Math.min(current, scaleDownLimit(current, history.scaleDowns, down, now));
            int minimum = min;
            reason = "TooFewReplicas";
            message = "the desired replica count is less than the minimum replica count";
            if (minimum < limit) {
                minimum = limit;
                reason = "ScaleDownLimit";
                message = "the desired replica count is decreasing faster than the maximum scale rate";
            }
            if (stabilized < minimum) {
                desired = minimum;
            } else {
                reason = "DesiredWithinRange";
                message = "the desired count is within the acceptable range";
            }
        }
        SimContext.setCondition(status, "ScalingLimited", desired == stabilized ? "False" : "True", reason, message, time);
        return desired;
    }

    private static int changedInPeriod(List<ScaleEvent> events, long periodSeconds, Instant now) {
        Instant cutoff = now.minusSeconds(periodSeconds);
        return events.stream().filter(e -> e.at().isAfter(cutoff)).mapToInt(ScaleEvent::change).sum();
    }

    private static int scaleUpLimit(int current, List<ScaleEvent> events, Rules rules, Instant now) {
        if (rules.selectPolicy().equals("Disabled")) {
            return current;
        }
        boolean min = rules.selectPolicy().equals("Min");
        int result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (JsonNode policy : rules.policies()) {
            int start = current - changedInPeriod(events, policy.path("periodSeconds").asLong(15), now);
            int value = policy.path("value").asInt();
            int proposed = policy.path("type").asText().equals("Pods") ? start + value
                    : (int) Math.ceil(start * (1 + value / 100.0));
            result = min ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    private static int scaleDownLimit(int current, List<ScaleEvent> events, Rules rules, Instant now) {
        if (rules.selectPolicy().equals("Disabled")) {
            return current;
        }
        boolean min = rules.selectPolicy().equals("Min");
        int result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (JsonNode policy : rules.policies()) {
            int start = current + changedInPeriod(events, policy.path("periodSeconds").asLong(15), now);
            int value = policy.path("value").asInt();
            int proposed = policy.path("type").asText().equals("Pods") ? start - value
                    : (int) (start * (1 - value / 100.0));
            result = min ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
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
