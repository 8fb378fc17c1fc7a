package orchlab.engine.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * A way into a Kubernetes API server.
 *
 * @param client     fabric8 client bound to the chosen context
 * @param kubeconfig a kubeconfig file naming only what the lab may use (for kubectl in the terminal);
 *                   for a user's own cluster this is a copy holding the chosen context, never the original
 * @param context    the context name inside {@code kubeconfig}
 */
public record KubernetesAccess(KubernetesClient client, Path kubeconfig, String context) {
}
