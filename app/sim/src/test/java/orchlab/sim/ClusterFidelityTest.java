package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.deployment;
import static orchlab.sim.SimTestSupport.json;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import orchlab.sim.api.ApiResponse;
import orchlab.sim.api.Json;
import orchlab.sim.controller.SimContext;
import org.junit.jupiter.api.Test;

/** Results a learner compares with a real cluster (issue 13, item 6), run in manual mode. */
class ClusterFidelityTest extends ManualSimTestBase {

    @Test
    void foregroundDeletionRemovesTheOwnerAfterItsDependents() {
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("web", 2, "nginx:1.25", ""));
        cluster.reconcile();
        assertThat(pods("default")).hasSize(2);

        ApiResponse deleted = send(cluster, "DELETE", "/apis/apps/v1/namespaces/default/deployments/web", "application/json",
                "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Foreground\"}");
        assertThat(deleted.code()).isEqualTo(200);
        ObjectNode marked = get("/apis/apps/v1/namespaces/default/deployments/web");
        assertThat(marked.path("metadata").path("finalizers").toString()).contains("foregroundDeletion");
        assertThat(marked.path("metadata").hasNonNull("deletionTimestamp")).isTrue();

        cluster.reconcile();
        SimContext ctx = cluster.context();
        assertThat(pods("default")).isEmpty();
        assertThat(ctx.list(ctx.replicaSets, "default", o -> true)).isEmpty();
        assertThat(ctx.get(ctx.deployments, "default", "web")).isEmpty();
    }

    @Test
    void namespaceWithAForegroundDeletedDeploymentFinishesTerminating() {
        send(cluster, "POST", "/api/v1/namespaces", "application/json", "{\"metadata\":{\"name\":\"shop\"}}");
        cluster.reconcile();
        apply(cluster, "/apis/apps/v1/namespaces/shop/deployments", deployment("web", 1, "nginx:1.25", ""));
        cluster.reconcile();
        send(cluster, "DELETE", "/apis/apps/v1/namespaces/shop/deployments/web", "application/json",
                "{\"propagationPolicy\":\"Foreground\"}");
        send(cluster, "DELETE", "/api/v1/namespaces/shop", "application/json", "");
        cluster.reconcile();
        clock.advance(Duration.ofSeconds(1));
        cluster.reconcile();
        SimContext ctx = cluster.context();
        assertThat(ctx.get(ctx.namespaces, null, "shop")).isEmpty();
    }

    @Test
    void statefulSetContainersMountTheirClaimTemplatesAndEachReplicaGetsItsOwnClaim() {
        ApiResponse created = apply(cluster, "/apis/apps/v1/namespaces/default/statefulsets", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: nginx}}
                  serviceName: nginx
                  replicas: 2
                  template:
                    metadata: {labels: {app: nginx}}
                    spec:
                      containers:
                      - name: nginx
                        image: registry.k8s.io/nginx-slim:0.24
                        volumeMounts:
                        - {name: www, mountPath: /usr/share/nginx/html}
                  volumeClaimTemplates:
                  - metadata: {name: www}
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 1Gi}}
                """);
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
        cluster.reconcile();
        SimContext ctx = cluster.context();
        assertThat(ctx.list(ctx.pvcs, "default", o -> true)).extracting(Json::name)
                .containsExactlyInAnyOrder("www-web-0", "www-web-1");
        ObjectNode pod = ctx.get(ctx.pods, "default", "web-1").orElseThrow();
        assertThat(pod.path("spec").path("volumes").get(0).toString())
                .isEqualTo("{\"name\":\"www\",\"persistentVolumeClaim\":{\"claimName\":\"www-web-1\"}}");
    }

    @Test
    void aMountOfAVolumeThatIsNeitherDeclaredNorAClaimTemplateIsStillRefused() {
        ApiResponse created = apply(cluster, "/apis/apps/v1/namespaces/default/statefulsets", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: nginx}}
                  serviceName: nginx
                  template:
                    metadata: {labels: {app: nginx}}
                    spec:
                      containers:
                      - name: nginx
                        image: nginx:1.27
                        volumeMounts:
                        - {name: data, mountPath: /data}
                  volumeClaimTemplates:
                  - metadata: {name: www}
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 1Gi}}
                """);
        assertThat(created.code()).isEqualTo(422);
        assertThat(created.bodyText()).contains("spec.template.spec.containers[0].volumeMounts[0].name: Not found: \\\"data\\\"");
    }

    @Test
    void everyPodGetsTheServiceAccountTokenVolumeAndTheDefaultTolerations() {
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("web", 1, "nginx:1.25", ""));
        cluster.reconcile();
        ObjectNode pod = pods("default").get(0);
        JsonNode volume = pod.path("spec").path("volumes").get(0);
        assertThat(volume.path("name").asText()).matches("kube-api-access-[a-z0-9]{5}");
        assertThat(volume.path("projected").path("sources").toString())
                .contains("\"serviceAccountToken\":{\"expirationSeconds\":3607,\"path\":\"token\"}", "kube-root-ca.crt",
                        "metadata.namespace");
        JsonNode mount = pod.path("spec").path("containers").get(0).path("volumeMounts").get(0);
        assertThat(mount.path("mountPath").asText()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
        assertThat(pod.path("spec").path("tolerations").toString()).isEqualTo("[{\"key\":\"node.kubernetes.io/not-ready\","
                + "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":"
                + "\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}]");
    }

    @Test
    void aPodThatOnlyLimitsAResourceRequestsItsLimitButItsTemplateIsLeftAsWritten() {
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("capped", 1, "nginx:1.27", "")
                .replace("image: nginx:1.27", "image: nginx:1.27\n        resources: {limits: {cpu: 500m}, requests: {memory: 64Mi}}"));
        cluster.reconcile();
        JsonNode resources = pods("default").get(0).path("spec").path("containers").get(0).path("resources");
        assertThat(resources.path("requests").toString()).isEqualTo("{\"memory\":\"64Mi\",\"cpu\":\"500m\"}");
        ObjectNode template = json(send(cluster, "GET", "/apis/apps/v1/namespaces/default/deployments/capped", "application/json", ""));
        assertThat(template.path("spec").path("template").path("spec").path("containers").get(0).path("resources")
                .path("requests").toString()).isEqualTo("{\"memory\":\"64Mi\"}");
    }

    @Test
    void aPodsQualityOfServiceClassFollowsItsRequestsAndLimits() {
        assertThat(qosOf("qos-none", "")).isEqualTo("BestEffort");
        assertThat(qosOf("qos-equal", "resources: {limits: {cpu: 500m, memory: 128Mi}}")).isEqualTo("Guaranteed");
        assertThat(qosOf("qos-same-amount", "resources: {limits: {cpu: \"0.5\", memory: 128Mi}, requests: {cpu: 500m, memory: 134217728}}"))
                .isEqualTo("Guaranteed");
        assertThat(qosOf("qos-less", "resources: {limits: {cpu: 500m, memory: 128Mi}, requests: {cpu: 250m}}")).isEqualTo("Burstable");
        assertThat(qosOf("qos-cpu-only", "resources: {limits: {cpu: 500m}}")).isEqualTo("Burstable");
    }

    private String qosOf(String name, String resources) {
        ApiResponse created = apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  containers:
                    - name: app
                      image: "nginx:1.27"
                      %s
                """.formatted(name, resources));
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
        return json(created).path("status").path("qosClass").asText();
    }

    @Test
    void aCordonedNodeGetsNoNewPodsUntilItIsUncordoned() {
        node("{\"spec\":{\"unschedulable\":true}}");
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("web", 1, "nginx:1.27", ""));
        cluster.reconcile();

        ObjectNode pending = pods("default").get(0);
        assertThat(pending.path("spec").has("nodeName")).isFalse();
        assertThat(pending.path("status").path("conditions").toString()).contains("\"reason\":\"Unschedulable\"",
                "0/1 nodes are available: 1 node(s) were unschedulable.");

        node("{\"spec\":{\"unschedulable\":null}}");
        cluster.reconcile();
        assertThat(pods("default").get(0).path("spec").path("nodeName").asText()).isEqualTo("orchlab-sim-node");
    }

    @Test
    void aNoScheduleTaintKeepsOutPodsThatDoNotTolerateIt() {
        node("{\"spec\":{\"taints\":[{\"key\":\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"}]}}");
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("plain", 1, "nginx:1.27", ""));
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("tolerant", 1, "nginx:1.27", "")
                .replace("      containers:", "      tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]\n      containers:"));
        cluster.reconcile();

        for (ObjectNode pod : pods("default")) {
            boolean tolerant = pod.path("metadata").path("name").asText().startsWith("tolerant");
            assertThat(pod.path("spec").has("nodeName")).as(pod.path("metadata").path("name").asText()).isEqualTo(tolerant);
            if (!tolerant) {
                assertThat(pod.path("status").path("conditions").toString()).contains("1 node(s) had untolerated taint {dedicated: gpu}");
            }
        }
        node("{\"spec\":{\"taints\":null}}");
    }

    private void node(String mergePatch) {
        ApiResponse patched = send(cluster, "PATCH", "/api/v1/nodes/orchlab-sim-node", "application/merge-patch+json", mergePatch);
        assertThat(patched.code()).as(patched.bodyText()).isEqualTo(200);
    }

    @Test
    void aLimitRangeGivesContainersItsDefaultsAndForbidsAPodAboveItsMaximum() {
        ApiResponse range = apply(cluster, "/api/v1/namespaces/default/limitranges", """
                apiVersion: v1
                kind: LimitRange
                metadata: {name: cpu}
                spec:
                  limits:
                    - type: Container
                      max: {cpu: "1"}
                      defaultRequest: {cpu: 100m}
                """);
        assertThat(json(range).path("spec").path("limits").get(0).path("default").toString())
                .as("the default limit comes from max").isEqualTo("{\"cpu\":\"1\"}");

        ApiResponse plain = apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: plain}
                spec: {containers: [{name: app, image: "nginx:1.27"}]}
                """);
        ObjectNode pod = json(plain);
        assertThat(pod.path("spec").path("containers").get(0).path("resources").toString())
                .isEqualTo("{\"limits\":{\"cpu\":\"1\"},\"requests\":{\"cpu\":\"100m\"}}"); // Go's field order
        assertThat(pod.path("metadata").path("annotations").path("kubernetes.io/limit-ranger").asText())
                .isEqualTo("LimitRanger plugin set: cpu request for container app; cpu limit for container app");
        assertThat(pod.path("status").path("qosClass").asText()).isEqualTo("Burstable");

        ApiResponse big = apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: big}
                spec: {containers: [{name: app, image: "nginx:1.27", resources: {limits: {cpu: "2"}}}]}
                """);
        assertThat(big.code()).isEqualTo(403);
        assertThat(json(big).path("message").asText())
                .isEqualTo("pods \"big\" is forbidden: maximum cpu usage per Container is 1, but limit is 2");
    }

    @Test
    void aPodThatOptsOutOfTheTokenGetsNoTokenVolume() {
        ApiResponse created = apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: quiet}
                spec:
                  automountServiceAccountToken: false
                  containers: [{name: app, image: "nginx:1.27"}]
                """);
        assertThat(json(created).path("spec").has("volumes")).isFalse();
    }

    @Test
    void anIngressWithoutAClassGetsTheDefaultIngressClass() {
        ApiResponse created = apply(cluster, "/apis/networking.k8s.io/v1/namespaces/default/ingresses", """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web}
                spec:
                  rules:
                  - http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                """);
        assertThat(json(created).path("spec").path("ingressClassName").asText()).isEqualTo("traefik");
    }

    @Test
    void rolloutHistoryShowsAChangeCauseAnnotatedAfterTheRollout() {
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("web", 1, "nginx:1.25", ""));
        cluster.reconcile();
        send(cluster, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web", "application/merge-patch+json",
                "{\"metadata\":{\"annotations\":{\"kubernetes.io/change-cause\":\"first version\"}}}");
        cluster.reconcile();
        SimContext ctx = cluster.context();
        ObjectNode rs = ctx.list(ctx.replicaSets, "default", o -> true).get(0);
        assertThat(rs.path("metadata").path("annotations").path("kubernetes.io/change-cause").asText()).isEqualTo("first version");
    }

    @Test
    void aBooleanWhereAConfigMapValueBelongsIsRefusedInTheApiServersWords() {
        ApiResponse created = send(cluster, "POST", "/api/v1/namespaces/default/configmaps", "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"app-config\"},"
                        + "\"data\":{\"debug_mode\":false}}");
        assertThat(created.code()).isEqualTo(400);
        assertThat(json(created).path("message").asText()).startsWith("ConfigMap in version \"v1\" cannot be handled as a "
                + "ConfigMap: json: cannot unmarshal bool into Go struct field ConfigMap.data.debug_mode of type string");
    }

    @Test
    void aStringWhereAnIntegerBelongsIsRefusedInTheApiServersWords() {
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("web", 1, "nginx:1.25", ""));
        ApiResponse patched = send(cluster, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
                "application/merge-patch+json", "{\"spec\":{\"replicas\":\"three\"}}");
        assertThat(patched.code()).isEqualTo(400);
        assertThat(json(patched).path("message").asText()).isEqualTo("Deployment in version \"v1\" cannot be handled as a "
                + "Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32");
        assertThat(patched.bodyText()).doesNotContain("java.");
    }

    @Test
    void aClaimBindsToTheSmallestStaticVolumeOfItsClassThatFits() {
        for (String[] pv : new String[][] {{"small", "1Gi", "manual"}, {"big", "10Gi", "manual"}, {"other", "5Gi", "fast"},
                {"medium", "5Gi", "manual"}}) {
            apply(cluster, "/api/v1/persistentvolumes", """
                    apiVersion: v1
                    kind: PersistentVolume
                    metadata: {name: %s}
                    spec:
                      storageClassName: %s
                      capacity: {storage: %s}
                      accessModes: [ReadWriteOnce]
                      hostPath: {path: /mnt/data}
                    """.formatted(pv[0], pv[2], pv[1]));
        }
        apply(cluster, "/api/v1/namespaces/default/persistentvolumeclaims", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: task-pv-claim}
                spec:
                  storageClassName: manual
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 3Gi}}
                """);
        cluster.reconcile();
        ObjectNode pvc = get("/api/v1/namespaces/default/persistentvolumeclaims/task-pv-claim");
        assertThat(pvc.path("status").path("phase").asText()).isEqualTo("Bound");
        assertThat(pvc.path("spec").path("volumeName").asText()).isEqualTo("medium");
        assertThat(pvc.path("status").path("capacity").path("storage").asText()).isEqualTo("5Gi");
        ObjectNode pv = get("/api/v1/persistentvolumes/medium");
        assertThat(pv.path("status").path("phase").asText()).isEqualTo("Bound");
        assertThat(pv.path("spec").path("claimRef").path("name").asText()).isEqualTo("task-pv-claim");
        assertThat(get("/api/v1/persistentvolumes/big").path("status").path("phase").asText()).isEqualTo("Available");
    }

    @Test
    void aClaimNoStaticVolumeFitsStaysPendingUntilOneIsCreated() {
        apply(cluster, "/api/v1/namespaces/default/persistentvolumeclaims", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: shared}
                spec:
                  storageClassName: manual
                  accessModes: [ReadWriteMany]
                  resources: {requests: {storage: 1Gi}}
                """);
        apply(cluster, "/api/v1/persistentvolumes", """
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: rwo-only}
                spec:
                  storageClassName: manual
                  capacity: {storage: 10Gi}
                  accessModes: [ReadWriteOnce]
                  hostPath: {path: /mnt/data}
                """);
        cluster.reconcile();
        assertThat(get("/api/v1/namespaces/default/persistentvolumeclaims/shared").path("status").path("phase").asText())
                .isEqualTo("Pending");
        apply(cluster, "/api/v1/persistentvolumes", """
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: nfs}
                spec:
                  storageClassName: manual
                  capacity: {storage: 1Gi}
                  accessModes: [ReadWriteMany, ReadWriteOnce]
                  nfs: {server: nfs.example.com, path: /exports}
                """);
        cluster.reconcile();
        ObjectNode pvc = get("/api/v1/namespaces/default/persistentvolumeclaims/shared");
        assertThat(pvc.path("status").path("phase").asText()).isEqualTo("Bound");
        assertThat(pvc.path("spec").path("volumeName").asText()).isEqualTo("nfs");
    }
}
