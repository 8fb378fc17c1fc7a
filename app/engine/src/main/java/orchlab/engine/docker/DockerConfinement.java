package orchlab.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;

/**
 * What a pack's Docker files may ask of the host (ADR 0009): bind mounts and other host paths only inside the
 * workspace (real paths, symbolic links followed), no privileged containers, no added capabilities or devices,
 * no host PID/IPC/network/UTS/user/cgroup namespaces, no security options, nothing that belongs to someone else
 * (external volumes and networks, another container's volumes or network). Each refusal is located
 * ({@code compose.yaml:7:5: ...}).
 */
public final class DockerConfinement {
    private static final Set<String> REFUSED_KEYS = Set.of("privileged", "cap_add", "devices", "device_cgroup_rules",
            "security_opt", "cgroup_parent");
    private static final Set<String> NAMESPACE_KEYS = Set.of("pid", "ipc", "network_mode", "uts", "userns_mode", "cgroup");

    private DockerConfinement() {
    }

    /**
     * Why a host path written in the pack ({@code ./html}, {@code data/config.yaml}) may not be used, or empty when
     * it stays inside {@code workspace} — after following symbolic links, for the path and each existing parent.
     */
    public static Optional<String> hostPathProblem(Path workspace, String written) {
        if (written.contains("$")) {
            return Optional.of("'" + written + "' uses a variable ($...), so the lab cannot tell where it leads on the host");
        }
        if (written.startsWith("/") || written.startsWith("~") || written.startsWith("\\") || written.matches("^[A-Za-z]:.*")) {
            return Optional.of("'" + written + "' is a path on the host outside the workspace");
        }
        try {
            Path root = workspace.toRealPath();
            Path resolved = workspace.toAbsolutePath().normalize().resolve(written).normalize();
            if (!resolved.startsWith(workspace.toAbsolutePath().normalize())) {
                return Optional.of("'" + written + "' leads outside the workspace");
            }
            Path existing = resolved;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing != null) {
                Path real = existing.toRealPath();
                if (!real.startsWith(root)) {
                    return Optional.of("'" + written + "' leads outside the workspace through a symbolic link (to " + real + ")");
                }
            }
            return Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.of("'" + written + "' is not a valid path: " + e.getReason());
        } catch (IOException e) {
            return Optional.of("'" + written + "' cannot be resolved: " + e.getMessage());
        }
    }

    /** A refused part of a Compose file: where it is, and why ({@code service app: 'privileged' is not allowed ...}). */
    public record Refusal(Location at, String message) {
        @Override
        public String toString() {
            return at + ": " + message;
        }
    }

    /** Every located refusal for a Compose file that would run from {@code workspace}, as {@code file:line:column: why}. */
    public static List<String> composeProblems(Path workspace, YamlDoc compose) {
        return composeRefusals(workspace, compose).stream().map(Refusal::toString).toList();
    }

    /**
     * Every refusal for a Compose file that would run from {@code workspace}: when it is applied, and when the pack is
     * validated or loaded (for the Compose files of its starter, solution and answers).
     */
    public static List<Refusal> composeRefusals(Path workspace, YamlDoc compose) {
        List<Refusal> out = new ArrayList<>();
        JsonNode root = compose.root();
        if (!root.isObject()) {
            return out;
        }
        if (root.has("include")) {
            out.add(new Refusal(compose.locateKey("/include"), "include is not allowed in an exercise's Compose file (the lab checks one file)"));
        }
        JsonNode services = root.path("services");
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = YamlDoc.child("/services", e.getKey());
            JsonNode service = e.getValue();
            if (!service.isObject()) {
                continue;
            }
            for (Iterator<String> keys = service.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                String keyAt = YamlDoc.child(at, key);
                JsonNode value = service.get(key);
                if (REFUSED_KEYS.contains(key) && !(key.equals("privileged") && value.isBoolean() && !value.booleanValue())) {
                    out.add(new Refusal(compose.locateKey(keyAt), "service " + e.getKey() + ": '" + key
                            + "' is not allowed — an exercise may not give a container more power over the host"));
                } else if (NAMESPACE_KEYS.contains(key)) {
                    String v = value.asText("");
                    if (v.equals("host") || v.contains("$") || v.startsWith("container:")) {
                        out.add(new Refusal(compose.locate(keyAt), "service " + e.getKey() + ": '" + key + ": " + v
                                + "' is not allowed — an exercise may not share the host's (or another container's) namespaces"));
                    }
                } else if (key.equals("volumes_from")) {
                    for (int i = 0; i < value.size(); i++) {
                        if (value.get(i).asText("").startsWith("container:")) {
                            out.add(new Refusal(compose.locate(YamlDoc.child(keyAt, i)), "service " + e.getKey()
                                    + ": volumes_from another container is not allowed — it may not belong to the exercise"));
                        }
                    }
                } else if (key.equals("volumes")) {
                    serviceVolumes(workspace, compose, e.getKey(), keyAt, value, out);
                } else if (key.equals("build")) {
                    String context = value.isTextual() ? value.asText() : value.path("context").asText(".");
                    String where = value.isTextual() ? keyAt : YamlDoc.child(keyAt, "context");
                    hostPathProblem(workspace, context).ifPresent(p -> out.add(new Refusal(compose.locate(where), "service " + e.getKey()
                            + ": build context " + p)));
                } else if (key.equals("env_file")) {
                    List<String> files = new ArrayList<>();
                    if (value.isTextual()) {
                        files.add(value.asText());
                    } else {
                        value.forEach(f -> files.add(f.isObject() ? f.path("path").asText() : f.asText()));
                    }
                    for (String f : files) {
                        hostPathProblem(workspace, f).ifPresent(p -> out.add(new Refusal(compose.locate(keyAt), "service " + e.getKey()
                                + ": env_file " + p)));
                    }
                } else if (key.equals("extends") && value.has("file")) {
                    out.add(new Refusal(compose.locate(YamlDoc.child(keyAt, "file")), "service " + e.getKey()
                            + ": extends with a file is not allowed (the lab checks one Compose file)"));
                }
            }
        }
        for (String section : List.of("volumes", "networks")) {
            JsonNode declared = root.path(section);
            for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = YamlDoc.child("/" + section, e.getKey());
                JsonNode v = e.getValue();
                if (v != null && v.isObject()) {
                    if (v.path("external").asBoolean(false) || v.path("external").isObject()) {
                        out.add(new Refusal(compose.locate(YamlDoc.child(at, "external")), section.substring(0, section.length() - 1) + " "
                                + e.getKey() + ": external is not allowed — an exercise uses only what it creates"));
                    }
                    if (section.equals("volumes") && v.has("driver_opts")) {
                        out.add(new Refusal(compose.locate(YamlDoc.child(at, "driver_opts")), "volume " + e.getKey()
                                + ": driver_opts are not allowed — they can mount any host path"));
                    }
                }
            }
        }
        for (String section : List.of("configs", "secrets")) {
            JsonNode declared = root.path(section);
            for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().has("file")) {
                    String at = YamlDoc.child(YamlDoc.child("/" + section, e.getKey()), "file");
                    hostPathProblem(workspace, e.getValue().get("file").asText()).ifPresent(p -> out.add(new Refusal(compose.locate(at),
                            section.substring(0, section.length() - 1) + " " + e.getKey() + ": file " + p)));
                }
            }
        }
        return out;
    }

    private static void serviceVolumes(Path workspace, YamlDoc compose, String service, String at, JsonNode volumes, List<Refusal> out) {
        for (int i = 0; i < volumes.size(); i++) {
            JsonNode v = volumes.get(i);
            String where = YamlDoc.child(at, i);
            String source;
            boolean bind;
            if (v.isTextual()) {
                String text = v.asText();
                int colon = text.indexOf(':');
                if (colon < 0) {
                    continue; // an anonymous volume: a container path only
                }
                source = text.substring(0, colon);
                bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~") || source.contains("/")
                        || source.contains("$") || source.contains("\\");
            } else if (v.isObject()) {
                String type = v.path("type").asText("volume");
                if (type.equals("npipe")) {
                    out.add(new Refusal(compose.locate(where), "service " + service + ": npipe mounts are not allowed"));
                    continue;
                }
                bind = type.equals("bind");
                source = v.path("source").asText("");
                where = YamlDoc.child(where, "source");
            } else {
                continue;
            }
            if (bind) {
                String w = where;
                hostPathProblem(workspace, source).ifPresent(p -> out.add(new Refusal(compose.locate(w), "service " + service
                        + ": bind mount " + p + " — mount a folder inside the workspace (./...)")));
            }
        }
    }
}
