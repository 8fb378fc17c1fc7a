package orchlab.sim.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.ObjectStore;

/**
 * Istio's sidecar injector, as the mutating webhook of an Istio {@value #ISTIO_VERSION} control plane would run it on
 * a Pod CREATE, so that Pods of a mesh namespace show {@code 2/2} and the analyzers see a proxy.
 *
 * <p>Who gets a sidecar follows the webhook's selectors ({@code manifests/charts/istio-control/istio-discovery/
 * templates/mutatingwebhook.yaml}) and {@code injectRequired} ({@code pkg/kube/inject/inject.go}):
 * <ul>
 * <li>namespace label {@code istio-injection=enabled}, or namespace label {@code istio.io/rev} (when
 *     {@code istio-injection} is absent), or — in a namespace with neither label — a Pod labelled
 *     {@code sidecar.istio.io/inject: "true"} or {@code istio.io/rev};</li>
 * <li>never when the Pod's label (or, without the label, its legacy annotation) {@code sidecar.istio.io/inject} is
 *     {@code "false"}, for {@code hostNetwork} Pods, in {@code kube-system}/{@code kube-public}, or when the Pod
 *     already carries {@code sidecar.istio.io/status}.</li>
 * </ul>
 * The sim pretends the revision a label names is installed (a real cluster injects only for installed revisions).
 *
 * <p>What is added follows {@code injection-template.yaml}: the {@code istio-init} init container and the
 * {@code istio-proxy} container (regular sidecars: in {@code auto} mode Istio uses native sidecars only on nodes
 * running Kubernetes 1.33 or newer, and the sim's node reports 1.32), Istio's volumes, the labels
 * {@code security.istio.io/tlsMode}, {@code service.istio.io/canonical-name}/{@code -revision} and the annotations
 * {@code sidecar.istio.io/status}, {@code istio.io/rev}, {@code kubectl.kubernetes.io/default-container} and the
 * Prometheus scrape annotations. Nothing runs in them: the sim's kubelet starts them like any other container.
 */
public final class SidecarInjector {

    public static final String ISTIO_VERSION = "1.24.0";
    public static final String PROXY_IMAGE = "docker.io/istio/proxyv2:" + ISTIO_VERSION;
    static final String INJECT = "sidecar.istio.io/inject";
    static final String STATUS = "sidecar.istio.io/status";
    static final String REVISION = "istio.io/rev";
    static final String NAMESPACE_LABEL = "istio-injection";
    private static final Set<String> IGNORED_NAMESPACES = Set.of("kube-system", "kube-public");
    private static final List<String> VOLUMES = List.of("workload-socket", "credential-socket", "workload-certs",
            "istio-envoy", "istio-data", "istio-podinfo", "istio-token", "istiod-ca-cert");

    private final ObjectStore store;
    private final ResourceType namespaces;

    public SidecarInjector(ObjectStore store, ResourceType namespaces) {
        this.store = store;
        this.namespaces = namespaces;
    }

    /** Adds the sidecar to a Pod being created when its namespace and labels ask for one. */
    public void admit(ObjectNode pod) {
        JsonNode namespace = store.get(namespaces, null, Json.namespace(pod)).map(n -> (JsonNode) n)
                .orElse(Json.object());
        revision(pod, namespace).ifPresent(revision -> inject(pod, revision));
    }

    /** The control-plane revision that injects this Pod, or empty when no webhook selects it or it opts out. */
    static Optional<String> revision(JsonNode pod, JsonNode namespace) {
        JsonNode podLabels = pod.path("metadata").path("labels");
        JsonNode nsLabels = namespace.path("metadata").path("labels");
        String podInject = podLabels.has(INJECT) ? podLabels.path(INJECT).asText()
                : pod.path("metadata").path("annotations").path(INJECT).asText("");
        if (podInject.equals("false") || pod.path("spec").path("hostNetwork").asBoolean(false)
                || IGNORED_NAMESPACES.contains(Json.namespace(pod))
                || pod.path("metadata").path("annotations").has(STATUS)) {
            return Optional.empty();
        }
        if (nsLabels.has(NAMESPACE_LABEL)) {
            return nsLabels.path(NAMESPACE_LABEL).asText().equals("enabled") ? Optional.of("default") : Optional.empty();
        }
        if (nsLabels.has(REVISION)) {
            return Optional.of(nsLabels.path(REVISION).asText());
        }
        if (podLabels.has(REVISION)) {
            return Optional.of(podLabels.path(REVISION).asText());
        }
        return podLabels.path(INJECT).asText().equals("true") ? Optional.of("default") : Optional.empty();
    }

