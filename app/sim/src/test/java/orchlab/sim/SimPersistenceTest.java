package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code persist=true}: the sim's objects come back after a stop, and after a crash. */
class SimPersistenceTest {

    @TempDir
    Path stateDir;
    @TempDir
    Path otherDir;

    private static SandboxOptions persisted(Path dir) {
        return new SandboxOptions(Optional.empty(), Optional.empty(), Optional.empty(), dir,
                Map.of("persist", "true", "podStartDelay", "0"));
    }

    private static KubernetesClient client(Sandbox sandbox) {
        return sandbox.kubernetes().orElseThrow().client();
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 30 s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static boolean fileContains(Path file, String text) {
        try {
            return Files.isRegularFile(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static int readyReplicas(Deployment d) {
        return d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
    }

    @Test
    void objectsComeBackAfterAStopAndStart() throws Exception {
        try (Sandbox sandbox = new SimSandboxProvider().open(persisted(stateDir), ProgressListener.NONE)) {
            client(sandbox).configMaps().inNamespace("default").resource(configMap("kept")).create();
        }
        try (Sandbox sandbox = new SimSandboxProvider().open(persisted(stateDir), ProgressListener.NONE)) {
            ConfigMap kept = client(sandbox).configMaps().inNamespace("default").withName("kept").get();
            assertThat(kept).isNotNull();
            assertThat(kept.getData()).containsEntry("k", "v");
            assertThat(sandbox.description()).contains("simulated cluster — containers do not really run");
        }
    }

    @Test
    void stateIsOnDiskWhileRunningSoAKilledLabLosesNothing() throws Exception {
        Path stateFile = stateDir.resolve(SimSandboxProvider.STATE_FILE);
        try (Sandbox running = new SimSandboxProvider().open(persisted(stateDir), ProgressListener.NONE)) {
            client(running).configMaps().inNamespace("default").resource(configMap("survives-a-crash")).create();
            await("the state file to hold the new ConfigMap", () -> fileContains(stateFile, "survives-a-crash"));

            // what a killed lab leaves behind: the file as it is now, the running sim never closed
            Files.copy(stateFile, otherDir.resolve(SimSandboxProvider.STATE_FILE));
            try (Sandbox restarted = new SimSandboxProvider().open(persisted(otherDir), ProgressListener.NONE)) {
                assertThat(client(restarted).configMaps().inNamespace("default").withName("survives-a-crash").get())
                        .isNotNull();
            }
        }
    }

    @Test
    void deletionsAreSavedToo() throws Exception {
        Path stateFile = stateDir.resolve(SimSandboxProvider.STATE_FILE);
        try (Sandbox running = new SimSandboxProvider().open(persisted(stateDir), ProgressListener.NONE)) {
            client(running).configMaps().inNamespace("default").resource(configMap("short-lived")).create();
            await("the state file to hold the ConfigMap", () -> fileContains(stateFile, "short-lived"));
            client(running).configMaps().inNamespace("default").withName("short-lived").delete();
            await("the state file to lose the ConfigMap", () -> !fileContains(stateFile, "short-lived"));
        }
    }

    @Test
    void aRestoredDeploymentKeepsBeingReconciled() throws Exception {
        try (Sandbox sandbox = new SimSandboxProvider().open(persisted(stateDir), ProgressListener.NONE)) {
            client(sandbox).apps().deployments().inNamespace("default").load(new java.io.ByteArrayInputStream(
                    SimTestSupport.deployment("web", 2, "nginx:1.25", "").getBytes())).create();
            client(sandbox).apps().deployments().inNamespace("default").withName("web")
                    .waitUntilCondition(d -> readyReplicas(d) == 2, 30, TimeUnit.SECONDS);
        }
        try (Sandbox sandbox = new SimSandboxProvider().open(persisted(stateDir), ProgressListener.NONE)) {
            KubernetesClient client = client(sandbox);
            assertThat(client.pods().inNamespace("default").withLabel("app", "web").list().getItems()).hasSize(2);
            client.apps().deployments().inNamespace("default").withName("web").scale(3);
            Deployment scaled = client.apps().deployments().inNamespace("default").withName("web")
                    .waitUntilCondition(d -> readyReplicas(d) == 3, 30, TimeUnit.SECONDS);
            assertThat(scaled.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(client.pods().inNamespace("default").withLabel("app", "web").list().getItems()).hasSize(3);
        }
    }
}
