package orchlab.engine.check.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A running Pod whose readiness probe keeps failing does not become ready by waiting: once the kubelet's events show
 * {@code failureThreshold} failures over {@code failureThreshold × periodSeconds} since the container started, the
 * checks waiting on it are told at once; before that, or for a container that is ready, it is still converging.
 */
class ClusterActivityReadinessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STARTED = "2026-12-04T10:00:00Z";
    private static final String REFUSED = "Readiness probe failed: Get \\\"http://10.42.0.7:80/\\\": dial tcp 10.42.0.7:80: connect: connection refused";

    private static JsonNode pod(String containerStatus, String probe) throws Exception {
        return JSON.readTree("""
                {"metadata": {"name": "frontend-7c9", "uid": "u-1"},
                 "spec": {"containers": [{"name": "web", "image": "hashicorp/http-echo:1.0", "readinessProbe": %s},
                                         {"name": "shipper", "image": "busybox:1.36"}]},
                 "status": {"phase": "Running",
                            "conditions": [{"type": "Ready", "status": "False", "reason": "ContainersNotReady"}],
                            "containerStatuses": [%s,
                              {"name": "shipper", "ready": true, "started": true, "state": {"running": {"startedAt": "%s"}}}]}}
                """.formatted(probe, containerStatus, STARTED));
    }

    private static JsonNode pod() throws Exception {
        return pod(running(false), "{\"httpGet\": {\"path\": \"/\", \"port\": 80}, \"periodSeconds\": 5}");
    }

    private static String running(boolean ready) {
        return "{\"name\": \"web\", \"ready\": " + ready + ", \"started\": true, \"restartCount\": 0, "
                + "\"state\": {\"running\": {\"startedAt\": \"" + STARTED + "\"}}}";
    }

    /** A core/v1 event as the kubelet's recorder writes it: aggregated, with count and first/last timestamps. */
    private static JsonNode coreEvent(String fieldPath, int count, String first, String last) throws Exception {
        return JSON.readTree("""
                {"kind": "Event", "reason": "Unhealthy", "type": "Warning", "message": "%s",
                 "involvedObject": {"kind": "Pod", "name": "frontend-7c9", "uid": "u-1", "fieldPath": "%s"},
                 "count": %d, "firstTimestamp": "%s", "lastTimestamp": "%s"}
                """.formatted(REFUSED, fieldPath, count, first, last));
    }

    private static ClusterActivity.PodState state(JsonNode pod, JsonNode... events) {
        return ClusterActivity.podState(pod, List.of(events));
    }

    @Test
    void aReadinessProbeFailingOverFailureThresholdPeriodsIsStuckWithTheKubeletsMessageAndHowOften() throws Exception {
        ClusterActivity.PodState state = state(pod(), coreEvent("spec.containers{web}", 4, STARTED, "2026-12-04T10:00:15Z"));

        assertThat(state.kind()).isEqualTo(ClusterActivity.Kind.STUCK);
        assertThat(state.detail()).startsWith("not Ready: Readiness probe failed: Get \"http://10.42.0.7:80/\": dial tcp 10.42.0.7:80:"
                + " connect: connection refused (container web, 4 times since 2026-12-04T10:00:00Z)");
    }

    @Test
    void aProbeStillWithinItsFailureThresholdOrPeriodsIsConverging() throws Exception {
        assertThat(state(pod(), coreEvent("spec.containers{web}", 2, STARTED, "2026-12-04T10:00:05Z")).kind())
                .as("2 failures of 3").isEqualTo(ClusterActivity.Kind.CONVERGING);
        assertThat(state(pod(), coreEvent("spec.containers{web}", 3, STARTED, "2026-12-04T10:00:10Z")).kind())
                .as("3 failures, but over 10 s of the 15 s asked").isEqualTo(ClusterActivity.Kind.CONVERGING);
        assertThat(state(pod(), coreEvent("spec.containers{web}", 4, STARTED, "2026-12-04T10:00:14Z")).kind())
                .as("whole seconds: 14 s counts as 15 s").isEqualTo(ClusterActivity.Kind.STUCK);
    }

    @Test
    void aPodWithinItsInitialDelayWithoutFailuresYetIsConverging() throws Exception {
        JsonNode pod = pod(running(false), "{\"tcpSocket\": {\"port\": 80}, \"initialDelaySeconds\": 30}");

        assertThat(state(pod).kind()).isEqualTo(ClusterActivity.Kind.CONVERGING);
        assertThat(state(pod).detail()).isEqualTo("running but not ready yet");
    }

    @Test
    void theDefaultPeriodOfTenSecondsAndAnExplicitFailureThresholdAreHonoured() throws Exception {
        JsonNode pod = pod(running(false), "{\"tcpSocket\": {\"port\": 80}, \"failureThreshold\": 6}");

        assertThat(state(pod, coreEvent("spec.containers{web}", 6, STARTED, "2026-12-04T10:00:50Z")).kind())
                .as("6 failures over 50 s of the 60 s asked").isEqualTo(ClusterActivity.Kind.CONVERGING);
        assertThat(state(pod, coreEvent("spec.containers{web}", 7, STARTED, "2026-12-04T10:01:00Z")).kind())
                .isEqualTo(ClusterActivity.Kind.STUCK);
    }

    @Test
    void aContainerWhoseProbeJustStartedPassingIsNotStuck() throws Exception {
        JsonNode event = coreEvent("spec.containers{web}", 9, STARTED, "2026-12-04T10:00:40Z");

        assertThat(state(pod(running(true), "{\"httpGet\": {\"port\": 80}, \"periodSeconds\": 5}"), event).kind())
                .as("the container is ready; the Pod's condition follows").isEqualTo(ClusterActivity.Kind.CONVERGING);
        JsonNode ready = pod(running(true), "{\"httpGet\": {\"port\": 80}, \"periodSeconds\": 5}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) ready.path("status").path("conditions").get(0)).put("status", "True");
        assertThat(state(ready, event).kind()).isEqualTo(ClusterActivity.Kind.SETTLED);
    }

    @Test
    void failuresRecordedBeforeTheContainerLastStartedProveNothing() throws Exception {
        JsonNode event = coreEvent("spec.containers{web}", 12, "2026-12-04T09:58:00Z", "2026-12-04T10:00:30Z");

        assertThat(state(pod(), event).kind()).isEqualTo(ClusterActivity.Kind.CONVERGING);
    }

    @Test
    void aContainerWhoseStartupProbeHasNotPassedIsConverging() throws Exception {
        String starting = running(false).replace("\"started\": true", "\"started\": false");
        JsonNode pod = pod(starting, "{\"httpGet\": {\"port\": 80}, \"periodSeconds\": 5}");

        assertThat(state(pod, coreEvent("spec.containers{web}", 4, STARTED, "2026-12-04T10:00:15Z")).kind())
                .isEqualTo(ClusterActivity.Kind.CONVERGING);
    }

    @Test
    void eventsOfAnotherContainerOrAnotherPodOfTheSameNameDoNotCount() throws Exception {
        assertThat(state(pod(), coreEvent("spec.containers{shipper}", 4, STARTED, "2026-12-04T10:00:15Z")).kind())
                .isEqualTo(ClusterActivity.Kind.CONVERGING);
        JsonNode earlierPod = coreEvent("spec.containers{web}", 4, STARTED, "2026-12-04T10:00:15Z");
        ((com.fasterxml.jackson.databind.node.ObjectNode) earlierPod.path("involvedObject")).put("uid", "u-0");
        assertThat(state(pod(), earlierPod).kind()).isEqualTo(ClusterActivity.Kind.CONVERGING);
    }

    @Test
    void repeatsWrittenAsAnEventsK8sIoSeriesCountTheSame() throws Exception {
        JsonNode series = JSON.readTree("""
                {"kind": "Event", "reason": "Unhealthy", "type": "Warning", "message": "%s",
                 "involvedObject": {"kind": "Pod", "name": "frontend-7c9", "uid": "u-1", "fieldPath": "spec.containers{web}"},
                 "eventTime": "2026-12-04T10:00:00.120000Z",
                 "series": {"count": 4, "lastObservedTime": "2026-12-04T10:00:15.130000Z"}}
                """.formatted(REFUSED));
        assertThat(state(pod(), series).kind()).isEqualTo(ClusterActivity.Kind.STUCK);

        JsonNode eventsApi = JSON.readTree("""
                {"apiVersion": "events.k8s.io/v1", "kind": "Event", "reason": "Unhealthy", "type": "Warning", "note": "%s",
                 "regarding": {"kind": "Pod", "name": "frontend-7c9", "uid": "u-1", "fieldPath": "spec.containers{web}"},
                 "eventTime": "2026-12-04T10:00:00.120000Z",
                 "series": {"count": 2, "lastObservedTime": "2026-12-04T10:00:05.130000Z"}}
                """.formatted(REFUSED));
        assertThat(state(pod(), eventsApi).kind()).as("2 of 3").isEqualTo(ClusterActivity.Kind.CONVERGING);
    }

    @Test
    void severalMessagesOfTheSameContainerAddUpEvenCombinedByTheEventAggregator() throws Exception {
        JsonNode refused = coreEvent("spec.containers{web}", 2, STARTED, "2026-12-04T10:00:05Z");
        JsonNode timedOut = coreEvent("spec.containers{web}", 2, "2026-12-04T10:00:10Z", "2026-12-04T10:00:15Z");
        ((com.fasterxml.jackson.databind.node.ObjectNode) timedOut).put("message",
                "Readiness probe failed: Get \"http://10.42.0.7:80/\": context deadline exceeded");

        ((com.fasterxml.jackson.databind.node.ObjectNode) refused).put("message",
                "(combined from similar events): " + refused.path("message").asText());

        ClusterActivity.PodState state = state(pod(), refused, timedOut);
        assertThat(state.kind()).isEqualTo(ClusterActivity.Kind.STUCK);
        assertThat(state.detail()).contains("context deadline exceeded (container web, 4 times since 2026-12-04T10:00:00Z)");
    }
}
