package orchlab.engine.check.toolkit;

import orchlab.engine.check.*;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** One sentence about a failed call to the cluster, for a learner. */
public final class KubeErrors {
    private KubeErrors() {
    }

    public static String describe(KubernetesClientException e, KubernetesClient client) {
        String server = client.getMasterUrl() == null ? "the cluster" : client.getMasterUrl().toString();
        if (e.getCode() <= 0) {
            Throwable cause = e.getCause();
            while (cause != null && cause.getCause() != null) {
                cause = cause.getCause();
            }
            String why = cause == null ? e.getMessage() : cause.getMessage();
            return "cannot reach the Kubernetes API at " + server + " (" + (why == null ? "no answer" : why)
                    + ") — is the sandbox running?";
        }
        if (e.getCode() == 401 || e.getCode() == 403) {
            return "the cluster at " + server + " refused access (" + e.getCode() + ") — check the kubeconfig's credentials";
        }
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return "the cluster answered " + e.getCode() + ": " + e.getStatus().getMessage();
        }
        return "the cluster answered " + e.getCode() + ": " + e.getMessage();
    }
}
