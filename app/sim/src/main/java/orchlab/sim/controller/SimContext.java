package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import orchlab.sim.SimSettings;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceCatalog;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.ObjectStore;

/** What every reconciler needs: the store, the kinds, the clock, the settings, event recording and requeueing. */
public final class SimContext {

    public static final String NODE_NAME = "orchlab-sim-node";
    public static final String NODE_IP = "10.0.0.10";

    public final ObjectStore store;
    public final ResourceCatalog catalog;
    public final SimSettings settings;
    public final ControllerManager manager;
    public final EventRecorder events;
    public final ResourceType pods;
    public final ResourceType services;
    public final ResourceType endpoints;
    public final ResourceType namespaces;
    public final ResourceType nodes;
    public final ResourceType deployments;
    public final ResourceType replicaSets;
    public final ResourceType statefulSets;
    public final ResourceType daemonSets;
    public final ResourceType controllerRevisions;
    public final ResourceType jobs;
    public final ResourceType cronJobs;
    public final ResourceType pvcs;
    public final ResourceType pvs;
    public final ResourceType storageClasses;
    public final ResourceType ingresses;
    public final ResourceType ingressClasses;
    public final ResourceType endpointSlices;
    public final ResourceType serviceAccounts;
    public final ResourceType configMaps;
    public final ResourceType crds;
    /** The simulated image registry: what can be pulled and what each image runs. */
    public final orchlab.sim.registry.ImageCatalog images;
    /** The ResourceQuota admission plugin and usage counting (also for the Pods controllers create). */
    public final orchlab.sim.admission.ResourceQuotas quotas;
    /** simpolicy: the PodSecurity admission plugin (also for the Pods controllers create). */
    public final orchlab.sim.admission.PodSecurity podSecurity;
    /** Precise times of state changes (timestamps in objects only have seconds). */
    private final Map<String, Instant> marks = new ConcurrentHashMap<>();

    public SimContext(ObjectStore store, ResourceCatalog catalog, SimSettings settings, ControllerManager manager) {
        this.store = store;
        this.catalog = catalog;
        this.settings = settings;
        this.manager = manager;
        this.pods = catalog.require("", "pods");
        this.services = catalog.require("", "services");
        this.endpoints = catalog.require("", "endpoints");
        this.namespaces = catalog.require("", "namespaces");
        this.nodes = catalog.require("", "nodes");
        this.deployments = catalog.require("apps", "deployments");
        this.replicaSets = catalog.require("apps", "replicasets");
        this.statefulSets = catalog.require("apps", "statefulsets");
        this.daemonSets = catalog.require("apps", "daemonsets");
        this.controllerRevisions = catalog.require("apps", "controllerrevisions");
        this.jobs = catalog.require("batch", "jobs");
        this.cronJobs = catalog.require("batch", "cronjobs");
        this.pvcs = catalog.require("", "persistentvolumeclaims");
        this.pvs = catalog.require("", "persistentvolumes");
        this.storageClasses = catalog.require("storage.k8s.io", "storageclasses");
        this.ingresses = catalog.require("networking.k8s.io", "ingresses");
        this.ingressClasses = catalog.require("networking.k8s.io", "ingressclasses");
        this.endpointSlices = catalog.require("discovery.k8s.io", "endpointslices");
        this.serviceAccounts = catalog.require("", "serviceaccounts");
        this.configMaps = catalog.require("", "configmaps");
        this.crds = catalog.require("apiextensions.k8s.io", "customresourcedefinitions");
        this.images = orchlab.sim.registry.ImageCatalog.builtIn(settings.imageCatalogs(), settings.unknownImagesFail());
        this.quotas = new orchlab.sim.admission.ResourceQuotas(store, catalog);
        this.podSecurity = new orchlab.sim.admission.PodSecurity(store, namespaces, pods);
        this.events = new EventRecorder(store, catalog.require("", "events"), this::now);
    }

    public Clock clock() {
        return manager.clock();
    }

    public Instant now() {
        return clock().instant();
    }

