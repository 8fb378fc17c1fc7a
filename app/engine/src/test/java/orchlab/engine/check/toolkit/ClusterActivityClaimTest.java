package orchlab.engine.check.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Pending claim that the persistent volume controller says it cannot bind — no storage class and no volume, or
 * waiting for a first consumer that no Pod is — stays Pending until the learner changes something: a check waiting
 * on it is told at once. A claim being provisioned, or whose first Pod is there, is still converging.
 */
class ClusterActivityClaimTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode CLAIM = read("{\"metadata\": {\"name\": \"data\", \"uid\": \"c-1\"}, \"status\": {\"phase\": \"Pending\"}}");

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode event(String reason, String message, String last) {
        return read("""
                {"reason": "%s", "message": "%s", "lastTimestamp": "%s",
                 "involvedObject": {"kind": "PersistentVolumeClaim", "name": "data", "uid": "c-1"}}
                """.formatted(reason, message, last));
    }

    private static JsonNode podMounting(String claim) {
        return read("{\"metadata\": {\"name\": \"postgres-0\"}, \"spec\": {\"volumes\": [{\"name\": \"d\", "
                + "\"persistentVolumeClaim\": {\"claimName\": \"" + claim + "\"}}]}, \"status\": {\"phase\": \"Pending\"}}");
    }

    @Test
    void aClaimWithoutStorageClassAndWithoutVolumeIsStuckWithTheControllersWords() {
        assertThat(ClusterActivity.claimUnbindable(CLAIM, List.of(), List.of(event("FailedBinding",
                "no persistent volumes available for this claim and no storage class is set", "2026-12-04T10:00:05Z"))))
                .contains("PersistentVolumeClaim data: Pending — FailedBinding: no persistent volumes available for this claim"
                        + " and no storage class is set");
    }

    @Test
    void aClaimWaitingForAFirstConsumerIsStuckOnlyWhileNoPodMountsIt() {
        List<JsonNode> events = List.of(event("WaitForFirstConsumer", "waiting for first consumer to be created before binding",
                "2026-12-04T10:00:05Z"));

        assertThat(ClusterActivity.claimUnbindable(CLAIM, List.of(podMounting("other")), events))
                .contains("PersistentVolumeClaim data: Pending — WaitForFirstConsumer: waiting for first consumer to be created"
                        + " before binding (no Pod in the namespace mounts it)");
        assertThat(ClusterActivity.claimUnbindable(CLAIM, List.of(podMounting("data")), events)).isEmpty();
    }

    @Test
    void aClaimBeingProvisionedOrWithoutEventsYetIsNotStuck() {
        assertThat(ClusterActivity.claimUnbindable(CLAIM, List.of(), List.of())).isEmpty();
        assertThat(ClusterActivity.claimUnbindable(CLAIM, List.of(), List.of(
                event("WaitForFirstConsumer", "waiting for first consumer to be created before binding", "2026-12-04T10:00:05Z"),
                event("ExternalProvisioning", "Waiting for a volume to be created by the external provisioner", "2026-12-04T10:00:09Z"))))
                .as("the latest event counts").isEmpty();
    }

    @Test
    void eventsOfAnEarlierClaimOfTheSameNameDoNotCount() {
        JsonNode earlier = event("FailedBinding", "no persistent volumes available for this claim and no storage class is set",
                "2026-12-04T10:00:05Z");
        ((com.fasterxml.jackson.databind.node.ObjectNode) earlier.path("involvedObject")).put("uid", "c-0");

        assertThat(ClusterActivity.claimUnbindable(CLAIM, List.of(), List.of(earlier))).isEmpty();
    }
}
