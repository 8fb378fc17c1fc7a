package orchlab.engine.check.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A workload whose controller cannot create Pods (ReplicaFailure, e.g. refused by Pod Security) retries the same refusal
 * until the learner changes something: a check waiting on it is judged at once instead of after its timeout.
 */
class ClusterActivityReplicaFailureTest {

    private static final String REFUSED = "{\"type\": \"ReplicaFailure\", \"status\": \"True\", \"reason\": \"FailedCreate\", "
            + "\"message\": \"pods \\\"api-1\\\" is forbidden: violates PodSecurity \\\"restricted:latest\\\": runAsNonRoot != true\"}";

    private static JsonNode workload(String owners, String conditions) throws Exception {
        return new ObjectMapper().readTree("{\"metadata\": {\"name\": \"api\", \"generation\": 1" + owners + "}, "
                + "\"spec\": {\"replicas\": 2}, \"status\": {\"observedGeneration\": 1, \"replicas\": 0, "
                + "\"conditions\": [" + conditions + "]}}");
    }

    @Test
    void aDeploymentWhosePodsAreRefusedIsStuckWithTheRefusalInWords() throws Exception {
        assertThat(ClusterActivity.replicated("Deployment", workload("", REFUSED), List.of()))
                .startsWith("!Deployment api cannot create its Pods (FailedCreate: pods \"api-1\" is forbidden: violates PodSecurity");
    }

    @Test
    void aReplicaSetOfItsOwnIsStuckButOneOwnedByADeploymentLeavesTheVerdictToTheDeployment() throws Exception {
        assertThat(ClusterActivity.replicated("ReplicaSet", workload("", REFUSED), List.of())).startsWith("!ReplicaSet api cannot create");
        String owned = ", \"ownerReferences\": [{\"kind\": \"Deployment\", \"name\": \"api\", \"controller\": true}]";
        assertThat(ClusterActivity.replicated("ReplicaSet", workload(owned, REFUSED), List.of()))
                .as("not also 'creating Pods', which would keep the namespace converging").isEmpty();
    }

    @Test
    void aDeploymentWithoutTheFailureIsStillRollingOut() throws Exception {
        assertThat(ClusterActivity.replicated("Deployment", workload("",
                "{\"type\": \"ReplicaFailure\", \"status\": \"False\"}"), List.of())).isEqualTo("Deployment api is rolling out");
    }
}
