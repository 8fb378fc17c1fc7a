package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import orchlab.sim.admission.Admission;
import orchlab.sim.patch.JsonMergePatch;
import orchlab.sim.patch.ServerSideApply;
import orchlab.sim.patch.StrategicMergePatch;
import orchlab.sim.store.ObjectStore;
import orchlab.sim.store.Selectors;

/**
 * Create, read, update, patch and delete of objects, including the {@code status} and {@code scale}
 * subresources, namespace checks, delete propagation and every patch type kubectl sends.
 */
public final class ResourceHandler {

    private final ObjectStore store;
    private final ResourceCatalog catalog;
    private final Admission admission;
    private final TableConverter tables;

    public ResourceHandler(ObjectStore store, ResourceCatalog catalog, Admission admission, TableConverter tables) {
        this.store = store;
        this.catalog = catalog;
        this.admission = admission;
        this.tables = tables;
    }

    public ResourceType typeOf(ResourcePath path) {
        ResourceType type = catalog.find(path.group(), path.version(), path.plural())
                .orElseThrow(() -> ApiException.notFoundPath(path.plural()));
        if (!type.namespaced() && path.namespace() != null) {
            throw ApiException.notFoundPath(path.plural());
        }
        return type;
    }

    public ApiResponse handle(ApiRequest request, ResourcePath path) {
        ResourceType type = typeOf(path);
        String sub = path.subresource();
        if (sub != null && !type.subresources().contains(sub)) {
            throw ApiException.notFoundPath(path.plural() + "/" + sub);
        }
        return switch (request.method()) {
            case "GET" -> path.name() == null ? list(request, type, path) : get(request, type, path);
            case "POST" -> {
                if (path.name() != null) {
                    throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
                }
                yield create(request, type, path);
            }
            case "PUT" -> update(request, type, path);
            case "PATCH" -> patch(request, type, path);
            case "DELETE" -> path.name() == null ? deleteCollection(request, type, path) : delete(request, type, path);
            default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        };
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    private ApiResponse get(ApiRequest request, ResourceType type, ResourcePath path) {
        ObjectNode object = store.get(type, path.namespace(), path.name())
                .orElseThrow(() -> ApiException.notFound(type, path.name()));
        if ("scale".equals(path.subresource())) {
            return ApiResponse.json(200, scaleOf(type, object));
        }
        if (request.wantsTable()) {
            return ApiResponse.json(200, tables.table(type, List.of(object), request, store.latestResourceVersion()));
        }
        return ApiResponse.json(200, object);
    }

    private ApiResponse list(ApiRequest request, ResourceType type, ResourcePath path) {
        Predicate<ObjectNode> filter = filter(request);
        long rv = store.latestResourceVersion();
        List<ObjectNode> items = store.list(type, path.namespace(), filter);
        if (request.wantsTable()) {
            return ApiResponse.json(200, tables.table(type, items, request, rv));
        }
        ObjectNode list = Json.object();
        list.put("kind", type.listKind());
        list.put("apiVersion", type.apiVersion());
        list.putObject("metadata").put("resourceVersion", String.valueOf(rv));
        ArrayNode array = list.putArray("items");
        items.forEach(array::add);
        return ApiResponse.json(200, list);
    }

    public static Predicate<ObjectNode> filter(ApiRequest request) {
        Predicate<Map<String, String>> labels = Selectors.parseLabelSelector(request.query().get("labelSelector"));
        Predicate<JsonNode> fields = Selectors.parseFieldSelector(request.query().get("fieldSelector"));
        return o -> labels.test(Selectors.labels(o)) && fields.test(o);
    }

    // ---- writes --------------------------------------------------------------------------------------------

    private ApiResponse create(ApiRequest request, ResourceType type, ResourcePath path) {
        ObjectNode object = Json.parseObject(request.body());
        checkKind(type, object);
        String namespace = namespaceFor(type, path, object);
        if (namespace != null) {
            Json.metadata(object).put("namespace", namespace);
        }
        List<String> warnings = admission.admitCreate(type, object, request.query().get("fieldValidation"));
        ObjectNode created = dryRun(request) ? object : store.create(type, object);
        return withWarnings(ApiResponse.json(201, created), warnings);
    }

    private String namespaceFor(ResourceType type, ResourcePath path, ObjectNode object) {
        if (!type.namespaced()) {
            Json.metadata(object).remove("namespace");
            return null;
        }
        String fromBody = Json.namespace(object);
        String namespace = path.namespace();
        if (namespace == null) {
            namespace = fromBody == null ? "default" : fromBody;
        }
        if (fromBody != null && !fromBody.isEmpty() && !fromBody.equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        requireNamespace(namespace);
        return namespace;
    }

    private void requireNamespace(String namespace) {
        ResourceType namespaces = catalog.require("", "namespaces");
        ObjectNode ns = store.get(namespaces, null, namespace).orElseThrow(() -> ApiException.namespaceNotFound(namespace));
        if (ns.path("metadata").hasNonNull("deletionTimestamp") || "Terminating".equals(Json.text(ns, "status.phase"))) {
            throw ApiException.forbidden("unable to create new content in namespace " + namespace
                    + " because it is being terminated");
        }
    }

    private static void checkKind(ResourceType type, ObjectNode object) {
        String kind = object.path("kind").asText("");
        String apiVersion = object.path("apiVersion").asText("");
        if (kind.isEmpty()) {
            object.put("kind", type.kind());
        } else if (!kind.equals(type.kind())) {
            throw ApiException.badRequest(kind + " in version \"" + type.version() + "\" cannot be handled as a "
                    + type.kind() + ": the kind in the body (" + kind + ") does not match the resource (" + type.kind() + ")");
        }
        if (apiVersion.isEmpty()) {
            object.put("apiVersion", type.apiVersion());
        } else if (!apiVersion.equals(type.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
    }

    private static boolean dryRun(ApiRequest request) {
        return request.param("dryRun").isPresent();
    }

    private static ApiResponse withWarnings(ApiResponse response, List<String> warnings) {
        ApiResponse r = response;
        if (!warnings.isEmpty()) {
            StringBuilder header = new StringBuilder();
            for (String w : warnings) {
                if (header.length() > 0) {
                    header.append(", ");
                }
                header.append("299 - \"").append(w.replace("\"", "\\\"")).append('"');
            }
            r = r.withHeader("Warning", header.toString());
        }
        return r;
    }

    private ObjectNode current(ResourceType type, ResourcePath path) {
        return store.get(type, path.namespace(), path.name()).orElseThrow(() -> ApiException.notFound(type, path.name()));
    }

    private ApiResponse update(ApiRequest request, ResourceType type, ResourcePath path) {
        ObjectNode body = Json.parseObject(request.body());
        ObjectNode old = current(type, path);
        String bodyName = Json.name(body);
        if (bodyName != null && !bodyName.equals(path.name()) && !"scale".equals(path.subresource())) {
            throw ApiException.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
                    + path.name() + ")");
        }
        ObjectNode updated;
        if ("scale".equals(path.subresource())) {
            updated = fromScale(old, body);
        } else if ("status".equals(path.subresource())) {
            updated = old.deepCopy();
            if (body.has("status")) {
                updated.set("status", body.get("status"));
            }
            if (body.path("metadata").has("resourceVersion")) {
                Json.metadata(updated).set("resourceVersion", body.path("metadata").get("resourceVersion"));
            }
        } else if (EPHEMERAL.equals(path.subresource())) {
            updated = withEphemeralContainers(old, body);
            if (body.path("metadata").has("resourceVersion")) {
                Json.metadata(updated).set("resourceVersion", body.path("metadata").get("resourceVersion"));
            }
        } else {
            checkKind(type, body);
            updated = body;
            keepStatus(type, old, updated);
        }
        return write(request, type, path, old, updated);
    }

    /**
     * A patch that names no resourceVersion is retried on a write conflict, as the API server does (its update loop
     * re-reads the object and applies the patch again): a controller writing status meanwhile never fails a learner's
     * {@code kubectl apply} or {@code patch}. A patch that names a resourceVersion keeps optimistic locking.
     */
    private ApiResponse patch(ApiRequest request, ResourceType type, ResourcePath path) {
        boolean locking = namesResourceVersion(request.body());
        for (int attempt = 1; ; attempt++) {
            try {
                return patchOnce(request, type, path);
            } catch (ApiException e) {
                if (locking || e.code() != 409 || !"Conflict".equals(e.reason()) || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private static boolean namesResourceVersion(String body) {
        try {
            JsonNode patch = Json.parseYamlOrJson(body);
            return patch.path("metadata").hasNonNull("resourceVersion");
        } catch (RuntimeException notAnObject) {
            // a JSON patch (an array of operations): it locks when an operation touches the resourceVersion
            return body.contains("resourceVersion");
        }
    }

    private ApiResponse patchOnce(ApiRequest request, ResourceType type, ResourcePath path) {
        String contentType = request.contentType().split(";")[0].trim();
        ObjectNode old = store.get(type, path.namespace(), path.name()).orElse(null);
        if (contentType.equals("application/apply-patch+yaml")) {
            ObjectNode applied = Json.parseYamlOrJson(request.body());
            checkKind(type, applied);
            String manager = request.query().getOrDefault("fieldManager", "unknown");
            if (old == null) {
                if (path.subresource() != null) {
                    throw ApiException.notFound(type, path.name());
                }
                ObjectNode created = ServerSideApply.apply(null, applied, manager);
                Json.metadata(created).put("name", path.name());
                String namespace = namespaceFor(type, path, created);
                if (namespace != null) {
                    Json.metadata(created).put("namespace", namespace);
                }
                List<String> warnings = admission.admitCreate(type, created, request.query().get("fieldValidation"));
                ObjectNode stored = dryRun(request) ? created : store.create(type, created);
                return withWarnings(ApiResponse.json(201, stored), warnings);
            }
            ObjectNode updated = ServerSideApply.apply(old, applied, manager);
            keepStatus(type, old, updated);
            return write(request, type, path, old, updated);
        }
        if (old == null) {
            throw ApiException.notFound(type, path.name());
        }
        ObjectNode base = "scale".equals(path.subresource()) ? scaleOf(type, old) : old;
        ObjectNode patched = switch (contentType) {
            case "application/json-patch+json" -> jsonPatch(base, request.body());
            case "application/merge-patch+json" -> JsonMergePatch.apply(base, Json.parseObject(request.body()));
            case "application/strategic-merge-patch+json" -> {
                if (type.custom()) {
                    throw ApiException.unsupportedMediaType(contentType + " (strategic merge patch is not supported for custom resources)");
                }
                yield StrategicMergePatch.apply(base, Json.parseObject(request.body()));
            }
            default -> throw ApiException.unsupportedMediaType(contentType);
        };
        ObjectNode updated;
        if ("scale".equals(path.subresource())) {
            updated = fromScale(old, patched);
        } else if ("status".equals(path.subresource())) {
            updated = old.deepCopy();
            if (patched.has("status")) {
                updated.set("status", patched.get("status"));
            }
        } else if (EPHEMERAL.equals(path.subresource())) {
            updated = withEphemeralContainers(old, patched);
        } else {
            updated = patched;
            keepStatus(type, old, updated);
        }
        return write(request, type, path, old, updated);
    }

    private static final String EPHEMERAL = "ephemeralcontainers";

    /**
     * A Pod's {@code ephemeralcontainers} subresource (what {@code kubectl debug POD --image} patches): only
     * {@code spec.ephemeralContainers} changes, existing ones stay as they are, names are unique in the Pod.
     */
    private static ObjectNode withEphemeralContainers(ObjectNode old, ObjectNode patched) {
        JsonNode before = old.path("spec").path("ephemeralContainers");
        JsonNode after = patched.path("spec").path("ephemeralContainers");
        List<ApiException.Cause> causes = new java.util.ArrayList<>();
        java.util.Map<String, JsonNode> kept = new java.util.HashMap<>();
        after.forEach(c -> kept.put(c.path("name").asText(), c));
        for (JsonNode c : before) {
            if (!c.equals(kept.get(c.path("name").asText()))) {
                causes.add(new ApiException.Cause("FieldValueForbidden", "spec.ephemeralContainers",
                        "Forbidden: existing ephemeral containers \"" + c.path("name").asText() + "\" may not be changed"));
            }
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String list : List.of("containers", "initContainers")) {
            old.path("spec").path(list).forEach(c -> names.add(c.path("name").asText()));
        }
        int i = 0;
        for (JsonNode c : after) {
            String field = "spec.ephemeralContainers[" + i++ + "]";
            if (c.path("name").asText("").isEmpty()) {
                causes.add(new ApiException.Cause("FieldValueRequired", field + ".name", "Required value"));
            } else if (!names.add(c.path("name").asText())) {
                causes.add(new ApiException.Cause("FieldValueDuplicate", field + ".name", "Duplicate value: \""
                        + c.path("name").asText() + "\""));
            }
            if (c.path("image").asText("").isEmpty()) {
                causes.add(new ApiException.Cause("FieldValueRequired", field + ".image", "Required value"));
            }
            for (String forbidden : List.of("ports", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle")) {
                if (c.has(forbidden)) {
                    causes.add(new ApiException.Cause("FieldValueForbidden", field + "." + forbidden,
                            "Forbidden: cannot be set for an Ephemeral Container"));
                }
            }
        }
        if (!causes.isEmpty()) {
            throw ApiException.invalid("", "Pod", Json.name(old), causes);
        }
        ObjectNode updated = old.deepCopy();
        ((ObjectNode) updated.path("spec")).set("ephemeralContainers", after.deepCopy());
        return updated;
    }

    private static ObjectNode jsonPatch(ObjectNode base, String body) {
        try {
            JsonNode patch = Json.MAPPER.readTree(body);
            return (ObjectNode) JsonPatch.apply(patch, base);
        } catch (JsonPatchException e) {
            throw new ApiException(422, "Invalid", "the server rejected our request due to an error in our request: "
                    + e.getMessage(), null, null, null, List.of());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("the patch is not valid JSON: " + e.getMessage());
        }
    }

    /** Built-in kinds with a status subresource ignore status changes made through the main resource. */
    private static void keepStatus(ResourceType type, ObjectNode old, ObjectNode updated) {
        if (type.hasStatus()) {
            if (old.has("status")) {
                updated.set("status", old.get("status").deepCopy());
            } else {
                updated.remove("status");
            }
        }
    }

    private ApiResponse write(ApiRequest request, ResourceType type, ResourcePath path, ObjectNode old, ObjectNode updated) {
        ObjectNode metadata = Json.metadata(updated);
        metadata.put("name", path.name());
        if (type.namespaced()) {
            metadata.put("namespace", path.namespace() == null ? Json.namespace(old) : path.namespace());
        }
        if (!metadata.hasNonNull("resourceVersion") || metadata.path("resourceVersion").asText().isEmpty()) {
            metadata.set("resourceVersion", old.path("metadata").path("resourceVersion"));
        }
        // what clients may not change
        metadata.set("uid", old.path("metadata").path("uid"));
        metadata.set("creationTimestamp", old.path("metadata").path("creationTimestamp"));
        if (old.path("metadata").has("deletionTimestamp")) {
            metadata.set("deletionTimestamp", old.path("metadata").path("deletionTimestamp"));
        }
        List<String> warnings = "status".equals(path.subresource()) ? List.of()
                : EPHEMERAL.equals(path.subresource()) ? admission.admitEphemeralContainers(updated, old)
                : admission.admitUpdate(type, updated, old, request.query().get("fieldValidation"));
        if (dryRun(request)) {
            return withWarnings(ApiResponse.json(200, updated), warnings);
        }
        ObjectNode stored = "status".equals(path.subresource()) ? store.updateStatus(type, updated) : store.update(type, updated);
        if (stored == null) {
            // finalizers removed from an object being deleted: it is gone now
            return ApiResponse.json(200, updated);
        }
        return withWarnings(ApiResponse.json(200, "scale".equals(path.subresource()) ? scaleOf(type, stored) : stored), warnings);
    }

    // ---- scale ---------------------------------------------------------------------------------------------

    private static ObjectNode scaleOf(ResourceType type, ObjectNode object) {
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode metadata = scale.putObject("metadata");
        for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (object.path("metadata").has(f)) {
                metadata.set(f, object.path("metadata").get(f));
            }
        }
        scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.path("status").path("replicas").asInt(0));
        JsonNode selector = object.path("spec").path("selector");
        if (type.kind().equals("ReplicationController")) {
            // a plain label map, not a LabelSelector
            ObjectNode wrapped = Json.object();
            wrapped.set("matchLabels", selector.deepCopy());
            selector = wrapped;
        }
        status.put("selector", Selectors.toString(selector));
        return scale;
    }

    private static ObjectNode fromScale(ObjectNode object, ObjectNode scale) {
        ObjectNode updated = object.deepCopy();
        JsonNode replicas = scale.path("spec").path("replicas");
        Json.with(updated, "spec").put("replicas", replicas.isMissingNode() ? 0 : replicas.asInt());
        String rv = scale.path("metadata").path("resourceVersion").asText("");
        if (!rv.isEmpty()) {
            Json.metadata(updated).put("resourceVersion", rv);
        }
        return updated;
    }

    // ---- delete --------------------------------------------------------------------------------------------

    private ApiResponse delete(ApiRequest request, ResourceType type, ResourcePath path) {
        ObjectNode object = current(type, path);
        String policy = propagationPolicy(request);
        if (dryRun(request)) {
            return ApiResponse.json(200, object);
        }
        return ApiResponse.json(200, deleteObject(type, object, policy));
    }

    /** Deletes one object with the given propagation policy ({@code Background}, {@code Foreground}, {@code Orphan}). */
    public ObjectNode deleteObject(ResourceType type, ObjectNode object, String policy) {
        String namespace = Json.namespace(object);
        String name = Json.name(object);
        if (type.kind().equals("Namespace")) {
            if (!object.path("metadata").hasNonNull("deletionTimestamp")) {
                ObjectNode marked = object.deepCopy();
                Json.metadata(marked).put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                Json.with(marked, "status").put("phase", "Terminating");
                return store.replaceRaw(type, marked);
            }
            return object;
        }
        if ("Orphan".equals(policy)) {
            orphanDependents(object);
        } else if ("Foreground".equals(policy)) {
            ObjectNode withFinalizer = object.deepCopy();
            ArrayNode finalizers = Json.metadata(withFinalizer).withArray("finalizers");
            boolean present = false;
            for (JsonNode f : finalizers) {
                present |= f.asText().equals("foregroundDeletion");
            }
            if (!present) {
                finalizers.add("foregroundDeletion");
                store.update(type, withFinalizer);
            }
        }
        return store.delete(type, namespace, name).orElse(object);
    }

    private void orphanDependents(ObjectNode owner) {
        String uid = Json.uid(owner);
        for (ResourceType type : catalog.all()) {
            for (ObjectNode dependent : store.listOwnedBy(type, Json.namespace(owner), uid, o -> true)) {
                ObjectNode copy = dependent.deepCopy();
                ArrayNode refs = (ArrayNode) copy.path("metadata").path("ownerReferences");
                for (int i = refs.size() - 1; i >= 0; i--) {
                    if (refs.get(i).path("uid").asText().equals(uid)) {
                        refs.remove(i);
                    }
                }
                store.update(type, copy);
            }
        }
    }

    static boolean ownedBy(JsonNode object, String uid) {
        for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
            if (ref.path("uid").asText().equals(uid)) {
                return true;
            }
        }
        return false;
    }

    private static String propagationPolicy(ApiRequest request) {
        String policy = request.query().get("propagationPolicy");
        if (policy == null && !request.body().isBlank()) {
            JsonNode options = Json.parseObject(request.body());
            policy = options.path("propagationPolicy").asText(null);
            if (policy == null && options.has("orphanDependents")) {
                policy = options.path("orphanDependents").asBoolean() ? "Orphan" : "Background";
            }
        }
        return policy == null ? "Background" : policy;
    }

    private ApiResponse deleteCollection(ApiRequest request, ResourceType type, ResourcePath path) {
        List<ObjectNode> items = store.list(type, path.namespace(), filter(request));
        String policy = propagationPolicy(request);
        List<ObjectNode> deleted = new ArrayList<>();
        if (!dryRun(request)) {
            for (ObjectNode item : items) {
                deleted.add(deleteObject(type, item, policy));
            }
        }
        ObjectNode list = Json.object();
        list.put("kind", type.listKind());
        list.put("apiVersion", type.apiVersion());
        list.putObject("metadata").put("resourceVersion", String.valueOf(store.latestResourceVersion()));
        ArrayNode array = list.putArray("items");
        deleted.forEach(array::add);
        return ApiResponse.json(200, list);
    }
}
