package orchlab.engine.check.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.sandbox.KubeReads;
import org.junit.jupiter.api.Test;

/**
 * A StatefulSet is done exactly when {@code kubectl rollout status} would say so, and stuck when its controller's
 * latest FailedCreate event is newer than its latest SuccessfulCreate.
 */
class ClusterActivityStatefulSetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode sts(long generation, String spec, String status) throws Exception {
        return JSON.readTree("{\"metadata\": {\"name\": \"db\", \"uid\": \"u1\", \"generation\": " + generation + "}, "
                + "\"spec\": {\"replicas\": 3, \"selector\": {\"matchLabels\": {\"app\": \"db\"}}" + spec + "}, "
                + "\"status\": {" + status + "}}");
    }

    private static JsonNode event(String reason, String time, String version, String name, String uid) throws Exception {
        return JSON.readTree("{\"metadata\": {\"name\": \"e" + version + "\", \"resourceVersion\": \"" + version + "\"}, "
                + "\"involvedObject\": {\"kind\": \"StatefulSet\", \"name\": \"" + name + "\", \"uid\": \"" + uid + "\"}, "
                + "\"reason\": \"" + reason + "\", \"lastTimestamp\": \"" + time + "\", \"message\": \"" + reason + " " + version + "\"}");
    }

    private static final String ROLLING = ", \"updateStrategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"partition\": 0}}";

    @Test
    void aSetItsControllerHasNotObservedWaitsForTheSpecUpdateToBeObserved() throws Exception {
        assertThat(ClusterActivity.statefulSetRollout(sts(2, ROLLING, "\"observedGeneration\": 1, \"readyReplicas\": 3, "
                + "\"updatedReplicas\": 3"))).contains("StatefulSet db: Waiting for statefulset spec update to be observed...");
        assertThat(ClusterActivity.statefulSetRollout(sts(1, ROLLING, ""))).isPresent();
    }

    @Test
    void aSetWithFewerReadyPodsThanReplicasWaitsForThemInKubectlsWords() throws Exception {
        assertThat(ClusterActivity.statefulSetRollout(sts(1, ROLLING, "\"observedGeneration\": 1, \"readyReplicas\": 1")))
                .contains("StatefulSet db: Waiting for 2 pods to be ready...");
    }

    @Test
    void aSetWhosePodsFromThePartitionUpAreUpdatedIsDoneThoughThoseBelowAreNot() throws Exception {
        String partitioned = ", \"updateStrategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"partition\": 2}}";
        assertThat(ClusterActivity.statefulSetRollout(sts(2, partitioned, "\"observedGeneration\": 2, \"readyReplicas\": 3, "
                + "\"updatedReplicas\": 1, \"currentRevision\": \"db-a\", \"updateRevision\": \"db-b\""))).isEmpty();
        assertThat(ClusterActivity.statefulSetRollout(sts(2, partitioned, "\"observedGeneration\": 2, \"readyReplicas\": 3, "
                + "\"currentRevision\": \"db-a\", \"updateRevision\": \"db-b\"")))
                .contains("StatefulSet db: Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...");
    }

    @Test
    void aRollingUpdateInProgressIsNotDoneWhileAllPodsAreReady() throws Exception {
        assertThat(ClusterActivity.statefulSetRollout(sts(2, ROLLING, "\"observedGeneration\": 2, \"readyReplicas\": 3, "
                + "\"updatedReplicas\": 2, \"currentRevision\": \"db-a\", \"updateRevision\": \"db-b\"")))
                .contains("StatefulSet db: Waiting for partitioned roll out to finish: 2 out of 3 new pods have been updated...");
    }

    @Test
    void withoutARollingUpdateSectionTheCurrentRevisionMustHaveReachedTheUpdateRevision() throws Exception {
        String bare = ", \"updateStrategy\": {\"type\": \"RollingUpdate\"}";
        assertThat(ClusterActivity.statefulSetRollout(sts(2, bare, "\"observedGeneration\": 2, \"readyReplicas\": 3, "
                + "\"updatedReplicas\": 3, \"currentRevision\": \"db-a\", \"updateRevision\": \"db-b\"")))
                .contains("StatefulSet db: waiting for statefulset rolling update to complete 3 pods at revision db-b...");
        assertThat(ClusterActivity.statefulSetRollout(sts(2, bare, "\"observedGeneration\": 2, \"readyReplicas\": 3, "
                + "\"updatedReplicas\": 3, \"currentRevision\": \"db-b\", \"updateRevision\": \"db-b\""))).isEmpty();
    }

    @Test
    void anOnDeleteSetWithItsPodsReadyIsDoneThoughTheyAreAtTheOldRevision() throws Exception {
        String onDelete = ", \"updateStrategy\": {\"type\": \"OnDelete\"}";
        assertThat(ClusterActivity.statefulSetRollout(sts(2, onDelete, "\"observedGeneration\": 2, \"readyReplicas\": 3, "
                + "\"currentRevision\": \"db-a\", \"updateRevision\": \"db-b\""))).isEmpty();
    }

    @Test
    void aFailedCreateNewerThanTheLastSuccessfulCreateIsStuckWithTheControllersMessage() throws Exception {
        List<JsonNode> events = List.of(event("SuccessfulCreate", "2026-12-04T10:00:00Z", "10", "db", "u1"),
                event("FailedCreate", "2026-12-04T10:00:05Z", "12", "db", "u1"));
        assertThat(ClusterActivity.statefulSetFailure(sts(1, ROLLING, ""), events))
                .contains("StatefulSet db cannot create its Pods (FailedCreate: FailedCreate 12)");
    }

    @Test
    void aSuccessfulCreateAfterTheLastFailureMeansTheControllerIsGettingOn() throws Exception {
        List<JsonNode> events = List.of(event("FailedCreate", "2026-12-04T10:00:00Z", "10", "db", "u1"),
                event("SuccessfulCreate", "2026-12-04T10:00:07Z", "14", "db", "u1"));
        assertThat(ClusterActivity.statefulSetFailure(sts(1, ROLLING, ""), events)).isEmpty();
    }

    @Test
    void eventsInTheSameSecondAreOrderedByResourceVersion() throws Exception {
        List<JsonNode> events = List.of(event("FailedCreate", "2026-12-04T10:00:00Z", "11", "db", "u1"),
                event("SuccessfulCreate", "2026-12-04T10:00:00Z", "10", "db", "u1"));
        assertThat(ClusterActivity.statefulSetFailure(sts(1, ROLLING, ""), events)).isPresent();
    }

    @Test
    void failuresOfAnotherSetOrOfAnEarlierSetOfTheSameNameDoNotCount() throws Exception {
        List<JsonNode> events = List.of(event("FailedCreate", "2026-12-04T10:00:05Z", "12", "web", "u2"),
                event("FailedCreate", "2026-12-04T10:00:06Z", "13", "db", "u0"));
        assertThat(ClusterActivity.statefulSetFailure(sts(1, ROLLING, ""), events)).isEmpty();
    }

    @Test
    void aNamespaceWithAStuckSetHasSettledAndOneRollingOutIsConverging() throws Exception {
        JsonNode waiting = sts(1, ROLLING, "\"observedGeneration\": 1, \"readyReplicas\": 1");
        FakeReads reads = new FakeReads(List.of(waiting), List.of(event("SuccessfulCreate", "2026-12-04T10:00:00Z", "10", "db", "u1")));
        ClusterActivity rolling = ClusterActivity.of(reads, "default");
        assertThat(rolling.converging()).containsExactly("StatefulSet db: Waiting for 2 pods to be ready...");

        reads = new FakeReads(List.of(waiting), List.of(event("SuccessfulCreate", "2026-12-04T10:00:00Z", "10", "db", "u1"),
                event("FailedCreate", "2026-12-04T10:00:01Z", "11", "db", "u1")));
        ClusterActivity stuck = ClusterActivity.of(reads, "default");
        assertThat(stuck.settled()).isTrue();
        assertThat(stuck.stuck()).containsExactly("StatefulSet db cannot create its Pods (FailedCreate: FailedCreate 11)");
    }

    @Test
    void aCompleteSetLeavesTheNamespaceSettled() throws Exception {
        JsonNode done = sts(1, ROLLING, "\"observedGeneration\": 1, \"replicas\": 3, \"readyReplicas\": 3, \"updatedReplicas\": 3");
        assertThat(ClusterActivity.of(new FakeReads(List.of(done), List.of()), "default").settled()).isTrue();
    }

    /** StatefulSets and Events as given; every other kind empty. */
    private record FakeReads(List<JsonNode> sets, List<JsonNode> events) implements KubeReads {
        @Override
        public Optional<JsonNode> get(String apiVersion, String kind, String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public List<JsonNode> list(String apiVersion, String kind, String namespace, Map<String, String> labels) {
            return switch (kind) {
                case "StatefulSet" -> sets;
                case "Event" -> events;
                default -> List.of();
            };
        }
    }
}
