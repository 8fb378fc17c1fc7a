package orchlab.sim.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import orchlab.sim.api.Json;

/**
 * The defaults a real API server fills in, so that {@code kubectl get -o yaml} looks familiar and the
 * controllers can rely on them (replicas, strategy, restartPolicy, imagePullPolicy, protocol, targetPort, ...).
 */
public final class Defaulter {

    private Defaulter() {
    }

    public static void apply(ObjectNode object) {
        String kind = object.path("kind").asText();
        ObjectNode spec = object.get("spec") instanceof ObjectNode s ? s : null;
        switch (kind) {
            case "Pod" -> {
                if (spec != null) {
                    podSpec(spec, true);
                    requestsFromLimits(spec);
                    serviceAccountToken(spec);
                    defaultTolerations(spec);
                }
                ObjectNode status = Json.with(object, "status");
                putIfAbsent(status, "phase", "Pending");
                putIfAbsent(status, "qosClass", spec == null ? "BestEffort" : qosClass(spec));
            }
            case "LimitRange" -> LimitRanger.defaultItems(object);
            case "Deployment" -> {
                if (spec != null) {
                    putIfAbsent(spec, "replicas", 1);
                    putIfAbsent(spec, "revisionHistoryLimit", 10);
                    putIfAbsent(spec, "progressDeadlineSeconds", 600);
                    ObjectNode strategy = Json.with(spec, "strategy");
                    putIfAbsent(strategy, "type", "RollingUpdate");
                    if (strategy.path("type").asText().equals("RollingUpdate")) {
                        ObjectNode rolling = Json.with(strategy, "rollingUpdate");
                        putIfAbsent(rolling, "maxSurge", "25%");
                        putIfAbsent(rolling, "maxUnavailable", "25%");
                    }
                    template(spec);
                }
            }
            case "ReplicationController" -> {
                if (spec != null) {
                    putIfAbsent(spec, "replicas", 1);
                    // as in the API server: an empty selector, and empty labels, are the template's labels
                    JsonNode templateLabels = spec.path("template").path("metadata").path("labels");
                    if (templateLabels.isObject() && !templateLabels.isEmpty()) {
                        if (!(spec.get("selector") instanceof ObjectNode s) || s.isEmpty()) {
                            spec.set("selector", templateLabels.deepCopy());
                        }
                        if (!(object.path("metadata").get("labels") instanceof ObjectNode l) || l.isEmpty()) {
                            Json.metadata(object).set("labels", templateLabels.deepCopy());
                        }
                    }
                    template(spec);
                }
            }
            case "ReplicaSet" -> {
                if (spec != null) {
                    putIfAbsent(spec, "replicas", 1);
                    template(spec);
                }
            }
            case "StatefulSet" -> {
                if (spec != null) {
                    putIfAbsent(spec, "replicas", 1);
                    putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
                    putIfAbsent(spec, "revisionHistoryLimit", 10);
                    ObjectNode strategy = Json.with(spec, "updateStrategy");
                    putIfAbsent(strategy, "type", "RollingUpdate");
                    if (strategy.path("type").asText().equals("RollingUpdate")) {
                        putIfAbsent(Json.with(strategy, "rollingUpdate"), "partition", 0);
                    }
                    ObjectNode retention = Json.with(spec, "persistentVolumeClaimRetentionPolicy");
                    putIfAbsent(retention, "whenDeleted", "Retain");
                    putIfAbsent(retention, "whenScaled", "Retain");
                    template(spec);
                    for (JsonNode claim : spec.path("volumeClaimTemplates")) {
                        if (claim instanceof ObjectNode c) {
                            putIfAbsent(c, "apiVersion", "v1");
                            putIfAbsent(c, "kind", "PersistentVolumeClaim");
                            putIfAbsent(Json.with(c, "spec"), "volumeMode", "Filesystem");
                        }
                    }
                }
            }
            case "DaemonSet" -> {
                if (spec != null) {
                    putIfAbsent(spec, "revisionHistoryLimit", 10);
                    ObjectNode strategy = Json.with(spec, "updateStrategy");
                    putIfAbsent(strategy, "type", "RollingUpdate");
                    if (strategy.path("type").asText().equals("RollingUpdate")) {
                        ObjectNode rolling = Json.with(strategy, "rollingUpdate");
                        putIfAbsent(rolling, "maxUnavailable", 1);
                        putIfAbsent(rolling, "maxSurge", 0);
                    }
                    template(spec);
                }
            }
            case "Job" -> {
                if (spec != null) {
                    job(spec);
                }
            }
            case "CronJob" -> {
                if (spec != null) {
                    putIfAbsent(spec, "concurrencyPolicy", "Allow");
                    putIfAbsent(spec, "suspend", false);
                    putIfAbsent(spec, "successfulJobsHistoryLimit", 3);
                    putIfAbsent(spec, "failedJobsHistoryLimit", 1);
                    ObjectNode jobSpec = Json.with(spec, "jobTemplate.spec");
                    job(jobSpec);
                }
            }
            case "Service" -> service(object);
            case "PersistentVolumeClaim" -> {
                if (spec != null) {
                    putIfAbsent(spec, "volumeMode", "Filesystem");
                }
                putIfAbsent(Json.with(object, "status"), "phase", "Pending");
            }
            case "PersistentVolume" -> {
                if (spec != null) {
                    putIfAbsent(spec, "persistentVolumeReclaimPolicy", "Retain");
                    putIfAbsent(spec, "volumeMode", "Filesystem");
                }
                putIfAbsent(Json.with(object, "status"), "phase", "Available");
            }
            case "Namespace" -> {
                Json.with(object, "metadata.labels").put("kubernetes.io/metadata.name", Json.name(object));
                ObjectNode nsSpec = Json.with(object, "spec");
                if (!nsSpec.has("finalizers")) {
                    nsSpec.putArray("finalizers").add("kubernetes");
                }
                putIfAbsent(Json.with(object, "status"), "phase", "Active");
            }
            case "Secret" -> {
                putIfAbsent(object, "type", "Opaque");
                stringData(object);
            }
            case "Ingress" -> {
                // the default IngressClass (traefik, as in k3s) is applied by the controller
            }
            case "HorizontalPodAutoscaler" -> {
                if (spec != null) {
                    putIfAbsent(spec, "minReplicas", 1);
                }
            }
            default -> {
            }
        }
    }

