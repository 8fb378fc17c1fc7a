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
    void aKeepAskedForWhereTestcontainersReuseIsOffIsNoKeepSoCloseStopsTheContainer() {
        assertThat(K3sSandboxProvider.reuseInEffect(true, false)).isFalse();
        assertThat(K3sSandboxProvider.reuseInEffect(true, true)).isTrue();
        assertThat(K3sSandboxProvider.reuseInEffect(false, true)).isFalse();
    }

    /** What K3sContainer.getKubeConfigYaml() returns: k3s's file re-serialised by Jackson, every value quoted. */
    private static final String K3S_CONTAINER_KUBECONFIG = """
            ---
            apiVersion: "v1"
            clusters:
            - cluster:
                certificate-authority-data: "Y2E="
                server: "https://localhost:32771"
              name: "default"
            contexts:
            - context:
                cluster: "default"
                user: "default"
              name: "default"
            current-context: "default"
            kind: "Config"
            preferences: {}
            users:
            - name: "default"
              user:
                client-certificate-data: "Y2VydA=="
                client-key-data: "a2V5"
            """;

    @Test
    void renamesK3sDefaultClusterUserAndContextToTheLabsNameInTheQuotedYamlK3sContainerReturns() {
        var config = K3sSandboxProvider.labKubeconfig(K3S_CONTAINER_KUBECONFIG);

        assertThat(config.getCurrentContext()).isEqualTo("orchlab-k3s");
        assertThat(config.getContexts()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("orchlab-k3s");
            assertThat(c.getContext().getCluster()).isEqualTo("orchlab-k3s");
            assertThat(c.getContext().getUser()).isEqualTo("orchlab-k3s");
        });
        assertThat(config.getClusters()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("orchlab-k3s");
            assertThat(c.getCluster().getServer()).isEqualTo("https://localhost:32771");
        });
        assertThat(config.getUsers()).singleElement().satisfies(u -> {
            assertThat(u.getName()).isEqualTo("orchlab-k3s");
            assertThat(u.getUser().getClientKeyData()).isEqualTo("a2V5");
        });
    }

    @Test
    void isPreferredOverTheSimulatedCluster() {
        assertThat(provider.preference()).isLessThan(50);
        assertThat(provider.type()).isEqualTo("k3s");
    }
}
