package orchlab.sim.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.ObjectStore;

/**
 * What happens to an object between the request and the store: strict field checking against the typed
 * model, defaulting, allocation (cluster IPs, node ports, Job selectors) and validation.
 */
public final class Admission {

    private final ObjectStore store;
    private final ResourceType services;
    private final ResourceType ingressClasses;
    private final SidecarInjector sidecars;
    private final ResourceQuotas quotas;
    /** simpolicy: the PodSecurity plugin (null: not applied). */
    private PodSecurity podSecurity;

    public Admission(ObjectStore store, ResourceType services) {
        this(store, services, null, null, null);
    }

    /**
     * @param ingressClasses where IngressClasses are stored, for the DefaultIngressClass plugin (null: not applied)
     * @param sidecars       Istio's sidecar injection webhook (null: none)
     * @param quotas         the ResourceQuota plugin (null: quotas are not enforced)
     */
    public Admission(ObjectStore store, ResourceType services, ResourceType ingressClasses, SidecarInjector sidecars,
            ResourceQuotas quotas) {
        this.store = store;
        this.services = services;
        this.ingressClasses = ingressClasses;
        this.sidecars = sidecars;
        this.quotas = quotas;
    }

    /** Applies the PodSecurity admission plugin (namespace labels {@code pod-security.kubernetes.io/*}). */
    public Admission withPodSecurity(PodSecurity plugin) {
        this.podSecurity = plugin;
        return this;
    }

    /** PodSecurity after validation, before the quota (its place among Kubernetes' validating plugins). */
    private List<String> podSecurity(ResourceType type, ObjectNode object, ObjectNode old, List<String> warnings) {
        if (podSecurity == null || !type.group().isEmpty() && !type.group().equals("apps") && !type.group().equals("batch")) {
            return warnings;
        }
        List<String> all = new ArrayList<>(warnings);
        switch (type.kind()) {
            case "Pod" -> all.addAll(podSecurity.admitPod(object, old));
            case "Namespace" -> {
                if (old == null) {
                    podSecurity.admitNamespaceCreate(object);
                } else {
                    all.addAll(podSecurity.admitNamespaceUpdate(object, old));
                }
            }
            default -> all.addAll(podSecurity.admitWorkload(type, object));
        }
        return all;
    }

    /** The {@code ephemeralcontainers} subresource of a Pod ({@code kubectl debug}): PodSecurity checks the new container. */
    public List<String> admitEphemeralContainers(ObjectNode pod, ObjectNode old) {
        return podSecurity == null ? List.of() : podSecurity.admitPod(pod, old);
    }

    /** @return warnings for the client ({@code Warning} response headers) */
    public List<String> admitCreate(ResourceType type, ObjectNode object, String fieldValidation) {
        List<String> warnings = checkFields(type, object, fieldValidation);
        Json.metadata(object).put("uid", UUID.randomUUID().toString());
        if (sidecars != null && type.group().isEmpty() && type.kind().equals("Pod")) {
            sidecars.admit(object); // Istio's mutating webhook
        }
        Defaulter.apply(object);
        if (type.group().isEmpty() && type.kind().equals("Pod")) {
            limitRanges(store, object);
        }

        switch (type.kind()) {
            case "Service" -> allocateService(object, null);
            case "Job" -> jobSelector(object);
            case "Ingress" -> defaultIngressClass(object);
            default -> { }
        }
        List<ApiException.Cause> causes = Validator.validateCreate(object);
        if (!causes.isEmpty()) {
            throw ApiException.invalid(type.group(), type.kind(), nameOf(object), causes);
        }
        // the validating plugins, once the object is known to be valid
        if (type.group().isEmpty() && type.kind().equals("PersistentVolumeClaim")) {
            LimitRanger.admitClaim(store, LimitRanger.LIMIT_RANGES, object);
        }
        warnings = podSecurity(type, object, null, warnings);
        if (quotas != null) {
            quotas.admitCreate(type, object);
        }
        return warnings;
    }

