package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import orchlab.sim.KubectlRunner.Result;
import orchlab.sim.controller.SimContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the sim's policies (issue 13, item 5): {@code drain} cordons the node, evicts through the
 * eviction subresource, is refused while a PodDisruptionBudget would be violated (and says so, retrying), and drains
 * once the budget allows it; Pod Security labels refuse and warn in kubectl's usual words. A sim per test: a drain
 * empties the only node.
 */
class KubectlPolicyIT {

    private static final String NODE = SimContext.NODE_NAME;

    @TempDir
    Path dir;

    @Test
    void drainCordonsRetriesWhileABudgetRefusesAndDrainsWhenItAllows() throws Exception {
        assumeTrue(KubectlRunner.kubectlPath().isPresent(), "kubectl is not on PATH: skipping kubectl drain against the sim");
        try (KubectlRunner k = KubectlRunner.startSim(dir)) {
            Result applied = k.run("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web, namespace: default}
                    spec:
                      replicas: 2
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: app, image: "nginx:1.27"}]}
                    ---
                    apiVersion: apps/v1
                    kind: DaemonSet
                    metadata: {name: agent, namespace: default}
                    spec:
                      selector: {matchLabels: {app: agent}}
                      template:
                        metadata: {labels: {app: agent}}
                        spec: {containers: [{name: agent, image: "busybox:1.36", command: [sleep, "3600"]}]}
                    ---
                    apiVersion: policy/v1
                    kind: PodDisruptionBudget
                    metadata: {name: web, namespace: default}
                    spec: {minAvailable: 2, selector: {matchLabels: {app: web}}}
                    """, "apply", "-f", "-");
            assertThat(applied.exit()).as(applied.err()).isZero();
            Result healthy = k.run(null, "wait", "pdb/web", "--for=jsonpath={.status.currentHealthy}=2", "--timeout=60s");
            assertThat(healthy.exit()).as(healthy.err()).isZero();
            Result pdb = k.run(null, "get", "pdb", "web", "--no-headers");
            assertThat(pdb.out().trim().split("\\s+")).startsWith("web", "2", "N/A", "0");

            Result refused = k.run(null, "drain", NODE, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=3s");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.out()).contains("node/" + NODE + " cordoned");
            assertThat(refused.err()).containsPattern("error when evicting pods/\"web-[a-z0-9-]+\" -n \"default\" "
                    + "\\(will retry after 5s\\): Cannot evict pod as it would violate the pod's disruption budget\\.");
            assertThat(refused.err()).contains("Warning: ignoring DaemonSet-managed Pods: default/agent-");
            assertThat(k.run(null, "get", "node", NODE, "--no-headers").out()).contains("Ready,SchedulingDisabled");
            assertThat(k.run(null, "get", "pods", "-l", "app=web", "--no-headers").out().lines().count()).isEqualTo(2);

            assertThat(k.run(null, "delete", "pdb", "web").exit()).isZero();
            Result drained = k.run(null, "drain", NODE, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=30s");
            assertThat(drained.exit()).as(drained.err()).isZero();
            assertThat(drained.out()).containsPattern("pod/web-[a-z0-9-]+ evicted").contains("node/" + NODE + " drained");
            Result pending = k.run(null, "get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.phase}");
            assertThat(pending.out().split(" ")).as("the replacements cannot be scheduled on the cordoned node")
                    .containsOnly("Pending");
        }
    }

    @Test
    void podSecurityLabelsRefuseAndWarnAsKubectlShowsThem() throws Exception {
        assumeTrue(KubectlRunner.kubectlPath().isPresent(), "kubectl is not on PATH: skipping Pod Security against the sim");
        try (KubectlRunner k = KubectlRunner.startSim(dir)) {
            assertThat(k.run(null, "create", "namespace", "locked").exit()).isZero();
            k.run(null, "run", "early", "-n", "locked", "--image=nginx:1.27");
            Result labelled = k.run(null, "label", "namespace", "locked", "pod-security.kubernetes.io/enforce=restricted");
            assertThat(labelled.exit()).as(labelled.err()).isZero();
            assertThat(labelled.err()).contains("Warning: existing pods in namespace \"locked\" violate the new PodSecurity "
                    + "enforce level \"restricted:latest\"", "Warning: early: allowPrivilegeEscalation != false");

            Result refused = k.run(null, "run", "web", "-n", "locked", "--image=nginx:1.27");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains("Error from server (Forbidden): pods \"web\" is forbidden: violates PodSecurity "
                    + "\"restricted:latest\": allowPrivilegeEscalation != false (container \"web\" must set "
                    + "securityContext.allowPrivilegeEscalation=false)");

            Result warned = k.run(null, "create", "deployment", "shop", "-n", "locked", "--image=nginx:1.27");
            assertThat(warned.exit()).as(warned.err()).isZero();
            assertThat(warned.err()).contains("Warning: would violate PodSecurity \"restricted:latest\": "
                    + "allowPrivilegeEscalation != false (container \"nginx\" must set securityContext.allowPrivilegeEscalation=false)");
        }
    }
}
