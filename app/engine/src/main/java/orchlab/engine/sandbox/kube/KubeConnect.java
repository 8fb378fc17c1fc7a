package orchlab.engine.sandbox.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import orchlab.engine.check.kinds.KubeErrors;
import orchlab.engine.sandbox.SandboxException;

/** Builds fabric8 clients from a kubeconfig with short timeouts, so an unreachable cluster is reported in seconds. */
public final class KubeConnect {
    private KubeConnect() {
    }

    public static KubernetesClient client(Path kubeconfig, String context) throws SandboxException {
        String text;
        try {
            text = Files.readString(kubeconfig);
        } catch (IOException e) {
            throw new SandboxException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
        Config config;
        try {
            config = Config.fromKubeconfig(context, text, kubeconfig.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            throw new SandboxException("kubeconfig " + kubeconfig + " cannot be used: " + e.getMessage(), e);
        }
        config.setConnectionTimeout(3_000);
        config.setRequestTimeout(10_000);
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Asks the API server for its version; fails with a one-sentence reason. */
    public static VersionInfo ping(KubernetesClient client) throws SandboxException {
        try {
            VersionInfo version = client.getKubernetesVersion();
            if (version == null) {
                throw new SandboxException("the API server at " + client.getMasterUrl() + " did not say its version");
            }
            return version;
        } catch (KubernetesClientException e) {
            throw new SandboxException(KubeErrors.describe(e, client), e);
        }
    }
}
