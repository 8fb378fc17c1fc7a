package orchlab.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the kubeconfig for the simulated cluster: HTTPS on 127.0.0.1 with its certificate pinned (kept in the
 * state folder across starts, {@link ServingCertificate}) and this start's bearer token (see {@link orchlab.sim.api.RequestGuard}, {@link orchlab.sim.api.SimTls}). The file holds a credential, so it is readable by its owner only.
 */
public final class Kubeconfig {

    public static final String CONTEXT = "orchlab-sim";
    /** A comment on the first line that marks a kubeconfig as written by the lab (it may be replaced by the lab). */
    public static final String MARKER = "# written by OrchLab for its simulated cluster";

    private Kubeconfig() {
    }

    public static String text(String serverUrl, String certificateData, String token) {
        if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e || c == '"' || c == '\\')) {
            throw new IllegalArgumentException("the token must be printable ASCII without quotes");
        }
        return MARKER + """

                apiVersion: v1
                kind: Config
                clusters:
                - name: orchlab-sim
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                contexts:
                - name: orchlab-sim
                  context:
                    cluster: orchlab-sim
                    user: orchlab-sim
                    namespace: default
                current-context: orchlab-sim
                users:
                - name: orchlab-sim
                  user:
                    token: "%s"
                """.formatted(serverUrl, certificateData, token);
    }

    /**
     * A cluster's entry of a kubeconfig with several contexts (a multi-cluster exercise, ADR 0016).
     *
     * @param context the context's name, which also names its cluster and user entries
     */
    public record Context(String context, String serverUrl, String certificateData, String token) {
        public Context {
            if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e || c == '"' || c == '\\')) {
                throw new IllegalArgumentException("the token must be printable ASCII without quotes");
            }
        }
    }

    /**
     * One kubeconfig for several clusters: each context with its own cluster and user entries, the first the current
     * one ({@code orchlab-sim}), so that {@code kubectl --context west} reaches west and plain {@code kubectl} the first.
     */
    public static String text(java.util.List<Context> contexts) {
        StringBuilder clusters = new StringBuilder();
        StringBuilder named = new StringBuilder();
        StringBuilder users = new StringBuilder();
        for (Context c : contexts) {
            clusters.append("- name: %s\n  cluster:\n    server: %s\n    certificate-authority-data: %s\n"
                    .formatted(c.context(), c.serverUrl(), c.certificateData()));
            named.append("- name: %s\n  context:\n    cluster: %s\n    user: %s\n    namespace: default\n"
                    .formatted(c.context(), c.context(), c.context()));
            users.append("- name: %s\n  user:\n    token: \"%s\"\n".formatted(c.context(), c.token()));
        }
        return MARKER + "\napiVersion: v1\nkind: Config\nclusters:\n" + clusters + "contexts:\n" + named
                + "current-context: " + contexts.get(0).context() + "\nusers:\n" + users;
    }

    /** The context of a running cluster called {@code name}. */
    public static Context context(String name, SimCluster cluster) {
        return new Context(name, cluster.url(), cluster.server().tls().certificateData(), cluster.server().token());
    }

    /** Writes a kubeconfig of several contexts ({@link #text(java.util.List)}) as {@link #write(Path, String, String, String)} does. */
    public static Path write(Path file, java.util.List<Context> contexts) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        PrivateFiles.write(target, text(contexts).getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** The kubeconfig of a running cluster. */
    public static Path write(Path file, SimCluster cluster) throws IOException {
        return write(file, cluster.url(), cluster.server().tls().certificateData(), cluster.server().token());
    }

    /**
     * Writes the file atomically with owner-only permissions: a temporary file beside it (created 0600), then a
     * rename; the temporary file is removed when anything fails.
     */
    public static Path write(Path file, String serverUrl, String certificateData, String token) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        PrivateFiles.write(target, text(serverUrl, certificateData, token).getBytes(StandardCharsets.UTF_8));
        return file;
    }
}
