package orchlab.sim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal OpenAPI v3 index ({@code /openapi/v3} and one document per group-version) that declares, for each
 * kind, the PATCH operation with its {@code fieldValidation} query parameter. kubectl reads exactly this to decide
 * that the server validates fields itself, and then leaves validation to the sim (it would otherwise insist on
 * downloading full schemas). No schemas are served, so {@code kubectl explain} is not available.
 */
public final class OpenApiHandler {

    private final ResourceCatalog catalog;

    public OpenApiHandler(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    public Optional<ApiResponse> handle(ApiRequest request) {
        String path = request.path();
        if (!path.startsWith("/openapi/v3")) {
            return Optional.empty();
        }
        Map<String, List<ResourceType>> groupVersions = new LinkedHashMap<>();
        for (ResourceType type : catalog.all()) {
            groupVersions.computeIfAbsent(type.groupVersionPath().substring(1), k -> new java.util.ArrayList<>()).add(type);
        }
        if (path.equals("/openapi/v3")) {
            ObjectNode root = Json.object();
            ObjectNode paths = root.putObject("paths");
            groupVersions.forEach((gv, types) -> paths.putObject(gv).put("serverRelativeURL",
                    "/openapi/v3/" + gv + "?hash=" + hash(types)));
            return Optional.of(ApiResponse.json(200, root));
        }
        String gv = path.substring("/openapi/v3/".length());
        List<ResourceType> types = groupVersions.get(gv);
        if (types == null) {
            return Optional.of(ApiResponse.error(ApiException.notFoundPath(path)));
        }
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes (OrchLab simulated cluster)").put("version", DiscoveryHandler.GIT_VERSION);
        ObjectNode paths = doc.putObject("paths");
        for (ResourceType type : types) {
            String objectPath = type.namespaced()
                    ? type.groupVersionPath() + "/namespaces/{namespace}/" + type.plural() + "/{name}"
                    : type.groupVersionPath() + "/" + type.plural() + "/{name}";
            ObjectNode patch = paths.putObject(objectPath).putObject("patch");
            patch.put("operationId", "patch" + type.kind());
            ObjectNode param = patch.putArray("parameters").addObject();
            param.put("name", "fieldValidation");
            param.put("in", "query");
            param.put("description", "Strict, Warn or Ignore: how the simulated cluster treats unknown fields");
            param.putObject("schema").put("type", "string").put("uniqueItems", true);
            patch.putObject("responses").putObject("200").put("description", "OK");
            ObjectNode gvk = patch.putObject("x-kubernetes-group-version-kind");
            gvk.put("group", type.group());
            gvk.put("version", type.version());
            gvk.put("kind", type.kind());
            patch.put("x-kubernetes-action", "patch");
        }
        return Optional.of(ApiResponse.json(200, doc));
    }

    private static String hash(List<ResourceType> types) {
        return Integer.toHexString(types.stream().map(ResourceType::toString).toList().hashCode()).toUpperCase(java.util.Locale.ROOT);
    }
}
