package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.json;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import orchlab.sim.controller.SimContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HorizontalPodAutoscaler controller, stepped by hand against a clock the test moves. */
class HorizontalPodAutoscalerTest {

    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
    private static final String HPAS = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers";
    private final SimTestSupport.ManualClock clock = new SimTestSupport.ManualClock();
    private SimCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void start() throws Exception {
        cluster = SimCluster.manual(SimSettings.instant().withPodStartDelay(Duration.ZERO), clock);
    }

    private static String deployment(int replicas, String resources) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: my-app}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: my-app}}
                  template:
                    metadata: {labels: {app: my-app}}
                    spec:
                      containers:
                        - name: app
                          image: hashicorp/http-echo:1.0
                %s
                """.formatted(replicas, resources);
    }

    private static final String CPU_REQUEST = "          resources: {requests: {cpu: 100m}}";

    private static String hpa(String target, int min, int max, String behavior) {
        return """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: my-app}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
                  minReplicas: %d
                  maxReplicas: %d
                  metrics:
                    - type: Resource
                      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
                %s
                """.formatted(target, min, max, behavior);
    }

    private ObjectNode get(String path) {
        return json(send(cluster, "GET", path, "application/json", ""));
    }

    private static JsonNode condition(JsonNode hpa, String type) {
        for (JsonNode c : hpa.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        return MissingNode.getInstance();
    }

    private int replicas() {
        return get(DEPLOYMENTS + "/my-app").path("spec").path("replicas").asInt();
    }

    @Test
    void raisesItsTargetToMinReplicasAndReportsZeroUsageOncePodsAreReady() throws Exception {
        start();
        apply(cluster, DEPLOYMENTS, deployment(1, CPU_REQUEST));
        apply(cluster, HPAS, hpa("my-app", 2, 10, ""));
        cluster.reconcile();

        assertThat(replicas()).isEqualTo(2);
        ObjectNode hpa = get(HPAS + "/my-app");
        assertThat(hpa.path("status").path("currentReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.path("status").path("desiredReplicas").asInt()).isEqualTo(2);
        assertThat(condition(hpa, "AbleToScale").path("status").asText()).isEqualTo("True");
        assertThat(condition(hpa, "ScalingActive").path("reason").asText()).isEqualTo("ValidMetricFound");
        assertThat(hpa.at("/status/currentMetrics/0/resource/name").asText()).isEqualTo("cpu");
        assertThat(hpa.at("/status/currentMetrics/0/resource/current/averageUtilization").asInt()).isZero();
        assertThat(cluster.context().list(cluster.context().pods, "default", p -> true)).hasSize(2).allMatch(SimContext::podReady);
    }

    @Test
    void podsWithoutCpuRequestsLeaveTheAutoscalerInactiveWithTheReason() throws Exception {
        start();
        apply(cluster, DEPLOYMENTS, deployment(2, ""));
        apply(cluster, HPAS, hpa("my-app", 2, 10, ""));
        cluster.reconcile();

        JsonNode active = condition(get(HPAS + "/my-app"), "ScalingActive");
        assertThat(active.path("status").asText()).isEqualTo("False");
        assertThat(active.path("reason").asText()).isEqualTo("FailedGetResourceMetric");
        assertThat(active.path("message").asText()).contains("missing request for cpu in container app of Pod my-app-");
        assertThat(replicas()).isEqualTo(2);
    }

    @Test
    void aMissingTargetIsReportedAsFailedGetScale() throws Exception {
        start();
        apply(cluster, HPAS, hpa("nope", 2, 10, ""));
        cluster.reconcile();

        JsonNode able = condition(get(HPAS + "/my-app"), "AbleToScale");
        assertThat(able.path("status").asText()).isEqualTo("False");
        assertThat(able.path("reason").asText()).isEqualTo("FailedGetScale");
        assertThat(able.path("message").asText()).contains("deployments.apps \"nope\" not found");
    }

    @Test
    void scalesAboveMaxDownToMaxAtOnce() throws Exception {
        start();
        apply(cluster, DEPLOYMENTS, deployment(12, CPU_REQUEST));
        apply(cluster, HPAS, hpa("my-app", 2, 10, ""));
        cluster.reconcile();

        assertThat(replicas()).isEqualTo(10);
    }

    @Test
    void scalesDownToMinOnlyAfterTheStabilizationWindow() throws Exception {
        start();
        apply(cluster, DEPLOYMENTS, deployment(5, CPU_REQUEST));
        apply(cluster, HPAS, hpa("my-app", 2, 10, "  behavior: {scaleDown: {stabilizationWindowSeconds: 60}}"));
        cluster.reconcile();
        assertThat(replicas()).isEqualTo(5);

        clock.advance(Duration.ofSeconds(59));
        cluster.reconcile();
        assertThat(replicas()).isEqualTo(5);

        clock.advance(Duration.ofSeconds(2));
        cluster.reconcile();
        assertThat(replicas()).isEqualTo(2);
        assertThat(condition(get(HPAS + "/my-app"), "ScalingLimited").path("reason").asText()).isEqualTo("TooFewReplicas");
    }

}
