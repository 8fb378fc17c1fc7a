package orchlab.engine.check.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When an autoscaler's ScalingActive condition may still change, so a check on it keeps waiting. */
class ClusterActivityAutoscalerTest {

    private static JsonNode hpa(String status) throws Exception {
        return new ObjectMapper().readTree("{\"metadata\": {\"name\": \"web\", \"generation\": 1}, \"status\": " + status + "}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                                                                                        | has not been processed by its controller yet",
            "{\"observedGeneration\": 1, \"conditions\": [{\"type\": \"AbleToScale\", \"status\": \"True\"}]} | has not read its metrics yet",
            "{\"observedGeneration\": 1, \"conditions\": [{\"type\": \"ScalingActive\", \"status\": \"False\", \"message\": \"the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API\"}]} | waiting for the first metrics of its Pods",
            "{\"observedGeneration\": 1, \"conditions\": [{\"type\": \"ScalingActive\", \"status\": \"False\", \"message\": \"failed to get cpu utilization: did not receive metrics for any ready pods\"}]} | waiting for the first metrics of its Pods"})
    void anAutoscalerWithoutItsFirstMetricsIsStillConverging(String status, String why) throws Exception {
        assertThat(ClusterActivity.autoscalerWaiting(hpa(status))).hasValueSatisfying(w -> assertThat(w).contains(why));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"observedGeneration\": 1, \"conditions\": [{\"type\": \"ScalingActive\", \"status\": \"True\", \"reason\": \"ValidMetricFound\"}]}",
            "{\"observedGeneration\": 1, \"conditions\": [{\"type\": \"ScalingActive\", \"status\": \"False\", \"message\": \"failed to get cpu utilization: missing request for cpu in container app of Pod web-1\"}]}",
            "{\"observedGeneration\": 1, \"conditions\": [{\"type\": \"ScalingActive\", \"status\": \"False\", \"message\": \"unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)\"}]}",
            "{\"observedGeneration\": 1, \"conditions\": [{\"type\": \"AbleToScale\", \"status\": \"False\", \"reason\": \"FailedGetScale\"}]}"})
    void anAutoscalerWhoseConditionCannotChangeByWaitingIsSettled(String status) throws Exception {
        assertThat(ClusterActivity.autoscalerWaiting(hpa(status))).isEmpty();
    }
}
