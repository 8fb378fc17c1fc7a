package orchlab.engine.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxHealth;

/**
 * fabric8's mock API server in CRUD mode as a test fixture for the engine: real HTTP and storage,
 * no controllers, no discovery. Not a product sandbox (the product's is the simulated cluster).
 */
public final class MockCluster implements Sandbox {
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;

    private MockCluster(KubernetesMockServer server, KubernetesClient client, Path kubeconfig) {
        this.server = server;
        this.client = client;
        this.kubeconfig = kubeconfig;
    }

    public static MockCluster start() {
        KubernetesMockServer server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
                new io.fabric8.mockwebserver.MockWebServer(), new java.util.HashMap<>(),
                new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
        server.init();
        KubernetesClient client = server.createClient();
        try {
            Path kubeconfig = Files.createTempFile("mock-kubeconfig", ".yaml");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: mock
                      cluster: {server: "%s", insecure-skip-tls-verify: true}
                    contexts:
                    - name: mock
                      context: {cluster: mock, user: mock}
                    users:
                    - name: mock
                      user: {token: mock}
                    current-context: mock
                    """.formatted(client.getMasterUrl()));
            return new MockCluster(server, client, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public String type() {
        return "mock";
    }

    @Override
    public String description() {
        return "fabric8 mock API server (test fixture)";
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public Optional<KubernetesAccess> kubernetes() {
        return Optional.of(new KubernetesAccess(client, kubeconfig, "mock"));
    }

    @Override
    public Optional<DockerAccess> docker() {
        return Optional.empty();
    }

    @Override
    public SandboxHealth health() {
        return SandboxHealth.ok("mock");
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
        try {
            Files.deleteIfExists(kubeconfig);
        } catch (IOException ignored) {
            // temp file
        }
    }
}
