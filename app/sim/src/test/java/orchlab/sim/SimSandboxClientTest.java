package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sim sandbox builds its fabric8 client only when something asks for it: {@code lab sandbox up} serves a terminal's
 * kubectl and never does, so its start does not load fabric8's client and model (~400 classes).
 */
class SimSandboxClientTest {

    @TempDir
    Path stateDir;

    @Test
    void theFabric8ClientIsBuiltOnFirstUseAndThenTalksToTheSim() throws Exception {
        SandboxOptions options = new SandboxOptions(Optional.empty(), Optional.empty(), Optional.empty(), stateDir, Map.of());
        try (Sandbox sandbox = new SimSandboxProvider().open(options, ProgressListener.NONE)) {
            KubernetesAccess access = sandbox.kubernetes().orElseThrow();
            assertThat(access.clientBuilt()).as("after open").isFalse();

            assertThat(access.client().namespaces().withName("kube-system").get()).isNotNull();
            assertThat(access.clientBuilt()).isTrue();
        }
    }

    @Test
    void closingASandboxWhoseClientWasNeverUsedDoesNotBuildIt() throws Exception {
        SandboxOptions options = new SandboxOptions(Optional.empty(), Optional.empty(), Optional.empty(), stateDir, Map.of());
        Sandbox sandbox = new SimSandboxProvider().open(options, ProgressListener.NONE);
        KubernetesAccess access = sandbox.kubernetes().orElseThrow();

        sandbox.close();

        assertThat(access.clientBuilt()).isFalse();
    }
}
