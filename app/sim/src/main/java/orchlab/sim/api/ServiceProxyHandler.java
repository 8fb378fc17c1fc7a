package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import orchlab.sim.admission.ImageReference;
import orchlab.sim.store.ObjectStore;

/**
 * The API server's service proxy ({@code /api/v1/namespaces/{ns}/services/{name}:{port}/proxy/{path}}). Nothing
 * really listens behind a simulated Service, so the answer is simulated and marked with
 * {@code X-OrchLab-Simulated: true}: 503 when the Service has no ready endpoints (as a real server answers),
 * otherwise a response chosen by the image of the pod behind the first ready endpoint.
 */
public final class ServiceProxyHandler {

    static final String NGINX_WELCOME = """
            <!DOCTYPE html>
            <html>
            <head>
            <title>Welcome to nginx!</title>
            <style>
            html { color-scheme: light dark; }
            body { width: 35em; margin: 0 auto;
            font-family: Tahoma, Verdana, Arial, sans-serif; }
            </style>
            </head>
            <body>
            <h1>Welcome to nginx!</h1>
            <p>If you see this page, the nginx web server is successfully installed and
            working. Further configuration is required.</p>

            <p>For online documentation and support please refer to
            <a href="http://nginx.org/">nginx.org</a>.<br/>
            Commercial support is available at
            <a href="http://nginx.com/">nginx.com</a>.</p>

            <p><em>Thank you for using nginx.</em></p>
            </body>
            </html>
            """;

    private final ObjectStore store;
    private final ResourceType services;
    private final ResourceType endpoints;
    private final ResourceType pods;

    public ServiceProxyHandler(ObjectStore store, ResourceCatalog catalog) {
        this.store = store;
        this.services = catalog.require("", "services");
        this.endpoints = catalog.require("", "endpoints");
        this.pods = catalog.require("", "pods");
    }

    public ApiResponse handle(ApiRequest request, ResourcePath path) {
        String[] parts = path.name().split(":");
        String name = parts.length == 3 ? parts[1] : parts[0];
        String portRef = parts.length == 3 ? parts[2] : parts.length == 2 ? parts[1] : "";
        ObjectNode service = store.get(services, path.namespace(), name).orElseThrow(() -> ApiException.notFound(services, name));
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
        Optional<JsonNode> address = readyAddress(path.namespace(), name, servicePort.path("name").asText(""));
        if (address.isEmpty()) {
            return unavailable("no endpoints available for service \"" + name + "\"");
        }
        String podName = address.get().path("targetRef").path("name").asText("");
        ObjectNode pod = store.get(pods, path.namespace(), podName).orElse(null);
        if (pod == null) {
            return unavailable("no endpoints available for service \"" + name + "\"");
        }
        JsonNode container = containerFor(pod, address.get().path("port").asInt(0));
        return simulated(pod, container, "/" + path.rest());
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

    private static JsonNode containerFor(ObjectNode pod, int port) {
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

    /** The simulated HTTP answer of a pod's container, chosen by its image. */
    static ApiResponse simulated(ObjectNode pod, JsonNode container, String requestPath) {
        String image = container.path("image").asText("");
        String repository = ImageReference.repository(image);
        String podName = Json.name(pod);
        ApiResponse response;
        if (repository.startsWith("nginx") || repository.endsWith("/nginx")) {
            if (requestPath.equals("/") || requestPath.equals("/index.html")) {
                response = new ApiResponse(200, "text/html", NGINX_WELCOME.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.util.Map.of());
            } else {
                response = new ApiResponse(404, "text/html", ("<html>\n<head><title>404 Not Found</title></head>\n<body>\n"
                        + "<center><h1>404 Not Found</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of());
            }
        } else if (repository.equals("hashicorp/http-echo")) {
            String text = "hello-world";
            List<JsonNode> args = new java.util.ArrayList<>();
            container.path("args").forEach(args::add);
            container.path("command").forEach(args::add);
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i).asText();
                if (arg.startsWith("-text=") || arg.startsWith("--text=")) {
                    text = arg.substring(arg.indexOf('=') + 1);
                } else if ((arg.equals("-text") || arg.equals("--text")) && i + 1 < args.size()) {
                    text = args.get(i + 1).asText();
                }
            }
            response = ApiResponse.text(200, text + "\n");
        } else if (repository.equals("httpd")) {
            response = new ApiResponse(200, "text/html", "<html><body><h1>It works!</h1></body></html>\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of());
        } else {
            response = ApiResponse.text(200, "simulated response from pod " + podName + " (image " + image + "): "
                    + "no container really runs in the OrchLab simulated cluster; request path " + requestPath + "\n");
        }
        return response.withHeader("X-OrchLab-Simulated", "true");
    }

    private static ApiResponse unavailable(String message) {
        ApiException e = new ApiException(503, "ServiceUnavailable", message, null, null, null, List.of());
        return ApiResponse.error(e).withHeader("X-OrchLab-Simulated", "true");
    }
}
