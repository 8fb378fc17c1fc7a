package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import orchlab.sim.admission.Quantities;
import orchlab.sim.admission.ResourceQuotas;
import orchlab.sim.admission.ImageReference;
import orchlab.sim.registry.ImageCatalog;
import orchlab.sim.registry.PodProcesses;
import orchlab.sim.registry.SimulatedProcess;
import orchlab.sim.api.Json;
import orchlab.sim.store.StoreEvent;

/**
 * The scheduler and kubelet of the sim, for one pod: Pending → scheduled on the sim node → ContainerCreating
 * (for {@code podStartDelay}) → Running → Ready (after the readiness/startup probes' {@code initialDelaySeconds});
 * images that cannot be pulled go to ErrImagePull then ImagePullBackOff; pods that do not restart
 * ({@code restartPolicy} Never/OnFailure) complete with exit code 0 after running for {@code podStartDelay}.
 * Pods waiting for a PersistentVolumeClaim stay Pending until it is bound.
 */
public final class PodLifecycle implements Reconciler {

    static final String NAME = "pod";
    private final SimContext ctx;

    private static final String CONFIG_WAITERS = "*waiting-for-config";

    /** What a Pod bound to a node takes of it (the scheduler's cache: kept from store events, never read back). */
    private record Bound(String node, BigDecimal cpu, BigDecimal memory) {
    }

    private final Map<String, Bound> bound = new ConcurrentHashMap<>();
    /** What the bound Pods take of each node, summed as they come and go (the filter reads it, never re-adds). */
    private final Map<String, Use> used = new ConcurrentHashMap<>();

    private record Use(long pods, BigDecimal cpu, BigDecimal memory) {
        Use plus(Use other) {
            return new Use(pods + other.pods, cpu.add(other.cpu), memory.add(other.memory));
        }

        static Use of(Bound b, int sign) {
            return new Use(sign, sign > 0 ? b.cpu() : b.cpu().negate(), sign > 0 ? b.memory() : b.memory().negate());
        }
    }
    /** Pods the node had no room for: the scheduler tries them again when a bound Pod goes away. */
    private final Set<ControllerManager.Key> waitingForRoom = ConcurrentHashMap.newKeySet();

