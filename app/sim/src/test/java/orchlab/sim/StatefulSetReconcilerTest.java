package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import orchlab.sim.api.ApiResponse;
import orchlab.sim.api.Json;
import orchlab.sim.controller.SimContext;
import org.junit.jupiter.api.Test;

/**
 * The StatefulSet controller against kubernetes/kubernetes pkg/controller/statefulset: identities, claims, pod
 * management policies, revisions, updates, status and events. Pods become Ready one second after they are created, so
 * the clock decides when an OrderedReady set may go on.
 */
class StatefulSetReconcilerTest extends ManualSimTestBase {

    private static final String STS = "/apis/apps/v1/namespaces/default/statefulsets";

    @Override
    protected SimSettings settings() {
        return SimSettings.instant().withPodStartDelay(Duration.ofSeconds(1));
    }

    private static String db(int replicas, String extraSpec, String image) {
        return """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  serviceName: db
                  replicas: %d
                  selector: {matchLabels: {app: db}}
                %s
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      containers:
                      - name: db
                        image: %s
                        volumeMounts: [{name: data, mountPath: /var/lib/data}]
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """.formatted(replicas, extraSpec, image);
    }

    private void create(String yaml) {
        ApiResponse created = apply(cluster, STS, yaml);
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
        cluster.reconcile();
    }

    private void patch(String json) {
        ApiResponse patched = send(cluster, "PATCH", STS + "/db", "application/merge-patch+json", json);
        assertThat(patched.code()).as(patched.bodyText()).isEqualTo(200);
        cluster.reconcile();
    }

    private List<String> podNames() {
        return pods("default").stream().map(Json::name).sorted().toList();
    }

    private List<String> claimNames() {
        SimContext ctx = cluster.context();
        return ctx.list(ctx.pvcs, "default", p -> true).stream().map(Json::name).sorted().toList();
    }

    private JsonNode status() {
        return get(STS + "/db").path("status");
    }

    private String podRevision(String pod) {
        return get("/api/v1/namespaces/default/pods/" + pod).path("metadata").path("labels").path("controller-revision-hash").asText();
    }

    private List<ObjectNode> revisions() {
        SimContext ctx = cluster.context();
        return ctx.list(ctx.controllerRevisions, "default", r -> true).stream()
                .sorted(Comparator.comparingLong(r -> r.path("revision").asLong())).toList();
    }

    /** Moves the clock until nothing is left to do (each Pod takes a second to become Ready). */
    private void settle() {
        for (int i = 0; i < 12; i++) {
            advance(1);
        }
    }

    @Test
    void orderedReadyCreatesEachOrdinalsClaimThenItsPodAndWaitsForItToBeReady() {
        create(db(3, "", "nginx:1.27"));
        assertThat(podNames()).containsExactly("db-0");
        assertThat(claimNames()).containsExactly("data-db-0");

        advance(1);
        assertThat(podNames()).containsExactly("db-0", "db-1");
        advance(1);
        assertThat(podNames()).containsExactly("db-0", "db-1", "db-2");
        assertThat(claimNames()).containsExactly("data-db-0", "data-db-1", "data-db-2");
        assertThat(eventMessages("SuccessfulCreate")).containsSubsequence(
                "create Claim data-db-0 Pod db-0 in StatefulSet db success", "create Pod db-0 in StatefulSet db successful",
                "create Claim data-db-1 Pod db-1 in StatefulSet db success", "create Pod db-1 in StatefulSet db successful");
    }

    @Test
    void eachPodHasAStableIdentityAndMountsItsOwnClaim() {
        create(db(2, "", "nginx:1.27"));
        settle();
        ObjectNode pod = get("/api/v1/namespaces/default/pods/db-1");
        assertThat(pod.path("spec").path("hostname").asText()).isEqualTo("db-1");
        assertThat(pod.path("spec").path("subdomain").asText()).isEqualTo("db");
        assertThat(pod.path("metadata").path("labels").path("statefulset.kubernetes.io/pod-name").asText()).isEqualTo("db-1");
        assertThat(pod.path("metadata").path("labels").path("apps.kubernetes.io/pod-index").asText()).isEqualTo("1");
        assertThat(pod.path("spec").path("volumes").toString()).contains("{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"data-db-1\"}}");
        ObjectNode claim = get("/api/v1/namespaces/default/persistentvolumeclaims/data-db-1");
        assertThat(claim.path("metadata").path("labels").path("app").asText()).isEqualTo("db");
        assertThat(claim.path("spec").path("resources").path("requests").path("storage").asText()).isEqualTo("1Gi");
    }