    /** What Istio's injection template adds to the Pod. */
    static void inject(ObjectNode pod, String revision) {
        ObjectNode metadata = Json.metadata(pod);
        ObjectNode spec = Json.with(pod, "spec");
        ObjectNode labels = Json.with(pod, "metadata.labels");
        List<String> appContainers = new ArrayList<>();
        spec.path("containers").forEach(c -> appContainers.add(c.path("name").asText()));

        if (!labels.has("security.istio.io/tlsMode")) {
            labels.put("security.istio.io/tlsMode", "istio");
        }
        if (!labels.has("service.istio.io/canonical-name")) {
            labels.put("service.istio.io/canonical-name", canonicalName(pod));
        }
        if (!labels.has("service.istio.io/canonical-revision")) {
            labels.put("service.istio.io/canonical-revision",
                    firstLabel(labels, "app.kubernetes.io/version", "version").orElse("latest"));
        }
        ObjectNode annotations = Json.with(pod, "metadata.annotations");
        annotations.put(REVISION, revision);
        if (!appContainers.isEmpty()) {
            if (!annotations.has("kubectl.kubernetes.io/default-container")) {
                annotations.put("kubectl.kubernetes.io/default-container", appContainers.get(0));
            }
            if (!annotations.has("kubectl.kubernetes.io/default-logs-container")) {
                annotations.put("kubectl.kubernetes.io/default-logs-container", appContainers.get(0));
            }
        }
        annotations.put("prometheus.io/path", "/stats/prometheus");
        annotations.put("prometheus.io/port", "15020");
        annotations.put("prometheus.io/scrape", "true");
        annotations.put(STATUS, status(revision));

        ArrayNode init = spec.path("initContainers") instanceof ArrayNode a ? a : spec.putArray("initContainers");
        init.add(template(INIT_CONTAINER));
        ObjectNode proxy = template(PROXY_CONTAINER);
        ArrayNode env = (ArrayNode) proxy.path("env");
        env.addObject().put("name", "ISTIO_META_POD_PORTS").put("value", podPorts(spec));
        env.addObject().put("name", "ISTIO_META_APP_CONTAINERS").put("value", String.join(",", appContainers));
        env.addObject().put("name", "ISTIO_META_WORKLOAD_NAME").put("value", workloadName(pod));
        env.addObject().put("name", "ISTIO_META_MESH_ID").put("value", "cluster.local");
        env.addObject().put("name", "TRUST_DOMAIN").put("value", "cluster.local");
        (spec.path("containers") instanceof ArrayNode c ? c : spec.putArray("containers")).add(proxy);
        ArrayNode volumes = spec.path("volumes") instanceof ArrayNode v ? v : spec.putArray("volumes");
        template(VOLUMES_YAML).path("volumes").forEach(volumes::add);
    }

    private static String status(String revision) {
        ObjectNode status = Json.object();
        status.putArray("initContainers").add("istio-init");
        status.putArray("containers").add("istio-proxy");
        ArrayNode volumes = status.putArray("volumes");
        VOLUMES.forEach(volumes::add);
        status.putNull("imagePullSecrets");
        status.put("revision", revision);
        return Json.write(status);
    }

    /** {@code canonical-name}: the label, else {@code app.kubernetes.io/name}, else {@code app}, else the workload. */
    private static String canonicalName(ObjectNode pod) {
        JsonNode labels = pod.path("metadata").path("labels");
        String name = firstLabel(labels, "app.kubernetes.io/name", "app").orElse(workloadName(pod));
        name = name.length() > 63 ? name.substring(0, 63) : name;
        return name.replaceAll("^[-_.]+|[-_.]+$", "");
    }

    private static Optional<String> firstLabel(JsonNode labels, String... keys) {
        for (String key : keys) {
            if (labels.hasNonNull(key) && !labels.path(key).asText().isEmpty()) {
                return Optional.of(labels.path(key).asText());
            }
        }
        return Optional.empty();
    }

    /**
     * The workload a Pod belongs to, as Istio's {@code DeploymentMeta} names it: a ReplicaSet's Pod belongs to the
     * Deployment (the ReplicaSet name without its pod-template-hash), other owners by their name, a bare Pod itself.
     */
    static String workloadName(JsonNode pod) {
        JsonNode owners = pod.path("metadata").path("ownerReferences");
        for (JsonNode owner : owners) {
            if (!owner.path("controller").asBoolean(false)) {
                continue;
            }
            String name = owner.path("name").asText();
            String hash = pod.path("metadata").path("labels").path("pod-template-hash").asText("");
            if (owner.path("kind").asText().equals("ReplicaSet") && !hash.isEmpty() && name.endsWith("-" + hash)) {
                return name.substring(0, name.length() - hash.length() - 1);
            }
            return name;
        }
        String name = Json.name(pod);
        if (name != null && !name.isEmpty()) {
            return name;
        }
        return pod.path("metadata").path("generateName").asText("").replaceAll("-$", "");
    }

