package orchlab.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.VersionComponent;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import orchlab.engine.sandbox.SandboxException;

/**
 * Finds a Docker engine that answers, trying {@link DockerEndpoints#candidates} in order, each within a
 * few seconds. Missing socket files are skipped without a call.
 */
public final class DockerEngine {
    /** How long one candidate may take to answer a version call. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    public static final String NOT_RUNNING = "Docker is not running — start Docker Desktop or `sudo systemctl start docker`";

    private DockerEngine() {
    }

    /**
     * An engine that answered.
     *
     * @param client a client with {@link #PROBE_TIMEOUT}; the caller closes it
     * @param product {@code Docker} or {@code Podman}
     */
    public record Found(DockerEndpoint endpoint, String product, String version, String apiVersion, DockerClient client) {
        /** {@code Docker 20.10.24 (unix:///var/run/docker.sock)}. */
        public String description() {
            return product + " " + version + " (" + endpoint.host() + ")";
        }
    }

    /** The first candidate that answers, or a one-sentence reason naming what was tried. */
    public static Found find(Optional<String> explicitHost) throws SandboxException {
        List<DockerEndpoint> candidates = DockerEndpoints.candidates(explicitHost);
        List<String> tried = new ArrayList<>();
        String denied = null;
        for (DockerEndpoint candidate : candidates) {
            if (candidate.socketFile() != null && !Files.exists(candidate.socketFile())) {
                tried.add(candidate.host());
                continue;
            }
            DockerClient client = null;
            try {
                client = DockerClients.open(candidate.host(), PROBE_TIMEOUT);
                Version v = client.versionCmd().exec();
                String product = isPodman(v) ? "Podman" : "Docker";
                String version = product.equals("Podman") ? podmanVersion(v).orElse(v.getVersion()) : v.getVersion();
                return new Found(candidate, product, version, v.getApiVersion(), client);
            } catch (RuntimeException e) {
                closeQuietly(client);
                if (permissionDenied(e)) {
                    denied = candidate.host();
                }
                tried.add(candidate.host());
            }
        }
        if (denied != null) {
            throw new SandboxException("Docker is running at " + denied + ", but this user may not use it — add yourself to the docker group"
                    + " (`sudo usermod -aG docker $USER`) and log in again");
        }
        throw new SandboxException(NOT_RUNNING + " (tried " + String.join(", ", tried) + ")");
    }

    private static boolean isPodman(Version v) {
        List<VersionComponent> components = v.getComponents();
        return components != null && components.stream()
                .anyMatch(c -> c.getName() != null && c.getName().toLowerCase(Locale.ROOT).contains("podman"));
    }

    private static Optional<String> podmanVersion(Version v) {
        return v.getComponents().stream().filter(c -> c.getName() != null && c.getName().toLowerCase(Locale.ROOT).contains("podman"))
                .map(VersionComponent::getVersion).findFirst();
    }

    static boolean permissionDenied(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof java.nio.file.AccessDeniedException || (m != null && m.toLowerCase(Locale.ROOT).contains("permission denied"))) {
                return true;
            }
        }
        return false;
    }

    static void closeQuietly(DockerClient client) {
        if (client != null) {
            try {
                client.close();
            } catch (IOException | RuntimeException ignored) {
                // closing a client that never connected
            }
        }
    }
}
