package orchlab.engine.sandbox.kube;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import orchlab.engine.sandbox.SandboxException;

/**
 * The kubeconfig the lab hands to {@code kubectl} in its terminal: a copy holding only the context
 * the user chose (or the lab's own cluster), optionally with the exercise's namespace as default.
 * The user's own kubeconfig is only ever read.
 */
public final class LabKubeconfig {
    private LabKubeconfig() {
    }

    /** Reads {@code source}, keeps {@code context} (or the current one), writes it to {@code target}. Returns the context name. */
    public static String copyContext(Path source, Optional<String> context, Optional<String> namespace, Path target)
            throws SandboxException {
        if (!Files.isRegularFile(source)) {
            throw new SandboxException("kubeconfig " + source + " does not exist — pass --kubeconfig FILE with the cluster's kubeconfig");
        }
        Config config;
        try {
            config = KubeConfigUtils.parseConfig(source.toFile());
        } catch (RuntimeException e) {
            throw new SandboxException("cannot read kubeconfig " + source + ": " + e.getMessage(), e);
        }
        String name = context.orElse(config.getCurrentContext());
        if (name == null || name.isBlank()) {
            throw new SandboxException("kubeconfig " + source + " has no current context — choose one with --context");
        }
        NamedContext chosen = config.getContexts().stream().filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> new SandboxException("kubeconfig " + source + " has no context named '" + name + "' (it has: "
                        + String.join(", ", config.getContexts().stream().map(NamedContext::getName).toList()) + ")"));
        String clusterName = chosen.getContext().getCluster();
        String userName = chosen.getContext().getUser();
        Path base = source.toAbsolutePath().getParent();
        List<NamedCluster> clusters = config.getClusters().stream().filter(c -> c.getName().equals(clusterName))
                .peek(c -> absolutize(c.getCluster(), base)).toList();
        List<NamedAuthInfo> users = config.getUsers() == null ? List.of()
                : config.getUsers().stream().filter(u -> u.getName().equals(userName)).peek(u -> absolutize(u.getUser(), base)).toList();
        if (namespace.isPresent()) {
            chosen.getContext().setNamespace(namespace.get());
        }
        Config copy = new Config();
        copy.setApiVersion("v1");
        copy.setKind("Config");
        copy.setClusters(clusters);
        copy.setUsers(users);
        copy.setContexts(List.of(chosen));
        copy.setCurrentContext(name);
        write(copy, target);
        return name;
    }

    private static void absolutize(Cluster cluster, Path base) {
        if (cluster != null && cluster.getCertificateAuthority() != null) {
            cluster.setCertificateAuthority(base.resolve(cluster.getCertificateAuthority()).toString());
        }
    }

    private static void absolutize(AuthInfo user, Path base) {
        if (user == null) {
            return;
        }
        if (user.getClientCertificate() != null) {
            user.setClientCertificate(base.resolve(user.getClientCertificate()).toString());
        }
        if (user.getClientKey() != null) {
            user.setClientKey(base.resolve(user.getClientKey()).toString());
        }
        if (user.getTokenFile() != null) {
            user.setTokenFile(base.resolve(user.getTokenFile()).toString());
        }
    }

    /** Writes atomically (temp file, then rename), readable by the user only; the temp file never stays. */
    public static void write(Config config, Path target) throws SandboxException {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".kubeconfig", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                KubeConfigUtils.persistKubeConfigIntoFile(config, temp.toFile());
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                // a full disk or a failed move must not leave a copy of the credentials behind
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new SandboxException("cannot write the lab's kubeconfig " + target + ": " + e.getMessage(), e);
        }
    }

    /** The kubeconfig kubectl would use: {@code $KUBECONFIG} (first entry) or {@code ~/.kube/config}. */
    public static Optional<Path> userDefault() {
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            Path first = Path.of(env.split(java.io.File.pathSeparator)[0]);
            return Files.isRegularFile(first) ? Optional.of(first) : Optional.empty();
        }
        Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
        return Files.isRegularFile(home) ? Optional.of(home) : Optional.empty();
    }
}
