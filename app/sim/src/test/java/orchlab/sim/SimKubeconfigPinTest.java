package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two lab processes on one machine share the state folder, so a second simulated cluster writes its kubeconfig over
 * the first one's. Helm reads kubeconfig contents from the sandbox: it must keep talking to its own cluster (a release
 * installed into another lab's cluster was reported as "release: not found" in this one).
 */
class SimKubeconfigPinTest {

    @TempDir
    Path stateDir;

    private static SandboxOptions options(Path dir) {
        return new SandboxOptions(Optional.empty(), Optional.empty(), Optional.empty(), dir, Map.of("podStartDelay", "0"));
    }

    @Test
    void aSimsKubeconfigForHelmNamesItsOwnClusterAfterAnotherSimWroteTheSharedFile() throws Exception {
        SimSandboxProvider provider = new SimSandboxProvider();
        try (Sandbox first = provider.open(options(stateDir), ProgressListener.NONE);
             Sandbox second = provider.open(options(stateDir), ProgressListener.NONE)) {
            String firstUrl = ((SimSandbox) first).cluster().url();
            String secondUrl = ((SimSandbox) second).cluster().url();
            assertThat(firstUrl).isNotEqualTo(secondUrl);
            assertThat(Files.readString(stateDir.resolve(SimSandboxProvider.KUBECONFIG_FILE)))
                    .as("the shared file now names the second cluster").contains(secondUrl);

            assertThat(first.kubernetes().orElseThrow().contextKubeconfig()).contains(firstUrl).doesNotContain(secondUrl);
            assertThat(second.kubernetes().orElseThrow().contextKubeconfig()).contains(secondUrl);
        }
    }
}
