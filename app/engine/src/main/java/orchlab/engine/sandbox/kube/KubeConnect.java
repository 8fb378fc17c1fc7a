package orchlab.engine.sandbox.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import orchlab.engine.check.toolkit.KubeErrors;
import orchlab.engine.sandbox.SandboxException;

/** Builds fabric8 clients from a kubeconfig with short timeouts, so an unreachable cluster is reported in seconds. */
public final class KubeConnect {
    /** How long a client waits for a connection, and for an answer. */
    static final int CONNECT_TIMEOUT_MS = 3_000;
    static final int REQUEST_TIMEOUT_MS = 10_000;

    private KubeConnect() {
    }

    public static KubernetesClient client(Path kubeconfig, String context) throws SandboxException {
        return client(KubeconfigChain.load(java.util.List.of(kubeconfig)), context);
    }

    /**
     * A client for {@code context} of a kubeconfig list, built from the context's settings in memory
     * ({@link KubeconfigChain#contextKubeconfig}): nothing is written to disk.
     */
    public static KubernetesClient client(KubeconfigChain chain, String context) throws SandboxException {
        String shownAs = String.join(java.io.File.pathSeparator, chain.files().stream().map(Path::toString).toList());
        String text = chain.contextKubeconfig(context, java.util.Optional.empty());
        requireReferencedFiles(text, shownAs);
        Config config;
        try {
            config = Config.fromKubeconfig(context, text, null);
        } catch (RuntimeException e) {
            throw new SandboxException("kubeconfig " + shownAs + " cannot be used: " + reason(e), e);
        }
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MS);
        config.setRequestRetryBackoffLimit(0);
        try {
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (RuntimeException e) {
            // fabric8 reads certificates and keys here; its own message is often only "An error has occurred."
            throw new SandboxException("the certificate or key in kubeconfig " + shownAs + " (context '" + context
                    + "') cannot be used: " + reason(e) + " — check client-certificate, client-key and certificate-authority", e);
        }
    }

    /** Files the context names (CA, client certificate and key, token file; absolute by now) must exist before anything is tried. */
    private static void requireReferencedFiles(String contextKubeconfig, String shownAs) throws SandboxException {
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfigFromString(contextKubeconfig);
        } catch (RuntimeException e) {
            throw new SandboxException("kubeconfig " + shownAs + " cannot be read: " + reason(e), e);
        }
        if (parsed.getClusters() != null) {
            for (NamedCluster cluster : parsed.getClusters()) {
                if (cluster.getCluster() != null) {
                    requireFile(cluster.getCluster().getCertificateAuthority(), "certificate-authority", shownAs);
                }
            }
        }
        if (parsed.getUsers() != null) {
            for (NamedAuthInfo user : parsed.getUsers()) {
                if (user.getUser() != null) {
                    requireFile(user.getUser().getClientCertificate(), "client-certificate", shownAs);
                    requireFile(user.getUser().getClientKey(), "client-key", shownAs);
                    requireFile(user.getUser().getTokenFile(), "tokenFile", shownAs);
                }
            }
        }
    }

    private static void requireFile(String file, String field, String kubeconfig) throws SandboxException {
        if (file == null || file.isBlank()) {
            return;
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new SandboxException("certificate file missing: " + path + " (" + field + " in kubeconfig " + kubeconfig + ")");
        }
    }

    private static String reason(Throwable e) {
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && !m.equals("An error has occurred.")) {
                best = m.lines().findFirst().orElse(m).strip();
            }
        }
        return best == null ? e.getClass().getSimpleName() : best;
    }

    /**
     * Asks the API server for its version within {@link KubeProbe#DEADLINE} and {@link KubeProbe#MAX_BYTES};
     * fails with a one-sentence reason naming the problem.
     */
    public static VersionInfo ping(KubernetesClient client) throws SandboxException {
        try {
            return KubeProbe.version(client);
        } catch (KubernetesClientException e) {
            throw new SandboxException(KubeErrors.describe(e, client), e);
        }
    }
}