    @Test
    void parallelCreatesEveryPodWithoutWaiting() {
        create(db(3, "  podManagementPolicy: Parallel", "nginx:1.27"));
        assertThat(podNames()).containsExactly("db-0", "db-1", "db-2");
    }

    @Test
    void ordinalsStartNumbersThePodsAndClaimsFromThatOrdinal() {
        create(db(2, "  podManagementPolicy: Parallel\n  ordinals: {start: 5}", "nginx:1.27"));
        assertThat(podNames()).containsExactly("db-5", "db-6");
        assertThat(claimNames()).containsExactly("data-db-5", "data-db-6");
    }

    @Test
    void scaleDownRemovesTheHighestOrdinalFirstAndKeepsItsClaimForWhenTheOrdinalReturns() {
        create(db(3, "", "nginx:1.27"));
        settle();
        String claimUid = Json.uid(get("/api/v1/namespaces/default/persistentvolumeclaims/data-db-2"));

        patch("{\"spec\":{\"replicas\":1}}");
        assertThat(podNames()).doesNotContain("db-2");
        settle();
        assertThat(podNames()).containsExactly("db-0");
        assertThat(eventMessages("SuccessfulDelete")).containsExactly("delete Pod db-2 in StatefulSet db successful",
                "delete Pod db-1 in StatefulSet db successful");
        assertThat(claimNames()).containsExactly("data-db-0", "data-db-1", "data-db-2");

        patch("{\"spec\":{\"replicas\":3}}");
        settle();
        assertThat(podNames()).containsExactly("db-0", "db-1", "db-2");
        assertThat(Json.uid(get("/api/v1/namespaces/default/persistentvolumeclaims/data-db-2"))).isEqualTo(claimUid);
    }

    @Test
    void whenScaledDeleteRemovesTheClaimsOfTheRemovedOrdinalsOnly() {
        create(db(3, "  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}", "nginx:1.27"));
        settle();
        patch("{\"spec\":{\"replicas\":1}}");
        settle();
        assertThat(podNames()).containsExactly("db-0");
        assertThat(claimNames()).containsExactly("data-db-0");
    }

    @Test
    void whenDeletedDeleteRemovesTheClaimsWithTheSetAndRetainKeepsThem() {
        create(db(2, "  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete}", "nginx:1.27"));
        settle();
        send(cluster, "DELETE", STS + "/db", "application/json", "");
        settle();
        assertThat(claimNames()).isEmpty();

        create(db(1, "", "nginx:1.27"));
        settle();
        send(cluster, "DELETE", STS + "/db", "application/json", "");
        settle();
        assertThat(claimNames()).containsExactly("data-db-0");
    }

    @Test
    void statusCountsEveryFieldOnceTheSetIsReady() {
        create(db(3, "", "nginx:1.27"));
        JsonNode starting = status();
        assertThat(starting.path("replicas").asInt()).isEqualTo(1);
        assertThat(starting.has("readyReplicas")).isFalse();
        settle();
        JsonNode status = status();
        String revision = revisions().get(0).path("metadata").path("name").asText();
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
        assertThat(status.path("replicas").asInt()).isEqualTo(3);
        assertThat(status.path("readyReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("availableReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("currentReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("updatedReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("currentRevision").asText()).isEqualTo(revision).startsWith("db-");
        assertThat(status.path("updateRevision").asText()).isEqualTo(revision);
        assertThat(status.path("collisionCount").asInt()).isZero();
    }

    @Test
    void aTemplateChangeRecordsARevisionAndRollsFromTheHighestOrdinalOneReadyPodAtATime() {
        create(db(3, "", "nginx:1.27"));
        settle();
        String first = status().path("currentRevision").asText();

        patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"db\",\"image\":\"nginx:1.26\"}]}}}}");
        List<ObjectNode> revisions = revisions();
        assertThat(revisions).hasSize(2);
        String second = Json.name(revisions.get(1));
        assertThat(revisions.get(1).path("revision").asLong()).isEqualTo(2);
        assertThat(revisions.get(1).path("data").path("spec").path("template").path("$patch").asText()).isEqualTo("replace");
        assertThat(status().path("updateRevision").asText()).isEqualTo(second);
        assertThat(status().path("currentRevision").asText()).isEqualTo(first);
        assertThat(podRevision("db-2")).isEqualTo(second);
        assertThat(podRevision("db-1")).isEqualTo(first);

        advance(1);
        assertThat(podRevision("db-1")).isEqualTo(second);
        assertThat(podRevision("db-0")).isEqualTo(first);
        settle();
        assertThat(podRevision("db-0")).isEqualTo(second);
        assertThat(status().path("currentRevision").asText()).isEqualTo(second);
        assertThat(status().path("currentReplicas").asInt()).isEqualTo(3);
    }

    @Test
    void aPartitionKeepsTheOrdinalsBelowItAtTheCurrentRevision() {
        create(db(3, "  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}", "nginx:1.27"));
        settle();
        String first = status().path("currentRevision").asText();
        patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"db\",\"image\":\"nginx:1.26\"}]}}}}");
        settle();
        String second = status().path("updateRevision").asText();
        assertThat(podRevision("db-2")).isEqualTo(second);
        assertThat(podRevision("db-1")).isEqualTo(first);
        assertThat(podRevision("db-0")).isEqualTo(first);
        JsonNode status = status();
        assertThat(status.path("currentRevision").asText()).isEqualTo(first);
        assertThat(status.path("currentReplicas").asInt()).isEqualTo(2);
        assertThat(status.path("updatedReplicas").asInt()).isEqualTo(1);

        // a deleted Pod below the partition comes back at the current revision
        send(cluster, "DELETE", "/api/v1/namespaces/default/pods/db-0", "application/json", "");
        settle();
        assertThat(podRevision("db-0")).isEqualTo(first);
    }

