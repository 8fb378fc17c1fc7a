package orchlab.sim.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import orchlab.sim.api.Json;
import org.junit.jupiter.api.Test;

class HpaConversionTest {

    private static final String V2 = """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: web, namespace: default}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              minReplicas: 2
              maxReplicas: 5
              metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}
              - type: Resource
                resource: {name: memory, target: {type: AverageValue, averageValue: 100Mi}}
              behavior:
                scaleDown: {stabilizationWindowSeconds: 30}
            status:
              currentReplicas: 2
              desiredReplicas: 2
              currentMetrics:
              - type: Resource
                resource: {name: cpu, current: {averageUtilization: 0}}
              conditions:
              - {type: AbleToScale, status: "True", reason: SucceededGetScale}
            """;

    @Test
    void cpuUtilizationIsV1sTargetCpuPercentage() {
        ObjectNode v1 = HpaConversion.convert(Json.parseYamlOrJson(V2), "autoscaling/v1");
        assertThat(v1.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(v1.path("spec").path("targetCPUUtilizationPercentage").asInt()).isEqualTo(60);
        assertThat(v1.path("spec").has("metrics")).isFalse();
        assertThat(v1.path("status").path("currentCPUUtilizationPercentage").asInt()).isZero();
        assertThat(v1.path("metadata").path("annotations").path("autoscaling.alpha.kubernetes.io/conditions").asText())
                .contains("SucceededGetScale");
    }

    @Test
    void whatV1CannotSaySurvivesARoundTripThroughV1() {
        ObjectNode original = Json.parseYamlOrJson(V2);
        ObjectNode back = HpaConversion.convert(HpaConversion.convert(original, "autoscaling/v1"), "autoscaling/v2");
        assertThat(back).isEqualTo(original);
    }
}
