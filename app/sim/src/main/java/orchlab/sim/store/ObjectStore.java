package orchlab.sim.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesVersionPriority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;

/**
 * The simulated cluster's object storage, indexed like the API server's watch cache: objects by resource type
 * (group, version, plural), namespace and name, in key order (a list answers sorted by namespace and name, as etcd
 * keys do); an index by label ({@code key=value}) and one by owner UID, so that a controller's selector or owner
 * lookup touches only the objects it asks for. One lock around every operation, an ordered change feed for watches
 * and controllers, and a bounded event history so that a watch can resume from a resource version like against a
 * real API server.
 *
 * <p>Each object is kept in one form, parsed once when written: an {@link ObjectNode} tree that the store never
 * changes afterwards, with its JSON bytes beside it (what the event history keeps, and how an unchanged write is
 * recognised). Reads return copies; {@link StoreEvent}s handed to listeners share the stored trees (listeners read
 * them, never change them). The write rules are those of fabric8's kubernetes-server-mock CRUD store, which the sim
 * used before this index (resource version check and 409 on PUT, generation on spec changes, finalizers keep a
 * deleted object marked with {@code deletionTimestamp}).
 *
 * <p>A custom resource is stored once, in its CRD's storage version, and served at every served version with only
 * {@code apiVersion} changed (conversion strategy {@code None}, as a real API server does): every method here takes
 * the type as requested, reads and writes the storage version's object and returns objects with the requested
 * {@code apiVersion}. The change feed ({@link StoreEvent}) carries objects as stored.
 */
public final class ObjectStore {

    /** Events kept for watches that resume from a resource version: at most this many ... */
    static final int HISTORY_LIMIT = 4096;
    /** ... and at most this many bytes of their objects' JSON. */
    static final long HISTORY_BYTES = 16L << 20;
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    private static final String CRD_GROUP = "apiextensions.k8s.io";
    private static final String CRD_PLURAL = "customresourcedefinitions";

    /** One stored object: its tree (never changed once stored) and its JSON. */
    private record Entry(ObjectNode object, byte[] json) {
    }

    /** A kept change: the object after it as JSON, and before it (shared with the previous change of that object). */
    private record Change(String type, long resourceVersion, byte[] object, byte[] previous) {
    }

    /** The objects of one resource type: by namespace ("" for cluster-scoped), then name; and by label. */
    private static final class Bucket {
        final TreeMap<String, TreeMap<String, Entry>> byNamespace = new TreeMap<>();
        /** namespace → "key=value" → names */
        final Map<String, Map<String, Set<String>>> byLabel = new HashMap<>();
        int size;
    }

    /** Where an object is: for the owner index. */
    private record Ref(String typeKey, String namespace, String name) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Consumer<StoreEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Bucket> buckets = new HashMap<>();
    /** owner UID (any ownerReference) → the objects that name it */
    private final Map<String, Set<Ref>> byOwner = new HashMap<>();
    /** group/version/plural of the custom resources whose CRD has the status subresource (at its priority version) */
    private final Map<String, Boolean> statusSubresources = new HashMap<>();
    private final Deque<Change> history = new ArrayDeque<>();
    private final int historyLimit;
    private final long historyBytesLimit;
    private long historyBytes;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong resourceVersion = new AtomicLong();
    private long oldestReplayable = 0;
    private long latest = 0;
    private volatile UnaryOperator<ResourceType> storageTypes = UnaryOperator.identity();

    public ObjectStore() {
        this(HISTORY_LIMIT, HISTORY_BYTES);
    }

