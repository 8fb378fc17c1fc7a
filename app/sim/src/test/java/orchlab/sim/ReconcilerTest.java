package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.deployment;
import static orchlab.sim.SimTestSupport.json;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import orchlab.sim.api.Json;
import orchlab.sim.controller.SimContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The controllers, run step by step in manual mode against a clock the test moves. */
class ReconcilerTest {

    private final SimTestSupport.ManualClock clock = new SimTestSupport.ManualClock();
    private SimCluster cluster;

    private SimCluster start(Duration podStartDelay) throws Exception {
        cluster = SimCluster.manual(SimSettings.instant().withPodStartDelay(podStartDelay), clock);
        return cluster;
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<ObjectNode> pods(String namespace) {
        SimContext ctx = cluster.context();
        return ctx.list(ctx.pods, namespace, p -> true);
    }

    private ObjectNode get(String path) {
        return json(send(cluster, "GET", path, "application/json", ""));
    }

    @Test
    void deploymentRunsReadyPodsAndReportsRolloutComplete() throws Exception {
        start(Duration.ZERO);
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("web", 3, "nginx:1.25", ""));
        cluster.reconcile();

        ObjectNode d = get("/apis/apps/v1/namespaces/default/deployments/web");
        assertThat(d.path("status").path("observedGeneration").asLong()).isEqualTo(d.path("metadata").path("generation").asLong());
        assertThat(d.path("status").path("readyReplicas").asInt()).isEqualTo(3);
        assertThat(d.path("status").path("updatedReplicas").asInt()).isEqualTo(3);
        assertThat(d.path("status").path("availableReplicas").asInt()).isEqualTo(3);
        assertThat(pods("default")).hasSize(3).allMatch(SimContext::podReady);
    }

    @Test
    void rollingUpdateNeverExceedsMaxSurgeOrDropsBelowMaxUnavailable() throws Exception {
        start(Duration.ofSeconds(2));
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("web", 4, "nginx:1.25",
                "  strategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0"));
        for (int i = 0; i < 5; i++) {
            cluster.reconcile();
            clock.advance(Duration.ofSeconds(2));
        }
        cluster.reconcile();
        send(cluster, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:1.26\"}]}}}}");
        List<Integer> totals = new ArrayList<>();
        List<Integer> readyCounts = new ArrayList<>();
        for (int step = 0; step < 20; step++) {
            cluster.reconcile();
            List<ObjectNode> active = pods("default").stream().filter(SimContext::podActive).toList();
            totals.add(active.size());
            readyCounts.add((int) active.stream().filter(SimContext::podReady).count());
            clock.advance(Duration.ofSeconds(1));
        }
        cluster.reconcile();