    /**
     * {@code SetDefaults_Job} (pkg/apis/batch/v1/defaults.go): completions becomes 1 only when neither completions nor
     * parallelism is set — with parallelism alone the Job is a work queue and completions stays unset.
     */
    private static void job(ObjectNode spec) {
        if (!spec.has("completions") && !spec.has("parallelism")) {
            spec.put("completions", 1);
        }
        putIfAbsent(spec, "parallelism", 1);
        putIfAbsent(spec, "backoffLimit", 6);
        putIfAbsent(spec, "completionMode", "NonIndexed");
        putIfAbsent(spec, "suspend", false);
        putIfAbsent(spec, "manualSelector", false);
        putIfAbsent(spec, "podReplacementPolicy", "TerminatingOrFailed");
        if (spec.get("template") instanceof ObjectNode template && template.get("spec") instanceof ObjectNode podSpec) {
            podSpec(podSpec, false);
        }
    }

    private static void template(ObjectNode spec) {
        if (spec.get("template") instanceof ObjectNode template && template.get("spec") instanceof ObjectNode podSpec) {
            podSpec(podSpec, false);
        }
    }

    /** Pod spec defaults. {@code pod} is true for a Pod object (not a template): then the service account is set. */
    public static void podSpec(ObjectNode spec, boolean pod) {
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        if (pod) {
            putIfAbsent(spec, "serviceAccountName", "default");
            putIfAbsent(spec, "serviceAccount", spec.path("serviceAccountName").asText("default"));
            putIfAbsent(spec, "enableServiceLinks", true);
            putIfAbsent(spec, "preemptionPolicy", "PreemptLowerPriority");
            putIfAbsent(spec, "priority", 0);
        }
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container) {
                    container(container);
                }
            }
        }
    }

    /**
     * A container that sets a limit but no request for a resource requests its limit — on a Pod only, never on a
     * template (Kubernetes' {@code SetDefaults_Pod}): a Deployment with only {@code limits.cpu} makes Pods that request
     * that CPU, so an autoscaler can measure them.
     */
    static void requestsFromLimits(ObjectNode spec) {
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c.path("resources").get("limits") instanceof ObjectNode limits && !limits.isEmpty()
                        && c.get("resources") instanceof ObjectNode resources) {
                    ObjectNode requests = Json.with(resources, "requests");
                    limits.fields().forEachRemaining(limit -> {
                        if (!requests.has(limit.getKey())) {
                            requests.set(limit.getKey(), limit.getValue().deepCopy());
                        }
                    });
                }
            }
        }
    }

    /**
     * The Pod's quality-of-service class as the kubelet computes it ({@code GetPodQOS}) from the CPU and memory of
     * every container and init container: none set → BestEffort; every container limits both and requests equal limits
     * → Guaranteed; anything else → Burstable. Zero quantities count as unset.
     */
    static String qosClass(ObjectNode spec) {
        java.util.Map<String, java.math.BigDecimal> requests = new java.util.HashMap<>();
        java.util.Map<String, java.math.BigDecimal> limits = new java.util.HashMap<>();
        boolean guaranteed = true;
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                sum(c.path("resources").path("requests"), requests);
                java.util.Set<String> limited = sum(c.path("resources").path("limits"), limits);
                if (!limited.containsAll(java.util.List.of("cpu", "memory"))) {
                    guaranteed = false;
                }
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed) {
            for (var request : requests.entrySet()) {
                java.math.BigDecimal limit = limits.get(request.getKey());
                if (limit == null || limit.compareTo(request.getValue()) != 0) {
                    guaranteed = false;
                }
            }
        }
        return guaranteed && requests.keySet().equals(limits.keySet()) ? "Guaranteed" : "Burstable";
    }

    /** Adds the positive cpu and memory quantities of {@code list} to {@code into}; returns the names that were positive. */
    private static java.util.Set<String> sum(JsonNode list, java.util.Map<String, java.math.BigDecimal> into) {
        java.util.Set<String> positive = new java.util.HashSet<>();
        for (String resource : new String[] {"cpu", "memory"}) {
            JsonNode value = list.get(resource);
            if (value == null || value.isNull()) {
                continue;
            }
            java.math.BigDecimal amount;
            try {
                amount = io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                        new io.fabric8.kubernetes.api.model.Quantity(value.asText()));
            } catch (RuntimeException e) {
                continue; // validation reports a malformed quantity; QoS ignores it
            }
            if (amount.signum() > 0) {
                into.merge(resource, amount, java.math.BigDecimal::add);
                positive.add(resource);
            }
        }
        return positive;
    }

    /**
     * What the ServiceAccount admission plugin adds to a Pod: a projected volume {@code kube-api-access-xxxxx} (a bound
     * token, the cluster CA from {@code kube-root-ca.crt}, the namespace) mounted read-only at
     * {@code /var/run/secrets/kubernetes.io/serviceaccount} in every container — unless the Pod sets
     * {@code automountServiceAccountToken: false} or already has it. (A ServiceAccount's own
     * {@code automountServiceAccountToken} is not consulted.)
     */
    static void serviceAccountToken(ObjectNode spec) {
        if (!spec.path("automountServiceAccountToken").asBoolean(true)) {
            return;
        }
        for (JsonNode volume : spec.path("volumes")) {
            if (volume.path("name").asText().startsWith("kube-api-access-")) {
                return;
            }
        }
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                for (JsonNode mount : c.path("volumeMounts")) {
                    if (mount.path("mountPath").asText().equals(TOKEN_PATH)) {
                        return;
                    }
                }
            }
        }
        String name = "kube-api-access-" + randomSuffix();
        ObjectNode projected = spec.withArray("volumes").addObject().put("name", name).putObject("projected");
        projected.put("defaultMode", 420);
        com.fasterxml.jackson.databind.node.ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", 3607).put("path", "token");
        ObjectNode ca = sources.addObject().putObject("configMap");
        ca.put("name", "kube-root-ca.crt");
        ca.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        sources.addObject().putObject("downwardAPI").putArray("items").addObject().put("path", "namespace")
                .putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container) {
                    container.withArray("volumeMounts").addObject().put("name", name).put("readOnly", true)
                            .put("mountPath", TOKEN_PATH);
                }
            }
        }
    }

    private static final String TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

    private static String randomSuffix() {
        String chars = "bcdfghjklmnpqrstvwxz2456789";
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append(chars.charAt(random.nextInt(chars.length())));
        }
        return b.toString();
    }

    /**
     * The DefaultTolerationSeconds admission plugin: tolerate the node being not ready or unreachable for 300 s, unless
     * the Pod already tolerates that taint with {@code NoExecute}.
     */
    static void defaultTolerations(ObjectNode spec) {
        for (String key : new String[] {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
            boolean tolerated = false;
            for (JsonNode t : spec.path("tolerations")) {
                String effect = t.path("effect").asText("");
                boolean keyMatches = t.path("key").asText("").equals(key)
                        || t.path("key").asText("").isEmpty() && t.path("operator").asText("").equals("Exists");
                tolerated |= keyMatches && (effect.isEmpty() || effect.equals("NoExecute"));
            }
            if (!tolerated) {
                spec.withArray("tolerations").addObject().put("key", key).put("operator", "Exists")
                        .put("effect", "NoExecute").put("tolerationSeconds", 300);
            }
        }
    }

    private static void container(ObjectNode container) {
        String image = container.path("image").asText("");
        String tag = ImageReference.tag(image);
        putIfAbsent(container, "imagePullPolicy", tag == null || tag.equals("latest") ? "Always" : "IfNotPresent");
        putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(container, "terminationMessagePolicy", "File");
        if (!container.has("resources")) {
            container.putObject("resources");
        }
        for (JsonNode p : container.path("ports")) {
            if (p instanceof ObjectNode port) {
                putIfAbsent(port, "protocol", "TCP");
            }
        }
        for (String probe : new String[] {"readinessProbe", "livenessProbe", "startupProbe"}) {
            if (container.get(probe) instanceof ObjectNode p) {
                putIfAbsent(p, "timeoutSeconds", 1);
                putIfAbsent(p, "periodSeconds", 10);
                putIfAbsent(p, "successThreshold", 1);
                putIfAbsent(p, "failureThreshold", 3);
                if (p.get("httpGet") instanceof ObjectNode http) {
                    putIfAbsent(http, "scheme", "HTTP");
                    putIfAbsent(http, "path", "/");
                }
            }
        }
    }

    /**
     * {@code stringData} is write-only, as in the API server: its keys are base64-encoded into {@code data}
     * (overriding keys of the same name there) and the field is never stored.
     */
    private static void stringData(ObjectNode secret) {
        JsonNode plain = secret.remove("stringData");
        if (plain == null || !plain.isObject() || plain.isEmpty()) {
            return;
        }
        ObjectNode data = secret.path("data") instanceof ObjectNode existing ? existing : secret.putObject("data");
        plain.fields().forEachRemaining(e -> data.put(e.getKey(),
                java.util.Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    private static void service(ObjectNode object) {
        ObjectNode spec = Json.with(object, "spec");
        putIfAbsent(spec, "type", "ClusterIP");
        String type = spec.path("type").asText();
        if (!type.equals("ExternalName")) {
            putIfAbsent(spec, "sessionAffinity", "None");
            putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
            if (!spec.has("ipFamilies")) {
                spec.putArray("ipFamilies").add("IPv4");
            }
            putIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
        }
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            putIfAbsent(spec, "externalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            putIfAbsent(spec, "allocateLoadBalancerNodePorts", true);
        }
        for (JsonNode p : spec.path("ports")) {
            if (p instanceof ObjectNode port) {
                putIfAbsent(port, "protocol", "TCP");
                if (!port.has("targetPort") && port.has("port")) {
                    port.set("targetPort", port.get("port"));
                }
            }
        }
        if (!object.has("status")) {
            object.putObject("status").putObject("loadBalancer");
        }
    }

    static void putIfAbsent(ObjectNode node, String field, String value) {
        if (!node.hasNonNull(field)) {
            node.put(field, value);
        }
    }

    static void putIfAbsent(ObjectNode node, String field, int value) {
        if (!node.hasNonNull(field)) {
            node.put(field, value);
        }
    }

    static void putIfAbsent(ObjectNode node, String field, boolean value) {
        if (!node.hasNonNull(field)) {
            node.put(field, value);
        }
    }
}
