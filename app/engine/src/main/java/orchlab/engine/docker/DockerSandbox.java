package orchlab.engine.docker;

import com.github.dockerjava.api.DockerClient;
import java.util.Optional;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxHealth;

/**
 * The learner's own Docker engine. Opening it starts nothing, so closing it stops nothing: it only
 * closes the lab's connections. What exercises create is removed by the Docker exercise driver's reset.
 */
public final class DockerSandbox implements Sandbox {
    private final DockerEngine.Found engine;
    private final DockerAccess access;

    DockerSandbox(DockerEngine.Found engine) {
        this.engine = engine;
        DockerClient client = DockerClients.open(engine.endpoint().host(), DockerClients.CALL_TIMEOUT);
        this.access = new DockerAccess(client, engine.endpoint().host(), DockerClients.publishedHost(engine.endpoint().host()));
    }

    @Override
    public String type() {
        return DockerSandboxProvider.TYPE;
    }

    @Override
    public String description() {
        return engine.description();
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public Optional<KubernetesAccess> kubernetes() {
        return Optional.empty();
    }

    @Override
    public Optional<DockerAccess> docker() {
        return Optional.of(access);
    }

    /** A ping with the probe timeout (a few seconds); never throws. */
    @Override
    public SandboxHealth health() {
        try {
            engine.client().pingCmd().exec();
            return SandboxHealth.ok(description());
        } catch (RuntimeException e) {
            return SandboxHealth.down(DockerEngine.NOT_RUNNING + " (" + engine.endpoint().host() + " does not answer)");
        }
    }

    @Override
    public void close() {
        DockerEngine.closeQuietly(access.client());
        DockerEngine.closeQuietly(engine.client());
    }
}