    public List<String> admitUpdate(ResourceType type, ObjectNode object, ObjectNode old, String fieldValidation) {
        List<String> warnings = checkFields(type, object, fieldValidation);
        Defaulter.apply(object);
        if (type.kind().equals("Service")) {
            allocateService(object, old);
        }
        if (type.kind().equals("Job")) {
            ObjectNode spec = Json.with(object, "spec");
            if (!spec.has("selector") && old.path("spec").has("selector")) {
                spec.set("selector", old.path("spec").path("selector").deepCopy());
            }
        }
        List<ApiException.Cause> causes = Validator.validateUpdate(object, old);
        if (!causes.isEmpty()) {
            throw ApiException.invalid(type.group(), type.kind(), nameOf(object), causes);
        }
        warnings = podSecurity(type, object, old, warnings);
        if (quotas != null) {
            quotas.admitUpdate(type, object, old);
        }
        return warnings;
    }

    /**
     * The namespace's LimitRanges on a new Pod (defaults, then min/max: 403 Forbidden outside them); the Pod's QoS
     * class is computed afterwards, as the API server does after admission.
     */
    public static void limitRanges(ObjectStore store, ObjectNode pod) {
        LimitRanger.admit(store, LimitRanger.LIMIT_RANGES, pod);
        if (pod.get("spec") instanceof ObjectNode spec) {
            Json.with(pod, "status").put("qosClass", Defaulter.qosClass(spec));
        }
    }

    private static String nameOf(ObjectNode object) {
        String name = Json.name(object);
        return name != null ? name : object.path("metadata").path("generateName").asText("");
    }

    private List<String> checkFields(ResourceType type, ObjectNode object, String fieldValidation) {
        String mode = fieldValidation == null || fieldValidation.isEmpty() ? "Warn" : fieldValidation;
        if (type.custom()) {
            return StructuralSchema.admit(store, type, object, mode);
        }
        Class<?> model = TypedModels.forKind(type.apiVersion(), type.kind()).orElse(null);
        if (model == null) {
            return List.of();
        }
        List<UnknownFields.Finding> findings = UnknownFields.find(object, model);
        String prefix = type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind() + ": ";
        for (UnknownFields.Finding f : findings) {
            if (!f.unknown()) {
                String detail = f.message().startsWith("json: ") || f.path().isEmpty() ? f.message()
                        : "error decoding " + f.path() + ": " + f.message();
                throw ApiException.badRequest(prefix + detail,
                        List.of(new ApiException.Cause("FieldValueInvalid", f.path(), f.message())));
            }
        }
        List<String> unknown = findings.stream().map(UnknownFields.Finding::path).toList();
        if (unknown.isEmpty() || mode.equalsIgnoreCase("Ignore")) {
            unknown.forEach(path -> remove(object, path));
            return List.of();
        }
        if (mode.equalsIgnoreCase("Strict")) {
            String message = unknown.stream().map(p -> "unknown field \"" + p + "\"").collect(Collectors.joining(", "));
            throw ApiException.badRequest(prefix + "strict decoding error: " + message,
                    unknown.stream().map(p -> new ApiException.Cause("FieldValueInvalid", p, "unknown field \"" + p + "\""))
                            .toList());
        }
        unknown.forEach(path -> remove(object, path));
        return unknown.stream().map(p -> "unknown field \"" + p + "\"").toList();
    }