    /** A store that keeps at most {@code events} changes and {@code bytes} of their JSON for resuming watches. */
    public ObjectStore(int events, long bytes) {
        this.historyLimit = events;
        this.historyBytesLimit = bytes;
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

    /**
     * Listeners run inside the lock, in change order: they must only queue work, never block. The objects of the
     * events they receive are the stored ones: read them, never change them.
     */
    public void addListener(Consumer<StoreEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<StoreEvent> listener) {
        listeners.remove(listener);
    }

    // ---- index -----------------------------------------------------------------------------------------------

    private static String typeKey(ResourceType type) {
        return type.group() + "/" + type.version() + "/" + type.plural();
    }

    private static String namespaceKey(ResourceType type, String namespace) {
        return type.namespaced() && namespace != null ? namespace : "";
    }

    private static String labelKey(String key, String value) {
        return key + '\u0000' + value;
    }

    /** The namespaces of {@code bucket} a read for {@code namespace} covers (all of them for null). */
    private static Collection<TreeMap<String, Entry>> scope(Bucket bucket, ResourceType type, String namespace) {
        if (bucket == null) {
            return List.of();
        }
        if (!type.namespaced() || namespace == null) {
            return bucket.byNamespace.values();
        }
        TreeMap<String, Entry> names = bucket.byNamespace.get(namespace);
        return names == null ? List.of() : List.of(names);
    }

    private Optional<Entry> find(ResourceType type, String namespace, String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (TreeMap<String, Entry> names : scope(buckets.get(typeKey(type)), type, namespace)) {
            Entry entry = names.get(name);
            if (entry != null) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private void index(ResourceType type, String namespace, String name, Entry entry) {
        String key = typeKey(type);
        String ns = namespaceKey(type, namespace);
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket());
        Entry old = bucket.byNamespace.computeIfAbsent(ns, n -> new TreeMap<>()).put(name, entry);
        if (old == null) {
            bucket.size++;
        } else {
            unindexRelations(bucket, key, ns, name, old);
        }
        Map<String, Set<String>> labels = bucket.byLabel.computeIfAbsent(ns, n -> new HashMap<>());
        entry.object().path("metadata").path("labels").fields().forEachRemaining(l ->
                labels.computeIfAbsent(labelKey(l.getKey(), l.getValue().asText()), k -> new java.util.TreeSet<>()).add(name));
        for (String owner : owners(entry.object())) {
            byOwner.computeIfAbsent(owner, o -> new LinkedHashSet<>()).add(new Ref(key, ns, name));
        }
    }

    private void unindex(ResourceType type, String namespace, String name) {
        String key = typeKey(type);
        String ns = namespaceKey(type, namespace);
        Bucket bucket = buckets.get(key);
        TreeMap<String, Entry> names = bucket == null ? null : bucket.byNamespace.get(ns);
        Entry old = names == null ? null : names.remove(name);
        if (old == null) {
            return;
        }
        bucket.size--;
        if (names.isEmpty()) {
            bucket.byNamespace.remove(ns);
        }
        unindexRelations(bucket, key, ns, name, old);
    }

    private void unindexRelations(Bucket bucket, String key, String ns, String name, Entry old) {
        Map<String, Set<String>> labels = bucket.byLabel.get(ns);
        if (labels != null) {
            old.object().path("metadata").path("labels").fields().forEachRemaining(l -> {
                String label = labelKey(l.getKey(), l.getValue().asText());
                Set<String> names = labels.get(label);
                if (names != null && names.remove(name) && names.isEmpty()) {
                    labels.remove(label);
                }
            });
        }
        for (String owner : owners(old.object())) {
            Set<Ref> refs = byOwner.get(owner);
            if (refs != null && refs.remove(new Ref(key, ns, name)) && refs.isEmpty()) {
                byOwner.remove(owner);
            }
        }
    }

    private static Set<String> owners(JsonNode object) {
        JsonNode refs = object.path("metadata").path("ownerReferences");
        if (refs.isEmpty()) {
            return Set.of();
        }
        Set<String> uids = new LinkedHashSet<>();
        refs.forEach(r -> uids.add(r.path("uid").asText()));
        return uids;
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
        ResourceType stored = storageType(type);
        return atomically(() -> find(stored, namespace, name).map(e -> servedAs(type, e.object().deepCopy())));
    }

    public List<ObjectNode> list(ResourceType type, String namespace) {
        return list(type, namespace, o -> true);
    }

    /** The objects of a type in a namespace (all namespaces for null) that {@code filter} accepts, by namespace and name. */
    public List<ObjectNode> list(ResourceType type, String namespace, Predicate<ObjectNode> filter) {
        ResourceType stored = storageType(type);
        return atomically(() -> {
            List<ObjectNode> result = new ArrayList<>();
            for (TreeMap<String, Entry> names : scope(buckets.get(typeKey(stored)), stored, namespace)) {
                for (Entry entry : names.values()) {
                    select(type, entry, filter, result, true);
                }
            }
            return result;
        });
    }

    /**
     * Reads the objects of a type in a namespace (all namespaces for null) as stored, without copying them, for a
     * caller that only looks (an address allocator collecting the addresses in use): {@code reader} gets each object
     * and must neither keep nor change it. Runs under the store lock.
     */
    public void read(ResourceType type, String namespace, Consumer<JsonNode> reader) {
        ResourceType stored = storageType(type);
        atomically(() -> {
            for (TreeMap<String, Entry> names : scope(buckets.get(typeKey(stored)), stored, namespace)) {
                for (Entry entry : names.values()) {
                    reader.accept(converts(type, entry.object()) ? servedAs(type, entry.object().deepCopy()) : entry.object());
                }
            }
        });
    }

    /**
     * The objects whose labels contain every pair of {@code matchLabels} (a label selector's {@code matchLabels}, a
     * Service's {@code selector}) and that {@code filter} accepts, found through the label index: only the objects
     * carrying the rarest of those labels are looked at. An empty {@code matchLabels} selects every object.
     */
    public List<ObjectNode> list(ResourceType type, String namespace, Map<String, String> matchLabels,
                                 Predicate<ObjectNode> filter) {
        return byLabels(type, namespace, matchLabels, filter, true);
    }

    /**
     * What {@link #list(ResourceType, String, Map, Predicate)} finds, as the stored objects themselves rather than
     * copies, for a controller that only reads them (a Service's endpoints from its Pods): stored objects are never
     * changed — a write replaces them — so the list stays valid; never cast an element back to change it.
     */
    public List<JsonNode> view(ResourceType type, String namespace, Map<String, String> matchLabels, Predicate<JsonNode> filter) {
        return List.copyOf(byLabels(type, namespace, matchLabels, filter::test, false));
    }

    private List<ObjectNode> byLabels(ResourceType type, String namespace, Map<String, String> matchLabels,
                                      Predicate<ObjectNode> filter, boolean copy) {
        ResourceType stored = storageType(type);
        return atomically(() -> {
            List<ObjectNode> result = new ArrayList<>();
            Bucket bucket = buckets.get(typeKey(stored));
            if (bucket == null) {
                return result;
            }
            if (matchLabels.isEmpty()) {
                for (TreeMap<String, Entry> names : scope(bucket, stored, namespace)) {
                    for (Entry entry : names.values()) {
                        select(type, entry, filter, result, copy);
                    }
                }
                return result;
            }
            Collection<String> namespaces = !stored.namespaced() ? List.of("")
                    : namespace == null ? bucket.byNamespace.keySet() : List.of(namespace);
            for (String ns : namespaces) {
                Map<String, Set<String>> labels = bucket.byLabel.getOrDefault(ns, Map.of());
                Set<String> rarest = null;
                for (Map.Entry<String, String> pair : matchLabels.entrySet()) {
                    Set<String> names = labels.getOrDefault(labelKey(pair.getKey(), pair.getValue()), Set.of());
                    if (rarest == null || names.size() < rarest.size()) {
                        rarest = names;
                    }
                }
                TreeMap<String, Entry> entries = bucket.byNamespace.get(ns);
                if (entries == null) {
                    continue;
                }
                for (String name : rarest) {
                    Entry entry = entries.get(name);
                    if (entry != null && hasLabels(entry.object(), matchLabels)) {
                        select(type, entry, filter, result, copy);
                    }
                }
            }
            return result;
        });
    }

    private static boolean hasLabels(JsonNode object, Map<String, String> matchLabels) {
        JsonNode labels = object.path("metadata").path("labels");
        for (Map.Entry<String, String> pair : matchLabels.entrySet()) {
            JsonNode value = labels.get(pair.getKey());
            if (value == null || !value.asText().equals(pair.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The objects of a type in a namespace (all for null) with an {@code ownerReference} to {@code ownerUid}
     * (controller or not) that {@code filter} accepts, found through the owner index, by namespace and name.
     */
    public List<ObjectNode> listOwnedBy(ResourceType type, String namespace, String ownerUid, Predicate<ObjectNode> filter) {
        return ownedBy(type, namespace, ownerUid, filter, true);
    }

    /** What {@link #listOwnedBy} finds, as the stored objects themselves (read only: see {@link #view}). */
    public List<JsonNode> viewOwnedBy(ResourceType type, String namespace, String ownerUid, Predicate<JsonNode> filter) {
        return List.copyOf(ownedBy(type, namespace, ownerUid, filter::test, false));
    }

    private List<ObjectNode> ownedBy(ResourceType type, String namespace, String ownerUid, Predicate<ObjectNode> filter,
                                     boolean copy) {
        ResourceType stored = storageType(type);
        return atomically(() -> {
            Set<Ref> refs = byOwner.get(ownerUid);
            if (refs == null) {
                return new ArrayList<ObjectNode>();
            }
            String key = typeKey(stored);
            Bucket bucket = buckets.get(key);
            List<Ref> mine = new ArrayList<>();
            for (Ref ref : refs) {
                if (ref.typeKey().equals(key) && (!stored.namespaced() || namespace == null || namespace.equals(ref.namespace()))) {
                    mine.add(ref);
                }
            }
            mine.sort(java.util.Comparator.comparing(Ref::namespace).thenComparing(Ref::name));
            List<ObjectNode> result = new ArrayList<>();
            for (Ref ref : mine) {
                Entry entry = bucket.byNamespace.get(ref.namespace()).get(ref.name());
                select(type, entry, filter, result, copy);
            }
            return result;
        });
    }

    /** Adds a copy of {@code entry} as served at {@code type} to {@code result} when {@code filter} accepts it. */
    private static void select(ResourceType type, Entry entry, Predicate<ObjectNode> filter, List<ObjectNode> result,
                               boolean copy) {
        ObjectNode object = entry.object();
        if (converts(type, object)) {
            ObjectNode served = servedAs(type, object.deepCopy());
            if (filter.test(served)) {
                result.add(served);
            }
        } else if (filter.test(object)) {
            // the filter reads the stored tree; what leaves the store is a copy unless the caller only views
            result.add(copy ? object.deepCopy() : object);
        }
    }

    /** Whether {@link #servedAs} would change {@code object}. */
    private static boolean converts(ResourceType type, ObjectNode object) {
        if (!type.kind().equals(object.path("kind").asText())) {
            return false;
        }
        String apiVersion = object.path("apiVersion").asText();
        return type.custom() && !type.apiVersion().equals(apiVersion)
                || HpaConversion.converts(type.kind(), apiVersion, type.apiVersion());
    }

    /** Every stored object, for saving state. */
    public List<ObjectNode> all() {
        return atomically(() -> {
            List<ObjectNode> result = new ArrayList<>();
            for (Bucket bucket : buckets.values()) {
                for (TreeMap<String, Entry> names : bucket.byNamespace.values()) {
                    names.values().forEach(e -> result.add(e.object().deepCopy()));
                }
            }
            return result;
        });
    }

    public int size() {
        return atomically(() -> buckets.values().stream().mapToInt(b -> b.size).sum());
    }

    // ---- writes --------------------------------------------------------------------------------------------

    /** The next resource version (every change gets its own). */
    public long requestResourceVersion() {
        return resourceVersion.incrementAndGet();
    }

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
            write(type, namespace, name, null, parsed(storedAs(type, object)));
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
        ObjectNode result = replace(requested, object, false);
        return result == null ? object : result;
    }

    /** Replaces only {@code status} (the status subresource). */
    public ObjectNode updateStatus(ResourceType requested, ObjectNode object) {
        return replace(requested, object, true);
    }

    /**
     * What fabric8's kubernetes-server-mock {@code PutHandler} did with a PUT (the rules the sim's callers were written
     * against): the body must have kind, apiVersion, metadata and a name; a body marked for deletion without
     * finalizers deletes the object (null returned); the status subresource takes only the status; a custom resource
     * whose CRD has the status subresource keeps its status on a main PUT; a resource version that differs is a 409;
     * namespace, uid, creation time, resource version and generation come from the stored object; generation grows
     * when anything outside metadata and status changed, the resource version when anything changed at all.
     */
    private ObjectNode replace(ResourceType requested, ObjectNode object, boolean statusOnly) {
        ResourceType type = storageType(requested);
        return atomically(() -> {
            String namespace = type.namespaced() ? Json.namespace(object) : null;
            String name = Json.name(object);
            Entry current = find(type, namespace, name).orElseThrow(() -> ApiException.notFound(requested, name));
            namespace = namespaceOf(type, current);
            ObjectNode body = parsed(storedAs(type, object)).object();
            validateBody(type, body);
            JsonNode bodyMetadata = body.path("metadata");
            if (bodyMetadata.hasNonNull("deletionTimestamp") && bodyMetadata.path("finalizers").isEmpty()) {
                write(type, namespace, name, current, null);
                return null;
            }
            ObjectNode stored = current.object();
            ObjectNode updated;
            if (statusOnly) {
                updated = stored.deepCopy();
                setStatus(updated, body.get("status"));
            } else {
                updated = body;
                if (Boolean.TRUE.equals(statusSubresources.get(typeKey(type)))) {
                    setStatus(updated, stored.get("status") == null ? null : stored.get("status").deepCopy());
                }
            }
            String currentVersion = stored.path("metadata").path("resourceVersion").asText();
            String basedOn = updated.path("metadata").path("resourceVersion").asText();
            if (!basedOn.isEmpty() && !currentVersion.equals(basedOn)) {
                throw new ApiException(409, "Conflict", String.format("Operation cannot be fulfilled on %s \"%s\": the "
                        + "object has been modified; please apply your changes to the latest version and try again",
                        updated.path("kind").asText(), updated.path("metadata").path("name").asText()),
                        type.group(), type.plural(), null, List.of());
            }
            ObjectNode currentMetadata = (ObjectNode) stored.get("metadata");
            ObjectNode updatedMetadata = (ObjectNode) updated.get("metadata");
            updatedMetadata.put("namespace", currentMetadata.path("namespace").asText(null));
            updatedMetadata.put("uid", currentMetadata.path("uid").asText());
            updatedMetadata.put("creationTimestamp", currentMetadata.path("creationTimestamp").asText());
            updatedMetadata.put("resourceVersion", currentVersion);
            updatedMetadata.set("generation", currentMetadata.path("generation").deepCopy());
            if (!statusOnly && specChanged(stored, updated)) {
                updatedMetadata.put("generation", currentMetadata.path("generation").asInt(0) + 1);
            }
            if (!updated.equals(stored)) {
                updatedMetadata.put("resourceVersion", String.valueOf(requestResourceVersion()));
            }
            Entry written = write(type, namespace, name, current, entry(updated));
            return servedAs(requested, written.object().deepCopy());
        });
    }

    /** Whether anything outside {@code metadata} and {@code status} differs (what makes the generation grow). */
    private static boolean specChanged(ObjectNode before, ObjectNode after) {
        Set<String> fields = new HashSet<>();
        before.fieldNames().forEachRemaining(fields::add);
        after.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            if (!field.equals("metadata") && !field.equals("status")
                    && !Objects.equals(before.get(field), after.get(field))) {
                return true;
            }
        }
        return false;
    }

    private static void setStatus(ObjectNode object, JsonNode status) {
        if (status != null) {
            object.set("status", status);
        } else {
            object.remove("status");
        }
    }

    private static void validateBody(ResourceType type, ObjectNode body) {
        String kind = body.path("kind").asText("");
        String problem = kind.isEmpty() ? "Invalid"
                : body.path("apiVersion").asText("").isEmpty() || !body.path("metadata").isObject()
                || body.path("metadata").path("name").asText("").isEmpty()
                && body.path("metadata").path("generateName").asText("").isEmpty() ? kind + " is invalid" : null;
        if (problem != null) {
            throw new ApiException(422, "Invalid", problem, type.group(), kind.isEmpty() ? type.kind() : kind, null, List.of());
        }
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
            Optional<Entry> found = find(type, namespace, name);
            if (found.isEmpty()) {
                return Optional.<ObjectNode>empty();
            }
            Entry entry = found.get();
            String ns = namespaceOf(type, entry);
            JsonNode metadata = entry.object().path("metadata");
            if (metadata.path("finalizers").isEmpty()) {
                write(type, ns, name, entry, null);
                return Optional.of(servedAs(requested, entry.object().deepCopy()));
            }
            if (metadata.hasNonNull("deletionTimestamp")) {
                return Optional.of(servedAs(requested, entry.object().deepCopy()));
            }
            ObjectNode marked = entry.object().deepCopy();
            Json.metadata(marked).put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            Json.metadata(marked).put("resourceVersion", String.valueOf(requestResourceVersion()));
            Entry written = write(type, ns, name, entry, entry(marked));
            return Optional.of(servedAs(requested, written.object().deepCopy()));
        });
    }

    /**
     * Writes an object as given, without the PUT rules: only for state transitions the API server itself makes
     * (marking a namespace as terminating).
     */
    public ObjectNode replaceRaw(ResourceType requested, ObjectNode object) {
        ResourceType type = storageType(requested);
        return atomically(() -> {
            String namespace = type.namespaced() ? Json.namespace(object) : null;
            Entry current = find(type, namespace, Json.name(object))
                    .orElseThrow(() -> ApiException.notFound(requested, Json.name(object)));
            Json.metadata(object).put("resourceVersion", String.valueOf(requestResourceVersion()));
            write(type, namespaceOf(type, current), Json.name(object), current, parsed(storedAs(type, object)));
            return object;
        });
    }

    /** Puts back an object saved earlier, keeping its uid and timestamps (used when restoring state). */
    public void restore(ResourceType requested, ObjectNode object) {
        ResourceType type = storageType(requested);
        atomically(() -> {
            String namespace = type.namespaced() ? Json.namespace(object) : null;
            // state saved when each served version had its own copy: the later copy replaces the earlier one
            Entry previous = find(type, namespace, Json.name(object)).orElse(null);
            write(type, namespace, Json.name(object), previous, parsed(storedAs(type, object)));
            long rv = Long.parseLong(object.path("metadata").path("resourceVersion").asText("0"));
            long next = resourceVersion.updateAndGet(v -> Math.max(v + 1, rv));
            latest = Math.max(latest, next);
        });
    }

    private static String namespaceOf(ResourceType type, Entry entry) {
        return type.namespaced() ? Json.namespace(entry.object()) : null;
    }

    // ---- one form per object -------------------------------------------------------------------------------

    /** {@code object} as the store keeps it: its JSON, and the tree parsed back from it (so numbers are as parsed). */
    private static Entry parsed(ObjectNode object) {
        byte[] json = bytes(object);
        try {
            return new Entry((ObjectNode) Json.MAPPER.readTree(json), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tree already in stored form (built from stored and parsed trees), with its JSON. */
    private static Entry entry(ObjectNode object) {
        return new Entry(object, bytes(object));
    }

    private static byte[] bytes(JsonNode object) {
        try {
            return Json.MAPPER.writeValueAsBytes(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes {@code next} (null: nothing) the stored state of an object that was {@code current} (null: absent),
     * and reports the change unless the JSON is the same.
     */
    private Entry write(ResourceType type, String namespace, String name, Entry current, Entry next) {
        if (next == null) {
            if (current == null) {
                return null;
            }
            unindex(type, namespace, name);
            noteCrd(type, current.object(), true);
            ObjectNode last = current.object().deepCopy();
            long rv = requestResourceVersion();
            Json.metadata(last).put("resourceVersion", String.valueOf(rv));
            changed(new StoreEvent("DELETED", rv, last, current.object()), bytes(last), current.json());
            return null;
        }
        index(type, namespace, name, next);
        noteCrd(type, next.object(), false);
        if (current != null && Arrays.equals(current.json(), next.json())) {
            return next;
        }
        long rv = Long.parseLong(next.object().path("metadata").path("resourceVersion").asText("0"));
        changed(new StoreEvent(current == null ? "ADDED" : "MODIFIED", rv, next.object(),
                current == null ? null : current.object()), next.json(), current == null ? null : current.json());
        return next;
    }

    /** A CRD written or deleted: whether PUTs of its custom resources keep their status (its status subresource). */
    private void noteCrd(ResourceType type, ObjectNode crd, boolean deleted) {
        if (!type.group().equals(CRD_GROUP) || !type.plural().equals(CRD_PLURAL)) {
            return;
        }
        CustomResourceDefinitionContext context = crdContext(crd);
        String key = context.getGroup() + "/" + context.getVersion() + "/" + context.getPlural();
        if (deleted) {
            statusSubresources.remove(key);
        } else {
            statusSubresources.put(key, context.isStatusSubresource());
        }
    }

    // ---- change feed ---------------------------------------------------------------------------------------

    /** Tells the listeners and keeps the change (as JSON only) for watches that resume later. */
    private void changed(StoreEvent event, byte[] object, byte[] previous) {
        latest = Math.max(latest, event.resourceVersion());
        history.addLast(new Change(event.type(), event.resourceVersion(), object, previous));
        historyBytes += object.length;
        while (history.size() > 1 && (history.size() > historyLimit || historyBytes > historyBytesLimit)) {
            Change dropped = history.removeFirst();
            historyBytes -= dropped.object().length;
            oldestReplayable = dropped.resourceVersion();
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
            for (Change change : history) {
                if (change.resourceVersion() > resourceVersion) {
                    events.add(new StoreEvent(change.type(), change.resourceVersion(), parse(change.object()),
                            change.previous() == null ? null : parse(change.previous())));
                }
            }
            return Optional.of(events);
        });
    }

    /** How many changes and bytes of JSON the history keeps now (for tests and benchmarks). */
    public long[] historySize() {
        return atomically(() -> new long[] {history.size(), historyBytes});
    }

    /** The latest resource version handed out (list responses carry it). */
    public long latestResourceVersion() {
        return atomically(() -> latest);
    }

    /** Forgets the change history (after restoring state): older watches must list again. */
    public void resetHistory() {
        atomically(() -> {
            history.clear();
            historyBytes = 0;
            oldestReplayable = latest;
        });
    }

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
}