    private static String podPorts(JsonNode spec) {
        ArrayNode ports = Json.array();
        for (JsonNode c : spec.path("containers")) {
            for (JsonNode p : c.path("ports")) {
                ObjectNode port = ports.addObject();
                if (p.hasNonNull("name")) {
                    port.put("name", p.path("name").asText());
                }
                port.set("containerPort", p.path("containerPort"));
                if (p.hasNonNull("protocol")) {
                    port.put("protocol", p.path("protocol").asText());
                }
            }
        }
        return Json.write(ports);
    }

    private static ObjectNode template(String yaml) {
        try {
            return (ObjectNode) Json.YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the sidecar template does not parse", e);
        }
    }

    private static final String INIT_CONTAINER = """
            name: istio-init
            image: %s
            args: [istio-iptables, "-p", "15001", "-z", "15006", "-u", "1337", "-m", REDIRECT, "-i", "*", "-x", "",
                   "-b", "*", "-d", "15090,15021,15020", "--log_output_level=default:info"]
            resources:
              limits: {cpu: "2", memory: 1Gi}
              requests: {cpu: 100m, memory: 128Mi}
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {add: [NET_ADMIN, NET_RAW], drop: [ALL]}
              privileged: false
              readOnlyRootFilesystem: false
              runAsGroup: 0
              runAsNonRoot: false
              runAsUser: 0
            """.formatted(PROXY_IMAGE);

    private static final String PROXY_CONTAINER = """
            name: istio-proxy
            image: %s
            args: [proxy, sidecar, --domain, $(POD_NAMESPACE).svc.cluster.local, --proxyLogLevel=warning,
                   "--proxyComponentLogLevel=misc:error", "--log_output_level=default:info"]
            env:
            - {name: PILOT_CERT_PROVIDER, value: istiod}
            - {name: CA_ADDR, value: "istiod.istio-system.svc:15012"}
            - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
            - {name: INSTANCE_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
            - {name: SERVICE_ACCOUNT, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
            - {name: HOST_IP, valueFrom: {fieldRef: {fieldPath: status.hostIP}}}
            - {name: ISTIO_CPU_LIMIT, valueFrom: {resourceFieldRef: {divisor: "1", resource: limits.cpu}}}
            - {name: PROXY_CONFIG, value: "{}\\n"}
            - {name: GOMEMLIMIT, valueFrom: {resourceFieldRef: {divisor: "1", resource: limits.memory}}}
            - {name: ISTIO_META_CLUSTER_ID, value: Kubernetes}
            - {name: ISTIO_META_NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
            - {name: ISTIO_META_INTERCEPTION_MODE, value: REDIRECT}
            lifecycle:
              preStop:
                exec: {command: [pilot-agent, request, --debug-port=15020, POST, drain]}
            ports:
            - {containerPort: 15090, name: http-envoy-prom, protocol: TCP}
            readinessProbe:
              failureThreshold: 4
              httpGet: {path: /healthz/ready, port: 15021}
              periodSeconds: 15
              timeoutSeconds: 3
            resources:
              limits: {cpu: "2", memory: 1Gi}
              requests: {cpu: 100m, memory: 128Mi}
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {drop: [ALL]}
              privileged: false
              readOnlyRootFilesystem: true
              runAsGroup: 1337
              runAsNonRoot: true
              runAsUser: 1337
            startupProbe:
              failureThreshold: 600
              httpGet: {path: /healthz/ready, port: 15021}
              periodSeconds: 1
              timeoutSeconds: 3
            volumeMounts:
            - {mountPath: /var/run/secrets/workload-spiffe-uds, name: workload-socket}
            - {mountPath: /var/run/secrets/credential-uds, name: credential-socket}
            - {mountPath: /var/run/secrets/workload-spiffe-credentials, name: workload-certs}
            - {mountPath: /var/run/secrets/istio, name: istiod-ca-cert}
            - {mountPath: /var/lib/istio/data, name: istio-data}
            - {mountPath: /etc/istio/proxy, name: istio-envoy}
            - {mountPath: /var/run/secrets/tokens, name: istio-token}
            - {mountPath: /etc/istio/pod, name: istio-podinfo}
            """.formatted(PROXY_IMAGE);

    private static final String VOLUMES_YAML = """
            volumes:
            - {name: workload-socket, emptyDir: {}}
            - {name: credential-socket, emptyDir: {}}
            - {name: workload-certs, emptyDir: {}}
            - {name: istio-envoy, emptyDir: {medium: Memory}}
            - {name: istio-data, emptyDir: {}}
            - name: istio-podinfo
              downwardAPI:
                items:
                - {fieldRef: {fieldPath: metadata.labels}, path: labels}
                - {fieldRef: {fieldPath: metadata.annotations}, path: annotations}
            - name: istio-token
              projected:
                sources:
                - serviceAccountToken: {audience: istio-ca, expirationSeconds: 43200, path: istio-token}
            - {name: istiod-ca-cert, configMap: {name: istio-ca-root-cert}}
            """;
}
