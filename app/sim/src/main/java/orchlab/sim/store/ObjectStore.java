package orchlab.sim.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesVersionPriority;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.server.mock.crud.PutHandler;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;

/**
 * The simulated cluster's object storage: fabric8's {@link KubernetesCrudDispatcher} (the kubernetes-server-mock
 * CRUD store: JSON documents keyed by attributes, resource versions, generations, finalizers) used in-process,
 * with one lock around every operation, an ordered change feed for watches and controllers, and a bounded event
 * history so that a watch can resume from a resource version like against a real API server.
 *
 * <p>A custom resource is stored once, in its CRD's storage version, and served at every served version with only
 * {@code apiVersion} changed (conversion strategy {@code None}, as a real API server does): every method here takes
 * the type as requested, reads and writes the storage version's object and returns objects with the requested
 * {@code apiVersion}. The change feed ({@link StoreEvent}) carries objects as stored.
 */
public final class ObjectStore extends KubernetesCrudDispatcher {

    private static final int HISTORY_LIMIT = 4096;
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Consumer<StoreEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Deque<StoreEvent> history = new ArrayDeque<>();
    private final PutHandler putHandler;
    private final SecureRandom random = new SecureRandom();
    private long oldestReplayable = 0;
    private long latest = 0;
    private volatile UnaryOperator<ResourceType> storageTypes = UnaryOperator.identity();

    public ObjectStore() {
        super();
        this.putHandler = new PutHandler(this);
    }

    /** Where objects of a type are kept: for a custom resource the type of its CRD's storage version. */
    public void storageTypes(UnaryOperator<ResourceType> storageTypeOf) {
        this.storageTypes = Objects.requireNonNull(storageTypeOf);
    }

    /** The type whose stored objects {@code type} serves (itself unless it is a non-storage version of a CRD). */
    public ResourceType storageType(ResourceType type) {
        return storageTypes.apply(type);
    }

    /**
     * {@code object} (as stored, or as read at another version) as served at {@code type}'s version: for a custom
     * resource of that kind, {@code apiVersion} set to the type's; anything else is returned unchanged. Changes
     * {@code object} in place.
     */
    public static ObjectNode servedAs(ResourceType type, ObjectNode object) {
        if (object == null || !type.kind().equals(object.path("kind").asText())) {
            return object;
        }
        String apiVersion = object.path("apiVersion").asText();
        if (type.custom() && !type.apiVersion().equals(apiVersion)) {
            object.put("apiVersion", type.apiVersion());
        } else if (HpaConversion.converts(type.kind(), apiVersion, type.apiVersion())) {
            ObjectNode converted = HpaConversion.convert(object, type.apiVersion());
            object.removeAll();
            object.setAll(converted);
        }
        return object;
    }

    /** A copy of {@code object} converted to the storage version, when that differs. */
    private static ObjectNode storedAs(ResourceType stored, ObjectNode object) {
        String apiVersion = object.path("apiVersion").asText();
        if (stored.custom() && !stored.apiVersion().equals(apiVersion)) {
            ObjectNode copy = object.deepCopy();
            copy.put("apiVersion", stored.apiVersion());
            return copy;
        }
        if (HpaConversion.converts(object.path("kind").asText(), apiVersion, stored.apiVersion())) {
            return HpaConversion.convert(object, stored.apiVersion());
        }
        return object;
    }

    /** Runs {@code action} holding the store lock, so that several operations see one consistent state. */
    public <T> T atomically(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    public void atomically(Runnable action) {
        atomically(() -> {
            action.run();
            return null;
        });
    }

    /** Listeners run inside the lock, in change order: they must only queue work, never block. */
    public void addListener(Consumer<StoreEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<StoreEvent> listener) {
        listeners.remove(listener);
    }


    // ---- reads ---------------------------------------------------------------------------------------------

    public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
        ResourceType stored = storageType(type);
        return atomically(() -> find(stored, namespace, name).map(e -> servedAs(type, Json.parseObject(e.getValue()))));
    }

    public List<ObjectNode> list(ResourceType type, String namespace) {
        return list(type, namespace, o -> true);
    }

