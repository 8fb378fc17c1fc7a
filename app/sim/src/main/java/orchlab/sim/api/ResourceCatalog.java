package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kinds the simulated API server serves: the built-in kinds a course uses plus the kinds registered at
 * runtime by CustomResourceDefinitions. Discovery, routing and validation all read from here.
 */
public final class ResourceCatalog {

    private static final Set<String> STATUS = Set.of("status");
    private static final Set<String> STATUS_SCALE = Set.of("status", "scale");
    private static final List<String> ALL = List.of("all");

    private final Map<String, ResourceType> builtIn = new LinkedHashMap<>();
    /** key: group/version/plural, for CRDs. */
    private final Map<String, ResourceType> custom = new ConcurrentHashMap<>();
    /** key: group/plural, for CRDs: the version objects are stored in (the CRD's {@code storage: true} version). */
    private final Map<String, String> storageVersions = new ConcurrentHashMap<>();

    public ResourceCatalog() {
        core("Pod", "pods", true, List.of("po"), ALL, Set.of("status", "log", "ephemeralcontainers", "eviction"));
        core("Service", "services", true, List.of("svc"), ALL, Set.of("status", "proxy"));
        core("Endpoints", "endpoints", true, List.of("ep"), List.of(), Set.of());
        core("ConfigMap", "configmaps", true, List.of("cm"), List.of(), Set.of());
        core("Secret", "secrets", true, List.of(), List.of(), Set.of());
        core("Namespace", "namespaces", false, List.of("ns"), List.of(), Set.of("status", "finalize"));
        core("Event", "events", true, List.of("ev"), List.of(), Set.of());
        core("ServiceAccount", "serviceaccounts", true, List.of("sa"), List.of(), Set.of("token"));
        core("PersistentVolume", "persistentvolumes", false, List.of("pv"), List.of(), STATUS);
        core("PersistentVolumeClaim", "persistentvolumeclaims", true, List.of("pvc"), List.of(), STATUS);
        core("Node", "nodes", false, List.of("no"), List.of(), Set.of("status", "proxy"));
        core("ResourceQuota", "resourcequotas", true, List.of("quota"), List.of(), STATUS);
        core("LimitRange", "limitranges", true, List.of("limits"), List.of(), Set.of());
        core("ReplicationController", "replicationcontrollers", true, List.of("rc"), ALL, STATUS_SCALE);
        add("apps", "v1", "Deployment", "deployments", true, List.of("deploy"), ALL, STATUS_SCALE);
        add("apps", "v1", "ReplicaSet", "replicasets", true, List.of("rs"), ALL, STATUS_SCALE);
        add("apps", "v1", "StatefulSet", "statefulsets", true, List.of("sts"), ALL, STATUS_SCALE);
        add("apps", "v1", "DaemonSet", "daemonsets", true, List.of("ds"), ALL, STATUS);
        add("apps", "v1", "ControllerRevision", "controllerrevisions", true, List.of(), List.of(), Set.of());
        add("batch", "v1", "Job", "jobs", true, List.of(), ALL, STATUS);
        add("batch", "v1", "CronJob", "cronjobs", true, List.of("cj"), ALL, STATUS);
        add("networking.k8s.io", "v1", "Ingress", "ingresses", true, List.of("ing"), List.of(), STATUS);
        add("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false, List.of(), List.of(), Set.of());
        add("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, List.of("netpol"), List.of(), Set.of());
        add("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, List.of("pdb"), List.of(), STATUS);
        add("rbac.authorization.k8s.io", "v1", "Role", "roles", true, List.of(), List.of(), Set.of());
        add("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, List.of(), List.of(), Set.of());
        add("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, List.of(), List.of(), Set.of());
        add("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, List.of(), List.of(), Set.of());
        add("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, List.of("sc"), List.of(), Set.of());
        add("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false,
                List.of("crd", "crds"), List.of("api-extensions"), STATUS);
        add("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, List.of("hpa"), ALL, STATUS);
        // one object served at both versions (stored at v2, converted like the API server does: store.HpaConversion)
        add("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, List.of("hpa"), ALL, STATUS);
        add("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, List.of(), List.of(), Set.of());
        add("coordination.k8s.io", "v1", "Lease", "leases", true, List.of(), List.of(), Set.of());
        add("apiregistration.k8s.io", "v1", "APIService", "apiservices", false, List.of(), List.of("api-extensions"), STATUS);
    }

    /**
     * A kind that is only ever created and answered, never stored (an access review): discovery lists it with the
     * one verb {@code create}, {@link AccessReviews} answers it.
     */
    public record CreateOnly(String group, String version, String kind, String plural) {
    }

    private static final List<CreateOnly> CREATE_ONLY = List.of(
            new CreateOnly("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews"),
            new CreateOnly("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews"),
            new CreateOnly("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews"));

    /**
     * A kind of an aggregated API that is only read, never stored (metrics.k8s.io, served by
     * {@code metrics.MetricsApi} as metrics-server serves it): discovery lists it with the verbs {@code get} and {@code list}.
     */
    public record ReadOnly(String group, String version, String kind, String plural, boolean namespaced) {
    }

    private static final List<ReadOnly> READ_ONLY = List.of(
            new ReadOnly("metrics.k8s.io", "v1beta1", "NodeMetrics", "nodes", false),
            new ReadOnly("metrics.k8s.io", "v1beta1", "PodMetrics", "pods", true));

    public List<ReadOnly> readOnly(String group, String version) {
        return READ_ONLY.stream().filter(r -> r.group().equals(group) && r.version().equals(version)).toList();
    }

    public List<CreateOnly> createOnly(String group, String version) {
        return CREATE_ONLY.stream().filter(c -> c.group().equals(group) && c.version().equals(version)).toList();
    }

    public Optional<CreateOnly> createOnly(String group, String version, String plural) {
        return createOnly(group, version).stream().filter(c -> c.plural().equals(plural)).findFirst();
    }

    private void core(String kind, String plural, boolean namespaced, List<String> shortNames, List<String> categories,
                      Set<String> subresources) {
        add("", "v1", kind, plural, namespaced, shortNames, categories, subresources);
    }

    private void add(String group, String version, String kind, String plural, boolean namespaced,
                     List<String> shortNames, List<String> categories, Set<String> subresources) {
        ResourceType type = new ResourceType(group, version, kind, plural, kind.toLowerCase(java.util.Locale.ROOT),
                namespaced, shortNames, categories, subresources, false);
        builtIn.put(key(group, version, plural), type);
    }

    private static String key(String group, String version, String plural) {
        return group + "/" + version + "/" + plural;
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        String key = key(group, version, plural);
        ResourceType type = builtIn.get(key);
        return type != null ? Optional.of(type) : Optional.ofNullable(custom.get(key));
    }

    /** The served type for an object's {@code apiVersion} and {@code kind}. */
    public Optional<ResourceType> forKind(String apiVersion, String kind) {
        return all().stream().filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind)).findFirst();
    }

    public ResourceType require(String group, String plural) {
        return all().stream().filter(t -> t.group().equals(group) && t.plural().equals(plural)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no built-in resource " + plural + "." + group));
    }

    public List<ResourceType> all() {
        List<ResourceType> all = new ArrayList<>(builtIn.values());
        all.addAll(custom.values());
        return all;
    }

    /**
     * The type whose objects hold {@code type}'s objects: for a custom resource, its CRD's storage version (one object
     * per CRD, served at every served version, as a real API server stores it); otherwise {@code type} itself.
     */
    public ResourceType storageTypeOf(ResourceType type) {
        if (!type.custom()) {
            return type.group().equals("autoscaling") && type.version().equals("v1")
                    ? builtIn.get(key("autoscaling", "v2", type.plural())) : type;
        }
        String storage = storageVersions.get(type.group() + "/" + type.plural());
        if (storage == null || storage.equals(type.version())) {
            return type;
        }
        return find(type.group(), storage, type.plural()).orElseGet(() -> new ResourceType(type.group(), storage,
                type.kind(), type.plural(), type.singular(), type.namespaced(), type.shortNames(), type.categories(),
                type.subresources(), true));
    }

    /** Group name to its served versions, in a stable order (core group excluded). */
    public Map<String, List<String>> groups() {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (ResourceType type : all()) {
            if (!type.group().isEmpty()) {
                groups.computeIfAbsent(type.group(), g -> new LinkedHashSet<>()).add(type.version());
            }
        }
        for (CreateOnly review : CREATE_ONLY) {
            groups.computeIfAbsent(review.group(), g -> new LinkedHashSet<>()).add(review.version());
        }
        for (ReadOnly metrics : READ_ONLY) {
            groups.computeIfAbsent(metrics.group(), g -> new LinkedHashSet<>()).add(metrics.version());
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        groups.forEach((g, v) -> result.put(g, List.copyOf(v)));
        return result;
    }

    public List<ResourceType> inGroupVersion(String group, String version) {
        return all().stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }

    /**
     * Registers (or re-registers) the kinds a CustomResourceDefinition declares: one type per served version, all
     * stored in the CRD's storage version (see {@link #storageTypeOf}).
     *
     * @return the registered types
     */
    public Collection<ResourceType> registerCustomResource(JsonNode crd) {
        unregisterCustomResource(crd);
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText();
        JsonNode names = spec.path("names");
        boolean namespaced = !"Cluster".equals(spec.path("scope").asText("Namespaced"));
        List<ResourceType> registered = new ArrayList<>();
        String storage = null;
        for (JsonNode version : spec.path("versions")) {
            if (version.path("storage").asBoolean(false) || storage == null && version.path("served").asBoolean(true)) {
                storage = version.path("name").asText();
            }
        }
        if (storage != null) {
            storageVersions.put(group + "/" + names.path("plural").asText(), storage);
        }
        for (JsonNode version : spec.path("versions")) {
            if (!version.path("served").asBoolean(true)) {
                continue;
            }
            Set<String> subresources = new LinkedHashSet<>();
            version.path("subresources").fieldNames().forEachRemaining(subresources::add);
            List<String> shortNames = new ArrayList<>();
            names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
            List<String> categories = new ArrayList<>();
            names.path("categories").forEach(n -> categories.add(n.asText()));
            String plural = names.path("plural").asText();
            String kind = names.path("kind").asText();
            String singular = names.path("singular").asText(kind.toLowerCase(java.util.Locale.ROOT));
            ResourceType type = new ResourceType(group, version.path("name").asText(), kind, plural, singular,
                    namespaced, shortNames, categories, subresources, true);
            custom.put(key(group, type.version(), plural), type);
            registered.add(type);
        }
        return registered;
    }

    public void unregisterCustomResource(JsonNode crd) {
        String group = crd.path("spec").path("group").asText();
        String plural = crd.path("spec").path("names").path("plural").asText();
        custom.values().removeIf(t -> t.group().equals(group) && t.plural().equals(plural));
        storageVersions.remove(group + "/" + plural);
    }
}