    public PodLifecycle(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        if (event.kind().equals("Pod") && !event.type().equals("DELETED")) {
            enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), event.name()));
        }
        if (event.kind().equals("Pod") && event.type().equals("DELETED")) {
            ctx.forget(Json.uid(event.object()));
            String gone = Json.uid(event.object()) + "/";
            readinessRuns.keySet().removeIf(k -> k.startsWith(gone));
        }
        if (event.kind().equals("Pod")) {
            track(event.object(), event.type().equals("DELETED"), enqueue);
        }
        if (event.kind().equals("Node") && event.type().equals("MODIFIED")) {
            // uncordoned or untainted: the scheduler tries its pending Pods again
            ctx.list(ctx.pods, null, p -> !p.path("spec").hasNonNull("nodeName"))
                    .forEach(p -> enqueue.accept(new ControllerManager.Key(NAME, Json.namespace(p), Json.name(p))));
        }
        if ((event.kind().equals("ConfigMap") || event.kind().equals("Secret")) && !event.type().equals("DELETED")) {
            // pods waiting in CreateContainerConfigError look again (the kubelet retries them)
            enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), CONFIG_WAITERS));
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        ctx.list(ctx.pods, null, p -> true).forEach(p -> {
            track(p, false, enqueue);
            enqueue.accept(new ControllerManager.Key(NAME, Json.namespace(p), Json.name(p)));
        });
    }

    /** Keeps the scheduler's cache of bound Pods; a Pod that leaves its node lets waiting Pods try again. */
    private void track(ObjectNode pod, boolean deleted, Consumer<ControllerManager.Key> enqueue) {
        String uid = Json.uid(pod);
        String node = pod.path("spec").path("nodeName").asText("");
        String phase = pod.path("status").path("phase").asText("Pending");
        boolean holds = !deleted && !node.isEmpty() && !phase.equals("Succeeded") && !phase.equals("Failed");
        if (holds) {
            if (!bound.containsKey(uid)) {
                Map<String, Quantities> requests = ResourceQuotas.podTotals(pod.path("spec"), "requests");
                Bound b = new Bound(node, requests.getOrDefault("cpu", Quantities.ZERO).value(),
                        requests.getOrDefault("memory", Quantities.ZERO).value());
                if (bound.putIfAbsent(uid, b) == null) {
                    used.merge(node, Use.of(b, 1), Use::plus);
                }
            }
        } else {
            Bound gone = bound.remove(uid);
            if (gone != null) {
                used.merge(gone.node(), Use.of(gone, -1), Use::plus);
                if (!waitingForRoom.isEmpty()) {
                    waitingForRoom.forEach(enqueue);
                    waitingForRoom.clear();
                }
            }
        }
    }

    /**
     * The NodeResourcesFit filter: the node's {@code allocatable} pods, cpu and memory against what the Pods bound
     * to it request, in the scheduler's words ({@code Too many pods}, {@code Insufficient cpu}).
     */
    private List<String> insufficient(JsonNode node, JsonNode pod) {
        String name = Json.name(node);
        JsonNode allocatable = node.path("status").path("allocatable");
        Use use = used.getOrDefault(name, new Use(0, BigDecimal.ZERO, BigDecimal.ZERO));
        long pods = use.pods();
        BigDecimal cpu = use.cpu();
        BigDecimal memory = use.memory();
        List<String> reasons = new ArrayList<>();
        if (allocatable.has("pods") && pods + 1 > Quantities.parse(allocatable.get("pods")).value().longValue()) {
            reasons.add("Too many pods");
        }
        Map<String, Quantities> requests = ResourceQuotas.podTotals(pod.path("spec"), "requests");
        Quantities wantsCpu = requests.getOrDefault("cpu", Quantities.ZERO);
        if (!wantsCpu.isZero() && allocatable.has("cpu")
                && cpu.add(wantsCpu.value()).compareTo(Quantities.parse(allocatable.get("cpu")).value()) > 0) {
            reasons.add("Insufficient cpu");
        }
        Quantities wantsMemory = requests.getOrDefault("memory", Quantities.ZERO);
        if (!wantsMemory.isZero() && allocatable.has("memory")
                && memory.add(wantsMemory.value()).compareTo(Quantities.parse(allocatable.get("memory")).value()) > 0) {
            reasons.add("Insufficient memory");
        }
        java.util.Collections.sort(reasons);
        return reasons;
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        if (key.name().equals(CONFIG_WAITERS)) {
            for (ObjectNode waiting : ctx.list(ctx.pods, key.namespace(), PodLifecycle::waitsForConfig)) {
                reconcile(new ControllerManager.Key(NAME, key.namespace(), Json.name(waiting)));
            }
            return;
        }
        Optional<ObjectNode> found = ctx.get(ctx.pods, key.namespace(), key.name());
        if (found.isEmpty() || found.get().path("metadata").hasNonNull("deletionTimestamp")) {
            return;
        }
        ObjectNode pod = found.get();
        String phase = pod.path("status").path("phase").asText("Pending");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return;
        }
        if (!pod.path("spec").hasNonNull("nodeName") || pod.path("spec").path("nodeName").asText().isEmpty()) {
            schedule(pod);
            return;
        }
        ObjectNode status = SimContext.statusOf(pod);
        String uid = Json.uid(pod);
        Optional<String> missingClaim = unboundClaim(pod);
        if (missingClaim.isPresent()) {
            if (!missingClaim.get().equals(Json.text(conditionOf(status, "PodScheduled"), "message"))) {
                ctx.events.warning(pod, "FailedScheduling", missingClaim.get(), "default-scheduler");
            }
            SimContext.setCondition(status, "PodScheduled", "False", "Unschedulable", missingClaim.get(), ctx.timestamp());
            ctx.writeStatus(ctx.pods, pod, status);
            return;
        }
        if (!status.has("startTime")) {
            start(pod, status);
            return;
        }
        if (status.path("containerStatuses").size() > 0 && imagePullProblem(pod, status)) {
            return;
        }
        Instant created = ctx.marked(uid + "/creating").orElse(parse(status.path("startTime").asText()));
        Instant runningAt = created.plus(ctx.podStartDelay());
        if (!isRunning(status)) {
            if (ctx.now().isBefore(runningAt)) {
                ctx.manager.enqueueAfter(key, Duration.between(ctx.now(), runningAt));
                return;
            }
            Optional<String> configProblem = missingConfig(pod);
            if (configProblem.isPresent()) {
                configError(pod, status, configProblem.get());
                return;
            }
            if (initializing(pod, status, key)) {
                return;
            }
            run(pod, status);
            return;
        }
        ephemeralContainers(pod, status);
        containers(pod, status, key);
    }

    /**
     * Ephemeral containers ({@code kubectl debug POD --image}) start as soon as they are added — pulled like any image;
     * a process that ends at once (a shell without stdin) is terminated at once — and end when the shell a learner
     * attached to exits. They are never restarted.
     */
    private void ephemeralContainers(ObjectNode pod, ObjectNode status) {
        JsonNode specs = pod.path("spec").path("ephemeralContainers");
        if (!specs.isArray() || specs.isEmpty()) {
            return;
        }
        com.fasterxml.jackson.databind.node.ArrayNode statuses = status.withArray("ephemeralContainerStatuses");
        for (JsonNode spec : specs) {
            String name = spec.path("name").asText();
            ObjectNode cs = null;
            for (JsonNode s : statuses) {
                if (s.path("name").asText().equals(name)) {
                    cs = (ObjectNode) s;
                }
            }
            String mark = containerMark(pod, name);
            if (cs == null) {
                cs = statuses.addObject();
                cs.put("name", name);
                cs.put("image", spec.path("image").asText());
                cs.put("imageID", "");
                cs.put("ready", false);
                cs.put("restartCount", 0);
                Optional<String> problem = pullError(spec.path("image").asText());
                if (problem.isPresent()) {
                    ObjectNode waiting = cs.putObject("state").putObject("waiting");
                    waiting.put("reason", "ErrImagePull");
                    waiting.put("message", problem.get());
                    ctx.events.warning(pod, "Failed", "Failed to pull image \"" + spec.path("image").asText() + "\": " + problem.get(), "kubelet");
                    continue;
                }
                cs.put("containerID", "simulated://" + Json.uid(pod).substring(0, 8) + "-" + name);
                Instant now = ctx.now();
                SimulatedProcess.State run = process(pod, spec).at(now, Duration.ZERO);
                ctx.events.normal(pod, "Pulled", "Container image \"" + spec.path("image").asText() + "\" already present on machine", "kubelet");
                ctx.events.normal(pod, "Created", "Created container " + name, "kubelet");
                ctx.events.normal(pod, "Started", "Started container " + name + " (simulated)", "kubelet");
                if (run.exited() && run.exitedAfter().isZero()) {
                    ObjectNode terminated = cs.putObject("state").putObject("terminated");
                    terminated.put("exitCode", run.exitCode());
                    terminated.put("reason", run.exitCode() == 0 ? "Completed" : "Error");
                    terminated.put("startedAt", ctx.timestamp());
                    terminated.put("finishedAt", ctx.timestamp());
                } else {
                    cs.putObject("state").putObject("running").put("startedAt", ctx.timestamp());
                    ctx.mark(mark);
                }
                continue;
            }
            Optional<Integer> attachedExit = cs.path("state").has("running") ? ctx.takeAttachedExit(mark) : Optional.empty();
            if (attachedExit.isPresent()) {
                String startedAt = cs.path("state").path("running").path("startedAt").asText(ctx.timestamp());
                ObjectNode terminated = cs.putObject("state").putObject("terminated");
                terminated.put("exitCode", attachedExit.get());
                terminated.put("reason", attachedExit.get() == 0 ? "Completed" : "Error");
                terminated.put("startedAt", startedAt);
                terminated.put("finishedAt", ctx.timestamp());
            }
        }
    }

    // ---- running containers: their simulated process, probes, exits, restarts with back-off ----

    private static final Duration BACK_OFF_START = Duration.ofSeconds(10);
    private static final Duration BACK_OFF_MAX = Duration.ofMinutes(5);

    private static String containerMark(JsonNode pod, String container) {
        return Json.uid(pod) + "/container/" + container;
    }

    SimulatedProcess process(ObjectNode pod, JsonNode container) {
        return PodProcesses.of(ctx.images, pod, container, (kind, name) -> ctx.get(kind.equals("Secret") ? secrets() : ctx.configMaps,
                Json.namespace(pod), name), ctx.podStartDelay());
    }

    /** One step of every container of a running pod: exits, liveness kills, restarts after back-off, readiness. */
    private void containers(ObjectNode pod, ObjectNode status, ControllerManager.Key key) {
        String policy = pod.path("spec").path("restartPolicy").asText("Always");
        Instant now = ctx.now();
        Instant next = null;
        boolean changed = false;
        for (JsonNode node : status.path("containerStatuses")) {
            ObjectNode cs = (ObjectNode) node;
            String name = cs.path("name").asText();
            JsonNode spec = containerSpec(pod, name);
            if (spec == null) {
                continue;
            }
            String mark = containerMark(pod, name);
            JsonNode state = cs.path("state");
            if (state.has("running")) {
                Instant started = ctx.marked(mark).orElse(parse(state.path("running").path("startedAt").asText()));
                SimulatedProcess process = process(pod, spec);
                SimulatedProcess.State run = process.at(started, Duration.between(started, now));
                Instant exitAt = run.exited() ? started.plus(run.exitedAfter()) : null;
                Optional<Integer> attachedExit = ctx.takeAttachedExit(mark);
                if (attachedExit.isPresent() && exitAt == null) {
                    int code = attachedExit.get();
                    terminate(pod, cs, code, code == 0 ? "Completed" : "Error", started, now, policy);
                    changed = true;
                    continue;
                }
                Optional<Kill> kill = kill(pod, spec, process, started);
                if (kill.isPresent() && (exitAt == null || kill.get().at().isBefore(exitAt))) {
                    if (!now.isBefore(kill.get().at())) {
                        ctx.events.warning(pod, "Unhealthy", kill.get().probe() + " probe failed: " + kill.get().message(), "kubelet");
                        ctx.events.normal(pod, "Killing", "Container " + name + " failed " + kill.get().probe().toLowerCase(java.util.Locale.ROOT)
                                + " probe, will be restarted", "kubelet");
                        terminate(pod, cs, 137, "Error", started, kill.get().at(), policy.equals("Never") ? "Never" : "Always");
                        changed = true;
                        continue;
                    }
                    next = earliest(next, kill.get().at());
                }
                if (exitAt != null) {
                    terminate(pod, cs, run.exitCode(), run.exitCode() == 0 ? "Completed" : "Error", started, exitAt, policy);
                    changed = true;
                    continue;
                }
                if (process.exitsAfter().isPresent()) {
                    next = earliest(next, started.plus(process.exitsAfter().get()));
                }
                Instant readyAt = started.plusSeconds(Math.max(spec.path("readinessProbe").path("initialDelaySeconds").asLong(0),
                        spec.path("startupProbe").path("initialDelaySeconds").asLong(0)));
                boolean ready = false;
                if (now.isBefore(readyAt)) {
                    next = earliest(next, readyAt);
                } else if (!spec.has("readinessProbe")) {
                    ready = true;
                } else {
                    Readiness probed = readiness(pod, cs, spec, process, mark, started, readyAt, now);
                    ready = probed.ready();
                    if (probed.next() != null) {
                        next = earliest(next, probed.next());
                    }
                }
                if (cs.path("ready").asBoolean() != ready) {
                    cs.put("ready", ready);
                    changed = true;
                }
            } else if (state.path("waiting").path("reason").asText().equals("CrashLoopBackOff")) {
                Instant restartAt = ctx.marked(mark + "/restart").orElse(now);
                if (!now.isBefore(restartAt)) {
                    restart(pod, cs);
                    changed = true;
                } else {
                    next = earliest(next, restartAt);
                }
            }
        }
        phase(pod, status);
        ctx.writeStatus(ctx.pods, pod, status);
        if (changed) {
            ctx.manager.enqueue(key);
        } else if (next != null) {
            ctx.manager.enqueueAfter(key, Duration.between(now, next));
        }
    }

    /** A container's readiness after its latest probe, and when the next probe is due (null: none scheduled). */
    private record Readiness(boolean ready, Instant next) {
    }

    /**
     * The readiness worker of one container run: its probe's results in a row and whether the container is ready. The
     * result starts as failure (not ready) and flips only after {@code successThreshold} successes or
     * {@code failureThreshold} failures in a row.
     */
    private record ProbeRun(Instant started, Instant lastProbe, boolean lastPassed, int inARow, boolean ready) {
    }

    /** Container mark → its readiness worker; a restart or the Pod's deletion ends it. */
    private final Map<String, ProbeRun> readinessRuns = new ConcurrentHashMap<>();

    /** Most probes one reconcile catches up on after the clock jumped (the kubelet's event spam filter lets 25 through). */
    private static final int CATCH_UP = 25;

    /**
     * Runs the readiness probe of a running container as the kubelet's probe worker does
     * (pkg/kubelet/prober/worker.go {@code doProbe}, prober.go {@code probe}): nothing before {@code initialDelaySeconds},
     * then one probe every {@code periodSeconds} (default 10) from then on. Every failed probe records a Warning
     * {@code Unhealthy} "Readiness probe failed: ..." event on the container — the event recorder aggregates repeats
     * into one event whose {@code count} and {@code lastTimestamp} grow (client-go tools/record/events_cache.go) — and
     * the container's {@code ready} changes only after {@code successThreshold} (default 1) successes or
     * {@code failureThreshold} (default 3) failures in a row; it starts not ready. A probe that passes is not repeated
     * until the Pod is reconciled again (the simulated process does not change by itself); one that fails is, each period.
     */
    private Readiness readiness(ObjectNode pod, ObjectNode cs, JsonNode spec, SimulatedProcess process, String mark,
            Instant started, Instant firstProbe, Instant now) {
        JsonNode probe = spec.path("readinessProbe");
        long period = Math.max(1, probe.path("periodSeconds").asLong(10));
        int failureThreshold = (int) Math.max(1, probe.path("failureThreshold").asLong(3));
        int successThreshold = (int) Math.max(1, probe.path("successThreshold").asLong(1));
        long tick = Duration.between(firstProbe, now).getSeconds() / period;
        Instant due = firstProbe.plusSeconds(tick * period);
        ProbeRun run = readinessRuns.get(mark);
        if (run == null || !run.started().equals(started)) {
            run = new ProbeRun(started, null, false, 0, false);
        }
        if (run.lastProbe() == null || due.isAfter(run.lastProbe())) {
            long probes = run.lastProbe() == null ? 1
                    : Math.min(CATCH_UP, Duration.between(run.lastProbe(), due).getSeconds() / period);
            Optional<String> failure = probeFailure(pod, spec, process, probe);
            boolean passed = failure.isEmpty();
            int inARow = passed == run.lastPassed() && run.lastProbe() != null ? run.inARow() : 0;
            boolean ready = run.ready();
            for (long i = probes - 1; i >= 0; i--) {
                Instant at = due.minusSeconds(i * period);
                inARow++;
                if (!passed) {
                    ctx.events.containerEvent(pod, cs.path("name").asText(), "Warning", "Unhealthy",
                            "Readiness probe failed: " + failure.get(), "kubelet", at);
                }
                if (passed && inARow >= successThreshold) {
                    ready = true;
                } else if (!passed && inARow >= failureThreshold) {
                    ready = false;
                }
            }
            run = new ProbeRun(started, due, passed, inARow, ready);
            readinessRuns.put(mark, run);
        }
        boolean settled = run.lastPassed() && run.ready();
        return new Readiness(run.ready(), settled ? null : due.plusSeconds(period));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static JsonNode containerSpec(JsonNode pod, String name) {
        for (JsonNode c : pod.path("spec").path("containers")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private record Kill(Instant at, String probe, String message) {
    }

    /** When a failing startup or liveness probe gets the container killed: after failureThreshold failed probes. */
    private Optional<Kill> kill(ObjectNode pod, JsonNode spec, SimulatedProcess process, Instant started) {
        for (String kind : List.of("startupProbe", "livenessProbe")) {
            JsonNode probe = spec.path(kind);
            if (!probe.isObject()) {
                continue;
            }
            Optional<String> failure = probeFailure(pod, spec, process, probe);
            if (failure.isPresent()) {
                long seconds = probe.path("initialDelaySeconds").asLong(0)
                        + probe.path("periodSeconds").asLong(10) * Math.max(0, probe.path("failureThreshold").asLong(3) - 1);
                return Optional.of(new Kill(started.plusSeconds(seconds), kind.equals("startupProbe") ? "Startup" : "Liveness", failure.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Why a probe fails against the simulated process, with the kubelet's message, or empty when it succeeds. A process
     * the sim does not simulate passes every probe (the sim cannot know better).
     */
    Optional<String> probeFailure(ObjectNode pod, JsonNode container, SimulatedProcess process, JsonNode probe) {
        String ip = pod.path("status").path("podIP").asText("");
        if (probe.has("exec")) {
            ObjectNode command = Json.object();
            command.set("command", probe.path("exec").path("command").deepCopy());
            command.put("image", container.path("image").asText());
            command.set("env", container.path("env").deepCopy());
            command.set("envFrom", container.path("envFrom").deepCopy());
            ObjectNode asJob = pod.deepCopy();
            Json.with(asJob, "spec").put("restartPolicy", "Never");
            SimulatedProcess exec = PodProcesses.of(ctx.images, asJob, command,
                    (kind, name) -> ctx.get(kind.equals("Secret") ? secrets() : ctx.configMaps, Json.namespace(pod), name), Duration.ZERO);
            SimulatedProcess.State result = exec.at(ctx.now(), Duration.ofSeconds(probe.path("timeoutSeconds").asLong(1)));
            if (!result.exited()) {
                return Optional.of("command timed out");
            }
            return result.exitCode() == 0 ? Optional.empty() : Optional.of(String.join("\n", result.output()));
        }
        JsonNode action = probe.has("httpGet") ? probe.path("httpGet") : probe.path("tcpSocket");
        if (!action.isObject() || !process.known()) {
            return Optional.empty();
        }
        JsonNode portRef = action.path("port");
        int port = portRef.canConvertToInt() ? portRef.asInt() : -1;
        if (port < 0) {
            for (JsonNode p : container.path("ports")) {
                if (p.path("name").asText().equals(portRef.asText())) {
                    port = p.path("containerPort").asInt();
                }
            }
            if (port < 0) {
                return Optional.of("couldn't find port: " + portRef.asText() + " in container \"" + container.path("name").asText() + "\"");
            }
        }
        String host = action.path("host").asText(ip);
        boolean listening = process.serving() && process.ports().contains(port);
        if (!listening && host.equals(ip)) {
            // the containers of a Pod share one network namespace: the kubelet dials the Pod's IP, so whichever running
            // container listens on the port answers (pkg/kubelet/prober/prober.go runProbe: host defaults to status.PodIP)
            Optional<SimulatedProcess> neighbour = neighbourServing(pod, container.path("name").asText(), port);
            if (neighbour.isPresent()) {
                process = neighbour.get();
                listening = true;
            }
        }
        if (probe.has("httpGet")) {
            String path = action.path("path").asText("/");
            String url = action.path("scheme").asText("HTTP").toLowerCase(java.util.Locale.ROOT) + "://" + host + ":" + port + path;
            if (!listening) {
                return Optional.of("Get \"" + url + "\": dial tcp " + host + ":" + port + ": connect: connection refused");
            }
            Optional<orchlab.sim.registry.ImageInfo.Route> route = process.http(path);
            if (route.isPresent() && (route.get().status() < 200 || route.get().status() >= 400)) {
                return Optional.of("HTTP probe failed with statuscode: " + route.get().status());
            }
            return Optional.empty();
        }
        return listening ? Optional.empty() : Optional.of("dial tcp " + host + ":" + port + ": connect: connection refused");
    }

    /** The process of another running container of the Pod that serves on {@code port}, if any. */
    private Optional<SimulatedProcess> neighbourServing(ObjectNode pod, String self, int port) {
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            String name = cs.path("name").asText();
            JsonNode spec = containerSpec(pod, name);
            if (name.equals(self) || spec == null || !cs.path("state").has("running")) {
                continue;
            }
            SimulatedProcess other = process(pod, spec);
            if (other.known() && other.serving() && other.ports().contains(port)) {
                return Optional.of(other);
            }
        }
        return Optional.empty();
    }

    /** The container's process ended: terminated for good, or (by restart policy) restarted after the kubelet's back-off. */
    private void terminate(ObjectNode pod, ObjectNode cs, int exitCode, String reason, Instant started, Instant finished, String policy) {
        ObjectNode terminated = Json.object();
        terminated.put("exitCode", exitCode);
        terminated.put("reason", reason);
        terminated.put("startedAt", started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        terminated.put("finishedAt", finished.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        terminated.put("containerID", cs.path("containerID").asText());
        cs.put("ready", false);
        cs.put("started", false);
        String name = cs.path("name").asText();
        boolean restart = policy.equals("Always") || policy.equals("OnFailure") && exitCode != 0;
        if (!restart) {
            cs.putObject("state").set("terminated", terminated);
            return;
        }
        cs.putObject("lastState").set("terminated", terminated);
        int restarts = cs.path("restartCount").asInt(0);
        Duration delay = restarts == 0 ? Duration.ZERO : BACK_OFF_START.multipliedBy(1L << Math.min(restarts - 1, 10));
        delay = delay.compareTo(BACK_OFF_MAX) > 0 ? BACK_OFF_MAX : delay;
        Instant restartAt = finished.plus(delay);
        if (!ctx.now().isBefore(restartAt)) {
            restart(pod, cs);
            return;
        }
        ctx.marks(containerMark(pod, name) + "/restart", restartAt);
        String podRef = Json.name(pod) + "_" + Json.namespace(pod) + "(" + Json.uid(pod) + ")";
        ObjectNode waiting = cs.putObject("state").putObject("waiting");
        waiting.put("reason", "CrashLoopBackOff");
        waiting.put("message", "back-off " + seconds(delay) + " restarting failed container=" + name + " pod=" + podRef);
        ctx.events.warning(pod, "BackOff", "Back-off restarting failed container " + name + " in pod " + podRef, "kubelet");
    }

    private static String seconds(Duration d) {
        return d.toMinutes() >= 1 && d.toSecondsPart() == 0 ? d.toMinutes() + "m0s" : d.toSeconds() + "s";
    }

    private void restart(ObjectNode pod, ObjectNode cs) {
        String name = cs.path("name").asText();
        cs.put("restartCount", cs.path("restartCount").asInt(0) + 1);
        cs.put("started", true);
        cs.put("ready", false);
        cs.put("containerID", "simulated://" + Json.uid(pod).substring(0, 8) + "-" + name + "-" + cs.path("restartCount").asInt());
        cs.putObject("state").putObject("running").put("startedAt", ctx.timestamp());
        ctx.mark(containerMark(pod, name));
        readinessRuns.remove(containerMark(pod, name));
        ctx.events.normal(pod, "Pulled", "Container image \"" + cs.path("image").asText() + "\" already present on machine", "kubelet");
        ctx.events.normal(pod, "Created", "Created container " + name, "kubelet");
        ctx.events.normal(pod, "Started", "Started container " + name + " (simulated)", "kubelet");
    }

    /** Phase and conditions from the containers: all terminated → Succeeded (all 0) or Failed; else Running. */
    private void phase(ObjectNode pod, ObjectNode status) {
        String now = ctx.timestamp();
        boolean allTerminated = true;
        boolean allZero = true;
        boolean allReady = true;
        for (JsonNode cs : status.path("containerStatuses")) {
            JsonNode terminated = cs.path("state").path("terminated");
            allTerminated &= terminated.isObject();
            allZero &= !terminated.isObject() || terminated.path("exitCode").asInt() == 0;
            allReady &= cs.path("ready").asBoolean(false);
        }
        if (allTerminated && status.path("containerStatuses").size() > 0) {
            String reason = allZero ? "PodCompleted" : "PodFailed";
            status.put("phase", allZero ? "Succeeded" : "Failed");
            SimContext.setCondition(status, "Ready", "False", reason, null, now);
            SimContext.setCondition(status, "ContainersReady", "False", reason, null, now);
            SimContext.setCondition(status, "PodReadyToStartContainers", "False", null, null, now);
            return;
        }
        if (allReady) {
            SimContext.setCondition(status, "ContainersReady", "True", null, null, now);
            SimContext.setCondition(status, "Ready", "True", null, null, now);
            for (JsonNode c : status.path("conditions")) {
                if (c.path("status").asText().equals("True")) {
                    ((ObjectNode) c).remove(java.util.List.of("reason", "message"));
                }
            }
        } else {
            List<String> unready = new ArrayList<>();
            status.path("containerStatuses").forEach(cs -> {
                if (!cs.path("ready").asBoolean(false)) {
                    unready.add(cs.path("name").asText());
                }
            });
            String message = "containers with unready status: [" + String.join(" ", unready) + "]";
            SimContext.setCondition(status, "ContainersReady", "False", "ContainersNotReady", message, now);
            SimContext.setCondition(status, "Ready", "False", "ContainersNotReady", message, now);
        }
    }

    /**
     * Why the scheduler's filters put the one node out of reach of this Pod, in the scheduler's words: cordoned
     * ({@code spec.unschedulable}, unless the Pod tolerates {@code node.kubernetes.io/unschedulable}) or a
     * {@code NoSchedule}/{@code NoExecute} taint the Pod does not tolerate.
     */
    static Optional<String> whyNot(JsonNode node, JsonNode pod) {
        JsonNode tolerations = pod.path("spec").path("tolerations");
        boolean daemon = false; // the DaemonSet controller gives its Pods a toleration for cordoned nodes
        for (JsonNode owner : pod.path("metadata").path("ownerReferences")) {
            daemon |= owner.path("kind").asText().equals("DaemonSet");
        }
        if (node.path("spec").path("unschedulable").asBoolean(false) && !daemon
                && !tolerated(tolerations, "node.kubernetes.io/unschedulable", "", "NoSchedule")) {
            return Optional.of("1 node(s) were unschedulable");
        }
        for (JsonNode taint : node.path("spec").path("taints")) {
            String effect = taint.path("effect").asText();
            if ((effect.equals("NoSchedule") || effect.equals("NoExecute"))
                    && !tolerated(tolerations, taint.path("key").asText(), taint.path("value").asText(""), effect)) {
                String value = taint.path("value").asText("");
                return Optional.of("1 node(s) had untolerated taint {" + taint.path("key").asText()
                        + (value.isEmpty() ? "" : ": " + value) + "}");
            }
        }
        return Optional.empty();
    }

    /** Kubernetes' ToleratesTaint: key (empty with Exists matches all), operator Equal/Exists, effect (empty = all). */
    static boolean tolerated(JsonNode tolerations, String key, String value, String effect) {
        for (JsonNode t : tolerations) {
            String tEffect = t.path("effect").asText("");
            if (!tEffect.isEmpty() && !tEffect.equals(effect)) {
                continue;
            }
            String tKey = t.path("key").asText("");
            String operator = t.path("operator").asText("Equal");
            if (!tKey.isEmpty() && !tKey.equals(key)) {
                continue;
            }
            if (operator.equals("Exists") || (operator.equals("Equal") && t.path("value").asText("").equals(value))) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode conditionOf(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        return Json.object();
    }

    private void schedule(ObjectNode pod) {
        Optional<ObjectNode> node = ctx.get(ctx.nodes, null, SimContext.NODE_NAME);
        Optional<String> unschedulable = node.flatMap(n -> whyNot(n, pod))
                .map(why -> "0/1 nodes are available: " + why
                        + ". preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
        if (unschedulable.isEmpty() && node.isPresent()) {
            List<String> reasons = insufficient(node.get(), pod);
            if (!reasons.isEmpty()) {
                // every Pod has the same priority here, so preemption finds no victims
                unschedulable = Optional.of("0/1 nodes are available: "
                        + reasons.stream().map(r -> "1 " + r).collect(java.util.stream.Collectors.joining(", "))
                        + ". preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..");
                waitingForRoom.add(new ControllerManager.Key(NAME, Json.namespace(pod), Json.name(pod)));
            }
        }
        if (unschedulable.isPresent()) {
            String message = unschedulable.get();
            ObjectNode status = SimContext.statusOf(pod);
            if (!message.equals(Json.text(conditionOf(status, "PodScheduled"), "message"))) {
                ctx.events.warning(pod, "FailedScheduling", message, "default-scheduler");
                status.put("phase", "Pending");
                SimContext.setCondition(status, "PodScheduled", "False", "Unschedulable", message, ctx.timestamp());
                ctx.writeStatus(ctx.pods, pod, status);
            }
            return;
        }
        ObjectNode copy = pod.deepCopy();
        Json.with(copy, "spec").put("nodeName", SimContext.NODE_NAME);
        ObjectNode status = Json.with(copy, "status");
        status.put("phase", "Pending");
        SimContext.setCondition(status, "PodScheduled", "True", null, null, ctx.timestamp());
        ctx.store.update(ctx.pods, copy);
        ctx.events.normal(pod, "Scheduled", "Successfully assigned " + Json.namespace(pod) + "/" + Json.name(pod)
                + " to " + SimContext.NODE_NAME, "default-scheduler");
    }

    private Optional<String> unboundClaim(ObjectNode pod) {
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            String claim = volume.path("persistentVolumeClaim").path("claimName").asText("");
            if (claim.isEmpty()) {
                continue;
            }
            Optional<ObjectNode> pvc = ctx.get(ctx.pvcs, Json.namespace(pod), claim);
            String preemption = " preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";
            if (pvc.isEmpty()) {
                return Optional.of("0/1 nodes are available: persistentvolumeclaim \"" + claim + "\" not found." + preemption);
            }
            if (!"Bound".equals(pvc.get().path("status").path("phase").asText())) {
                return Optional.of("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims." + preemption);
            }
        }
        return Optional.empty();
    }

    private void start(ObjectNode pod, ObjectNode status) {
        String now = ctx.timestamp();
        status.put("phase", "Pending");
        status.put("hostIP", SimContext.NODE_IP);
        status.putArray("hostIPs").addObject().put("ip", SimContext.NODE_IP);
        status.put("startTime", now);
        SimContext.setCondition(status, "PodReadyToStartContainers", "False", null, null, now);
        boolean hasInit = pod.path("spec").path("initContainers").size() > 0;
        if (hasInit) {
            List<String> names = new ArrayList<>();
            ArrayNode inits = status.putArray("initContainerStatuses");
            for (JsonNode c : pod.path("spec").path("initContainers")) {
                names.add(c.path("name").asText());
                ObjectNode s = inits.addObject();
                s.put("name", c.path("name").asText());
                s.put("image", c.path("image").asText());
                s.put("imageID", "");
                s.put("ready", false);
                s.put("restartCount", 0);
                s.put("started", false);
                s.putObject("state").putObject("waiting").put("reason", "PodInitializing");
            }
            SimContext.setCondition(status, "Initialized", "False", "ContainersNotInitialized",
                    "containers with incomplete status: [" + String.join(" ", names) + "]", now);
        } else {
            SimContext.setCondition(status, "Initialized", "True", null, null, now);
        }
        SimContext.setCondition(status, "Ready", "False", "ContainersNotReady", "containers with unready status: "
                + containerNames(pod), now);
        SimContext.setCondition(status, "ContainersReady", "False", "ContainersNotReady", "containers with unready status: "
                + containerNames(pod), now);
        SimContext.setCondition(status, "PodScheduled", "True", null, null, now);
        ArrayNode statuses = status.putArray("containerStatuses");
        boolean pullProblem = false;
        for (JsonNode c : pod.path("spec").path("containers")) {
            ObjectNode s = statuses.addObject();
            s.put("name", c.path("name").asText());
            s.put("image", c.path("image").asText());
            s.put("imageID", "");
            s.put("ready", false);
            s.put("restartCount", 0);
            s.put("started", false);
            Optional<String> problem = pullError(c.path("image").asText());
            ObjectNode waiting = s.putObject("state").putObject("waiting");
            if (problem.isPresent()) {
                pullProblem = true;
                waiting.put("reason", "ErrImagePull");
                waiting.put("message", problem.get());
                ctx.events.normal(pod, "Pulling", "Pulling image \"" + c.path("image").asText() + "\"", "kubelet");
                ctx.events.warning(pod, "Failed", "Failed to pull image \"" + c.path("image").asText() + "\": " + problem.get(), "kubelet");
                ctx.events.warning(pod, "Failed", "Error: ErrImagePull", "kubelet");
            } else {
                waiting.put("reason", hasInit ? "PodInitializing" : "ContainerCreating");
            }
        }
        ctx.mark(Json.uid(pod) + "/creating");
        ctx.writeStatus(ctx.pods, pod, status);
        ControllerManager.Key key = new ControllerManager.Key(NAME, Json.namespace(pod), Json.name(pod));
        ctx.manager.enqueueAfter(key, pullProblem ? ctx.podStartDelay() : ctx.podStartDelay());
    }

    /**
     * The kubelet's init containers, one after the other before the app containers: each runs its simulated process
     * (a command the sim does not simulate is taken to succeed, as in a Pod that runs to completion); exit 0 → the next
     * one; a failure → {@code Init:Error}, restarted with the back-off ({@code Init:CrashLoopBackOff}) unless the Pod's
     * {@code restartPolicy} is {@code Never}, which fails the Pod. Init containers with {@code restartPolicy: Always}
     * (sidecars) are started and left running. When all are done, the app containers wait ({@code PodInitializing})
     * for {@code podStartDelay}, then run.
     *
     * @return true while the Pod is still initializing (or failed doing so)
     */
    private boolean initializing(ObjectNode pod, ObjectNode status, ControllerManager.Key key) {
        JsonNode inits = status.path("initContainerStatuses");
        if (inits.isEmpty() || SimContext.condition(status, "Initialized").equals("True")) {
            return initializedAt(pod).map(at -> waitFor(at, key)).orElse(false);
        }
        String policy = pod.path("spec").path("restartPolicy").asText("Always");
        Instant now = ctx.now();
        ObjectNode asJob = pod.deepCopy(); // an init container runs to completion
        Json.with(asJob, "spec").put("restartPolicy", "Never");
        if (!status.has("podIP")) {
            String ip = allocateIp();
            status.put("podIP", ip);
            status.putArray("podIPs").addObject().put("ip", ip);
            SimContext.setCondition(status, "PodReadyToStartContainers", "True", null, null, ctx.timestamp());
        }
        List<String> incomplete = new ArrayList<>();
        boolean blocked = false;
        Instant next = null;
        for (int i = 0; i < inits.size(); i++) {
            ObjectNode cs = (ObjectNode) inits.get(i);
            JsonNode spec = pod.path("spec").path("initContainers").get(i);
            String name = cs.path("name").asText();
            String mark = containerMark(pod, name);
            JsonNode state = cs.path("state");
            if (blocked) {
                incomplete.add(name);
                continue;
            }
            if (state.path("terminated").path("exitCode").asInt(-1) == 0 && state.path("terminated").isObject()) {
                continue;
            }
            boolean sidecar = spec.path("restartPolicy").asText().equals("Always");
            String waitingFor = state.path("waiting").path("reason").asText();
            if ((waitingFor.equals("ErrImagePull") || waitingFor.equals("ImagePullBackOff"))
                    && !cs.path("image").asText().equals(spec.path("image").asText())) {
                // the learner changed the init container's image (a Pod's images may change): pull the new one
                cs.put("image", spec.path("image").asText());
                cs.putObject("state").putObject("waiting").put("reason", "PodInitializing");
                state = cs.path("state");
                waitingFor = "PodInitializing";
            }
            if (waitingFor.equals("PodInitializing")) {
                Optional<String> problem = pullError(spec.path("image").asText());
                if (problem.isPresent()) {
                    ObjectNode waiting = cs.putObject("state").putObject("waiting");
                    waiting.put("reason", "ErrImagePull");
                    waiting.put("message", problem.get());
                    ctx.events.normal(pod, "Pulling", "Pulling image \"" + spec.path("image").asText() + "\"", "kubelet");
                    ctx.events.warning(pod, "Failed", "Failed to pull image \"" + spec.path("image").asText() + "\": "
                            + problem.get(), "kubelet");
                    ctx.events.warning(pod, "Failed", "Error: ErrImagePull", "kubelet");
                    ctx.marks(mark + "/pull", now);
                    Instant backOffAt = now.plus(ctx.podStartDelay());
                    next = next == null || backOffAt.isBefore(next) ? backOffAt : next;
                    incomplete.add(name);
                    blocked = true;
                    continue;
                }
            } else if (waitingFor.equals("ErrImagePull")) {
                Instant backOffAt = ctx.marked(mark + "/pull").orElse(now).plus(ctx.podStartDelay());
                if (now.isBefore(backOffAt)) {
                    next = next == null || backOffAt.isBefore(next) ? backOffAt : next;
                } else {
                    ObjectNode waiting = (ObjectNode) cs.path("state").path("waiting");
                    waiting.put("reason", "ImagePullBackOff");
                    waiting.put("message", "Back-off pulling image \"" + cs.path("image").asText() + "\"");
                    ctx.events.normal(pod, "BackOff", "Back-off pulling image \"" + cs.path("image").asText() + "\"", "kubelet");
                    ctx.events.warning(pod, "Failed", "Error: ImagePullBackOff", "kubelet");
                }
                incomplete.add(name);
                blocked = true;
                continue;
            } else if (waitingFor.equals("ImagePullBackOff")) {
                incomplete.add(name);
                blocked = true;
                continue;
            }
            if (state.path("waiting").path("reason").asText().equals("PodInitializing")) {
                cs.put("started", true);
                cs.put("imageID", "simulated://" + cs.path("image").asText());
                cs.put("containerID", "simulated://" + Json.uid(pod).substring(0, 8) + "-" + name);
                cs.putObject("state").putObject("running").put("startedAt", ctx.timestamp());
                ctx.events.normal(pod, "Pulled", "Successfully pulled image \"" + cs.path("image").asText()
                        + "\" (simulated: nothing was downloaded)", "kubelet");
                ctx.events.normal(pod, "Created", "Created container " + name, "kubelet");
                ctx.events.normal(pod, "Started", "Started container " + name + " (simulated)", "kubelet");
                ctx.mark(mark);
                state = cs.path("state");
            }
            if (sidecar && state.has("running")) {
                cs.put("ready", true);
                continue;
            }
            if (state.has("running")) {
                Instant started = ctx.marked(mark).orElse(parse(state.path("running").path("startedAt").asText()));
                SimulatedProcess.State run = process(asJob, spec).at(started, Duration.between(started, now));
                if (run.exited()) {
                    Instant exitAt = started.plus(run.exitedAfter());
                    if (run.exitCode() == 0) {
                        terminate(pod, cs, 0, "Completed", started, exitAt, "Never");
                        continue;
                    }
                    terminate(pod, cs, run.exitCode(), "Error", started, exitAt, policy.equals("Never") ? "Never" : "OnFailure");
                    next = now; // look again: restarted at once, or waiting in CrashLoopBackOff
                    if (policy.equals("Never")) {
                        status.put("phase", "Failed");
                        incomplete.add(name);
                        blocked = true;
                        continue;
                    }
                } else {
                    process(asJob, spec).exitsAfter().ifPresent(after -> ctx.manager.enqueueAfter(key,
                            Duration.between(now, started.plus(after))));
                }
            }
            if (cs.path("state").path("waiting").path("reason").asText().equals("CrashLoopBackOff")) {
                Instant restartAt = ctx.marked(mark + "/restart").orElse(now);
                if (!now.isBefore(restartAt)) {
                    restart(pod, cs);
                    next = now;
                } else {
                    next = restartAt;
                }
            }
            incomplete.add(name);
            blocked = true;
        }
        String time = ctx.timestamp();
        if (!incomplete.isEmpty()) {
            SimContext.setCondition(status, "Initialized", "False", "ContainersNotInitialized",
                    "containers with incomplete status: [" + String.join(" ", incomplete) + "]", time);
            if (status.path("phase").asText().equals("Failed")) {
                SimContext.setCondition(status, "Ready", "False", "PodFailed", null, time);
                SimContext.setCondition(status, "ContainersReady", "False", "PodFailed", null, time);
            }
            ctx.writeStatus(ctx.pods, pod, status);
            if (next != null) {
                ctx.manager.enqueueAfter(key, Duration.between(now, next));
            }
            return true;
        }
        SimContext.setCondition(status, "Initialized", "True", null, null, time);
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals("Initialized")) {
                ((ObjectNode) c).remove(List.of("reason", "message"));
            }
        }
        ctx.marks(Json.uid(pod) + "/initialized", now);
        ctx.writeStatus(ctx.pods, pod, status);
        return waitFor(now, key);
    }

    private Optional<Instant> initializedAt(JsonNode pod) {
        return ctx.marked(Json.uid(pod) + "/initialized");
    }

    /** The app containers start {@code podStartDelay} after the last init container (their image is pulled meanwhile). */
    private boolean waitFor(Instant initializedAt, ControllerManager.Key key) {
        Instant runAt = initializedAt.plus(ctx.podStartDelay());
        if (ctx.now().isBefore(runAt)) {
            ctx.manager.enqueueAfter(key, Duration.between(ctx.now(), runAt));
            return true;
        }
        return false;
    }

    /** Why an image cannot be pulled in the sim, or empty when it can. */
    Optional<String> pullError(String image) {
        if (!ImageReference.valid(image)) {
            return Optional.of("rpc error: code = InvalidArgument desc = failed to pull and unpack image \"" + image
                    + "\": invalid reference format (simulated)");
        }
        if (ctx.settings.untaggedImagesFail() && !ImageReference.pinned(image)) {
            return Optional.of("image \"" + image + "\" has no tag: the OrchLab simulated cluster only pulls pinned images "
                    + "(name:tag); add a tag such as " + image + ":1.0 (a real cluster would pull " + image + ":latest)");
        }
        if (ctx.images.pull(image) instanceof ImageCatalog.Failed failed) {
            return Optional.of(failed.message());
        }
        return Optional.empty();
    }

    private boolean imagePullProblem(ObjectNode pod, ObjectNode status) {
        boolean problem = false;
        boolean changed = false;
        for (JsonNode s : status.path("containerStatuses")) {
            String reason = s.path("state").path("waiting").path("reason").asText("");
            if (reason.equals("ErrImagePull")) {
                problem = true;
                Instant backOffAt = ctx.marked(Json.uid(pod) + "/creating").orElse(ctx.now()).plus(ctx.podStartDelay());
                if (ctx.now().isBefore(backOffAt)) {
                    ctx.manager.enqueueAfter(new ControllerManager.Key(NAME, Json.namespace(pod), Json.name(pod)),
                            Duration.between(ctx.now(), backOffAt));
                    continue;
                }
                ObjectNode waiting = (ObjectNode) s.path("state").path("waiting");
                waiting.put("reason", "ImagePullBackOff");
                waiting.put("message", "Back-off pulling image \"" + s.path("image").asText() + "\"");
                ctx.events.normal(pod, "BackOff", "Back-off pulling image \"" + s.path("image").asText() + "\"", "kubelet");
                ctx.events.warning(pod, "Failed", "Error: ImagePullBackOff", "kubelet");
                changed = true;
            } else if (reason.equals("ImagePullBackOff")) {
                problem = true;
            }
        }
        if (changed) {
            ctx.writeStatus(ctx.pods, pod, status);
        }
        return problem;
    }

    private static boolean waitsForConfig(JsonNode pod) {
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            if (s.path("state").path("waiting").path("reason").asText().equals("CreateContainerConfigError")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The kubelet's check before it creates a container: every ConfigMap, Secret and key that {@code env[].valueFrom}
     * and {@code envFrom[]} name must exist, unless the reference is {@code optional: true}. Returns the kubelet's
     * message for the first one missing.
     */
    private Optional<String> missingConfig(ObjectNode pod) {
        String ns = Json.namespace(pod);
        List<JsonNode> containers = new ArrayList<>();
        pod.path("spec").path("initContainers").forEach(containers::add);
        pod.path("spec").path("containers").forEach(containers::add);
        for (JsonNode c : containers) {
            for (JsonNode from : c.path("envFrom")) {
                for (String kind : List.of("configMapRef", "secretRef")) {
                    JsonNode ref = from.path(kind);
                    if (ref.isObject() && !ref.path("optional").asBoolean(false)) {
                        boolean secret = kind.equals("secretRef");
                        if (ctx.get(secret ? secrets() : ctx.configMaps, ns, ref.path("name").asText()).isEmpty()) {
                            return Optional.of((secret ? "secret" : "configmap") + " \"" + ref.path("name").asText() + "\" not found");
                        }
                    }
                }
            }
            for (JsonNode env : c.path("env")) {
                for (String kind : List.of("configMapKeyRef", "secretKeyRef")) {
                    JsonNode ref = env.path("valueFrom").path(kind);
                    if (!ref.isObject() || ref.path("optional").asBoolean(false)) {
                        continue;
                    }
                    boolean secret = kind.equals("secretKeyRef");
                    String name = ref.path("name").asText();
                    Optional<ObjectNode> source = ctx.get(secret ? secrets() : ctx.configMaps, ns, name);
                    if (source.isEmpty()) {
                        return Optional.of((secret ? "secret" : "configmap") + " \"" + name + "\" not found");
                    }
                    String key = ref.path("key").asText();
                    if (!source.get().path("data").has(key) && !source.get().path("binaryData").has(key)) {
                        return Optional.of("couldn't find key " + key + " in " + (secret ? "Secret " : "ConfigMap ") + ns + "/" + name);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private orchlab.sim.api.ResourceType secrets() {
        return ctx.catalog.require("", "secrets");
    }

    private void configError(ObjectNode pod, ObjectNode status, String message) {
        boolean changed = false;
        for (JsonNode s : status.path("containerStatuses")) {
            ObjectNode waiting = (ObjectNode) s.path("state").path("waiting");
            if (!message.equals(waiting.path("message").asText())) {
                waiting.put("reason", "CreateContainerConfigError");
                waiting.put("message", message);
                changed = true;
            }
        }
        if (changed) {
            ctx.events.warning(pod, "Failed", "Error: " + message, "kubelet");
            ctx.writeStatus(ctx.pods, pod, status);
        }
    }

    private void run(ObjectNode pod, ObjectNode status) {
        String now = ctx.timestamp();
        status.put("phase", "Running");
        if (!status.has("podIP")) {
            String ip = allocateIp();
            status.put("podIP", ip);
            status.putArray("podIPs").addObject().put("ip", ip);
        }
        SimContext.setCondition(status, "PodReadyToStartContainers", "True", null, null, now);
        for (JsonNode s : status.path("containerStatuses")) {
            ObjectNode cs = (ObjectNode) s;
            ObjectNode state = cs.putObject("state");
            state.putObject("running").put("startedAt", now);
            cs.put("started", true);
            cs.put("imageID", "simulated://" + cs.path("image").asText());
            cs.put("containerID", "simulated://" + Json.uid(pod).substring(0, 8) + "-" + cs.path("name").asText());
            String image = cs.path("image").asText();
            ctx.events.normal(pod, "Pulled", "Successfully pulled image \"" + image + "\" (simulated: nothing was downloaded)", "kubelet");
            ctx.events.normal(pod, "Created", "Created container " + cs.path("name").asText(), "kubelet");
            ctx.events.normal(pod, "Started", "Started container " + cs.path("name").asText() + " (simulated)", "kubelet");
            ctx.mark(containerMark(pod, cs.path("name").asText()));
        }
        ctx.mark(Json.uid(pod) + "/running");
        ctx.writeStatus(ctx.pods, pod, status);
        ctx.manager.enqueue(new ControllerManager.Key(NAME, Json.namespace(pod), Json.name(pod)));
    }

    /** Seconds after start before the pod is Ready: the largest readiness/startup probe initialDelaySeconds. */
    static long readinessDelaySeconds(JsonNode pod) {
        long delay = 0;
        for (JsonNode c : pod.path("spec").path("containers")) {
            delay = Math.max(delay, c.path("readinessProbe").path("initialDelaySeconds").asLong(0));
            delay = Math.max(delay, c.path("startupProbe").path("initialDelaySeconds").asLong(0));
        }
        return delay;
    }

    private static boolean isRunning(JsonNode status) {
        return status.path("phase").asText().equals("Running");
    }

    private static String firstStartedAt(JsonNode status) {
        for (JsonNode s : status.path("containerStatuses")) {
            String t = s.path("state").path("running").path("startedAt").asText("");
            if (!t.isEmpty()) {
                return t;
            }
        }
        return status.path("startTime").asText();
    }

    private Instant parse(String time) {
        try {
            return Instant.parse(time);
        } catch (RuntimeException e) {
            return ctx.now();
        }
    }

    private static String containerNames(JsonNode pod) {
        StringBuilder b = new StringBuilder("[");
        for (JsonNode c : pod.path("spec").path("containers")) {
            if (b.length() > 1) {
                b.append(' ');
            }
            b.append(c.path("name").asText());
        }
        return b.append(']').toString();
    }

    private String allocateIp() {
        Set<String> used = new HashSet<>();
        // read in place: copying every Pod to collect the addresses made each Pod's start O(Pods)
        ctx.store.read(ctx.pods, null, p -> {
            if (p.path("status").has("podIP")) {
                used.add(p.path("status").path("podIP").asText());
            }
        });
        for (int i = 2; i < 65000; i++) {
            String ip = "10.42." + (i / 254) + "." + (i % 254 + 1);
            if (!used.contains(ip)) {
                return ip;
            }
        }
        return "10.42.255.254";
    }
}
