package orchlab.engine.check;

import java.nio.file.Path;
import java.util.Optional;
import orchlab.engine.course.Exercise;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.KubernetesAccess;

/**
 * What a check may look at: the learner's workspace and the sandboxes that are open.
 *
 * @param namespace the namespace this run checks (the exercise's, or the one given on the command line)
 * @param workspace the learner's files for this exercise (starter copy they edit)
 * @param clusters  the clusters of a multi-cluster exercise by name ({@link #inCluster}); {@code kubernetes} is its first
 */
public record CheckContext(Exercise exercise, String namespace, Path workspace,
                           Optional<KubernetesAccess> kubernetes, Optional<DockerAccess> docker, Clusters clusters) {

    /** A context whose sandbox has no clusters by name (a one-cluster exercise never asks for one). */
    public CheckContext(Exercise exercise, String namespace, Path workspace, Optional<KubernetesAccess> kubernetes,
                        Optional<DockerAccess> docker) {
        this(exercise, namespace, workspace, kubernetes, docker, Clusters.NONE);
    }

    /**
     * The same context reading cluster {@code name} of a multi-cluster exercise (ADR 0016): its {@link #kubernetes()} is
     * that cluster's.
     *
     * @throws CheckUnavailableException when no open sandbox provides the cluster, saying why (k3s is one cluster)
     */
    public CheckContext inCluster(String name) throws CheckUnavailableException {
        try {
            return new CheckContext(exercise, namespace, workspace, Optional.of(clusters.access(name)), docker, clusters);
        } catch (orchlab.engine.sandbox.SandboxException e) {
            throw new CheckUnavailableException(e.getMessage());
        }
    }

    /** The clusters of a multi-cluster exercise, by the names it declares. */
    @FunctionalInterface
    public interface Clusters {
        /** No sandbox is open, or none that has clusters by name. */
        Clusters NONE = name -> {
            throw new orchlab.engine.sandbox.SandboxException("this check reads cluster " + name
                    + ", and no Kubernetes sandbox is running — start one from the status bar");
        };

        KubernetesAccess access(String name) throws orchlab.engine.sandbox.SandboxException;
    }

    public KubernetesAccess requireKubernetes() throws CheckUnavailableException {
        return kubernetes.orElseThrow(() -> new CheckUnavailableException(
                "this check needs a Kubernetes sandbox, and none is running — start one from the status bar or pass --kubeconfig"));
    }

    public DockerAccess requireDocker() throws CheckUnavailableException {
        return docker.orElseThrow(() -> new CheckUnavailableException(
                "this check needs Docker, and no Docker engine is connected — start Docker Desktop or `sudo systemctl start docker`"));
    }
}