    public List<ObjectNode> list(ResourceType type, String namespace, Predicate<ObjectNode> filter) {
        ResourceType stored = storageType(type);
        return atomically(() -> {
            List<ObjectNode> result = new ArrayList<>();
            for (Map.Entry<AttributeSet, String> entry : snapshot()) {
                if (matches(entry.getKey(), stored, namespace, null)) {
                    ObjectNode object = servedAs(type, Json.parseObject(entry.getValue()));
                    if (filter.test(object)) {
                        result.add(object);
                    }
                }
            }
            return result;
        });
    }

    /** Every stored object, for saving state. */
    public List<ObjectNode> all() {
        return atomically(() -> snapshot().stream().map(e -> Json.parseObject(e.getValue())).toList());
    }

    public int size() {
        return map.size();
    }

    private List<Map.Entry<AttributeSet, String>> snapshot() {
        synchronized (map) {
            return new ArrayList<>(map.entrySet());
        }
    }

    private Optional<Map.Entry<AttributeSet, String>> find(ResourceType type, String namespace, String name) {
        for (Map.Entry<AttributeSet, String> entry : snapshot()) {
            if (matches(entry.getKey(), type, namespace, name)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(AttributeSet key, ResourceType type, String namespace, String name) {
        return type.plural().equals(value(key, KubernetesAttributesExtractor.PLURAL))
                && type.version().equals(value(key, KubernetesAttributesExtractor.VERSION))
                && type.group().equals(Objects.requireNonNullElse(value(key, KubernetesAttributesExtractor.API), ""))
                && (!type.namespaced() || namespace == null || namespace.equals(value(key, KubernetesAttributesExtractor.NAMESPACE)))
                && (name == null || name.equals(value(key, KubernetesAttributesExtractor.NAME)));
    }

    private static String value(AttributeSet set, String key) {
        Attribute attribute = set.getAttribute(key);
        if (attribute == null || attribute.getValues().isEmpty()) {
            return null;
        }
        return attribute.getValues().get(0).toString();
    }

    // ---- writes --------------------------------------------------------------------------------------------

    /** Stores a new object (metadata: uid, creationTimestamp, resourceVersion, generation filled in). */
    public ObjectNode create(ResourceType requested, ObjectNode object) {
        ResourceType type = storageType(requested);
        return atomically(() -> {
            ObjectNode metadata = Json.metadata(object);
            String name = metadata.path("name").asText("");
            if (name.isEmpty() && metadata.hasNonNull("generateName")) {
                name = generateName(type, Json.namespace(object), metadata.get("generateName").asText());
                metadata.put("name", name);
            }
            String namespace = type.namespaced() ? metadata.path("namespace").asText(null) : null;
            if (find(type, namespace, name).isPresent()) {
                throw ApiException.alreadyExists(requested, name);
            }
            metadata.remove("resourceVersion");
            metadata.remove("deletionTimestamp");
            if (!metadata.hasNonNull("uid")) {
                metadata.put("uid", UUID.randomUUID().toString());
            }
            metadata.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            metadata.put("resourceVersion", String.valueOf(requestResourceVersion()));
            metadata.put("generation", 1);
            if (type.namespaced()) {
                metadata.put("namespace", namespace);
            } else {
                metadata.remove("namespace");
            }
            AttributeSet key = getKey(type.objectPath(namespace, name));
            processEvent(type.collectionPath(namespace), key, null, null, Json.write(storedAs(type, object)));
            return servedAs(requested, object.deepCopy());
        });
    }

    private String generateName(ResourceType type, String namespace, String prefix) {
        for (int attempt = 0; attempt < 100; attempt++) {
            StringBuilder name = new StringBuilder(prefix);
            for (int i = 0; i < 5; i++) {
                name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
            }
            if (find(type, namespace, name.toString()).isEmpty()) {
                return name.toString();
            }
        }
        throw ApiException.alreadyExists(type, prefix + "*");
    }

    /**
     * Replaces an object (PUT semantics: a {@code metadata.resourceVersion} in {@code object} must match, uid and
     * creation time are kept, generation grows when the spec changes).
     */
    public ObjectNode update(ResourceType requested, ObjectNode object) {
        ResourceType type = storageType(requested);
        return atomically(() -> {
            String namespace = type.namespaced() ? Json.namespace(object) : null;
            String name = Json.name(object);
            if (find(type, namespace, name).isEmpty()) {
                throw ApiException.notFound(requested, name);
            }
            ObjectNode result = handle(type, () -> putHandler.handle(type.objectPath(namespace, name), "application/json",
                    Json.write(storedAs(type, object))));
            return result == null ? object : servedAs(requested, result);
        });
    }

    /** Replaces only {@code status} (the status subresource). */
    public ObjectNode updateStatus(ResourceType requested, ObjectNode object) {
        ResourceType type = storageType(requested);
        return atomically(() -> {
            String namespace = type.namespaced() ? Json.namespace(object) : null;
            String name = Json.name(object);
            if (find(type, namespace, name).isEmpty()) {
                throw ApiException.notFound(requested, name);
            }
            return servedAs(requested, handle(type, () -> putHandler.handle(type.objectPath(namespace, name) + "/status",
                    "application/json", Json.write(storedAs(type, object)))));
        });
    }

    /**
     * Deletes an object. With finalizers it is only marked ({@code deletionTimestamp}) and stays until they are
     * removed.
     *
     * @return the object as it was (or as marked), empty when absent
     */
    public Optional<ObjectNode> delete(ResourceType requested, String namespace, String name) {
        ResourceType type = storageType(requested);
        return atomically(() -> {
            Optional<Map.Entry<AttributeSet, String>> entry = find(type, namespace, name);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            handleDelete(type.objectPath(namespace, name));
            return find(type, namespace, name).map(e -> Json.parseObject(e.getValue()))
                    .or(() -> Optional.of(Json.parseObject(entry.get().getValue())))
                    .map(o -> servedAs(requested, o));
        });
    }

    private ObjectNode handle(ResourceType type, CrudCall call) {
        try {
            MockResponse response = call.run();
            if (response.code() == 404) {
                return null;
            }
            String body = response.getBody() == null ? "" : response.getBody().readUtf8();
            return body.isEmpty() ? null : Json.parseObject(body);
        } catch (KubernetesCrudDispatcherException e) {
            if (e.getCode() == 409) {
                throw new ApiException(409, "Conflict", e.getMessage(), type.group(), type.plural(), null, List.of());
            }
            throw new ApiException(e.getCode(), e.getCode() == 422 ? "Invalid" : "BadRequest", e.getMessage(),
                    type.group(), type.kind(), null, List.of());
        }
    }

    @FunctionalInterface
    private interface CrudCall {
        MockResponse run() throws KubernetesCrudDispatcherException;
    }

    // ---- change feed ---------------------------------------------------------------------------------------

    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String NOT_A_CRD_PATH = "/orchlab/crd-noted-by-the-sim";

    /**
     * What fabric8's {@code CustomResourceDefinitionContext.fromCrd} makes of a v1 CRD, read from the JSON tree: the
     * group, the version of highest priority among all (fabric8's {@code KubernetesVersionPriority}), scope, name,
     * plural, kind, and whether that version has the status subresource.
     */
    static CustomResourceDefinitionContext crdContext(ObjectNode crd) {
        JsonNode spec = crd.path("spec");
        List<String> versions = new ArrayList<>();
        spec.path("versions").forEach(v -> versions.add(v.path("name").asText()));
        String version = versions.isEmpty() ? null : KubernetesVersionPriority.highestPriority(versions);
        boolean status = false;
        for (JsonNode v : spec.path("versions")) {
            if (v.path("name").asText().equals(version) && v.path("subresources").has("status")) {
                status = true;
            }
        }
        return new CustomResourceDefinitionContext.Builder()
                .withGroup(spec.path("group").asText(null))
                .withVersion(version)
                .withScope(spec.path("scope").asText(null))
                .withName(crd.path("metadata").path("name").asText(null))
                .withPlural(spec.path("names").path("plural").asText(null))
                .withKind(spec.path("names").path("kind").asText(null))
                .withStatusSubresource(status)
                .build();
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        String existing = oldAttributes == null ? null : map.get(oldAttributes);
        boolean crdWritten = newState != null && path.startsWith(CRD_PATH);
        // fabric8's CRD bookkeeping (its CustomResourceDefinitionProcessor, told by the path) reads every CRD written
        // into its typed model — the whole JSONSchemaProps tree, hundreds of milliseconds cold for Istio's nine at the
        // sim's start — only to note the CRD's names; for a write the sim notes the same names itself instead
        super.processEvent(crdWritten ? NOT_A_CRD_PATH : path, pathAttributes, oldAttributes, resource, newState);
        if (crdWritten) {
            expectCustomResource(crdContext(Json.parseObject(newState)));
        }
        if (Objects.equals(existing, newState)) {
            return;
        }
        StoreEvent event;
        if (newState == null) {
            ObjectNode last = Json.parseObject(existing);
            long rv = requestResourceVersion();
            Json.metadata(last).put("resourceVersion", String.valueOf(rv));
            event = new StoreEvent("DELETED", rv, last, Json.parseObject(existing));
        } else {
            ObjectNode current = Json.parseObject(newState);
            long rv = Long.parseLong(current.path("metadata").path("resourceVersion").asText("0"));
            event = new StoreEvent(existing == null ? "ADDED" : "MODIFIED", rv, current,
                    existing == null ? null : Json.parseObject(existing));
        }
        latest = Math.max(latest, event.resourceVersion());
        history.addLast(event);
        while (history.size() > HISTORY_LIMIT) {
            oldestReplayable = history.removeFirst().resourceVersion();
        }
        for (Consumer<StoreEvent> listener : listeners) {
            listener.accept(event);
        }
    }

    /**
     * Events after {@code resourceVersion}, for resuming a watch.
     *
     * @return empty when that version is older than the kept history (the client must list again: 410 Gone)
     */
    public Optional<List<StoreEvent>> eventsSince(long resourceVersion) {
        return atomically(() -> {
            if (resourceVersion < oldestReplayable) {
                return Optional.<List<StoreEvent>>empty();
            }
            List<StoreEvent> events = new ArrayList<>();
            for (StoreEvent event : history) {
                if (event.resourceVersion() > resourceVersion) {
                    events.add(event);
                }
            }
            return Optional.of(events);
        });
    }

    /** The latest resource version handed out (list responses carry it). */
    public long latestResourceVersion() {
        return atomically(() -> latest);
    }

    /**
     * Writes an object as given, without the CRUD handlers' checks: only for state transitions the API server
     * itself makes (marking a namespace as terminating).
     */
    public ObjectNode replaceRaw(ResourceType requested, ObjectNode object) {
        ResourceType type = storageType(requested);
        return atomically(() -> {
            String namespace = type.namespaced() ? Json.namespace(object) : null;
            Map.Entry<AttributeSet, String> entry = find(type, namespace, Json.name(object))
                    .orElseThrow(() -> ApiException.notFound(requested, Json.name(object)));
            Json.metadata(object).put("resourceVersion", String.valueOf(requestResourceVersion()));
            processEvent(type.objectPath(namespace, Json.name(object)), entry.getKey(), entry.getKey(), null,
                    Json.write(storedAs(type, object)));
            return object;
        });
    }

    /** Forgets the change history (after restoring state): older watches must list again. */
    public void resetHistory() {
        atomically(() -> {
            history.clear();
            oldestReplayable = latest;
        });
    }

    /** Puts back an object saved earlier, keeping its uid and timestamps (used when restoring state). */
    public void restore(ResourceType requested, ObjectNode object) {
        ResourceType type = storageType(requested);
        atomically(() -> {
            String namespace = type.namespaced() ? Json.namespace(object) : null;
            AttributeSet key = getKey(type.objectPath(namespace, Json.name(object)));
            // state saved when each served version had its own copy: the later copy replaces the earlier one
            AttributeSet previous = find(type, namespace, Json.name(object)).map(Map.Entry::getKey).orElse(null);
            processEvent(type.collectionPath(namespace), key, previous, null, Json.write(storedAs(type, object)));
            long rv = Long.parseLong(object.path("metadata").path("resourceVersion").asText("0"));
            long next = requestResourceVersion();
            while (next < rv) {
                next = requestResourceVersion();
            }
            latest = Math.max(latest, next);
        });
    }
}
