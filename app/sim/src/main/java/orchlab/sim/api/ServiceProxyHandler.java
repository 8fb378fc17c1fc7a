package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import orchlab.sim.store.ObjectStore;

/**
 * The API server's service proxy ({@code /api/v1/namespaces/{ns}/services/{name}:{port}/proxy/{path}}). Nothing
 * really listens behind a simulated Service, so the answer is simulated and marked with
 * {@code X-OrchLab-Simulated: true}: 503 when the Service has no ready endpoints (as a real server answers),
 * otherwise a response chosen by the image of the pod behind the first ready endpoint.
 */
public final class ServiceProxyHandler {

    private final ObjectStore store;
    private final ResourceType services;
    private final ResourceType endpoints;
    private final ResourceType pods;

    private final ResourceType configMaps;
    private final ResourceType secrets;
    private final orchlab.sim.registry.ImageCatalog images;
    /** Told of every request a container answers (the simulated resource usage counts them). */
    private volatile java.util.function.BiConsumer<JsonNode, String> answered = (pod, container) -> { };

    public ServiceProxyHandler(ObjectStore store, ResourceCatalog catalog, orchlab.sim.registry.ImageCatalog images) {
        this.store = store;
        this.images = images;
        this.configMaps = catalog.require("", "configmaps");
        this.secrets = catalog.require("", "secrets");
        this.services = catalog.require("", "services");
        this.endpoints = catalog.require("", "endpoints");
        this.pods = catalog.require("", "pods");
    }

    /** Calls {@code listener} with the Pod and container name of every request a container answers. */
    public void onAnswered(java.util.function.BiConsumer<JsonNode, String> listener) {
        this.answered = listener;
    }

    public ApiResponse handle(ApiRequest request, ResourcePath path) {
        String[] parts = path.name().split(":");
        String name = parts.length == 3 ? parts[1] : parts[0];
        String portRef = parts.length == 3 ? parts[2] : parts.length == 2 ? parts[1] : "";
        return answer(path.namespace(), name, portRef, "/" + path.rest());
    }

    /** The simulated answer of Service {@code name}'s port {@code portRef} (its name or number, "" for the first). */
    ApiResponse answer(String namespace, String name, String portRef, String requestPath) {
        ObjectNode service = store.get(services, namespace, name).orElseThrow(() -> ApiException.notFound(services, name));
        JsonNode servicePort = null;
        for (JsonNode p : service.path("spec").path("ports")) {
            if (portRef.isEmpty() || p.path("name").asText().equals(portRef) || p.path("port").asText().equals(portRef)) {
                servicePort = p;
                break;
            }
        }
        if (servicePort == null) {
            return unavailable("no endpoints available for service \"" + name + "\" (no port \"" + portRef + "\")");
        }
        Optional<JsonNode> address = readyAddress(namespace, name, servicePort.path("name").asText(""));
        if (address.isEmpty()) {
            return unavailable("no endpoints available for service \"" + name + "\"");
        }
        String podName = address.get().path("targetRef").path("name").asText("");
        ObjectNode pod = store.get(pods, namespace, podName).orElse(null);
        if (pod == null) {
            return unavailable("no endpoints available for service \"" + name + "\"");
        }
        int port = address.get().path("port").asInt(0);
        JsonNode container = containerFor(pod, port);
        return simulated(pod, container, port, requestPath);
    }

    private Optional<JsonNode> readyAddress(String namespace, String service, String portName) {
        Optional<ObjectNode> ep = store.get(endpoints, namespace, service);
        if (ep.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode subset : ep.get().path("subsets")) {
            for (JsonNode port : subset.path("ports")) {
                if (portName.isEmpty() || port.path("name").asText("").equals(portName)) {
                    for (JsonNode address : subset.path("addresses")) {
                        ObjectNode withPort = address.deepCopy();
                        withPort.put("port", port.path("port").asInt());
                        return Optional.of(withPort);
                    }
                }
            }
        }
        return Optional.empty();
    }

    static JsonNode containerFor(ObjectNode pod, int port) {
        JsonNode containers = pod.path("spec").path("containers");
        for (JsonNode c : containers) {
            for (JsonNode p : c.path("ports")) {
                if (p.path("containerPort").asInt() == port) {
                    return c;
                }
            }
        }
        return containers.path(0);
    }

    /**
     * The simulated HTTP answer of a pod's container: what its process serves according to the image catalogue
     * ({@code orchlab/sim/registry/images.yaml}), "connection refused" when nothing listens on the port, or a generic
     * answer for a process the sim does not simulate.
     */
    ApiResponse simulated(ObjectNode pod, JsonNode container, int port, String requestPath) {
        orchlab.sim.registry.SimulatedProcess process = orchlab.sim.registry.PodProcesses.of(images, pod, container,
                (kind, name) -> store.get(kind.equals("Secret") ? secrets : configMaps, Json.namespace(pod), name), java.time.Duration.ZERO);
        String path = requestPath.contains("?") ? requestPath.substring(0, requestPath.indexOf('?')) : requestPath;
        String ip = pod.path("status").path("podIP").asText();
        ApiResponse response;
        if (process.known() && (!process.serving() || port > 0 && !process.ports().contains(port))) {
            return unavailable("error trying to reach service: dial tcp " + ip + ":" + port + ": connect: connection refused");
        }
        answered.accept(pod, container.path("name").asText(""));
        Optional<orchlab.sim.registry.ImageInfo.Route> route = process.http(path);
        if (route.isPresent()) {
            response = new ApiResponse(route.get().status(), route.get().contentType(),
                    route.get().body().getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of());
        } else {
            response = ApiResponse.text(200, "simulated response from pod " + Json.name(pod) + " (image " + container.path("image").asText("")
                    + "): no container really runs in the OrchLab simulated cluster; request path " + requestPath + "\n");
        }
        return response.withHeader("X-OrchLab-Simulated", "true");
    }

    private static ApiResponse unavailable(String message) {
        ApiException e = new ApiException(503, "ServiceUnavailable", message, null, null, null, List.of());
        return ApiResponse.error(e).withHeader("X-OrchLab-Simulated", "true");
    }
}
