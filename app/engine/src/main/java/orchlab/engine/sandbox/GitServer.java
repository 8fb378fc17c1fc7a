package orchlab.engine.sandbox;

import java.nio.file.Path;

/**
 * A sandbox's way to let an in-cluster GitOps controller read a Git repository of this machine: the simulated
 * cluster's Argo CD reads {@code repoURL} from {@code folder} (its committed content only). A real cluster has none:
 * there Argo CD must reach the URL itself.
 */
@FunctionalInterface
public interface GitServer {

    /** Serves the repository in {@code folder} (a work tree with {@code .git}, or a bare repository) as {@code repoURL}. */
    void serve(String repoURL, Path folder);
}
