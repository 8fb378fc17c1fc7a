package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import orchlab.sim.controller.SimContext;
import org.junit.jupiter.api.Test;

/** The HorizontalPodAutoscaler controller, stepped by hand against a clock the test moves. */
class HorizontalPodAutoscalerTest extends ManualSimTestBase {

    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
    private static final String HPAS = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers";
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
    void raisesItsTargetToMinReplicasAtOnceAndReportsTheIdleUsageFromTheFirstSample() throws Exception {
        apply(cluster, DEPLOYMENTS, deployment(1, CPU_REQUEST));
        apply(cluster, HPAS, hpa("my-app", 2, 10, ""));
        cluster.reconcile();

        assertThat(replicas()).isEqualTo(2);
        ObjectNode hpa = get(HPAS + "/my-app");
        assertThat(hpa.path("status").path("desiredReplicas").asInt()).isEqualTo(2);
        assertThat(condition(hpa, "AbleToScale").path("status").asText()).isEqualTo("True");
        // no sample of the new Pods yet, as metrics-server has none for containers younger than 10 s
        assertThat(condition(hpa, "ScalingActive").path("message").asText()).contains("no metrics returned from resource metrics API");

        advance(15);
        hpa = get(HPAS + "/my-app");
        assertThat(hpa.path("status").path("currentReplicas").asInt()).isEqualTo(2);
        assertThat(condition(hpa, "ScalingActive").path("reason").asText()).isEqualTo("ValidMetricFound");
        assertThat(hpa.at("/status/currentMetrics/0/resource/name").asText()).isEqualTo("cpu");
        // http-echo idles at 1m of its 100m request
        assertThat(hpa.at("/status/currentMetrics/0/resource/current/averageUtilization").asInt()).isEqualTo(1);
        assertThat(hpa.at("/status/currentMetrics/0/resource/current/averageValue").asText()).isEqualTo("1m");
        assertThat(pods("default")).hasSize(2).allMatch(SimContext::podReady);
    }

    @Test
    void podsWithoutCpuRequestsLeaveTheAutoscalerInactiveWithTheReason() throws Exception {
        apply(cluster, DEPLOYMENTS, deployment(2, ""));
        apply(cluster, HPAS, hpa("my-app", 2, 10, ""));
        cluster.reconcile();
        advance(15);

        JsonNode active = condition(get(HPAS + "/my-app"), "ScalingActive");
        assertThat(active.path("status").asText()).isEqualTo("False");
        assertThat(active.path("reason").asText()).isEqualTo("FailedGetResourceMetric");
        assertThat(active.path("message").asText()).contains("missing request for cpu in container app of Pod my-app-");
        assertThat(replicas()).isEqualTo(2);
    }

    @Test
    void aMissingTargetIsReportedAsFailedGetScale() throws Exception {
        apply(cluster, HPAS, hpa("nope", 2, 10, ""));
        cluster.reconcile();

        JsonNode able = condition(get(HPAS + "/my-app"), "AbleToScale");
        assertThat(able.path("status").asText()).isEqualTo("False");
        assertThat(able.path("reason").asText()).isEqualTo("FailedGetScale");
        assertThat(able.path("message").asText()).contains("deployments.apps \"nope\" not found");
    }

    @Test
    void scalesAboveMaxDownToMaxAtOnce() throws Exception {
        apply(cluster, DEPLOYMENTS, deployment(12, CPU_REQUEST));
        apply(cluster, HPAS, hpa("my-app", 2, 10, ""));
        cluster.reconcile();

        assertThat(replicas()).isEqualTo(10);
    }

    @Test
    void scalesDownToMinOnlyAfterTheStabilizationWindow() throws Exception {
        apply(cluster, DEPLOYMENTS, deployment(5, CPU_REQUEST));
        apply(cluster, HPAS, hpa("my-app", 2, 10, "  behavior: {scaleDown: {stabilizationWindowSeconds: 60}}"));
        cluster.reconcile();
        assertThat(replicas()).isEqualTo(5);

        advance(59);
        assertThat(replicas()).isEqualTo(5);

        advance(2);
        assertThat(replicas()).isEqualTo(2);
        assertThat(condition(get(HPAS + "/my-app"), "ScalingLimited").path("reason").asText()).isEqualTo("TooFewReplicas");
    }

