package orchlab.engine.sandbox.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K3sSandboxProviderTest {
    private final K3sSandboxProvider provider = new K3sSandboxProvider();

    @Test
    void saysDockerIsNotRunningWhenTheEngineDoesNotAnswer(@TempDir Path dir) {
        SandboxOptions options = SandboxOptions.defaults(dir).withDockerHost("unix://" + dir.resolve("no-docker.sock"));

        SandboxProvider.Availability availability = provider.probe(options);

        assertThat(availability.available()).isFalse();
        assertThat(availability.reason()).startsWith("k3s needs Docker, and Docker is not running")
                .endsWith("start Docker Desktop or `sudo systemctl start docker`");
        assertThatThrownBy(() -> provider.open(options, ProgressListener.NONE))
                .isInstanceOf(SandboxException.class)
                .hasMessageStartingWith("k3s needs Docker");
    }

    @Test
    void aRegistryWhoseNameDoesNotResolveIsUnreachable() {
        // .invalid never resolves (RFC 6761)
        assertThat(K3sSandboxProvider.registryReachable("registry.orchlab.invalid")).isFalse();
    }

    @Test
    void isPreferredOverTheSimulatedCluster() {
        assertThat(provider.preference()).isLessThan(50);
        assertThat(provider.type()).isEqualTo("k3s");
    }
}
