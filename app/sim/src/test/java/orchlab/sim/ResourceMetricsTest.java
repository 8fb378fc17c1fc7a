package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.json;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import orchlab.sim.api.ApiResponse;
import org.junit.jupiter.api.Test;

/** metrics.k8s.io and the simulated usage behind it, sampled every 15 s of a clock the test moves. */
class ResourceMetricsTest extends ManualSimTestBase {

    private static final String METRICS = "/apis/metrics.k8s.io/v1beta1";
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
    /** The php-apache Deployment and Service of the Kubernetes docs' HPA walkthrough. */
    static final String PHP_APACHE = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: php-apache}
            spec:
              replicas: %d
              selector: {matchLabels: {run: php-apache}}
              template:
                metadata: {labels: {run: php-apache}}
                spec:
                  containers:
                  - name: php-apache
                    image: registry.k8s.io/hpa-example
                    ports: [{containerPort: 80}]
                    resources: {limits: {cpu: 500m}, requests: {cpu: 200m}}
            """;

    static final String PHP_APACHE_SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: php-apache, labels: {run: php-apache}}
            spec:
              ports: [{port: 80}]
              selector: {run: php-apache}
            """;

    /** The walkthrough's load generator, as a Pod (what {@code kubectl run load-generator ... -- /bin/sh -c ...} makes). */
    static final String LOAD_GENERATOR = """
            apiVersion: v1
            kind: Pod
            metadata: {name: load-generator}
            spec:
              restartPolicy: Never
              containers:
              - name: load-generator
                image: busybox:1.28
                command: [/bin/sh, -c, "%s"]
            """;

    /** The walkthrough's php-apache Deployment (this many replicas) and Service, reconciled. */
    static void phpApache(SimCluster cluster, int replicas) {
        apply(cluster, DEPLOYMENTS, PHP_APACHE.formatted(replicas));
        apply(cluster, "/api/v1/namespaces/default/services", PHP_APACHE_SERVICE);
        cluster.reconcile();
    }

    /** The walkthrough's load generator running this shell loop, reconciled. */
    static void loadGenerator(SimCluster cluster, String loop) {
        apply(cluster, "/api/v1/namespaces/default/pods", LOAD_GENERATOR.formatted(loop));
        cluster.reconcile();
    }

    private JsonNode podMetrics() {
        return get(METRICS + "/namespaces/default/pods?labelSelector=run%3Dphp-apache").path("items");
    }

    @Test
    void discoveryListsNodeAndPodMetricsAsReadOnly() {
        JsonNode groups = get("/apis").path("groups");
        assertThat(groups.findValuesAsText("name")).contains("metrics.k8s.io");
        JsonNode resources = get(METRICS).path("resources");
        assertThat(resources.findValuesAsText("kind")).containsExactly("NodeMetrics", "PodMetrics");
        assertThat(resources.get(1).path("namespaced").asBoolean()).isTrue();
        assertThat(resources.get(1).path("verbs").toString()).isEqualTo("[\"get\",\"list\"]");
    }

    @Test
    void aPodHasNoMetricsUntilASampleFindsItsContainerTenSecondsOld() {
        clock.advance(Duration.ofSeconds(3));
        phpApache(cluster, 1);

        assertThat(podMetrics()).isEmpty();
        String name = pods("default").get(0).path("metadata").path("name").asText();
        ApiResponse missing = send(cluster, "GET", METRICS + "/namespaces/default/pods/" + name, "application/json", "");
        assertThat(missing.code()).isEqualTo(404);
        assertThat(json(missing).path("message").asText()).isEqualTo("podmetrics.metrics.k8s.io \"default/" + name + "\" not found");

        advance(12); // the sample at :15 finds the container 12 s old: its window is those 12 s
        JsonNode pod = podMetrics().get(0);
        assertThat(pod.path("timestamp").asText()).isEqualTo("2025-01-01T10:00:15Z");
        assertThat(pod.path("window").asText()).isEqualTo("12s");
        assertThat(pod.path("containers").get(0).path("name").asText()).isEqualTo("php-apache");
        assertThat(pod.path("containers").get(0).path("usage").path("cpu").asText()).isEqualTo("1m");
        assertThat(pod.path("containers").get(0).path("usage").path("memory").asText()).isEqualTo("10Mi");

        advance(15);
        assertThat(podMetrics().get(0).path("window").asText()).isEqualTo("15s");
    }

    @Test
    void theNodeUsesItsPodsUsageAndFiftyMillicoresAndHalfAGibibyteOfItsOwn() {
        phpApache(cluster, 2);
        advance(15);

        JsonNode node = get(METRICS + "/nodes").path("items").get(0);
        assertThat(node.path("metadata").path("name").asText()).isEqualTo("orchlab-sim-node");
        assertThat(node.path("usage").path("cpu").asText()).isEqualTo("52m");
        assertThat(node.path("usage").path("memory").asText()).isEqualTo("532Mi");
    }

    @Test
    void requestsThroughTheServiceProxyAddTheirCpuTimeToTheSampleTheyFallIn() {
        phpApache(cluster, 1);
        advance(15);
        for (int i = 0; i < 150; i++) {
            ApiResponse answer = send(cluster, "GET", "/api/v1/namespaces/default/services/php-apache:80/proxy/", "text/plain", "");
            assertThat(answer.bodyText()).isEqualTo("OK!");
        }
        // 150 requests × 13 ms of CPU over a 15 s window = 130m, on top of 1m idle
        assertThat(podMetrics().get(0).at("/containers/0/usage/cpu").asText()).isEqualTo("1m");
        advance(15);
        assertThat(podMetrics().get(0).at("/containers/0/usage/cpu").asText()).isEqualTo("131m");
        advance(15);
        assertThat(podMetrics().get(0).at("/containers/0/usage/cpu").asText()).isEqualTo("1m");
    }

    @Test
    void aLoadGeneratorLoopSpreadsItsRequestsOverTheServicesReadyEndpoints() {
        phpApache(cluster, 2);
        loadGenerator(cluster, "while sleep 0.01; do wget -q -O- http://php-apache; done");
        advance(15);

        // 10 ms of sleep + 10 ms per request: 50 requests/s × 13 ms = 650m, half on each replica, plus 1m idle
        assertThat(podMetrics()).hasSize(2).allSatisfy(p -> assertThat(p.at("/containers/0/usage/cpu").asText()).isEqualTo("326m"));
    }

    @Test
    void cpuBeyondTheContainersLimitIsThrottledToTheLimit() {
        phpApache(cluster, 1);
        loadGenerator(cluster, "while true; do wget -q -O- http://php-apache; done");
        advance(15);

        // 100 requests/s × 13 ms = 1.3 cores asked of one replica limited to 500m
        assertThat(podMetrics().get(0).at("/containers/0/usage/cpu").asText()).isEqualTo("500m");
    }

    @Test
    void aLoadGeneratorStartedWithinTheWindowCountsOnlyFromItsStart() {
        phpApache(cluster, 1);
        advance(5);
        loadGenerator(cluster, "while sleep 0.01; do wget -q -O- http://php-apache.default.svc.cluster.local; done");
        advance(10);

        // active 10 s of the 15 s window: 650m × 10/15 ≈ 433m, plus 1m idle
        assertThat(podMetrics().get(0).at("/containers/0/usage/cpu").asText()).isEqualTo("434333333n");
    }
}
