package orchlab.engine.live;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns fabric8 objects into {@link LiveObject}s: the STATUS and READY columns kubectl would print, a health badge,
 * the controller owner and a short detail. Pure functions, no cluster access.
 */
public final class LiveObjects {

    /** Container states that need the learner to change something (kubectl prints them as the pod's STATUS). */
    private static final Set<String> FAILING_REASONS = Set.of("ImagePullBackOff", "ErrImagePull", "ErrImageNeverPull",
            "InvalidImageName", "CrashLoopBackOff", "Error", "OOMKilled", "CreateContainerConfigError",
            "CreateContainerError", "RunContainerError", "ContainerCannotRun", "StartError", "Evicted",
            "DeadlineExceeded", "Failed", "ContainerStatusUnknown");

    private LiveObjects() {
    }

    /** The live view of any of the watched kinds; other kinds get their name, age and owner only. */
    public static LiveObject of(HasMetadata object) {
        Objects.requireNonNull(object, "object");
        LiveObject live;
        if (object instanceof Pod pod) {
            live = pod(pod);
        } else if (object instanceof Deployment d) {
            live = deployment(d);
        } else if (object instanceof ReplicaSet rs) {
            live = replicaSet(rs);
        } else if (object instanceof StatefulSet sts) {
            live = statefulSet(sts);
        } else if (object instanceof DaemonSet ds) {
            live = daemonSet(ds);
        } else if (object instanceof Job job) {
            live = job(job);
        } else if (object instanceof CronJob cj) {
            live = cronJob(cj);
        } else if (object instanceof Service svc) {
            live = service(svc);
        } else if (object instanceof ConfigMap cm) {
            live = configMap(cm);
        } else if (object instanceof Secret secret) {
            live = secret(secret);
        } else if (object instanceof PersistentVolumeClaim pvc) {
            live = claim(pvc);
        } else if (object instanceof Ingress ing) {
            live = ingress(ing);
        } else {
            live = base(object, "", Health.UNKNOWN, "", 0, "");
        }
        if (object.getMetadata() != null && object.getMetadata().getDeletionTimestamp() != null
                && !live.status().equals("Terminating") && !live.status().equals("Unknown")) {
            live = with(live, "Terminating", Health.PROGRESSING);
        }
        return live;
    }

    // ---- pods --------------------------------------------------------------------------------------------------

    static LiveObject pod(Pod pod) {
        PodStatus st = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        int total = spec.getContainers() == null ? 0 : spec.getContainers().size();
        String phase = blankTo(st.getPhase(), "Pending");
        String reason = blankTo(st.getReason(), phase);

        int restarts = 0;
        boolean initializing = false;
        List<ContainerStatus> inits = list(st.getInitContainerStatuses());
        int initCount = spec.getInitContainers() == null ? inits.size() : spec.getInitContainers().size();
        for (int i = 0; i < inits.size(); i++) {
            ContainerStatus cs = inits.get(i);
            restarts += restarts(cs);
            ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
            ContainerStateTerminated terminated = state.getTerminated();
            if (terminated != null && Objects.equals(terminated.getExitCode(), 0)) {
                continue;
            }
            if (terminated != null) {
                reason = "Init:" + terminatedReason(terminated);
            } else if (state.getWaiting() != null && !isBlank(state.getWaiting().getReason())
                    && !"PodInitializing".equals(state.getWaiting().getReason())) {
                reason = "Init:" + state.getWaiting().getReason();
            } else {
                reason = "Init:" + i + "/" + initCount;
            }
            initializing = true;
            break;
        }

        int ready = 0;
        boolean hasRunning = false;
        if (!initializing) {
            restarts = 0;
            List<ContainerStatus> containers = list(st.getContainerStatuses());
            for (int i = containers.size() - 1; i >= 0; i--) {
                ContainerStatus cs = containers.get(i);
                restarts += restarts(cs);
                ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
                if (state.getWaiting() != null && !isBlank(state.getWaiting().getReason())) {
                    reason = state.getWaiting().getReason();
                } else if (state.getTerminated() != null) {
                    reason = terminatedReason(state.getTerminated());
                } else if (state.getRunning() != null && Boolean.TRUE.equals(cs.getReady())) {
                    hasRunning = true;
                    ready++;
                }
            }
            if (reason.equals("Completed") && hasRunning) {
                reason = podReady(st) ? "Running" : "NotReady";
            }
        }

        Health health;
        String shown = reason;
        if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null) {
            shown = "NodeLost".equals(st.getReason()) ? "Unknown" : "Terminating";
            health = shown.equals("Unknown") ? Health.UNKNOWN : Health.PROGRESSING;
        } else if (reason.equals("Unknown") || phase.equals("Unknown")) {
            health = Health.UNKNOWN;
        } else if (failing(reason) || phase.equals("Failed")) {
            health = Health.FAILING;
        } else if (phase.equals("Succeeded") || reason.equals("Completed")) {
            health = Health.OK;
        } else if (phase.equals("Running") && reason.equals("Running") && total > 0 && ready == total) {
            health = Health.OK;
        } else if (phase.equals("Pending") && unschedulable(st)) {
            health = Health.FAILING;
        } else {
            health = Health.PROGRESSING;
        }

