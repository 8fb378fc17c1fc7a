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
 */
public record CheckContext(Exercise exercise, String namespace, Path workspace,
                           Optional<KubernetesAccess> kubernetes, Optional<DockerAccess> docker) {

    public KubernetesAccess requireKubernetes() throws CheckUnavailableException {
        return kubernetes.orElseThrow(() -> new CheckUnavailableException(
                "this check needs a Kubernetes sandbox, and none is running — start one from the status bar or pass --kubeconfig"));
    }

    public DockerAccess requireDocker() throws CheckUnavailableException {
        return docker.orElseThrow(() -> new CheckUnavailableException(
                "this check needs Docker, and no Docker engine is connected — start Docker Desktop or `sudo systemctl start docker`"));
    }
}
