package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import orchlab.sim.store.ObjectStore;

/**
 * {@code kubectl logs}: no container runs in the sim, so the log says exactly that, with the pod, container
 * and image, instead of pretending to be the application's output. Errors match the real server's for
 * containers that have not started and for pods with several containers.
 */
public final class PodLogHandler {

    private final ObjectStore store;
    private final ResourceType pods;

    public PodLogHandler(ObjectStore store, ResourceCatalog catalog) {
        this.store = store;
        this.pods = catalog.require("", "pods");
    }

    public ApiResponse handle(ApiRequest request, ResourcePath path) {
        ObjectNode pod = store.get(pods, path.namespace(), path.name()).orElseThrow(() -> ApiException.notFound(pods, path.name()));
        List<String> names = new ArrayList<>();
        pod.path("spec").path("containers").forEach(c -> names.add(c.path("name").asText()));
        String container = request.query().get("container");
        if (container == null || container.isEmpty()) {
            if (names.size() != 1) {
                throw ApiException.badRequest("a container name must be specified for pod " + path.name()
                        + ", choose one of: " + names);
            }
            container = names.get(0);
        }
        if (!names.contains(container)) {
            throw ApiException.badRequest("container " + container + " is not valid for pod " + path.name());
        }
        JsonNode spec = null;
        for (JsonNode c : pod.path("spec").path("containers")) {
            if (c.path("name").asText().equals(container)) {
                spec = c;
            }
        }
        JsonNode state = null;
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            if (s.path("name").asText().equals(container)) {
                state = s.path("state");
            }
        }
        if (state == null || state.has("waiting")) {
            String reason = state == null ? "ContainerCreating" : state.path("waiting").path("reason").asText("ContainerCreating");
            throw ApiException.badRequest("container \"" + container + "\" in pod \"" + path.name()
                    + "\" is waiting to start: " + reason);
        }
        String image = spec == null ? "" : spec.path("image").asText();
        String started = state.path("running").path("startedAt").asText(state.path("terminated").path("startedAt").asText(""));
        StringBuilder log = new StringBuilder();
        log.append("[orchlab-sim] simulated log: pod ").append(path.namespace()).append('/').append(path.name())
                .append(", container ").append(container).append(", image ").append(image).append('\n');
        log.append("[orchlab-sim] container started at ").append(started).append(" (simulated)\n");
        if (state.has("terminated")) {
            log.append("[orchlab-sim] container exited with code ").append(state.path("terminated").path("exitCode").asInt())
                    .append(" (simulated)\n");
        }
        log.append("[orchlab-sim] no container really runs in the simulated cluster, so there is no application output;")
                .append(" use a real cluster (k3s with Docker) to see real logs\n");
        return ApiResponse.text(200, log.toString()).withHeader("X-OrchLab-Simulated", "true");
    }
}