        List<String> detail = new ArrayList<>();
        String images = images(spec);
        if (!images.isEmpty()) {
            detail.add(images);
        }
        if (!isBlank(spec.getNodeName())) {
            detail.add("node " + spec.getNodeName());
        }
        if (health == Health.FAILING || health == Health.PROGRESSING) {
            waitingMessage(st).or(() -> unschedulableMessage(st)).ifPresent(detail::add);
        }
        return base(pod, shown, health, ready + "/" + total, restarts, String.join(" · ", detail));
    }

    private static boolean failing(String reason) {
        String r = reason.startsWith("Init:") ? reason.substring(5) : reason;
        return FAILING_REASONS.contains(r) || r.startsWith("ExitCode:") || r.startsWith("Signal:");
    }

    private static String terminatedReason(ContainerStateTerminated terminated) {
        if (!isBlank(terminated.getReason())) {
            return terminated.getReason();
        }
        if (terminated.getSignal() != null && terminated.getSignal() != 0) {
            return "Signal:" + terminated.getSignal();
        }
        return "ExitCode:" + (terminated.getExitCode() == null ? 0 : terminated.getExitCode());
    }

    private static int restarts(ContainerStatus cs) {
        return cs.getRestartCount() == null ? 0 : cs.getRestartCount();
    }

    private static boolean podReady(PodStatus st) {
        return list(st.getConditions()).stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean unschedulable(PodStatus st) {
        return unschedulableMessage(st).isPresent();
    }

    private static Optional<String> unschedulableMessage(PodStatus st) {
        for (PodCondition c : list(st.getConditions())) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())) {
                return Optional.of(blankTo(c.getMessage(), "cannot be scheduled"));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> waitingMessage(PodStatus st) {
        List<ContainerStatus> all = new ArrayList<>(list(st.getInitContainerStatuses()));
        all.addAll(list(st.getContainerStatuses()));
        for (ContainerStatus cs : all) {
            if (cs.getState() != null && cs.getState().getWaiting() != null && !isBlank(cs.getState().getWaiting().getMessage())) {
                return Optional.of(cs.getState().getWaiting().getMessage());
            }
        }
        return Optional.empty();
    }

    // ---- workloads ---------------------------------------------------------------------------------------------

    static LiveObject deployment(Deployment d) {
        var spec = d.getSpec();
        var st = d.getStatus();
        int desired = spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas();
        int ready = st == null ? 0 : zero(st.getReadyReplicas());
        int updated = st == null ? 0 : zero(st.getUpdatedReplicas());
        int available = st == null ? 0 : zero(st.getAvailableReplicas());
        int total = st == null ? 0 : zero(st.getReplicas());
        boolean observed = st == null || st.getObservedGeneration() == null || d.getMetadata().getGeneration() == null
                || st.getObservedGeneration() >= d.getMetadata().getGeneration();
        StringBuilder status = new StringBuilder(ready + "/" + desired + " ready");
        Health health;
        List<DeploymentCondition> conditions = st == null ? List.of() : list(st.getConditions());
        Optional<DeploymentCondition> deadline = conditions.stream()
                .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus())).findFirst();
        Optional<DeploymentCondition> replicaFailure = conditions.stream()
                .filter(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
        if (deadline.isPresent()) {
            status.append(", ").append(words(blankTo(deadline.get().getReason(), "not progressing")));
            health = Health.FAILING;
        } else if (replicaFailure.isPresent()) {
            status.append(", ").append(words(blankTo(replicaFailure.get().getReason(), "replica failure")));
            health = Health.FAILING;
        } else if (observed && ready >= desired && updated >= desired && available >= desired && total == desired) {
            health = Health.OK;
        } else {
            health = Health.PROGRESSING;
        }
        if (spec != null && Boolean.TRUE.equals(spec.getPaused())) {
            status.append(", paused");
        }
        return base(d, status.toString(), health, ready + "/" + desired, 0, images(spec == null ? null : spec.getTemplate()));
    }

    static LiveObject replicaSet(ReplicaSet rs) {
        var spec = rs.getSpec();
        var st = rs.getStatus();
        int desired = spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas();
        int ready = st == null ? 0 : zero(st.getReadyReplicas());
        int total = st == null ? 0 : zero(st.getReplicas());
        String status = ready + "/" + desired + " ready";
        Optional<ReplicaSetCondition> failure = st == null ? Optional.empty() : list(st.getConditions()).stream()
                .filter(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
        Health health;
        if (failure.isPresent()) {
            status += ", " + words(blankTo(failure.get().getReason(), "replica failure"));
            health = Health.FAILING;
        } else {
            health = ready >= desired && total == desired ? Health.OK : Health.PROGRESSING;
        }
        return base(rs, status, health, ready + "/" + desired, 0, images(spec == null ? null : spec.getTemplate()));
    }

    static LiveObject statefulSet(StatefulSet sts) {
        var spec = sts.getSpec();
        var st = sts.getStatus();
        int desired = spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas();
        int ready = st == null ? 0 : zero(st.getReadyReplicas());
        int total = st == null ? 0 : zero(st.getReplicas());
        Health health = ready >= desired && total == desired ? Health.OK : Health.PROGRESSING;
        return base(sts, ready + "/" + desired + " ready", health, ready + "/" + desired, 0,
                images(spec == null ? null : spec.getTemplate()));
    }

    static LiveObject daemonSet(DaemonSet ds) {
        var st = ds.getStatus();
        int desired = st == null ? 0 : zero(st.getDesiredNumberScheduled());
        int ready = st == null ? 0 : zero(st.getNumberReady());
        int misscheduled = st == null ? 0 : zero(st.getNumberMisscheduled());
        Health health = st != null && ready >= desired && misscheduled == 0 ? Health.OK : Health.PROGRESSING;
        return base(ds, ready + "/" + desired + " ready", health, ready + "/" + desired, 0,
                images(ds.getSpec() == null ? null : ds.getSpec().getTemplate()));
    }

    static LiveObject job(Job job) {
        var spec = job.getSpec();
        var st = job.getStatus();
        int completions = spec == null || spec.getCompletions() == null ? 1 : spec.getCompletions();
        int succeeded = st == null ? 0 : zero(st.getSucceeded());
        int active = st == null ? 0 : zero(st.getActive());
        List<JobCondition> conditions = st == null ? List.of() : list(st.getConditions());
        Optional<JobCondition> failed = condition(conditions, "Failed");
        String status;
        Health health;
        if (failed.isPresent()) {
            status = "Failed" + (isBlank(failed.get().getReason()) ? "" : ", " + words(failed.get().getReason()));
            health = Health.FAILING;
        } else if (condition(conditions, "Complete").isPresent()) {
            status = "Complete";
            health = Health.OK;
        } else if (condition(conditions, "FailureTarget").isPresent()) {
            status = "Failing";
            health = Health.FAILING;
        } else if (spec != null && Boolean.TRUE.equals(spec.getSuspend())) {
            status = "Suspended";
            health = Health.OK;
        } else {
            status = active > 0 ? "Running" : "Pending";
            health = Health.PROGRESSING;
        }
        return base(job, status, health, succeeded + "/" + completions, 0, images(spec == null ? null : spec.getTemplate()));
    }

    private static Optional<JobCondition> condition(List<JobCondition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    static LiveObject cronJob(CronJob cj) {
        var spec = cj.getSpec();
        String schedule = spec == null ? "" : blankTo(spec.getSchedule(), "");
        boolean suspended = spec != null && Boolean.TRUE.equals(spec.getSuspend());
        int active = cj.getStatus() == null ? 0 : list(cj.getStatus().getActive()).size();
        StringBuilder status = new StringBuilder(suspended ? "Suspended, " : "").append(schedule);
        if (active > 0) {
            status.append(", ").append(active).append(" active");
        }
        String images = "";
        if (spec != null && spec.getJobTemplate() != null && spec.getJobTemplate().getSpec() != null) {
            images = images(spec.getJobTemplate().getSpec().getTemplate());
        }
        return base(cj, status.toString(), Health.OK, "", 0, images);
    }

    // ---- networking, config, storage ---------------------------------------------------------------------------

    static LiveObject service(Service svc) {
        ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
        String type = blankTo(spec.getType(), "ClusterIP");
        List<String> parts = new ArrayList<>();
        parts.add(type);
        if (type.equals("ExternalName")) {
            parts.add(blankTo(spec.getExternalName(), "<none>"));
        } else {
            parts.add(blankTo(spec.getClusterIP(), "<none>"));
        }
        Health health = Health.OK;
        if (type.equals("LoadBalancer")) {
            List<LoadBalancerIngress> lb = svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null ? List.of()
                    : list(svc.getStatus().getLoadBalancer().getIngress());
            String external = lb.stream().map(i -> blankTo(i.getIp(), blankTo(i.getHostname(), ""))).filter(s -> !s.isEmpty())
                    .collect(Collectors.joining(","));
            parts.add(external.isEmpty() ? "<pending>" : external);
        }
        String ports = list(spec.getPorts()).stream().map(LiveObjects::port).collect(Collectors.joining(","));
        if (!ports.isEmpty()) {
            parts.add(ports);
        }
        String selector = spec.getSelector() == null ? "" : new TreeMap<>(spec.getSelector()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        return base(svc, String.join(" ", parts), health, "", 0, selector.isEmpty() ? "" : "selector " + selector);
    }

    private static String port(ServicePort p) {
        String protocol = blankTo(p.getProtocol(), "TCP");
        String text = String.valueOf(p.getPort());
        if (p.getNodePort() != null && p.getNodePort() > 0) {
            text += ":" + p.getNodePort();
        }
        return text + "/" + protocol;
    }

    static LiveObject configMap(ConfigMap cm) {
        List<String> keys = new ArrayList<>();
        if (cm.getData() != null) {
            keys.addAll(cm.getData().keySet());
        }
        if (cm.getBinaryData() != null) {
            keys.addAll(cm.getBinaryData().keySet());
        }
        keys.sort(null);
        String status = keys.size() == 1 ? "1 key" : keys.size() + " keys";
        return base(cm, status, Health.OK, "", 0, shorten(String.join(", ", keys)));
    }

    /** Name and type only: values (and the last-applied annotation, which holds them) are never read. */
    static LiveObject secret(Secret secret) {
        return base(secret, blankTo(secret.getType(), "Opaque"), Health.OK, "", 0, "");
    }

    static LiveObject claim(PersistentVolumeClaim pvc) {
        String phase = pvc.getStatus() == null ? "Pending" : blankTo(pvc.getStatus().getPhase(), "Pending");
        String size = "";
        if (pvc.getStatus() != null && pvc.getStatus().getCapacity() != null && pvc.getStatus().getCapacity().get("storage") != null) {
            size = quantity(pvc.getStatus().getCapacity().get("storage"));
        } else if (pvc.getSpec() != null && pvc.getSpec().getResources() != null && pvc.getSpec().getResources().getRequests() != null
                && pvc.getSpec().getResources().getRequests().get("storage") != null) {
            size = quantity(pvc.getSpec().getResources().getRequests().get("storage"));
        }
        Health health = switch (phase) {
            case "Bound" -> Health.OK;
            case "Lost" -> Health.FAILING;
            default -> Health.PROGRESSING;
        };
        List<String> detail = new ArrayList<>();
        if (pvc.getSpec() != null && !isBlank(pvc.getSpec().getStorageClassName())) {
            detail.add("storage class " + pvc.getSpec().getStorageClassName());
        }
        if (pvc.getSpec() != null && !isBlank(pvc.getSpec().getVolumeName())) {
            detail.add("volume " + pvc.getSpec().getVolumeName());
        }
        return base(pvc, (phase + " " + size).trim(), health, "", 0, String.join(" · ", detail));
    }

    static LiveObject ingress(Ingress ing) {
        List<String> hosts = ing.getSpec() == null ? List.of() : list(ing.getSpec().getRules()).stream()
                .map(IngressRule::getHost).map(h -> blankTo(h, "*")).distinct().toList();
        List<IngressLoadBalancerIngress> lb = ing.getStatus() == null || ing.getStatus().getLoadBalancer() == null ? List.of()
                : list(ing.getStatus().getLoadBalancer().getIngress());
        String address = lb.stream().map(i -> blankTo(i.getIp(), blankTo(i.getHostname(), ""))).filter(s -> !s.isEmpty())
                .collect(Collectors.joining(","));
        String status = (hosts.isEmpty() ? "*" : String.join(",", hosts)) + (address.isEmpty() ? "" : " " + address);
        String detail = ing.getSpec() == null || isBlank(ing.getSpec().getIngressClassName()) ? ""
                : "class " + ing.getSpec().getIngressClassName();
        return base(ing, status, Health.OK, "", 0, detail);
    }

    // ---- events -----------------------------------------------------------------------------------------------

    /** A core/v1 Event as the events list shows it; the time is the last time it was seen. */
    public static LiveEvent event(Event e) {
        ObjectReference involved = e.getInvolvedObject();
        String object = involved == null ? "" : (blankTo(involved.getKind(), "") + " " + blankTo(involved.getName(), "")).trim();
        int count = e.getCount() != null && e.getCount() > 0 ? e.getCount()
                : e.getSeries() != null && e.getSeries().getCount() != null ? e.getSeries().getCount() : 1;
        return new LiveEvent(blankTo(e.getType(), "Normal"), blankTo(e.getReason(), ""), object,
                blankTo(e.getMessage(), "").strip(), count, lastSeen(e));
    }

    static Instant lastSeen(Event e) {
        List<String> candidates = new ArrayList<>();
        candidates.add(e.getLastTimestamp());
        if (e.getSeries() != null && e.getSeries().getLastObservedTime() != null) {
            candidates.add(e.getSeries().getLastObservedTime().getTime());
        }
        if (e.getEventTime() != null) {
            candidates.add(e.getEventTime().getTime());
        }
        candidates.add(e.getFirstTimestamp());
        candidates.add(e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp());
        for (String candidate : candidates) {
            Instant t = instant(candidate);
            if (!t.equals(Instant.EPOCH)) {
                return t;
            }
        }
        return Instant.EPOCH;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static LiveObject base(HasMetadata o, String status, Health health, String ready, int restarts, String detail) {
        ObjectMeta m = o.getMetadata() == null ? new ObjectMeta() : o.getMetadata();
        return new LiveObject(blankTo(o.getKind(), o.getClass().getSimpleName()), o.getApiVersion(), m.getNamespace(),
                blankTo(m.getName(), ""), m.getUid(), status, health, ready, restarts, instant(m.getCreationTimestamp()),
                controller(m), detail);
    }

    private static LiveObject with(LiveObject o, String status, Health health) {
        return new LiveObject(o.kind(), o.apiVersion(), o.namespace(), o.name(), o.uid(), status, health, o.ready(),
                o.restarts(), o.created(), o.ownerUid(), o.detail());
    }

    private static Optional<String> controller(ObjectMeta m) {
        return list(m.getOwnerReferences()).stream().filter(r -> Boolean.TRUE.equals(r.getController()))
                .map(OwnerReference::getUid).filter(Objects::nonNull).findFirst();
    }

    private static String images(PodTemplateSpec template) {
        return template == null ? "" : images(template.getSpec());
    }

    private static String images(PodSpec spec) {
        if (spec == null || spec.getContainers() == null) {
            return "";
        }
        return spec.getContainers().stream().map(Container::getImage).filter(Objects::nonNull).distinct()
                .collect(Collectors.joining(", "));
    }

    private static String quantity(Quantity q) {
        return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
    }

    /** "ProgressDeadlineExceeded" → "progress deadline exceeded". */
    private static String words(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }

    /** Parses a Kubernetes timestamp; {@link Instant#EPOCH} when absent or unreadable. */
    static Instant instant(String timestamp) {
        if (isBlank(timestamp)) {
            return Instant.EPOCH;
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(timestamp, Instant::from);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static int zero(Integer value) {
        return value == null ? 0 : value;
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankTo(String s, String fallback) {
        return isBlank(s) ? fallback : s;
    }
}