        assertThat(totals).allMatch(t -> t <= 5);
        assertThat(readyCounts).allMatch(r -> r >= 4);
        assertThat(pods("default")).hasSize(4).allMatch(p -> p.path("spec").path("containers").get(0).path("image").asText()
                .equals("nginx:1.26"));
        ObjectNode d = get("/apis/apps/v1/namespaces/default/deployments/web");
        assertThat(d.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asText()).isEqualTo("2");
    }

    @Test
    void readinessWaitsForProbeInitialDelay() throws Exception {
        start(Duration.ZERO);
        apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: slow
                  labels: {app: slow}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
                    readinessProbe:
                      initialDelaySeconds: 10
                      httpGet: {port: 80}
                """);
        cluster.reconcile();
        assertThat(get("/api/v1/namespaces/default/pods/slow").path("status").path("phase").asText()).isEqualTo("Running");
        assertThat(SimContext.podReady(get("/api/v1/namespaces/default/pods/slow"))).isFalse();

        clock.advance(Duration.ofSeconds(10));
        cluster.reconcile();
        assertThat(SimContext.podReady(get("/api/v1/namespaces/default/pods/slow"))).isTrue();
    }

    @Test
    void readyPodsBecomeServiceEndpointsAndUnreadyOnesDoNot() throws Exception {
        start(Duration.ZERO);
        apply(cluster, "/api/v1/namespaces/default/services", """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{port: 80, targetPort: http}]
                """);
        apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: a, labels: {app: web}}
                spec:
                  containers: [{name: app, image: nginx:1.25, ports: [{name: http, containerPort: 8080}]}]
                """);
        apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: b, labels: {app: web}}
                spec:
                  containers: [{name: app, image: nginx:1.25, ports: [{name: http, containerPort: 8080}],
                                readinessProbe: {initialDelaySeconds: 30, tcpSocket: {port: 8080}}}]
                """);
        cluster.reconcile();

        JsonNode subset = get("/api/v1/namespaces/default/endpoints/web").path("subsets").get(0);
        assertThat(subset.path("addresses")).hasSize(1);
        assertThat(subset.path("addresses").get(0).path("targetRef").path("name").asText()).isEqualTo("a");
        assertThat(subset.path("notReadyAddresses").get(0).path("targetRef").path("name").asText()).isEqualTo("b");
        assertThat(subset.path("ports").get(0).path("port").asInt()).isEqualTo(8080);
    }

    @Test
    void claimBindsToProvisionedVolumeOnceAPodUsesIt() throws Exception {
        start(Duration.ZERO);
        apply(cluster, "/api/v1/namespaces/default/persistentvolumeclaims", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                """);
        cluster.reconcile();
        ObjectNode waiting = get("/api/v1/namespaces/default/persistentvolumeclaims/data");
        assertThat(waiting.path("status").path("phase").asText()).isEqualTo("Pending");
        assertThat(waiting.path("spec").path("storageClassName").asText()).isEqualTo("local-path");

        apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: db}
                spec:
                  containers: [{name: db, image: postgres:16, volumeMounts: [{name: data, mountPath: /data}]}]
                  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
                """);
        cluster.reconcile();

        ObjectNode bound = get("/api/v1/namespaces/default/persistentvolumeclaims/data");
        assertThat(bound.path("status").path("phase").asText()).isEqualTo("Bound");
        String volume = bound.path("spec").path("volumeName").asText();
        ObjectNode pv = get("/api/v1/persistentvolumes/" + volume);
        assertThat(pv.path("spec").path("claimRef").path("name").asText()).isEqualTo("data");
        assertThat(pv.path("spec").path("capacity").path("storage").asText()).isEqualTo("1Gi");
        assertThat(get("/api/v1/namespaces/default/pods/db").path("status").path("phase").asText()).isEqualTo("Running");
    }

    @Test
    void jobCompletesWhenItsPodsSucceed() throws Exception {
        start(Duration.ZERO);
        apply(cluster, "/apis/batch/v1/namespaces/default/jobs", """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: pi}
                spec:
                  completions: 2
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: pi, image: perl:5.34, command: [perl, -e, print 1]}]
                """);
        cluster.reconcile();

        ObjectNode job = get("/apis/batch/v1/namespaces/default/jobs/pi");
        assertThat(job.path("status").path("succeeded").asInt()).isEqualTo(2);
        assertThat(SimContext.condition(job.path("status"), "Complete")).isEqualTo("True");
        assertThat(pods("default")).hasSize(2).allMatch(p -> p.path("status").path("phase").asText().equals("Succeeded"));
    }

    @Test
    void aJobWithParallelismAloneKeepsCompletionsUnsetAndCompletesWhenAPodSucceeds() throws Exception {
        start(Duration.ZERO);
        apply(cluster, "/apis/batch/v1/namespaces/default/jobs", """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: queue}
                spec:
                  parallelism: 3
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: pi, image: perl:5.34, command: [perl, -e, print 1]}]
                """);
        cluster.reconcile();

        ObjectNode job = get("/apis/batch/v1/namespaces/default/jobs/queue");
        assertThat(job.path("spec").has("completions")).as(job.path("spec").toString()).isFalse();
        assertThat(job.path("spec").path("parallelism").asInt()).isEqualTo(3);
        assertThat(SimContext.condition(job.path("status"), "Complete")).isEqualTo("True");
    }

    @Test
    void imageWithoutTagIsPulledAsLatestLikeARealCluster() throws Exception {
        start(Duration.ZERO);
        apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers: [{name: app, image: nginx}]
                """);
        cluster.reconcile();

        ObjectNode pod = get("/api/v1/namespaces/default/pods/web");
        assertThat(pod.path("status").path("phase").asText()).isEqualTo("Running");
        assertThat(SimContext.podReady(pod)).isTrue();
    }

    @Test
    void imageWithoutTagFailsToPullThenBacksOffWhenTheSettingAsksForPinnedTags() throws Exception {
        cluster = SimCluster.manual(SimSettings.instant().withUntaggedImagesFail(true), clock);
        apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: bad}
                spec:
                  containers: [{name: app, image: nginx}]
                """);
        cluster.reconcile();

        ObjectNode pod = get("/api/v1/namespaces/default/pods/bad");
        JsonNode waiting = pod.path("status").path("containerStatuses").get(0).path("state").path("waiting");
        assertThat(waiting.path("reason").asText()).isEqualTo("ImagePullBackOff");
        assertThat(pod.path("status").path("phase").asText()).isEqualTo("Pending");
        List<ObjectNode> events = cluster.context().list(cluster.catalog().require("", "events"), "default",
                e -> e.path("involvedObject").path("name").asText().equals("bad"));
        assertThat(events).extracting(e -> e.path("message").asText()).anyMatch(m -> m.contains("has no tag"));
    }

    @Test
    void invalidImageReferenceIsErrImagePull() throws Exception {
        start(Duration.ofSeconds(5));
        apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: bad}
                spec:
                  containers: [{name: app, image: "Nginx::1.25"}]
                """);
        cluster.reconcile();

        JsonNode waiting = get("/api/v1/namespaces/default/pods/bad").path("status").path("containerStatuses").get(0)
                .path("state").path("waiting");
        assertThat(waiting.path("reason").asText()).isEqualTo("ErrImagePull");
        assertThat(waiting.path("message").asText()).contains("invalid reference format");
    }

    @Test
    void statefulSetCreatesOrderedPodsOneAfterAnother() throws Exception {
        start(Duration.ofSeconds(1));
        apply(cluster, "/apis/apps/v1/namespaces/default/statefulsets", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  serviceName: db
                  replicas: 3
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      containers: [{name: db, image: postgres:16, env: [{name: POSTGRES_PASSWORD, value: secret}]}]
                """);
        cluster.reconcile();
        assertThat(pods("default")).extracting(Json::name).containsExactly("db-0");
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(1));
            cluster.reconcile();
        }
        assertThat(pods("default")).extracting(Json::name).containsExactlyInAnyOrder("db-0", "db-1", "db-2");
        assertThat(get("/apis/apps/v1/namespaces/default/statefulsets/db").path("status").path("readyReplicas").asInt()).isEqualTo(3);
    }

    @Test
    void daemonSetRunsOnePodOnTheSimNode() throws Exception {
        start(Duration.ZERO);
        apply(cluster, "/apis/apps/v1/namespaces/default/daemonsets", """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  selector: {matchLabels: {app: agent}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec:
                      containers: [{name: agent, image: fluentd:v1.16}]
                """);
        cluster.reconcile();

        assertThat(pods("default")).hasSize(1).allMatch(p -> p.path("spec").path("nodeName").asText().equals("orchlab-sim-node"));
        assertThat(get("/apis/apps/v1/namespaces/default/daemonsets/agent").path("status").path("numberReady").asInt()).isEqualTo(1);
    }

    @Test
    void deletingADeploymentRemovesItsReplicaSetsAndPods() throws Exception {
        start(Duration.ZERO);
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("web", 2, "nginx:1.25", ""));
        cluster.reconcile();
        send(cluster, "DELETE", "/apis/apps/v1/namespaces/default/deployments/web", "application/json",
                "{\"propagationPolicy\":\"Background\"}");
        cluster.reconcile();

        SimContext ctx = cluster.context();
        assertThat(ctx.list(ctx.replicaSets, "default", o -> true)).isEmpty();
        assertThat(pods("default")).isEmpty();
    }

    @Test
    void loadBalancerServiceGetsTheNodeAddress() throws Exception {
        start(Duration.ZERO);
        apply(cluster, "/api/v1/namespaces/default/services", """
                apiVersion: v1
                kind: Service
                metadata: {name: lb}
                spec:
                  type: LoadBalancer
                  selector: {app: web}
                  ports: [{port: 80}]
                """);
        cluster.reconcile();

        ObjectNode svc = get("/api/v1/namespaces/default/services/lb");
        assertThat(svc.path("spec").path("clusterIP").asText()).startsWith("10.43.");
        assertThat(svc.path("spec").path("ports").get(0).path("nodePort").asInt()).isBetween(30000, 32767);
        assertThat(svc.path("status").path("loadBalancer").path("ingress").get(0).path("ip").asText()).isEqualTo("10.0.0.10");
    }
}
