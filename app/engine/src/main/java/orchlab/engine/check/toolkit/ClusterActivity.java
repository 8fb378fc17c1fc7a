package orchlab.engine.check.toolkit;

import orchlab.engine.check.*;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import orchlab.engine.sandbox.KubeReads;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.Convergence;

/**
 * Is anything in a namespace still converging? What the Kubernetes check kinds ask before they give up on a
 * status-dependent verdict: while a rollout is in progress or Pods are being created, waiting may change the answer;
 * when every workload has been processed and every Pod is either running or stuck in a state that cannot heal by
 * itself ({@code ImagePullBackOff}, {@code CrashLoopBackOff}, a rollout past its deadline...), it cannot.
 *
 * <p>Read from the objects' own status, as {@code kubectl rollout status} does: {@code observedGeneration} against
 * {@code generation}, replica counts, the {@code Progressing} condition, container waiting reasons.
 *
 * @param converging what the cluster is still doing ({@code Pod web-7c9 is ContainerCreating}); empty when settled
 * @param stuck      objects settled in a state that cannot pass ({@code Pod web-7c9: ImagePullBackOff — Back-off...})
 */
public record ClusterActivity(List<String> converging, List<String> stuck) {

    /** Container waiting reasons that do not heal by waiting: the learner must change something. */
    public static final Set<String> STUCK_REASONS = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
            "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    public ClusterActivity {
        converging = List.copyOf(converging);
        stuck = List.copyOf(stuck);
    }

    public boolean settled() {
        return converging.isEmpty();
    }

    /**
     * The verdict for a status-dependent check: converging (keep waiting), or settled with the reason in one sentence.
     */
    public Convergence convergence(String namespace) {
        if (!converging.isEmpty()) {
            return Convergence.converging(converging.get(0)
                    + (converging.size() > 1 ? " (and " + (converging.size() - 1) + " more changing)" : ""));
        }
        if (!stuck.isEmpty()) {
            return Convergence.settled("the cluster has settled in a state that cannot pass: " + String.join("; ", stuck));
        }
        return Convergence.settled("nothing in namespace " + namespace + " is being created or rolled out");
    }

    /** Looks at the workloads, Pods, Services and claims of one namespace. */
    public static ClusterActivity of(KubernetesClient client, String namespace) throws CheckUnavailableException {
        return of(KubeReads.of(client), namespace);
    }

    /** {@link #of(KubernetesClient, String)} through any {@link KubeReads}. */
    public static ClusterActivity of(KubeReads client, String namespace) throws CheckUnavailableException {
        List<JsonNode> pods = list(client, "v1", "Pod", namespace);
        List<String> converging = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        List<JsonNode> stuckPods = new ArrayList<>();
        List<JsonNode> events = pods.stream().anyMatch(ClusterActivity::awaitsReadiness)
                ? list(client, "v1", "Event", namespace) : null;
        for (JsonNode pod : pods) {
            PodState state = podState(pod, events == null ? List.of() : events);
            switch (state.kind) {
                case CONVERGING -> converging.add("Pod " + name(pod) + " is " + state.detail);
                case STUCK -> {
                    stuck.add("Pod " + name(pod) + ": " + state.detail);
                    stuckPods.add(pod);
                }
                case SETTLED -> { }
            }
        }
        for (JsonNode claim : list(client, "v1", "PersistentVolumeClaim", namespace)) {
            if (!"Pending".equals(claim.path("status").path("phase").asText("Pending"))) {
                continue;
            }
            if (events == null) {
                events = list(client, "v1", "Event", namespace);
            }
            Optional<String> unbindable = claimUnbindable(claim, pods, events);
            if (unbindable.isEmpty()) {
                converging.add("PersistentVolumeClaim " + name(claim) + " is waiting to be bound");
                continue;
            }
            stuck.add(unbindable.get());
            for (JsonNode pod : pods) {
                // a Pod pending only for this claim (the scheduler's "unbound immediate PersistentVolumeClaims") is stuck with it
                if (mounts(pod, name(claim)) && !stuckPods.contains(pod)
                        && "Pending".equals(pod.path("status").path("phase").asText("Pending"))) {
                    converging.remove("Pod " + name(pod) + " is " + podState(pod, events).detail());
                    stuckPods.add(pod);
                }
            }
        }
        for (JsonNode sts : list(client, "apps/v1", "StatefulSet", namespace)) {
            Optional<String> rolling = statefulSetRollout(sts);
            if (rolling.isEmpty()) {
                continue;
            }
            if (events == null) {
                events = list(client, "v1", "Event", namespace);
            }
            Optional<String> failing = statefulSetFailure(sts, events);
            if (failing.isPresent()) {
                stuck.add(failing.get());
            } else if (!selectsAny(sts, stuckPods)) {
                converging.add(rolling.get());
            }
        }
        for (String kind : List.of("Deployment", "ReplicaSet")) {
            for (JsonNode workload : list(client, "apps/v1", kind, namespace)) {
                String why = replicated(kind, workload, stuckPods);
                if (why.startsWith("!")) {
                    stuck.add(why.substring(1));
                } else if (!why.isEmpty()) {
                    converging.add(why);
                }
            }
        }
        for (JsonNode ds : list(client, "apps/v1", "DaemonSet", namespace)) {
            JsonNode status = ds.path("status");
            if (!caughtUp(ds)) {
                converging.add("DaemonSet " + name(ds) + " has not been processed by its controller yet");
            } else if (status.path("numberReady").asInt(0) < status.path("desiredNumberScheduled").asInt(0)
                    && !ownsAny(ds, stuckPods)) {
                converging.add("DaemonSet " + name(ds) + " is rolling out");
            }
        }
        for (JsonNode job : list(client, "batch/v1", "Job", namespace)) {
            boolean finished = hasCondition(job, "Complete", "True") || hasCondition(job, "Failed", "True");
            if (!finished && !ownsAny(job, stuckPods)) {
                converging.add("Job " + name(job) + " is running");
            }
        }
        List<JsonNode> endpoints = null;
        for (JsonNode service : list(client, "v1", "Service", namespace)) {
            if (service.path("spec").path("selector").size() == 0 || "ExternalName".equals(service.path("spec").path("type").asText())) {
                continue;
            }
            if (endpoints == null) {
                endpoints = list(client, "v1", "Endpoints", namespace);
            }
            if (endpoints.stream().noneMatch(e -> name(e).equals(name(service)))) {
                converging.add("the endpoints of Service " + name(service) + " are being computed");
            }
        }
        List<JsonNode> classes = null;
        for (JsonNode ingress : list(client, "networking.k8s.io/v1", "Ingress", namespace)) {
            if (ingress.path("status").path("loadBalancer").path("ingress").size() > 0) {
                continue;
            }
            if (classes == null) {
                classes = ingressClasses(client);
            }
            ingressController(ingress, classes).ifPresent(controller -> converging.add(
                    "Ingress " + name(ingress) + " is waiting for its address from " + controller));
        }
        List<JsonNode> autoscalers;
        try {
            autoscalers = list(client, "autoscaling/v2", "HorizontalPodAutoscaler", namespace);
        } catch (CheckUnavailableException e) {
            autoscalers = List.of(); // a cluster without autoscaling/v2: nothing to wait for there
        }
        for (JsonNode hpa : autoscalers) {
            autoscalerWaiting(hpa).ifPresent(converging::add);
        }
        List<JsonNode> budgets;
        try {
            budgets = list(client, "policy/v1", "PodDisruptionBudget", namespace);
        } catch (CheckUnavailableException e) {
            budgets = List.of(); // a cluster without policy/v1: nothing to wait for there
        }
        for (JsonNode budget : budgets) {
            budgetWaiting(budget).ifPresent(converging::add);
        }
        return new ClusterActivity(converging, stuck);
    }

    /**
     * Why a Pending claim will not be bound by waiting, from the persistent volume controller's latest event about it
     * (pkg/controller/volume/persistentvolume/pv_controller.go {@code syncUnboundClaim}, which re-records it on every
     * sync): {@code FailedBinding} "no persistent volumes available for this claim and no storage class is set" (no
     * dynamic provisioning, and no volume to bind), or {@code WaitForFirstConsumer} while no Pod of the namespace mounts
     * the claim (binding waits for the first Pod that uses it). Empty while the claim may still be bound: provisioning
     * under way, a Pod that uses it being scheduled, or no event yet.
     */
    static Optional<String> claimUnbindable(JsonNode claim, List<JsonNode> pods, List<JsonNode> events) {
        JsonNode latest = null;
        for (JsonNode event : events) {
            JsonNode about = event.path("involvedObject");
            if (!about.path("kind").asText().equals("PersistentVolumeClaim") || !about.path("name").asText().equals(name(claim))) {
                continue;
            }
            String uid = claim.path("metadata").path("uid").asText("");
            if (!uid.isEmpty() && about.hasNonNull("uid") && !uid.equals(about.path("uid").asText())) {
                continue; // about an earlier claim of the same name
            }
            latest = later(latest, event);
        }
        if (latest == null) {
            return Optional.empty();
        }
        String what = "PersistentVolumeClaim " + name(claim) + ": Pending — " + latest.path("reason").asText() + ": "
                + latest.path("message").asText();
        switch (latest.path("reason").asText()) {
            case "FailedBinding" -> {
                return latest.path("message").asText().contains("no storage class is set") ? Optional.of(what) : Optional.empty();
            }
            case "WaitForFirstConsumer" -> {
                // with its first consumer there, binding follows that Pod's scheduling
                return pods.stream().anyMatch(pod -> mounts(pod, name(claim))) ? Optional.empty()
                        : Optional.of(what + " (no Pod in the namespace mounts it)");
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static boolean mounts(JsonNode pod, String claim) {
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            if (volume.path("persistentVolumeClaim").path("claimName").asText().equals(claim)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why an autoscaler's verdict may still change: its controller has not looked at it yet (it looks every 15 s), or
     * it waits for the first metrics of its Pods (metrics-server samples every 15 s, from 10 s into a container's life:
     * {@code ScalingActive} is {@code False} with "no metrics returned from resource metrics API" or "did not receive
     * metrics for any ready pods" for up to a minute after the Pods start). A target it cannot find, a missing request
     * or a cluster without a metrics API are final.
     */
    static Optional<String> autoscalerWaiting(JsonNode hpa) {
        String what = "HorizontalPodAutoscaler " + name(hpa);
        if (!caughtUp(hpa)) {
            return Optional.of(what + " has not been processed by its controller yet");
        }
        if (hasCondition(hpa, "AbleToScale", "False")) {
            return Optional.empty();
        }
        for (JsonNode c : hpa.path("status").path("conditions")) {
            if (c.path("type").asText().equals("ScalingActive")) {
                String message = c.path("message").asText("");
                boolean firstMetrics = c.path("status").asText().equals("False")
                        && (message.contains("no metrics returned from resource metrics API")
                        || message.contains("did not receive metrics for any ready pods"));
                return firstMetrics ? Optional.of(what + " is waiting for the first metrics of its Pods") : Optional.empty();
            }
        }
        return Optional.of(what + " has not read its metrics yet");
    }

    /**
     * Why a PodDisruptionBudget's status may still change by itself: the disruption controller has not computed it for
     * the budget's latest spec ({@code status.observedGeneration} behind {@code metadata.generation}, or no status yet).
     * Its counts then follow the Pods, which this class already watches. A budget the controller could not compute
     * (condition {@code DisruptionAllowed=False}, reason {@code SyncFailed}: a Pod whose controller has no scale) keeps
     * its old {@code observedGeneration}, as {@code failSafe} in Kubernetes' disruption controller writes it: that is final.
     */
    static Optional<String> budgetWaiting(JsonNode budget) {
        JsonNode status = budget.path("status");
        boolean processed = status.has("observedGeneration")
                && status.path("observedGeneration").asLong() >= budget.path("metadata").path("generation").asLong(0);
        boolean failed = false;
        for (JsonNode c : status.path("conditions")) {
            failed |= c.path("type").asText().equals("DisruptionAllowed") && c.path("reason").asText().equals("SyncFailed");
        }
        return processed || failed ? Optional.empty()
                : Optional.of("PodDisruptionBudget " + name(budget) + " has not been processed by the disruption controller yet");
    }

    /**
     * Who will give an Ingress its address: the controller of its class ({@code spec.ingressClassName}, the old
     * {@code kubernetes.io/ingress.class} annotation, or the cluster's default class). Empty when the cluster has no
     * such class — then nothing ever will, and waiting cannot change the verdict.
     */
    static java.util.Optional<String> ingressController(JsonNode ingress, List<JsonNode> classes) {
        if (classes == null) {
            return java.util.Optional.of("its ingress controller"); // classes cannot be read here: assume one answers
        }
        String wanted = ingress.path("spec").path("ingressClassName").asText(
                ingress.path("metadata").path("annotations").path("kubernetes.io/ingress.class").asText(""));
        for (JsonNode ingressClass : classes) {
            boolean named = !wanted.isEmpty() && wanted.equals(name(ingressClass));
            boolean byDefault = wanted.isEmpty() && "true".equals(ingressClass.path("metadata").path("annotations")
                    .path("ingressclass.kubernetes.io/is-default-class").asText());
            if (named || byDefault) {
                return java.util.Optional.of(ingressClass.path("spec").path("controller").asText("the controller of class "
                        + name(ingressClass)));
            }
        }
        return java.util.Optional.empty();
    }

    /** The cluster's IngressClasses, or null when this account may not read them. */
    private static List<JsonNode> ingressClasses(KubeReads client) {
        try {
            return client.list("networking.k8s.io/v1", "IngressClass", null, Map.of());
        } catch (KubeReads.ReadFailed e) {
            return null;
        }
    }

    enum Kind { SETTLED, CONVERGING, STUCK }

    public record PodState(Kind kind, String detail) {
    }

    /** {@link #podState(JsonNode, List)} without the namespace's events: a Pod that is not ready is converging. */
    public static PodState podState(JsonNode pod) {
        return podState(pod, List.of());
    }

    /**
     * Where a Pod stands: settled (ready or finished), converging, or stuck in a state that cannot heal by itself. A
     * running Pod that is not ready is stuck when {@code events} show that a container's readiness probe keeps
     * failing ({@link #readinessFailing}); otherwise it is converging.
     */
    public static PodState podState(JsonNode pod, List<JsonNode> events) {
        if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
            return new PodState(Kind.CONVERGING, "terminating");
        }
        JsonNode status = pod.path("status");
        String phase = status.path("phase").asText("Pending");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return new PodState(Kind.SETTLED, phase);
        }
        for (String list : List.of("initContainerStatuses", "containerStatuses")) {
            for (JsonNode c : status.path(list)) {
                JsonNode waiting = c.path("state").path("waiting");
                String reason = waiting.path("reason").asText("");
                if (STUCK_REASONS.contains(reason)) {
                    String message = waiting.path("message").asText("");
                    return new PodState(Kind.STUCK, reason + (message.isBlank() ? "" : " — " + message));
                }
            }
        }
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asText().equals("PodScheduled") && condition.path("status").asText().equals("False")
                    && condition.path("reason").asText().equals("Unschedulable")) {
                String message = condition.path("message").asText("");
                // waiting for a claim to be bound heals by itself (the claim is reported as converging)
                if (!message.contains("unbound") && !message.contains("waiting for claim")) {
                    return new PodState(Kind.STUCK, "Unschedulable" + (message.isBlank() ? "" : " — " + message));
                }
            }
        }
        if (phase.equals("Pending")) {
            String reason = "";
            for (JsonNode c : status.path("containerStatuses")) {
                reason = c.path("state").path("waiting").path("reason").asText(reason);
            }
            return new PodState(Kind.CONVERGING, reason.isEmpty() ? "Pending" : reason);
        }
        if (!hasCondition(pod, "Ready", "True")) {
            Optional<String> failing = readinessFailing(pod, events);
            return failing.isPresent() ? new PodState(Kind.STUCK, failing.get())
                    : new PodState(Kind.CONVERGING, "running but not ready yet");
        }
        return new PodState(Kind.SETTLED, "Ready");
    }

    private static final String COMBINED = "(combined from similar events): ";

    /** A running Pod, not ready, with a running, started, unready container that has a readiness probe. */
    static boolean awaitsReadiness(JsonNode pod) {
        if (!pod.path("status").path("phase").asText().equals("Running") || hasCondition(pod, "Ready", "True")
                || pod.path("metadata").hasNonNull("deletionTimestamp")) {
            return false;
        }
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            if (unreadyWithProbe(pod, status).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The readiness probe of a container status that is running, started and not ready; empty otherwise. */
    private static Optional<JsonNode> unreadyWithProbe(JsonNode pod, JsonNode status) {
        if (status.path("ready").asBoolean(false) || !status.path("state").path("running").isObject()
                || !status.path("started").asBoolean(true)) {
            return Optional.empty();
        }
        for (JsonNode c : pod.path("spec").path("containers")) {
            if (c.path("name").asText().equals(status.path("name").asText()) && c.path("readinessProbe").isObject()) {
                return Optional.of(c.path("readinessProbe"));
            }
        }
        return Optional.empty();
    }

    /**
     * Why a running Pod will not become ready by waiting: one of its containers is running (started, not restarted
     * since), not ready, and its readiness probe has failed at least {@code failureThreshold} (default 3) times since
     * the container started, the failures spanning at least {@code failureThreshold × periodSeconds} (default 10 s;
     * one second less, as event times are whole seconds). The kubelet itself marks the container unready after
     * {@code failureThreshold} failures in a row (pkg/kubelet/prober/worker.go {@code doProbe}); the span asks for
     * one period more, so that an app that starts listening a little late is still waited for.
     *
     * <p>The evidence is the kubelet's Warning {@code Unhealthy} "Readiness probe failed: ..." events on the
     * container ({@code involvedObject.fieldPath} {@code spec.containers{name}}), recorded once per failed probe
     * (pkg/kubelet/prober/prober.go) and aggregated by client-go's event recorder into one event per message whose
     * {@code count} and {@code lastTimestamp} grow (tools/record/events_cache.go). Events written through
     * {@code events.k8s.io/v1} carry the repeats as {@code series.count}/{@code series.lastObservedTime} after
     * {@code eventTime} instead; both are read, as are the {@code regarding}/{@code note}/{@code deprecatedCount}
     * fields of an events.k8s.io object, and the "(combined from similar events): " prefix of client-go's
     * {@code EventAggregator} (events_cache.go) when the messages vary. An event whose first failure is older than
     * the container's start counts failures of an earlier run and proves nothing. A probe that just started
     * passing makes the container ready at once, and the checks look at their objects again after this verdict
     * ({@link Settling}).
     */
    static Optional<String> readinessFailing(JsonNode pod, List<JsonNode> events) {
        if (events.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            Optional<JsonNode> probe = unreadyWithProbe(pod, status);
            if (probe.isEmpty()) {
                continue;
            }
            String container = status.path("name").asText();
            java.time.Instant started;
            try {
                started = java.time.Instant.parse(status.path("state").path("running").path("startedAt").asText(""));
            } catch (java.time.format.DateTimeParseException e) {
                continue;
            }
            long period = Math.max(1, probe.get().path("periodSeconds").asLong(10));
            long threshold = Math.max(1, probe.get().path("failureThreshold").asLong(3));
            long count = 0;
            java.time.Instant first = null;
            java.time.Instant last = null;
            String message = null;
            for (JsonNode event : events) {
                if (!aboutContainer(event, pod, container)) {
                    continue;
                }
                String text = event.has("note") && !event.has("message") ? event.path("note").asText("") : event.path("message").asText("");
                // client-go's EventAggregator words the 11th similar event within 10 minutes this way
                text = text.startsWith(COMBINED) ? text.substring(COMBINED.length()) : text;
                if (!event.path("reason").asText().equals("Unhealthy") || !text.startsWith("Readiness probe failed")) {
                    continue;
                }
                java.time.Instant from = firstSeen(event);
                java.time.Instant to = lastSeen(event);
                if (from == null || to == null) {
                    continue;
                }
                if (from.isBefore(started.minusSeconds(1))) {
                    continue; // also counts failures of an earlier run of the container
                }
                count += Math.max(1, Math.max(event.path("count").asLong(0),
                        Math.max(event.path("series").path("count").asLong(0), event.path("deprecatedCount").asLong(0))));
                first = first == null || from.isBefore(first) ? from : first;
                if (last == null || !to.isBefore(last)) {
                    last = to;
                    message = text;
                }
            }
            if (count >= threshold && last != null
                    && java.time.Duration.between(first, last).getSeconds() >= threshold * period - 1) {
                return Optional.of("not Ready: " + message + " (container " + container + ", " + count + " times since "
                        + first + ") — the readiness probe keeps failing: point it at a port and path the app serves,"
                        + " or fix the app");
            }
        }
        return Optional.empty();
    }

    /** The event is about that container of that Pod (same uid when both name one). */
    private static boolean aboutContainer(JsonNode event, JsonNode pod, String container) {
        JsonNode about = event.has("regarding") && !event.has("involvedObject") ? event.path("regarding") : event.path("involvedObject");
        if (!about.path("kind").asText().equals("Pod") || !about.path("name").asText().equals(name(pod))) {
            return false;
        }
        String uid = pod.path("metadata").path("uid").asText("");
        if (!uid.isEmpty() && about.hasNonNull("uid") && !about.path("uid").asText().isEmpty()
                && !uid.equals(about.path("uid").asText())) {
            return false;
        }
        String fieldPath = about.path("fieldPath").asText("");
        return fieldPath.isEmpty() || fieldPath.equals("spec.containers{" + container + "}");
    }

    /** When an event was first seen: {@code firstTimestamp} (core/v1), else {@code eventTime} (events.k8s.io). */
    private static java.time.Instant firstSeen(JsonNode event) {
        return time(event, "firstTimestamp", "deprecatedFirstTimestamp", "eventTime");
    }

    /** When an event was last seen: {@code series.lastObservedTime}, {@code lastTimestamp}, else {@code eventTime}. */
    private static java.time.Instant lastSeen(JsonNode event) {
        java.time.Instant series = time(event.path("series"), "lastObservedTime");
        java.time.Instant legacy = time(event, "lastTimestamp", "deprecatedLastTimestamp", "eventTime");
        return series == null ? legacy : legacy == null || series.isAfter(legacy) ? series : legacy;
    }

    private static java.time.Instant time(JsonNode node, String... fields) {
        for (String field : fields) {
            String text = node.path(field).asText("");
            if (!text.isEmpty()) {
                try {
                    return java.time.Instant.parse(text);
                } catch (java.time.format.DateTimeParseException e) {
                    // not an RFC 3339 time: try the next field
                }
            }
        }
        return null;
    }

    /** Why a replicated workload is still moving (""), or "!why" when it is stuck. */
    static String replicated(String kind, JsonNode workload, List<JsonNode> stuckPods) {
        String what = kind + " " + name(workload);
        if (!caughtUp(workload)) {
            return what + " has not been processed by its controller yet (generation "
                    + workload.path("metadata").path("generation").asText("?") + ")";
        }
        if (hasCondition(workload, "ReplicaFailure", "True")) {
            // its controller cannot create Pods (refused by admission: Pod Security, a quota, a LimitRange) and retries
            // the same refusal until the learner changes something; a Deployment carries its ReplicaSet's condition
            if (kind.equals("ReplicaSet") && ownedByDeployment(workload)) {
                return ""; // its Deployment says it
            }
            for (JsonNode c : workload.path("status").path("conditions")) {
                if (c.path("type").asText().equals("ReplicaFailure")) {
                    return "!" + what + " cannot create its Pods (" + c.path("reason").asText("ReplicaFailure")
                            + (c.hasNonNull("message") ? ": " + c.path("message").asText() : "") + ")";
                }
            }
        }
        if (kind.equals("Deployment")) {
            if (workload.path("spec").path("paused").asBoolean(false)) {
                return "";
            }
            for (JsonNode c : workload.path("status").path("conditions")) {
                if (c.path("type").asText().equals("Progressing") && c.path("status").asText().equals("False")) {
                    return "!" + what + ": rollout stuck (" + c.path("reason").asText("Progressing=False")
                            + (c.hasNonNull("message") ? " — " + c.path("message").asText() : "") + ")";
                }
            }
        }
        if (complete(kind, workload)) {
            return "";
        }
        if (selectsAny(workload, stuckPods)) {
            return ""; // its Pods say why it is not complete
        }
        return kind.equals("ReplicaSet") ? what + " is creating or removing Pods" : what + " is rolling out";
    }

    /**
     * Why a StatefulSet's rollout is not done, in the words of {@code kubectl rollout status} (kubectl's
     * {@code StatefulSetStatusViewer}, staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go), or empty
     * exactly when kubectl would say it is complete: the controller has observed the latest generation,
     * {@code readyReplicas} has reached {@code spec.replicas}, and with a {@code rollingUpdate} section the Pods from the
     * partition up are updated ({@code updatedReplicas >= replicas - partition}); without one,
     * {@code updateRevision == currentRevision}. kubectl refuses to follow an {@code OnDelete} set; its Pods change only
     * when someone deletes them, so waiting cannot change it once its Pods are ready: it counts as done then.
     */
    static Optional<String> statefulSetRollout(JsonNode sts) {
        String what = "StatefulSet " + name(sts);
        JsonNode spec = sts.path("spec");
        JsonNode status = sts.path("status");
        long observed = status.path("observedGeneration").asLong(0);
        if (observed == 0 || sts.path("metadata").path("generation").asLong(0) > observed) {
            return Optional.of(what + ": Waiting for statefulset spec update to be observed...");
        }
        int replicas = spec.path("replicas").asInt(1);
        int ready = status.path("readyReplicas").asInt(0);
        if (ready < replicas) {
            return Optional.of(what + ": Waiting for " + (replicas - ready) + " pods to be ready...");
        }
        JsonNode strategy = spec.path("updateStrategy");
        if (!"RollingUpdate".equals(strategy.path("type").asText("RollingUpdate"))) {
            return Optional.empty();
        }
        if (strategy.path("rollingUpdate").isObject()) {
            int partition = strategy.path("rollingUpdate").path("partition").asInt(0);
            int updated = status.path("updatedReplicas").asInt(0);
            if (strategy.path("rollingUpdate").has("partition") && updated < replicas - partition) {
                return Optional.of(what + ": Waiting for partitioned roll out to finish: " + updated + " out of "
                        + (replicas - partition) + " new pods have been updated...");
            }
            return Optional.empty();
        }
        if (!status.path("updateRevision").asText("").equals(status.path("currentRevision").asText(""))) {
            return Optional.of(what + ": waiting for statefulset rolling update to complete " + status.path("updatedReplicas")
                    .asInt(0) + " pods at revision " + status.path("updateRevision").asText() + "...");
        }
        return Optional.empty();
    }

    /**
     * A StatefulSet whose controller keeps failing to create a Pod or claim: the StatefulSet controller sets no
     * condition for that (unlike a ReplicaSet's {@code ReplicaFailure}), it records events — {@code FailedCreate}
     * ("create Pod db-1 in StatefulSet db failed error: ...", or "create Claim ...") and {@code SuccessfulCreate} — and
     * retries. It is stuck when its latest {@code FailedCreate} is newer than its latest {@code SuccessfulCreate}:
     * the same refusal comes back until the learner changes something.
     */
    static Optional<String> statefulSetFailure(JsonNode sts, List<JsonNode> events) {
        JsonNode failed = null;
        JsonNode created = null;
        for (JsonNode event : events) {
            JsonNode about = event.path("involvedObject");
            if (!about.path("kind").asText().equals("StatefulSet") || !about.path("name").asText().equals(name(sts))) {
                continue;
            }
            String uid = sts.path("metadata").path("uid").asText("");
            if (!uid.isEmpty() && about.hasNonNull("uid") && !uid.equals(about.path("uid").asText())) {
                continue; // an event of an earlier StatefulSet of the same name
            }
            switch (event.path("reason").asText()) {
                case "FailedCreate" -> failed = later(failed, event);
                case "SuccessfulCreate" -> created = later(created, event);
                default -> { }
            }
        }
        if (failed == null || created != null && later(created, failed) == created) {
            return Optional.empty();
        }
        return Optional.of("StatefulSet " + name(sts) + " cannot create its Pods (FailedCreate: "
                + failed.path("message").asText() + ")");
    }

    /** The later of two events: by last time seen, then by resourceVersion; {@code a} on a tie. */
    private static JsonNode later(JsonNode a, JsonNode b) {
        if (a == null) {
            return b;
        }
        int byTime = eventTime(b).compareTo(eventTime(a));
        if (byTime != 0) {
            return byTime > 0 ? b : a;
        }
        try {
            long va = Long.parseLong(a.path("metadata").path("resourceVersion").asText());
            long vb = Long.parseLong(b.path("metadata").path("resourceVersion").asText());
            return vb > va ? b : a;
        } catch (NumberFormatException e) {
            return a;
        }
    }

    private static java.time.Instant eventTime(JsonNode event) {
        for (String field : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
            String text = event.path(field).asText("");
            if (!text.isEmpty()) {
                try {
                    return java.time.Instant.parse(text);
                } catch (java.time.format.DateTimeParseException e) {
                    // not an RFC 3339 time: try the next field
                }
            }
        }
        try {
            return java.time.Instant.parse(event.path("metadata").path("creationTimestamp").asText(""));
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.Instant.EPOCH;
        }
    }

    private static boolean ownedByDeployment(JsonNode replicaSet) {
        for (JsonNode ref : replicaSet.path("metadata").path("ownerReferences")) {
            if (ref.path("kind").asText().equals("Deployment") && ref.path("controller").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean complete(String kind, JsonNode workload) {
        int want = workload.path("spec").path("replicas").asInt(1);
        JsonNode status = workload.path("status");
        boolean counts = status.path("replicas").asInt(0) == want && status.path("readyReplicas").asInt(0) == want;
        return switch (kind) {
            case "Deployment" -> counts && status.path("updatedReplicas").asInt(0) == want
                    && status.path("availableReplicas").asInt(0) == want;
            default -> counts;
        };
    }

    /** The controller has seen the latest spec: {@code status.observedGeneration >= metadata.generation}. */
    public static boolean caughtUp(JsonNode object) {
        JsonNode status = object.path("status");
        if (!status.isObject() || status.isEmpty()) {
            return false;
        }
        if (!status.has("observedGeneration")) {
            return true;
        }
        return status.path("observedGeneration").asLong() >= object.path("metadata").path("generation").asLong(0);
    }

    private static boolean selectsAny(JsonNode workload, List<JsonNode> pods) {
        JsonNode match = workload.path("spec").path("selector").path("matchLabels");
        if (!match.isObject() || match.isEmpty()) {
            return false;
        }
        for (JsonNode pod : pods) {
            boolean all = true;
            Iterator<Map.Entry<String, JsonNode>> it = match.fields();
            while (it.hasNext() && all) {
                Map.Entry<String, JsonNode> e = it.next();
                all = e.getValue().asText().equals(pod.path("metadata").path("labels").path(e.getKey()).asText(null));
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean ownsAny(JsonNode owner, List<JsonNode> pods) {
        String uid = owner.path("metadata").path("uid").asText("");
        for (JsonNode pod : pods) {
            for (JsonNode ref : pod.path("metadata").path("ownerReferences")) {
                if (!uid.isEmpty() && uid.equals(ref.path("uid").asText())) {
                    return true;
                }
            }
        }
        return selectsAny(owner, pods);
    }

    public static boolean hasCondition(JsonNode object, String type, String value) {
        for (JsonNode c : object.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type) && c.path("status").asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    public static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("?");
    }

    /** Every object of one kind in the namespace (none when the kind is not served), as {@link ResourceRef} lists them. */
    public static List<JsonNode> list(KubernetesClient client, String apiVersion, String kind, String namespace)
            throws CheckUnavailableException {
        return list(KubeReads.of(client), apiVersion, kind, namespace);
    }

    /** {@link #list(KubernetesClient, String, String, String)} through any {@link KubeReads}. */
    public static List<JsonNode> list(KubeReads client, String apiVersion, String kind, String namespace)
            throws CheckUnavailableException {
        return new ResourceRef(apiVersion, kind, Optional.empty(), Map.of(), Optional.empty()).fetch(client, namespace);
    }
}
