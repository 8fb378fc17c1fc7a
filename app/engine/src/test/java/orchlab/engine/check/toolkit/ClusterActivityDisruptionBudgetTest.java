package orchlab.engine.check.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** When a PodDisruptionBudget's status may still change by itself, so a check on it keeps waiting. */
class ClusterActivityDisruptionBudgetTest {

    private static JsonNode budget(String status) throws Exception {
        return new ObjectMapper().readTree("{\"metadata\": {\"name\": \"web\", \"generation\": 2}, \"status\": " + status + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"observedGeneration\": 1, \"expectedPods\": 3, \"desiredHealthy\": 3, \"disruptionsAllowed\": 0}"})
    void aBudgetTheDisruptionControllerHasNotComputedForItsSpecIsStillConverging(String status) throws Exception {
        assertThat(ClusterActivity.budgetWaiting(budget(status)))
                .hasValueSatisfying(w -> assertThat(w).contains("PodDisruptionBudget web has not been processed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"observedGeneration\": 2, \"expectedPods\": 3, \"desiredHealthy\": 2, \"disruptionsAllowed\": 1}",
            "{\"observedGeneration\": 2, \"expectedPods\": 0, \"desiredHealthy\": 0, \"disruptionsAllowed\": 0}",
            "{\"observedGeneration\": 0, \"disruptionsAllowed\": 0, \"conditions\": [{\"type\": \"DisruptionAllowed\", "
                    + "\"status\": \"False\", \"reason\": \"SyncFailed\", \"message\": \"found no controllers for pod \\\"x\\\"\"}]}"})
    void aBudgetComputedForItsSpecOrFailedSafeIsSettled(String status) throws Exception {
        assertThat(ClusterActivity.budgetWaiting(budget(status))).isEmpty();
    }
}
