package orchlab.engine.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import orchlab.engine.sandbox.kube.KubeconfigChain;

/**
 * A way into a Kubernetes API server.
 *
 * @param client      fabric8 client bound to the chosen context
 * @param kubeconfigs the {@code KUBECONFIG} list for kubectl (merged as kubectl merges it, first file wins): one file
 *                    the lab wrote for its own clusters (sim, k3s); for a user's own cluster, the lab's credential-free
 *                    reference choosing the context, then the user's own kubeconfig file(s) — referenced, never copied
 * @param context     the context name
 */
public record KubernetesAccess(KubernetesClient client, List<Path> kubeconfigs, String context) {
    public KubernetesAccess {
        if (kubeconfigs.isEmpty()) {
            throw new IllegalArgumentException("a KUBECONFIG list needs at least one file");
        }
        kubeconfigs = List.copyOf(kubeconfigs);
    }

    /** A cluster whose kubeconfig is one file. */
    public KubernetesAccess(KubernetesClient client, Path kubeconfig, String context) {
        this(client, List.of(kubeconfig), context);
    }

    /** The first file of {@link #kubeconfigs}: the one the lab wrote. Alone it is a whole kubeconfig only for the lab's own clusters. */
    public Path kubeconfig() {
        return kubeconfigs.get(0);
    }

    /** The value for {@code KUBECONFIG}: the files, absolute, joined with the platform's path separator. */
    public String kubeconfigVariable() {
        return String.join(File.pathSeparator, kubeconfigs.stream().map(p -> p.toAbsolutePath().toString()).toList());
    }

    /**
     * The chosen context as one self-contained kubeconfig, built in memory from {@link #kubeconfigs} (for Helm, which
     * takes kubeconfig contents). It holds the credentials: never write it to disk.
     */
    public String contextKubeconfig() throws SandboxException {
        return KubeconfigChain.load(kubeconfigs).contextKubeconfig(context, Optional.empty());
    }
}
