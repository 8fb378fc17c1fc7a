package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import orchlab.sim.registry.ImageCatalog;
import orchlab.sim.registry.PodProcesses;
import orchlab.sim.registry.SimulatedProcess;
import orchlab.sim.store.ObjectStore;

/**
 * {@code kubectl logs}: the output of the container's simulated process ({@link SimulatedProcess}) up to now on the
 * sim's clock — {@code echo hi} logs {@code hi}, a server image logs its start-up lines — and with
 * {@code previous=true} the output of the last terminated run. Errors match the real server's for containers that have
 * not started, for pods with several containers and when there is no previous run. Every answer carries
 * {@code X-OrchLab-Simulated: true}.
 */
public final class PodLogHandler {

    private final ObjectStore store;
    private final ResourceType pods;
    private final ResourceType configMaps;
    private final ResourceType secrets;
    private final ImageCatalog images;
    private final Supplier<Instant> now;
    private final Duration unknownRunTime;

    public PodLogHandler(ObjectStore store, ResourceCatalog catalog, ImageCatalog images, Supplier<Instant> now, Duration unknownRunTime) {
        this.store = store;
        this.pods = catalog.require("", "pods");
        this.configMaps = catalog.require("", "configmaps");
        this.secrets = catalog.require("", "secrets");
        this.images = images;
        this.now = now;
        this.unknownRunTime = unknownRunTime;
    }

    public ApiResponse handle(ApiRequest request, ResourcePath path) {
        ObjectNode pod = store.get(pods, path.namespace(), path.name()).orElseThrow(() -> ApiException.notFound(pods, path.name()));
        List<String> names = new ArrayList<>();
        List<String> initNames = new ArrayList<>();
        pod.path("spec").path("containers").forEach(c -> names.add(c.path("name").asText()));
        pod.path("spec").path("initContainers").forEach(c -> initNames.add(c.path("name").asText()));
        String container = request.query().get("container");
        if (container == null || container.isEmpty()) {
            if (names.size() != 1) {
                throw ApiException.badRequest("a container name must be specified for pod " + path.name()
                        + ", choose one of: [" + String.join(" ", names) + "]"
                        + (initNames.isEmpty() ? "" : " or one of the init containers: [" + String.join(" ", initNames) + "]"));
            }
            container = names.get(0);
        }
        boolean init = initNames.contains(container);
        if (!names.contains(container) && !init) {
            throw ApiException.badRequest("container " + container + " is not valid for pod " + path.name());
        }
        JsonNode spec = null;
        for (JsonNode c : pod.path("spec").path(init ? "initContainers" : "containers")) {
            if (c.path("name").asText().equals(container)) {
                spec = c;
            }
        }
        JsonNode status = null;
        for (JsonNode s : pod.path("status").path(init ? "initContainerStatuses" : "containerStatuses")) {
            if (s.path("name").asText().equals(container)) {
                status = s;
            }
        }
        if (init) { // an init container runs to completion, as the kubelet's lifecycle runs it
            pod = pod.deepCopy();
            Json.with(pod, "spec").put("restartPolicy", "Never");
        }
        boolean previous = "true".equals(request.query().get("previous"));
        JsonNode state = status == null ? null : status.path("state");
        JsonNode last = status == null ? null : status.path("lastState").path("terminated");
        JsonNode run;
        if (previous) {
            if (last == null || !last.isObject()) {
                throw ApiException.badRequest("previous terminated container \"" + container + "\" in pod \"" + path.name() + "\" not found");
            }
            run = last;
        } else if (state != null && state.has("running")) {
            run = state.path("running");
        } else if (state != null && state.has("terminated")) {
            run = state.path("terminated");
        } else if (state != null && state.path("waiting").path("reason").asText().equals("CrashLoopBackOff") && last.isObject()) {
            run = last; // the kubelet serves the log of the container that last ran
        } else {
            String reason = state == null ? "ContainerCreating" : state.path("waiting").path("reason").asText("ContainerCreating");
            throw ApiException.badRequest("container \"" + container + "\" in pod \"" + path.name()
                    + "\" is waiting to start: " + reason);
        }
        Instant started = parse(run.path("startedAt").asText(""));
        Instant until = run.has("finishedAt") ? parse(run.path("finishedAt").asText()) : now.get();
        SimulatedProcess process = PodProcesses.of(images, pod, spec, (kind, name) -> store.get(kind.equals("Secret") ? secrets : configMaps,
                path.namespace(), name), unknownRunTime);
        List<String> lines = process.at(started, until.isBefore(started) ? Duration.ZERO : Duration.between(started, until)).output();
        lines = tail(lines, request.query().get("tailLines"));
        StringBuilder log = new StringBuilder();
        lines.forEach(l -> log.append(l).append('\n'));
        return ApiResponse.text(200, log.toString()).withHeader("X-OrchLab-Simulated", "true");
    }

    private static List<String> tail(List<String> lines, String tailLines) {
        if (tailLines == null) {
            return lines;
        }
        try {
            int n = Integer.parseInt(tailLines);
            return n >= 0 && n < lines.size() ? lines.subList(lines.size() - n, lines.size()) : lines;
        } catch (NumberFormatException e) {
            return lines;
        }
    }

    private Instant parse(String time) {
        try {
            return Instant.parse(time);
        } catch (RuntimeException e) {
            return now.get();
        }
    }
}