    private int hpaUtilization() {
        return get(HPAS + "/php-apache").at("/status/currentMetrics/0/resource/current/averageUtilization").asInt(-1);
    }

    private int phpReplicas() {
        return get(DEPLOYMENTS + "/php-apache").path("spec").path("replicas").asInt();
    }

    /** kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough, on the sim's clock. */
    @Test
    void theDocsWalkthroughScalesUpUnderLoadAndBackDownAfterTheStabilizationWindow() throws Exception {
        ResourceMetricsTest.phpApache(cluster, 1);
        // kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10
        apply(cluster, "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers", """
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata: {name: php-apache}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php-apache}
                  minReplicas: 1
                  maxReplicas: 10
                  targetCPUUtilizationPercentage: 50
                """);
        cluster.reconcile();
        advance(15);
        assertThat(hpaUtilization()).isZero();
        assertThat(phpReplicas()).isEqualTo(1);

        ResourceMetricsTest.loadGenerator(cluster, "while sleep 0.01; do wget -q -O- http://php-apache; done");
        advance(15);
        // 650m asked of one replica limited to 500m: 250 % of its 200m request
        assertThat(hpaUtilization()).isEqualTo(250);
        // ceil(1 × 250 / 50) = 5, but without behavior one step may at most reach max(2 × 1, 4)
        assertThat(phpReplicas()).isEqualTo(4);
        assertThat(eventMessages("SuccessfulRescale")).contains("New size: 4; reason: cpu resource utilization (percentage of request) above target");

        for (int i = 0; i < 8; i++) {
            advance(15);
        }
        // 650m over 7 replicas: 93m each, 46 % — within the 10 % tolerance of 50 %
        assertThat(phpReplicas()).isEqualTo(7);
        assertThat(hpaUtilization()).isEqualTo(46);

        send(cluster, "DELETE", "/api/v1/namespaces/default/pods/load-generator", "application/json", "");
        cluster.reconcile();
        for (int i = 0; i < 18; i++) {
            advance(15); // 270 s: the highest recommendation of the last 300 s is still 7
        }
        assertThat(hpaUtilization()).isZero();
        assertThat(phpReplicas()).isEqualTo(7);
        for (int i = 0; i < 4; i++) {
            advance(15);
        }
        assertThat(phpReplicas()).isEqualTo(1);
    }

    @Test
    void behaviorPoliciesLimitHowFastTheTargetGrows() throws Exception {
        ResourceMetricsTest.phpApache(cluster, 1);
        apply(cluster, HPAS, """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: php-apache}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php-apache}
                  minReplicas: 1
                  maxReplicas: 10
                  metrics:
                  - type: Resource
                    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
                  behavior:
                    scaleUp:
                      policies: [{type: Pods, value: 1, periodSeconds: 60}]
                """);
        ResourceMetricsTest.loadGenerator(cluster, "while true; do wget -q -O- http://php-apache; done");
        advance(15);
        assertThat(phpReplicas()).isEqualTo(2);
        JsonNode limited = condition(get(HPAS + "/php-apache"), "ScalingLimited");
        assertThat(limited.path("reason").asText()).isEqualTo("ScaleUpLimit");

        advance(15);
        advance(15);
        assertThat(phpReplicas()).as("one Pod per 60 s").isEqualTo(2);
        advance(15);
        advance(15);
        assertThat(phpReplicas()).isEqualTo(3);
    }

    @Test
    void anAverageValueTargetComparesTheAverageUsageWithoutRequests() throws Exception {
        apply(cluster, DEPLOYMENTS, deployment(4, ""));
        apply(cluster, HPAS, """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: my-app}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: my-app}
                  minReplicas: 1
                  maxReplicas: 10
                  metrics:
                  - type: Resource
                    resource: {name: memory, target: {type: AverageValue, averageValue: 1Mi}}
                """);
        cluster.reconcile();
        advance(15);

        // http-echo uses 2Mi: ceil(4 × 2Mi / 1Mi) = 8
        ObjectNode hpa = get(HPAS + "/my-app");
        assertThat(hpa.at("/status/currentMetrics/0/resource/current/averageValue").asText()).isEqualTo("2097152");
        assertThat(replicas()).isEqualTo(8);
    }

}