    /** Removes the field at a path like {@code spec.template.spec.containers[0].imagee}. */
    static void remove(ObjectNode root, String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("\\.")) {
            int bracket = p.indexOf('[');
            if (bracket < 0) {
                parts.add(p);
            } else {
                parts.add(p.substring(0, bracket));
                for (String idx : p.substring(bracket).split("]")) {
                    if (!idx.isEmpty()) {
                        parts.add(idx.substring(1));
                    }
                }
            }
        }
        JsonNode node = root;
        for (int i = 0; i < parts.size() - 1 && node != null; i++) {
            node = node.isArray() ? node.get(Integer.parseInt(parts.get(i))) : node.get(parts.get(i));
        }
        if (node instanceof ObjectNode o) {
            o.remove(parts.get(parts.size() - 1));
        }
    }

    /**
     * The DefaultIngressClass admission plugin: a new Ingress that names no class (neither {@code spec.ingressClassName}
     * nor the old {@code kubernetes.io/ingress.class} annotation) gets the IngressClass annotated
     * {@code ingressclass.kubernetes.io/is-default-class: "true"}; with several defaults, the newest.
     */
    private void defaultIngressClass(ObjectNode ingress) {
        if (ingressClasses == null || ingress.path("spec").hasNonNull("ingressClassName")
                || ingress.path("metadata").path("annotations").has("kubernetes.io/ingress.class")) {
            return;
        }
        store.list(ingressClasses, null, c -> "true".equals(c.path("metadata").path("annotations")
                        .path("ingressclass.kubernetes.io/is-default-class").asText()))
                .stream().max(java.util.Comparator.comparing(c -> c.path("metadata").path("creationTimestamp").asText()))
                .ifPresent(c -> Json.with(ingress, "spec").put("ingressClassName", Json.name(c)));
    }

    private void jobSelector(ObjectNode job) {
        ObjectNode spec = Json.with(job, "spec");
        if (spec.path("manualSelector").asBoolean(false) && spec.has("selector")) {
            return;
        }
        String uid = Json.uid(job);
        String name = Json.name(job);
        spec.putObject("selector").putObject("matchLabels").put("batch.kubernetes.io/controller-uid", uid);
        ObjectNode labels = Json.with(spec, "template.metadata.labels");
        labels.put("batch.kubernetes.io/controller-uid", uid);
        labels.put("batch.kubernetes.io/job-name", name);
        labels.put("controller-uid", uid);
        labels.put("job-name", name);
    }

    private void allocateService(ObjectNode service, ObjectNode old) {
        ObjectNode spec = Json.with(service, "spec");
        String type = spec.path("type").asText("ClusterIP");
        if (type.equals("ExternalName")) {
            spec.remove(List.of("clusterIP", "clusterIPs"));
            return;
        }
        if (old != null && !spec.hasNonNull("clusterIP") && old.path("spec").hasNonNull("clusterIP")) {
            spec.set("clusterIP", old.path("spec").path("clusterIP").deepCopy());
        }
        if (!spec.hasNonNull("clusterIP") || spec.path("clusterIP").asText().isEmpty()) {
            spec.put("clusterIP", nextClusterIp());
        }
        spec.putArray("clusterIPs").add(spec.path("clusterIP").asText());
        boolean needsNodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
        Set<Integer> used = usedNodePorts(Json.namespace(service), Json.name(service));
        ArrayNode ports = spec.path("ports") instanceof ArrayNode a ? a : Json.array();
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode port = (ObjectNode) ports.get(i);
            if (!needsNodePorts) {
                if (old == null) {
                    port.remove("nodePort");
                }
                continue;
            }
            if (port.path("nodePort").asInt(0) == 0) {
                int previous = previousNodePort(old, port);
                int chosen = previous != 0 ? previous : nextNodePort(used);
                port.put("nodePort", chosen);
            }
            used.add(port.path("nodePort").asInt());
        }
    }

    private static int previousNodePort(ObjectNode old, ObjectNode port) {
        if (old == null) {
            return 0;
        }
        for (JsonNode p : old.path("spec").path("ports")) {
            if (p.path("port").asInt() == port.path("port").asInt()
                    && p.path("protocol").asText("TCP").equals(port.path("protocol").asText("TCP"))) {
                return p.path("nodePort").asInt(0);
            }
        }
        return 0;
    }

    private String nextClusterIp() {
        Set<String> used = new HashSet<>();
        for (ObjectNode svc : store.list(services, null)) {
            used.add(svc.path("spec").path("clusterIP").asText());
        }
        for (int i = 2; i < 65534; i++) {
            String ip = String.format(Locale.ROOT, "10.43.%d.%d", i / 254, i % 254 + 1);
            if (!used.contains(ip) && !ip.equals("10.43.0.10")) {
                return ip;
            }
        }
        throw ApiException.forbidden("the service cluster IP range 10.43.0.0/16 is full");
    }

    private Set<Integer> usedNodePorts(String namespace, String name) {
        Set<Integer> used = new HashSet<>();
        for (ObjectNode svc : store.list(services, null)) {
            if (name != null && name.equals(Json.name(svc)) && namespace != null && namespace.equals(Json.namespace(svc))) {
                continue;
            }
            svc.path("spec").path("ports").forEach(p -> used.add(p.path("nodePort").asInt(0)));
        }
        return used;
    }

    private static int nextNodePort(Set<Integer> used) {
        for (int port = 30000; port <= 32767; port++) {
            if (!used.contains(port)) {
                return port;
            }
        }
        throw ApiException.forbidden("no node ports are free in 30000-32767");
    }
}
