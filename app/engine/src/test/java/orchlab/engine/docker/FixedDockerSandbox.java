package orchlab.engine.docker;

import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxHealth;

import java.util.Optional;

/** A sandbox around an existing Docker connection, for driver tests (closing it leaves the connection open). */
final class FixedDockerSandbox implements Sandbox {
    private final DockerAccess access;

    FixedDockerSandbox(DockerAccess access) {
        this.access = access;
    }

    @Override
    public String type() {
        return "docker";
    }

    @Override
    public String description() {
        return "Docker (" + access.dockerHost() + ")";
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

    @Override
    public SandboxHealth health() {
        return SandboxHealth.ok(description());
    }

    @Override
    public void close() {
    }
}
