package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import orchlab.sim.KubectlRunner.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl's rollout commands (status, history, undo) on a StatefulSet in the sim. */
class KubectlStatefulSetIT {

    @TempDir
    static Path dir;
    private static KubectlRunner runner;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(KubectlRunner.kubectlPath().isPresent(), "kubectl is not on PATH: skipping the kubectl tests against the sim");
        runner = KubectlRunner.startSim(dir);
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    private static Result kubectl(String... args) throws Exception {
        return runner.run(null, args);
    }

    private static void deploy(String namespace, String image) throws Exception {
        Result ns = runner.run("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + namespace + "\n", "apply", "-f", "-");
        assertThat(ns.exit()).as(ns.err()).isZero();
        Result apply = runner.run("""
                apiVersion: v1
                kind: Service
                metadata: {name: db, namespace: %1$s}
                spec:
                  clusterIP: None
                  selector: {app: db}
                  ports: [{port: 80}]
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db, namespace: %1$s}
                spec:
                  serviceName: db
                  replicas: 3
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      containers:
                      - name: db
                        image: %2$s
                        volumeMounts: [{name: data, mountPath: /data}]
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """.formatted(namespace, image), "apply", "-f", "-");
        assertThat(apply.exit()).as(apply.err()).isZero();
    }

    @Test
    void rolloutStatusWaitsForEveryOrdinalAndNamesTheClaimsPerPod() throws Exception {
        deploy("sts-status", "nginx:1.25");
        Result status = kubectl("-n", "sts-status", "rollout", "status", "statefulset/db", "--timeout=60s");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("partitioned roll out complete: 3 new pods have been updated...");

        Result claims = kubectl("-n", "sts-status", "get", "pvc", "-o", "jsonpath={.items[*].metadata.name}");
        assertThat(claims.out().split(" ")).containsExactlyInAnyOrder("data-db-0", "data-db-1", "data-db-2");
        Result table = kubectl("-n", "sts-status", "get", "statefulset", "db");
        assertThat(table.out()).contains("READY", "3/3");
    }

    @Test
    void rolloutHistoryListsTheRevisionsAndUndoGoesBackToTheEarlierTemplate() throws Exception {
        deploy("sts-undo", "nginx:1.25");
        assertThat(kubectl("-n", "sts-undo", "rollout", "status", "statefulset/db", "--timeout=60s").exit()).isZero();
        Result set = kubectl("-n", "sts-undo", "set", "image", "statefulset/db", "db=nginx:1.26");
        assertThat(set.exit()).as(set.err()).isZero();
        Result status = kubectl("-n", "sts-undo", "rollout", "status", "statefulset/db", "--timeout=60s");
        assertThat(status.exit()).as(status.err()).isZero();

        Result history = kubectl("-n", "sts-undo", "rollout", "history", "statefulset/db");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.out()).contains("REVISION").containsPattern("(?m)^1 ").containsPattern("(?m)^2 ");
        Result first = kubectl("-n", "sts-undo", "rollout", "history", "statefulset/db", "--revision=1");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("nginx:1.25");

        Result undo = kubectl("-n", "sts-undo", "rollout", "undo", "statefulset/db");
        assertThat(undo.exit()).as(undo.err()).isZero();
        assertThat(undo.out()).contains("statefulset.apps/db rolled back");
        assertThat(kubectl("-n", "sts-undo", "rollout", "status", "statefulset/db", "--timeout=60s").exit()).isZero();
        Result images = kubectl("-n", "sts-undo", "get", "pods", "-o", "jsonpath={.items[*].spec.containers[0].image}");
        assertThat(images.out().split(" ")).containsOnly("nginx:1.25").hasSize(3);
        Result after = kubectl("-n", "sts-undo", "rollout", "history", "statefulset/db");
        assertThat(after.out()).containsPattern("(?m)^2 ").containsPattern("(?m)^3 ").doesNotContainPattern("(?m)^1 ");
    }
}
