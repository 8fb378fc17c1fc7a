package orchlab.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where to look for a Docker engine, in the order the Docker CLI uses: an address given on the command
 * line, {@code DOCKER_HOST}, the current context ({@code DOCKER_CONTEXT} or {@code currentContext} in
 * {@code ~/.docker/config.json}) when it is a plain unix or tcp endpoint, then the usual sockets
 * (the default {@code /var/run/docker.sock}, Docker Desktop, Podman, Colima, Rancher Desktop).
 * An explicit address, {@code DOCKER_HOST} or a usable context is the only candidate, as with the CLI;
 * the well-known sockets are tried in order otherwise.
 */
public final class DockerEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerEndpoints() {
    }

    /** Candidates for this process (its environment and home directory). */
    public static List<DockerEndpoint> candidates(Optional<String> explicit) {
        return candidates(explicit, System.getenv(), Path.of(System.getProperty("user.home")),
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win"));
    }

    /** Candidates for the given environment and home directory (testable). */
    public static List<DockerEndpoint> candidates(Optional<String> explicit, Map<String, String> env, Path home, boolean windows) {
        if (explicit.isPresent() && !explicit.get().isBlank()) {
            return List.of(new DockerEndpoint(explicit.get().trim(), "--docker-host"));
        }
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            return List.of(new DockerEndpoint(dockerHost.trim(), "DOCKER_HOST"));
        }
        Path configDir = Optional.ofNullable(env.get("DOCKER_CONFIG")).filter(s -> !s.isBlank()).map(Path::of)
                .orElse(home.resolve(".docker"));
        Optional<DockerEndpoint> context = currentContext(env, configDir);
        if (context.isPresent()) {
            return List.of(context.get());
        }
        List<DockerEndpoint> out = new ArrayList<>();
        if (windows) {
            out.add(new DockerEndpoint("npipe:////./pipe/docker_engine", "default pipe"));
            out.add(new DockerEndpoint("npipe:////./pipe/dockerDesktopLinuxEngine", "Docker Desktop pipe"));
            return out;
        }
        out.add(new DockerEndpoint("unix:///var/run/docker.sock", "default socket"));
        out.add(new DockerEndpoint("unix://" + home.resolve(".docker/run/docker.sock"), "Docker Desktop socket"));
        out.add(new DockerEndpoint("unix://" + home.resolve(".docker/desktop/docker.sock"), "Docker Desktop socket"));
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            out.add(new DockerEndpoint("unix://" + Path.of(runtimeDir).resolve("podman/podman.sock"), "Podman socket"));
            out.add(new DockerEndpoint("unix://" + Path.of(runtimeDir).resolve("docker.sock"), "rootless Docker socket"));
        }
        out.add(new DockerEndpoint("unix:///run/podman/podman.sock", "Podman socket"));
        out.add(new DockerEndpoint("unix://" + home.resolve(".colima/default/docker.sock"), "Colima socket"));
        out.add(new DockerEndpoint("unix://" + home.resolve(".rd/docker.sock"), "Rancher Desktop socket"));
        return out;
    }

    /**
     * The endpoint of the current Docker context, when it is one the lab can use as it is: a unix socket,
     * or tcp without TLS material. The {@code default} context means "the default socket".
     */
    static Optional<DockerEndpoint> currentContext(Map<String, String> env, Path configDir) {
        String name = env.get("DOCKER_CONTEXT");
        if (name == null || name.isBlank()) {
            name = readCurrentContext(configDir.resolve("config.json")).orElse(null);
        }
        if (name == null || name.isBlank() || name.equals("default")) {
            return Optional.empty();
        }
        String hash = sha256(name);
        Path meta = configDir.resolve("contexts/meta").resolve(hash).resolve("meta.json");
        try {
            JsonNode root = JSON.readTree(Files.readString(meta, StandardCharsets.UTF_8));
            String host = root.path("Endpoints").path("docker").path("Host").asText("");
            boolean tls = Files.isDirectory(configDir.resolve("contexts/tls").resolve(hash).resolve("docker"));
            if (host.startsWith("unix://") || (host.startsWith("tcp://") && !tls) || host.startsWith("npipe://")) {
                return Optional.of(new DockerEndpoint(host, "Docker context '" + name + "'"));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> readCurrentContext(Path config) {
        try {
            if (!Files.isRegularFile(config)) {
                return Optional.empty();
            }
            JsonNode root = JSON.readTree(Files.readString(config, StandardCharsets.UTF_8));
            return Optional.ofNullable(root.path("currentContext").textValue());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