    public String timestamp() {
        return now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public void mark(String key) {
        marks.put(key, now());
    }

    /** Records a time for a key (a scheduled moment, such as the end of a back-off). */
    public void marks(String key, Instant at) {
        marks.put(key, at);
    }

    public Optional<Instant> marked(String key) {
        return Optional.ofNullable(marks.get(key));
    }

    /** Exit codes of containers whose main process was a shell a learner attached to and left ({@code exit N}). */
    private final java.util.Map<String, Integer> exitedThroughAttach = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The main process of a Pod's container ended with {@code exitCode} because the shell a learner attached to
     * ({@code kubectl run -i}, {@code kubectl attach}) exited: the Pod's lifecycle terminates the container with it.
     */
    public void processEndedThroughAttach(ObjectNode pod, String container, int exitCode) {
        exitedThroughAttach.put(orchlab.sim.api.Json.uid(pod) + "/container/" + container, exitCode);
        manager.enqueue(new ControllerManager.Key(PodLifecycle.NAME, orchlab.sim.api.Json.namespace(pod), orchlab.sim.api.Json.name(pod)));
    }

    /** The exit code recorded by {@link #processEndedThroughAttach} for a container mark, taken once. */
    Optional<Integer> takeAttachedExit(String containerMark) {
        return Optional.ofNullable(exitedThroughAttach.remove(containerMark));
    }

    public void forgetMark(String key) {
        marks.remove(key);
    }

    public void forget(String uid) {
        marks.keySet().removeIf(k -> k.startsWith(uid + "/"));
    }

    public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
        return store.get(type, namespace, name);
    }

    public List<ObjectNode> list(ResourceType type, String namespace, Predicate<ObjectNode> filter) {
        return store.list(type, namespace, filter);
    }

    /** Objects whose controller owner reference points at {@code owner}. */
    public List<ObjectNode> ownedBy(ResourceType type, ObjectNode owner) {
        String uid = Json.uid(owner);
        return store.listOwnedBy(type, Json.namespace(owner), uid, o -> controllerUid(o).map(uid::equals).orElse(false));
    }

    public static Optional<String> controllerUid(JsonNode object) {
        for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return Optional.of(ref.path("uid").asText());
            }
        }
        return Optional.empty();
    }

    /** The kind and name of the controlling owner, e.g. {@code ReplicaSet/web-7d9c}. */
    public static Optional<JsonNode> controllerRef(JsonNode object) {
        for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return Optional.of(ref);
            }
        }
        return Optional.empty();
    }

    public static ArrayNode ownerReference(ObjectNode owner) {
        ArrayNode refs = Json.array();
        ObjectNode ref = refs.addObject();
        ref.put("apiVersion", owner.path("apiVersion").asText());
        ref.put("kind", owner.path("kind").asText());
        ref.put("name", Json.name(owner));
        ref.put("uid", Json.uid(owner));
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return refs;
    }

    /** Writes status only if it changed (avoids endless update loops). */
    public void writeStatus(ResourceType type, ObjectNode object, ObjectNode status) {
        if (status.equals(object.path("status"))) {
            return;
        }
        ObjectNode copy = object.deepCopy();
        copy.set("status", status);
        try {
            store.updateStatus(type, copy);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    /** A copy of the object's status, or a new empty one. */
    public static ObjectNode statusOf(JsonNode object) {
        return object.path("status") instanceof ObjectNode status ? status.deepCopy() : Json.object();
    }

    public Duration podStartDelay() {
        return settings.podStartDelay();
    }

    public static void setCondition(ObjectNode status, String type, String value, String reason, String message, String time) {
        ArrayNode conditions = status.withArray("conditions");
        ObjectNode existing = null;
        for (JsonNode c : conditions) {
            if (c.path("type").asText().equals(type)) {
                existing = (ObjectNode) c;
            }
        }
        if (existing == null) {
            existing = conditions.addObject();
            existing.put("type", type);
        }
        boolean transition = !value.equals(existing.path("status").asText());
        existing.put("status", value);
        if (reason != null) {
            existing.put("reason", reason);
        }
        if (message != null) {
            existing.put("message", message);
        }
        if (transition || !existing.has("lastTransitionTime")) {
            existing.put("lastTransitionTime", time);
        }
        if (existing.has("lastUpdateTime") || status.has("observedGeneration") && !type.equals("Ready")) {
            existing.put("lastUpdateTime", time);
        }
    }

    public static String condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c.path("status").asText();
            }
        }
        return "";
    }

    public static boolean podReady(JsonNode pod) {
        return condition(pod.path("status"), "Ready").equals("True") && !pod.path("metadata").hasNonNull("deletionTimestamp");
    }

    public static boolean podActive(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("Pending");
        return !phase.equals("Succeeded") && !phase.equals("Failed") && !pod.path("metadata").hasNonNull("deletionTimestamp");
    }
}
