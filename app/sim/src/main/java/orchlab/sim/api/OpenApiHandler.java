package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.sim.admission.TypedModels;
import orchlab.sim.store.ObjectStore;

/**
 * The OpenAPI documents kubectl reads:
 * <ul>
 *   <li>{@code /openapi/v3} and one document per group-version, with each kind's schema (for {@code kubectl explain})
 *   and, for each kind, the PATCH operation with its {@code fieldValidation} query parameter — kubectl reads this to
 *   leave field validation to the server;</li>
 *   <li>{@code /openapi/v2}, the Swagger 2.0 document in gnostic's protobuf form, which kubectl downloads to validate a
 *   kind the v3 index does not list (an unknown kind is then reported as "no matches for kind ... ensure CRDs are
 *   installed first", as on a real cluster).</li>
 * </ul>
 * Built-in kinds' schemas come from fabric8's typed model ({@link OpenApiSchemas}); a custom resource's schema is the
 * {@code openAPIV3Schema} of its CRD version.
 */
public final class OpenApiHandler {

    private final ResourceCatalog catalog;
    private final ObjectStore store;
    private volatile OpenApiSchemas builtIn;

    public OpenApiHandler(ResourceCatalog catalog, ObjectStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    private OpenApiSchemas builtIn() {
        OpenApiSchemas schemas = builtIn;
        if (schemas == null) {
            Map<ResourceType, Class<?>> kinds = new LinkedHashMap<>();
            for (ResourceType type : catalog.all()) {
                if (!type.custom()) {
                    TypedModels.forKind(type.apiVersion(), type.kind()).ifPresent(model -> kinds.put(type, model));
                }
            }
            schemas = new OpenApiSchemas(kinds);
            builtIn = schemas;
        }
        return schemas;
    }

    public Optional<ApiResponse> handle(ApiRequest request) {
        String path = request.path();
        if (path.equals("/openapi/v2")) {
            ObjectNode swagger = swagger();
            if (request.header("accept").map(a -> a.contains("protobuf")).orElse(false)) {
                return Optional.of(new ApiResponse(200, OpenApiV2Proto.MEDIA_TYPE, OpenApiV2Proto.document(swagger), Map.of()));
            }
            return Optional.of(ApiResponse.json(200, swagger));
        }
        if (!path.startsWith("/openapi/v3")) {
            return Optional.empty();
        }
        Map<String, List<ResourceType>> groupVersions = new LinkedHashMap<>();
        for (ResourceType type : catalog.all()) {
            groupVersions.computeIfAbsent(type.groupVersionPath().substring(1), k -> new ArrayList<>()).add(type);
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
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        List<String> roots = new ArrayList<>();
        for (ResourceType type : types) {
            ObjectNode patch = paths.putObject(objectPath(type)).putObject("patch");
            patch.put("operationId", "patch" + type.kind());
            ObjectNode param = patch.putArray("parameters").addObject();
            param.put("name", "fieldValidation");
            param.put("in", "query");
            param.put("description", "Strict, Warn or Ignore: how the simulated cluster treats unknown fields");
            param.putObject("schema").put("type", "string").put("uniqueItems", true);
            patch.putObject("responses").putObject("200").put("description", "OK");
            gvk(patch, type);
            patch.put("x-kubernetes-action", "patch");
            if (type.custom()) {
                customSchema(type).ifPresent(s -> schemas.set(customName(type), s));
            } else {
                TypedModels.forKind(type.apiVersion(), type.kind()).map(OpenApiSchemas::definitionName).ifPresent(roots::add);
            }
        }
        OpenApiSchemas all = builtIn();
        for (String name : all.reachable(roots)) {
            schemas.set(name, OpenApiSchemas.toV3(all.definitions().get(name)));
        }
        return Optional.of(ApiResponse.json(200, doc));
    }

    private ObjectNode swagger() {
        ObjectNode doc = Json.object();
        doc.put("swagger", "2.0");
        doc.putObject("info").put("title", "Kubernetes (OrchLab simulated cluster)").put("version", DiscoveryHandler.GIT_VERSION);
        ObjectNode paths = doc.putObject("paths");
        ObjectNode definitions = doc.putObject("definitions");
        builtIn().definitions().forEach(definitions::set);
        for (ResourceType type : catalog.all()) {
            ObjectNode get = paths.putObject(objectPath(type)).putObject("get");
            get.put("operationId", "read" + type.kind());
            gvk(get, type);
            if (type.custom()) {
                customSchema(type).ifPresent(s -> definitions.set(customName(type), s));
            }
        }
        return doc;
    }

    private static String objectPath(ResourceType type) {
        return type.namespaced()
                ? type.groupVersionPath() + "/namespaces/{namespace}/" + type.plural() + "/{name}"
                : type.groupVersionPath() + "/" + type.plural() + "/{name}";
    }

    private static void gvk(ObjectNode node, ResourceType type) {
        ObjectNode gvk = node.putObject("x-kubernetes-group-version-kind");
        gvk.put("group", type.group());
        gvk.put("version", type.version());
        gvk.put("kind", type.kind());
    }

    /** {@code com.example.v1.Widget}: the real server names a CRD's schema by its reversed group. */
    private static String customName(ResourceType type) {
        List<String> parts = new ArrayList<>(List.of(type.group().split("\\.")));
        java.util.Collections.reverse(parts);
        return String.join(".", parts) + "." + type.version() + "." + type.kind();
    }

    private Optional<ObjectNode> customSchema(ResourceType type) {
        ResourceType crds = catalog.require("apiextensions.k8s.io", "customresourcedefinitions");
        Optional<ObjectNode> crd = store.get(crds, null, type.plural() + "." + type.group());
        if (crd.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode version : crd.get().path("spec").path("versions")) {
            if (version.path("name").asText().equals(type.version())
                    && version.path("schema").path("openAPIV3Schema") instanceof ObjectNode schema) {
                ObjectNode copy = schema.deepCopy();
                ArrayNode gvks = copy.putArray("x-kubernetes-group-version-kind");
                ObjectNode gvk = gvks.addObject();
                gvk.put("group", type.group());
                gvk.put("kind", type.kind());
                gvk.put("version", type.version());
                return Optional.of(copy);
            }
        }
        return Optional.empty();
    }

    private static String hash(List<ResourceType> types) {
        return Integer.toHexString(types.stream().map(ResourceType::toString).toList().hashCode()).toUpperCase(java.util.Locale.ROOT);
    }
}
