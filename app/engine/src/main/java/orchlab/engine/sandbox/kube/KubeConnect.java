package orchlab.engine.sandbox.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import orchlab.engine.check.toolkit.KubeErrors;
import orchlab.engine.sandbox.SandboxException;

/** Builds fabric8 clients from a kubeconfig with short timeouts, so an unreachable cluster is reported in seconds. */
public final class KubeConnect {
    private KubeConnect() {
    }

    public static KubernetesClient client(Path kubeconfig, String context) throws SandboxException {
        return client(kubeconfig, context, kubeconfig);
    }

    /**
     * @param shownAs the file the user knows, named in messages (the user's own kubeconfig when {@code kubeconfig}
     *                is the lab's copy of one context)
     */
    public static KubernetesClient client(Path kubeconfig, String context, Path shownAs) throws SandboxException {
        String text;
        try {
            text = Files.readString(kubeconfig);
        } catch (IOException e) {
            throw new SandboxException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
        requireReferencedFiles(kubeconfig, context, shownAs);
        Config config;
        try {
            config = Config.fromKubeconfig(context, text, kubeconfig.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            throw new SandboxException("kubeconfig " + kubeconfig + " cannot be used: " + reason(e), e);
        }
        config.setConnectionTimeout(3_000);
        config.setRequestTimeout(10_000);
        config.setRequestRetryBackoffLimit(0);
        try {
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (RuntimeException e) {
            // fabric8 reads certificates and keys here; its own message is often only "An error has occurred."
            throw new SandboxException("the certificate or key in kubeconfig " + shownAs + " (context '" + context
                    + "') cannot be used: " + reason(e) + " — check client-certificate, client-key and certificate-authority", e);
        }
    }

    /** Files the chosen context names (CA, client certificate and key, token file) must exist before anything is tried. */
    private static void requireReferencedFiles(Path kubeconfig, String context, Path shownAs) throws SandboxException {
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfig(kubeconfig.toFile());
        } catch (RuntimeException e) {
            throw new SandboxException("kubeconfig " + kubeconfig + " cannot be read: " + reason(e), e);
        }
        String name = context != null ? context : parsed.getCurrentContext();
        NamedContext chosen = parsed.getContexts() == null ? null : parsed.getContexts().stream()
                .filter(c -> c.getName().equals(name)).findFirst().orElse(null);
        if (chosen == null || chosen.getContext() == null) {
            return; // fabric8 says which context is missing
        }
        Path base = kubeconfig.toAbsolutePath().getParent();
        if (parsed.getClusters() != null) {
            for (NamedCluster cluster : parsed.getClusters()) {
                if (cluster.getName().equals(chosen.getContext().getCluster()) && cluster.getCluster() != null) {
                    requireFile(base, cluster.getCluster().getCertificateAuthority(), "certificate-authority", shownAs);
                }
            }
        }
        if (parsed.getUsers() != null) {
            for (NamedAuthInfo user : parsed.getUsers()) {
                if (user.getName().equals(chosen.getContext().getUser()) && user.getUser() != null) {
                    requireFile(base, user.getUser().getClientCertificate(), "client-certificate", shownAs);
                    requireFile(base, user.getUser().getClientKey(), "client-key", shownAs);
                    requireFile(base, user.getUser().getTokenFile(), "tokenFile", shownAs);
                }
            }
        }
    }

    private static void requireFile(Path base, String file, String field, Path kubeconfig) throws SandboxException {
        if (file == null || file.isBlank()) {
            return;
        }
        Path path = base == null ? Path.of(file) : base.resolve(file);
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
