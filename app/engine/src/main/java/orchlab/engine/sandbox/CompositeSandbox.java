package orchlab.engine.sandbox;

import java.util.Optional;

/** A Kubernetes sandbox and a Docker sandbox used together (the app runs both kinds of exercise). */
public record CompositeSandbox(Optional<Sandbox> kubernetesSandbox, Optional<Sandbox> dockerSandbox) implements Sandbox {

    @Override
    public String type() {
        return kubernetesSandbox.map(Sandbox::type).orElse("") + (dockerSandbox.isPresent() ? "+docker" : "");
    }

    @Override
    public String description() {
        String k = kubernetesSandbox.map(Sandbox::description).orElse("no Kubernetes sandbox");
        return dockerSandbox.map(d -> k + "; " + d.description()).orElse(k);
    }

    @Override
    public boolean simulated() {
        return kubernetesSandbox.map(Sandbox::simulated).orElse(false);
    }

    @Override
    public Optional<KubernetesAccess> kubernetes() {
        return kubernetesSandbox.flatMap(Sandbox::kubernetes);
    }

    @Override
    public KubernetesAccess cluster(String name, java.util.List<String> clusters) throws SandboxException {
        if (kubernetesSandbox.isEmpty()) {
            throw new SandboxException(ClusterNames.oneClusterOnly(clusters, "no Kubernetes sandbox"));
        }
        return kubernetesSandbox.get().cluster(name, clusters);
    }

    @Override
    public Optional<DockerAccess> docker() {
        return dockerSandbox.flatMap(Sandbox::docker);
    }

    @Override
    public SandboxHealth health() {
        SandboxHealth k = kubernetesSandbox.map(Sandbox::health).orElse(SandboxHealth.ok("no Kubernetes sandbox"));
        SandboxHealth d = dockerSandbox.map(Sandbox::health).orElse(SandboxHealth.ok("no Docker sandbox"));
        return new SandboxHealth(k.healthy() && d.healthy(), k.message() + "; " + d.message());
    }

    @Override
    public void close() {
        kubernetesSandbox.ifPresent(Sandbox::close);
        dockerSandbox.ifPresent(Sandbox::close);
    }
}
