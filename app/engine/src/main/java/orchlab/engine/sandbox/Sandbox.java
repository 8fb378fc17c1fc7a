package orchlab.engine.sandbox;

import java.util.Optional;

/**
 * A running place where exercises happen: a k3s container, the simulated cluster, a cluster from a
 * kubeconfig, a Docker engine. Closing it stops what the lab started and nothing else.
 */
public interface Sandbox extends AutoCloseable {

    /** Provider type: {@code k3s}, {@code sim}, {@code kubeconfig}, {@code docker}. */
    String type();

    /** What the status bar shows: "k3s v1.31.4 (Docker)", "simulated cluster — containers do not really run". */
    String description();

    /** True when workloads do not really run (the sim): the UI says so wherever the sandbox is shown. */
    boolean simulated();

    Optional<KubernetesAccess> kubernetes();

    Optional<DockerAccess> docker();

    /**
     * How this sandbox serves the learner's Git repository to its GitOps controller, if it does (the simulated
     * cluster's Argo CD); empty for real clusters, where Argo CD reaches the repository itself.
     */
    default Optional<GitServer> gitServer() {
        return Optional.empty();
    }

    /**
     * The cluster called {@code name} of a multi-cluster exercise that runs in {@code clusters} (ADR 0016): the one
     * place a driver or a check gets a way into one of them. A sandbox with one cluster (k3s) cannot give a second one:
     * it says so, naming the contexts the exercise needs and which sandbox provides them.
     *
     * @throws SandboxException when this sandbox cannot provide the cluster — the message is for the learner
     */
    default KubernetesAccess cluster(String name, java.util.List<String> clusters) throws SandboxException {
        throw new SandboxException(ClusterNames.oneClusterOnly(clusters, description()));
    }

    /** Cheap liveness probe (a version call); never throws. */
    SandboxHealth health();

    @Override
    void close();
}