    @Test
    void onDeleteUpdatesAPodOnlyWhenItIsDeleted() {
        create(db(2, "  updateStrategy: {type: OnDelete}", "nginx:1.27"));
        settle();
        String first = status().path("currentRevision").asText();
        patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"db\",\"image\":\"nginx:1.26\"}]}}}}");
        settle();
        assertThat(podRevision("db-0")).isEqualTo(first);
        assertThat(podRevision("db-1")).isEqualTo(first);

        send(cluster, "DELETE", "/api/v1/namespaces/default/pods/db-1", "application/json", "");
        settle();
        assertThat(podRevision("db-1")).isEqualTo(status().path("updateRevision").asText()).isNotEqualTo(first);
        assertThat(podRevision("db-0")).isEqualTo(first);
    }

    @Test
    void goingBackToAnEarlierTemplateReusesItsRevisionWithTheNextNumber() {
        create(db(1, "", "nginx:1.27"));
        settle();
        String first = status().path("currentRevision").asText();
        patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"db\",\"image\":\"nginx:1.26\"}]}}}}");
        settle();
        ObjectNode undo = Json.object();
        undo.set("spec", Json.object().set("template", revisions().get(0).path("data").path("spec").path("template").deepCopy()));
        ApiResponse patched = send(cluster, "PATCH", STS + "/db", "application/strategic-merge-patch+json", Json.write(undo));
        assertThat(patched.code()).as(patched.bodyText()).isEqualTo(200);
        settle();

        List<ObjectNode> revisions = revisions();
        assertThat(revisions).hasSize(2);
        assertThat(Json.name(revisions.get(1))).isEqualTo(first);
        assertThat(revisions.get(1).path("revision").asLong()).isEqualTo(3);
        assertThat(status().path("currentRevision").asText()).isEqualTo(first);
        assertThat(podRevision("db-0")).isEqualTo(first);
    }

    @Test
    void historyKeepsRevisionHistoryLimitRevisionsThatNoPodUses() {
        create(db(1, "  revisionHistoryLimit: 1", "nginx:1.27"));
        for (String image : new String[] {"nginx:1.26", "nginx:1.25", "nginx:1.24"}) {
            settle();
            patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"db\",\"image\":\"" + image + "\"}]}}}}");
        }
        settle();
        assertThat(revisions()).extracting(r -> r.path("revision").asLong()).containsExactly(3L, 4L);
    }

    @Test
    void aFailedPodIsDeletedAndRecreatedUnderItsName() {
        create(db(1, "", "nginx:1.27"));
        settle();
        ObjectNode pod = get("/api/v1/namespaces/default/pods/db-0");
        String uid = Json.uid(pod);
        pod.with("status").put("phase", "Failed");
        SimContext ctx = cluster.context();
        ctx.store.updateStatus(ctx.pods, pod);
        settle();
        assertThat(podNames()).containsExactly("db-0");
        assertThat(Json.uid(get("/api/v1/namespaces/default/pods/db-0"))).isNotEqualTo(uid);
        assertThat(eventMessages("SuccessfulDelete")).containsExactly("delete Pod db-0 in StatefulSet db successful");
    }
}
