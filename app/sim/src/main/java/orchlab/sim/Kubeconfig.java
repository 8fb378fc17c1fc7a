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
