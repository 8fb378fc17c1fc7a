package orchlab.engine.docker.checks;

import orchlab.engine.check.toolkit.CelAssertions;
import orchlab.engine.check.toolkit.CheckSettings;
import orchlab.engine.check.toolkit.Fields;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.docker.DockerJson;

/**
 * Declarative expectations on an image or container inspect tree, written as plain keys of the check.
 * Each failure names the Docker field with what was expected and what was found.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>user</td><td>{@code non-root}, {@code root} or a user name/uid ({@code Config.User})</td></tr>
 *   <tr><td>cmd</td><td>{@code exec-form} or the exact list ({@code Config.Cmd})</td></tr>
 *   <tr><td>entrypoint</td><td>{@code exec-form}, {@code none} or the exact list ({@code Config.Entrypoint})</td></tr>
 *   <tr><td>exposedPorts</td><td>ports that must be exposed, {@code 8000} or {@code 53/udp} ({@code Config.ExposedPorts})</td></tr>
 *   <tr><td>workdir</td><td>{@code Config.WorkingDir}</td></tr>
 *   <tr><td>env</td><td>variables, {@code NAME: value} ({@code null} = any value) ({@code Config.Env})</td></tr>
 *   <tr><td>labels</td><td>labels, {@code key: value} ({@code null} = any value) ({@code Config.Labels})</td></tr>
 *   <tr><td>healthcheck</td><td>{@code true}: a HEALTHCHECK is defined ({@code Config.Healthcheck})</td></tr>
 *   <tr><td>maxSize</td><td>image only: {@code 200MB} ({@code Size})</td></tr>
 *   <tr><td>maxLayers</td><td>image only: number of layers ({@code RootFS.Layers})</td></tr>
 *   <tr><td>image</td><td>container only: the image it runs ({@code Config.Image})</td></tr>
 *   <tr><td>restartPolicy</td><td>container only: {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure} ({@code HostConfig.RestartPolicy.Name})</td></tr>
 *   <tr><td>mounts</td><td>container only: {@code volume:/path} (a named volume), {@code ./folder:/path} (a bind mount) or {@code /path}
 *       (anything), each optionally followed by {@code :ro} or {@code :rw} ({@code Mounts}, with {@code RW})</td></tr>
 *   <tr><td>tmpfs</td><td>container only: paths where a tmpfs is mounted ({@code HostConfig.Tmpfs}, or a {@code tmpfs} entry of {@code Mounts})</td></tr>
 *   <tr><td>ports</td><td>container only: published {@code hostPort:containerPort}, or {@code none}: nothing published ({@code NetworkSettings.Ports})</td></tr>
 *   <tr><td>networks</td><td>container only: networks it is attached to, among others ({@code NetworkSettings.Networks})</td></tr>
 *   <tr><td>onlyNetworks</td><td>container only: the networks it is attached to, and no other ({@code NetworkSettings.Networks})</td></tr>
 *   <tr><td>health</td><td>container only: {@code healthy}, {@code unhealthy} or {@code starting} ({@code State.Health.Status})</td></tr>
 * </table>
 */
final class Expectations {
    static final Set<String> COMMON_KEYS = Set.of("user", "cmd", "entrypoint", "exposedPorts", "workdir", "env", "labels", "healthcheck");
    static final Set<String> IMAGE_KEYS = union(COMMON_KEYS, Set.of("maxSize", "maxLayers"));
    static final Set<String> CONTAINER_KEYS = union(COMMON_KEYS, Set.of("image", "restartPolicy", "mounts", "tmpfs", "ports", "networks", "onlyNetworks", "health"));
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|kib|mib|gib)?\\s*");
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:/(tcp|udp|sctp))?");
    private static final Pattern PUBLISHED = Pattern.compile("(?:(\\d{1,3}(?:\\.\\d{1,3}){3}):)?(\\d{1,5}):(\\d{1,5})(?:/(tcp|udp|sctp))?");

    private final List<Function<JsonNode, List<FieldFailure>>> checks;

    private Expectations(List<Function<JsonNode, List<FieldFailure>>> checks) {
        this.checks = List.copyOf(checks);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> s = new java.util.LinkedHashSet<>(a);
        s.addAll(b);
        return java.util.Collections.unmodifiableSet(s);
    }

    boolean isEmpty() {
        return checks.isEmpty();
    }

    List<FieldFailure> evaluate(JsonNode inspect) {
        List<FieldFailure> out = new ArrayList<>();
        for (var check : checks) {
            out.addAll(check.apply(inspect));
        }
        return out;
    }

    /** Reads the keys of {@code allowed} that are present in {@code settings}. */
    static Expectations read(CheckSettings s, Set<String> allowed) {
        List<Function<JsonNode, List<FieldFailure>>> checks = new ArrayList<>();
        if (allowed.contains("user") && s.has("user")) {
            String want = s.text("user").orElse("non-root");
            checks.add(t -> user(t, want));
        }
        for (String key : List.of("cmd", "entrypoint")) {
            if (allowed.contains(key) && s.has(key)) {
                String field = key.equals("cmd") ? "Config.Cmd" : "Config.Entrypoint";
                JsonNode v = s.node().get(key);
                if (v.isArray()) {
                    List<String> want = s.texts(key);
                    checks.add(t -> exactList(t, field, want));
                } else if (v.isTextual() && (v.textValue().equals("exec-form") || (key.equals("entrypoint") && v.textValue().equals("none")))) {
                    String mode = v.textValue();
                    checks.add(t -> mode.equals("none") ? noEntrypoint(t) : execForm(t, field, key.toUpperCase(Locale.ROOT)));
                } else {
                    s.error(key, key + " must be exec-form" + (key.equals("entrypoint") ? ", none" : "") + " or a list like [\"python\", \"app.py\"], not "
                            + (v.isValueNode() ? "'" + v.asText() + "'" : v.toString()), "");
                }
            }
        }
        if (allowed.contains("exposedPorts") && s.has("exposedPorts")) {
            List<String> ports = new ArrayList<>();
            for (String p : s.texts("exposedPorts")) {
                Matcher m = PORT.matcher(p.trim());
                if (m.matches()) {
                    ports.add(m.group(1) + "/" + (m.group(2) == null ? "tcp" : m.group(2)));
                } else {
                    s.error("exposedPorts", "'" + p + "' is not a port", "write 8000 or 53/udp");
                }
            }
            checks.add(t -> exposed(t, ports));
        }
        if (allowed.contains("workdir") && s.has("workdir")) {
            String want = s.text("workdir").orElse("");
            checks.add(t -> equalText(t, "Config.WorkingDir", want));
        }
        if (allowed.contains("env") && s.has("env")) {
            Map<String, String> want = s.textMap("env");
            checks.add(t -> env(t, want));
        }
        if (allowed.contains("labels") && s.has("labels")) {
            Map<String, String> want = s.textMap("labels");
            checks.add(t -> labels(t, want));
        }
        if (allowed.contains("healthcheck") && s.has("healthcheck")) {
            boolean want = s.bool("healthcheck").orElse(true);
            checks.add(t -> healthcheck(t, want));
        }
        if (allowed.contains("maxSize") && s.has("maxSize")) {
            Optional<Long> max = size(s.text("maxSize").orElse(""));
            if (max.isEmpty()) {
                s.error("maxSize", "'" + s.text("maxSize").orElse("") + "' is not a size", "write 200MB, 1.5GB or a number of bytes");
            } else {
                checks.add(t -> maxSize(t, max.get()));
            }
        }
        if (allowed.contains("maxLayers") && s.has("maxLayers")) {
            s.integer("maxLayers", 1, 1000).ifPresent(max -> checks.add(t -> maxLayers(t, max)));
        }
        if (allowed.contains("image") && s.has("image")) {
            String want = s.text("image").orElse("");
            checks.add(t -> equalText(t, "Config.Image", want));
        }
        if (allowed.contains("restartPolicy") && s.has("restartPolicy")) {
            String want = s.text("restartPolicy").orElse("no");
            if (!want.matches("no|always|unless-stopped|on-failure")) {
                s.error("restartPolicy", "'" + want + "' is not a restart policy", "use no, always, unless-stopped or on-failure");
            }
            checks.add(t -> restart(t, want));
        }
        if (allowed.contains("mounts") && s.has("mounts")) {
            List<MountWant> mounts = new ArrayList<>();
            for (String m : s.texts("mounts")) {
                Optional<MountWant> want = MountWant.parse(m);
                if (want.isEmpty()) {
                    s.error("mounts", "'" + m + "' is not a mount",
                            "write volume:/path/in/container, ./folder:/path/in/container, /path/in/container, and :ro or :rw after it to require read-only or writable");
                } else {
                    mounts.add(want.get());
                }
            }
            checks.add(t -> mounts(t, mounts));
        }
        if (allowed.contains("tmpfs") && s.has("tmpfs")) {
            List<String> paths = new ArrayList<>();
            for (String p : s.texts("tmpfs")) {
                if (!p.startsWith("/") || p.contains(":")) {
                    s.error("tmpfs", "'" + p + "' is not a path in the container", "write the mount point, like /var/cache/nginx");
                } else {
                    paths.add(p);
                }
            }
            checks.add(t -> tmpfs(t, paths));
        }
        if (allowed.contains("ports") && s.has("ports") && s.texts("ports").equals(List.of("none"))) {
            checks.add(Expectations::nothingPublished);
        } else if (allowed.contains("ports") && s.has("ports")) {
            List<String[]> ports = new ArrayList<>();
            for (String p : s.texts("ports")) {
                Matcher m = PUBLISHED.matcher(p.trim());
                if (m.matches()) {
                    ports.add(new String[] {m.group(2), m.group(3) + "/" + (m.group(4) == null ? "tcp" : m.group(4))});
                } else {
                    s.error("ports", "'" + p + "' is not a published port", "write hostPort:containerPort, e.g. \"8080:8000\", or none");
                }
            }
            checks.add(t -> published(t, ports));
        }
        if (allowed.contains("networks") && s.has("networks")) {
            List<String> want = s.texts("networks");
            checks.add(t -> networks(t, want));
        }
        if (allowed.contains("onlyNetworks") && s.has("onlyNetworks")) {
            List<String> want = s.texts("onlyNetworks");
            checks.add(t -> onlyNetworks(t, want));
        }
        if (allowed.contains("health") && s.has("health")) {
            String want = s.text("health").orElse("healthy");
            if (!want.matches("healthy|unhealthy|starting")) {
                s.error("health", "'" + want + "' is not a health status", "use healthy, unhealthy or starting");
            }
            checks.add(t -> health(t, want));
        }
        return new Expectations(checks);
    }

    // ------------------------------------------------------------------ the checks

    static boolean isRoot(String user) {
        String u = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return u.isEmpty() || u.equals("root") || u.equals("0");
    }

    private static List<FieldFailure> user(JsonNode t, String want) {
        String actual = DockerJson.at(t, "Config.User").asText("");
        String shown = actual.isEmpty() ? "root (no USER set)" : actual;
        return switch (want) {
            case "non-root" -> isRoot(actual) ? List.of(FieldFailure.different("Config.User", "a non-root user", shown)) : List.of();
            case "root" -> isRoot(actual) ? List.of() : List.of(FieldFailure.different("Config.User", "root", shown));
            default -> want.equals(actual) ? List.of() : List.of(FieldFailure.different("Config.User", want, shown));
        };
    }

    static boolean isShellForm(JsonNode list) {
        return list.isArray() && list.size() >= 2
                && (list.get(0).asText().equals("/bin/sh") || list.get(0).asText().equals("/bin/bash") || list.get(0).asText().equals("sh"))
                && list.get(1).asText().equals("-c")
                || list.isArray() && list.size() >= 2 && list.get(0).asText().equalsIgnoreCase("cmd") && list.get(1).asText().equalsIgnoreCase("/S");
    }

    private static List<FieldFailure> execForm(JsonNode t, String field, String instruction) {
        JsonNode list = DockerJson.at(t, field);
        if (isShellForm(list)) {
            List<String> words = new ArrayList<>();
            list.forEach(w -> words.add(w.asText()));
            String command = String.join(" ", words.subList(2, words.size()));
            return List.of(FieldFailure.different(field, instruction + " in exec form, like [\"python\", \"app.py\"]",
                    "shell form " + DockerJson.render(list) + " (written as " + instruction + " " + command + ")"));
        }
        return List.of();
    }

    private static List<FieldFailure> noEntrypoint(JsonNode t) {
        JsonNode list = DockerJson.at(t, "Config.Entrypoint");
        return list.isArray() && list.size() > 0 ? List.of(FieldFailure.unexpected("Config.Entrypoint", DockerJson.render(list))) : List.of();
    }

    private static List<FieldFailure> exactList(JsonNode t, String field, List<String> want) {
        JsonNode list = DockerJson.at(t, field);
        List<String> actual = new ArrayList<>();
        if (list.isArray()) {
            list.forEach(w -> actual.add(w.asText()));
        }
        if (actual.equals(want)) {
            return List.of();
        }
        String expected = DockerJson.MAPPER.valueToTree(want).toString();
        return actual.isEmpty() ? List.of(FieldFailure.missing(field, expected)) : List.of(FieldFailure.different(field, expected, DockerJson.render(list)));
    }

    private static List<FieldFailure> exposed(JsonNode t, List<String> ports) {
        JsonNode map = DockerJson.at(t, "Config.ExposedPorts");
        List<String> present = new ArrayList<>();
        map.fieldNames().forEachRemaining(present::add);
        List<FieldFailure> out = new ArrayList<>();
        for (String p : ports) {
            if (!present.contains(p)) {
                out.add(present.isEmpty() ? FieldFailure.missing("Config.ExposedPorts", p + " (EXPOSE " + p.replace("/tcp", "") + ")")
                        : FieldFailure.different("Config.ExposedPorts", p, String.join(", ", present)));
            }
        }
        return out;
    }

    private static List<FieldFailure> equalText(JsonNode t, String field, String want) {
        JsonNode v = DockerJson.at(t, field);
        String actual = v.asText("");
        if (actual.equals(want)) {
            return List.of();
        }
        return actual.isEmpty() ? List.of(FieldFailure.missing(field, want)) : List.of(FieldFailure.different(field, want, actual));
    }

    private static List<FieldFailure> env(JsonNode t, Map<String, String> want) {
        JsonNode list = DockerJson.at(t, "Config.Env");
        List<FieldFailure> out = new ArrayList<>();
        for (Map.Entry<String, String> e : want.entrySet()) {
            String found = null;
            for (JsonNode item : list) {
                String s = item.asText();
                if (s.startsWith(e.getKey() + "=")) {
                    found = s.substring(e.getKey().length() + 1);
                }
            }
            String path = "Config.Env[" + e.getKey() + "]";
            if (found == null) {
                out.add(FieldFailure.missing(path, e.getValue() == null ? "set" : e.getValue()));
            } else if (e.getValue() != null && !e.getValue().equals(found)) {
                out.add(FieldFailure.different(path, e.getValue(), found.isEmpty() ? "\"\" (empty)" : found));
            }
        }
        return out;
    }

    private static List<FieldFailure> labels(JsonNode t, Map<String, String> want) {
        JsonNode map = DockerJson.at(t, "Config.Labels");
        List<FieldFailure> out = new ArrayList<>();
        for (Map.Entry<String, String> e : want.entrySet()) {
            JsonNode v = map.get(e.getKey());
            String path = "Config.Labels[\"" + e.getKey() + "\"]";
            if (v == null || v.isNull()) {
                out.add(FieldFailure.missing(path, e.getValue() == null ? "set" : e.getValue()));
            } else if (e.getValue() != null && !e.getValue().equals(v.asText())) {
                out.add(FieldFailure.different(path, e.getValue(), v.asText()));
            }
        }
        return out;
    }

    private static List<FieldFailure> healthcheck(JsonNode t, boolean want) {
        JsonNode test = DockerJson.at(t, "Config.Healthcheck.Test");
        boolean defined = test.isArray() && test.size() > 0 && !test.get(0).asText().equals("NONE");
        if (defined == want) {
            return List.of();
        }
        return want ? List.of(FieldFailure.missing("Config.Healthcheck", "a HEALTHCHECK"))
                : List.of(FieldFailure.unexpected("Config.Healthcheck", DockerJson.render(test)));
    }

    static Optional<Long> size(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        double factor = switch (unit) {
            case "kb" -> 1e3;
            case "mb" -> 1e6;
            case "gb" -> 1e9;
            case "kib" -> 1024;
            case "mib" -> 1024 * 1024;
            case "gib" -> 1024.0 * 1024 * 1024;
            default -> 1;
        };
        return Optional.of((long) (n * factor));
    }

    static String humanSize(long bytes) {
        if (bytes >= 1e9) {
            return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
        }
        if (bytes >= 1e6) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        if (bytes >= 1e3) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        return bytes + " B";
    }

    private static List<FieldFailure> maxSize(JsonNode t, long max) {
        long size = DockerJson.at(t, "Size").asLong(0);
        return size <= max ? List.of() : List.of(FieldFailure.different("Size", "at most " + humanSize(max), humanSize(size)));
    }

    private static List<FieldFailure> maxLayers(JsonNode t, int max) {
        int layers = DockerJson.at(t, "RootFS.Layers").size();
        return layers <= max ? List.of() : List.of(FieldFailure.different("RootFS.Layers", "at most " + max + " layers", layers + " layers"));
    }

    private static List<FieldFailure> restart(JsonNode t, String want) {
        String actual = DockerJson.at(t, "HostConfig.RestartPolicy.Name").asText("");
        if (actual.isEmpty()) {
            actual = "no";
        }
        return actual.equals(want) ? List.of() : List.of(FieldFailure.different("HostConfig.RestartPolicy.Name", want, actual));
    }

    private static String composeProject(JsonNode t) {
        return DockerJson.at(t, "Config.Labels").path("com.docker.compose.project").asText("");
    }

    /**
     * One wanted mount: {@code source} empty (anything at {@code dest}), a volume name, or a host folder
     * ({@code ./site}, {@code /srv/site}, {@code ~/site}); {@code readOnly} null when either is fine.
     */
    record MountWant(String source, String dest, Boolean readOnly) {
        static Optional<MountWant> parse(String text) {
            List<String> parts = new ArrayList<>(List.of(text.trim().split(":", -1)));
            Boolean readOnly = null;
            if (parts.size() > 1 && parts.get(parts.size() - 1).matches("ro|rw")) {
                readOnly = parts.remove(parts.size() - 1).equals("ro");
            }
            if (parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
                return Optional.empty();
            }
            String dest = parts.get(parts.size() - 1);
            String source = parts.size() == 2 ? parts.get(0) : "";
            return dest.startsWith("/") ? Optional.of(new MountWant(source, dest, readOnly)) : Optional.empty();
        }

        boolean isFolder() {
            return source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
        }

        String describe() {
            return source.isEmpty() ? "something mounted at " + dest : (isFolder() ? "bind mount of " + source : "volume " + source);
        }
    }

    private static final Pattern ANONYMOUS = Pattern.compile("[0-9a-f]{64}");

    /**
     * The container's mounts as {@code Mounts} lists them, plus the tmpfs mounts made with {@code --tmpfs} (Compose's
     * {@code tmpfs:} key), which the engine keeps only in {@code HostConfig.Tmpfs}.
     */
    static List<JsonNode> mountsOf(JsonNode t) {
        List<JsonNode> out = new ArrayList<>();
        t.path("Mounts").forEach(out::add);
        t.path("HostConfig").path("Tmpfs").fieldNames().forEachRemaining(dest -> out.add(
                DockerJson.MAPPER.createObjectNode().put("Type", "tmpfs").put("Destination", dest).put("RW", true)));
        return out;
    }

    private static Optional<JsonNode> mountAt(List<JsonNode> mounts, String dest) {
        JsonNode found = null;
        for (JsonNode m : mounts) {
            if (dest.equals(m.path("Destination").asText())) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /** {@code volume shop_pgdata}, {@code an anonymous volume 8581d40717ea…}, {@code bind mount of /tmp/site}, {@code tmpfs}. */
    private static String describeMount(JsonNode m) {
        String type = m.path("Type").asText("");
        String name = m.path("Name").asText("");
        return switch (type) {
            case "volume" -> ANONYMOUS.matcher(name).matches()
                    ? "an anonymous volume " + name.substring(0, 12) + "… (no name, so nothing finds it again once the container is removed)"
                    : "volume " + name;
            case "bind" -> "bind mount of " + m.path("Source").asText("");
            case "" -> "a mount of " + m.path("Source").asText("");
            default -> type + (name.isEmpty() ? "" : " " + name);
        };
    }

    private static boolean sameSource(JsonNode m, MountWant w, String project) {
        String type = m.path("Type").asText("");
        if (w.isFolder()) {
            String src = m.path("Source").asText("");
            String folder = w.source().replaceFirst("^(\\./|~/)+", "").replaceFirst("/+$", "");
            return type.equals("bind") && (src.equals(w.source()) || folder.isEmpty() || folder.equals(".") || src.endsWith("/" + folder));
        }
        String name = m.path("Name").asText("");
        return type.equals("volume") && (w.source().equals(name) || (!project.isEmpty() && (project + "_" + w.source()).equals(name)));
    }

    private static List<FieldFailure> mounts(JsonNode t, List<MountWant> want) {
        List<JsonNode> mounts = mountsOf(t);
        String project = composeProject(t);
        List<FieldFailure> out = new ArrayList<>();
        for (MountWant w : want) {
            String path = "Mounts[" + w.dest() + "]";
            Optional<JsonNode> found = mountAt(mounts, w.dest());
            // a wanted source mounted at another path is the likely mistake: say where it went
            String elsewhere = w.source().isEmpty() ? "" : mounts.stream()
                    .filter(m -> sameSource(m, w, project) && !w.dest().equals(m.path("Destination").asText()))
                    .map(m -> " — " + w.source() + " is mounted at " + m.path("Destination").asText() + " instead")
                    .findFirst().orElse("");
            if (found.isEmpty()) {
                out.add(elsewhere.isEmpty() ? FieldFailure.missing(path, w.describe() + (w.source().isEmpty() ? "" : " mounted at " + w.dest()))
                        : FieldFailure.different(path, w.describe() + " mounted at " + w.dest(), "nothing mounted there" + elsewhere));
                continue;
            }
            JsonNode m = found.get();
            if (!w.source().isEmpty() && !sameSource(m, w, project)) {
                out.add(FieldFailure.different(path, w.describe(), describeMount(m) + elsewhere));
                continue;
            }
            boolean readOnly = !m.path("RW").asBoolean(true);
            if (w.readOnly() != null && w.readOnly() != readOnly) {
                out.add(w.readOnly()
                        ? FieldFailure.different(path + ".RW", "false (read-only)", "true (writable) — add :ro to the mount, or read_only: true in the long syntax")
                        : FieldFailure.different(path + ".RW", "true (writable)", "false (read-only) — remove :ro from the mount"));
            }
        }
        return out;
    }

    private static List<FieldFailure> tmpfs(JsonNode t, List<String> paths) {
        List<JsonNode> mounts = mountsOf(t);
        List<FieldFailure> out = new ArrayList<>();
        for (String dest : paths) {
            String path = "Mounts[" + dest + "]";
            Optional<JsonNode> found = mountAt(mounts, dest);
            if (found.isEmpty()) {
                out.add(FieldFailure.missing(path, "a tmpfs mounted at " + dest + " (tmpfs: in Compose, --tmpfs with docker run)"));
            } else if (!found.get().path("Type").asText("").equals("tmpfs")) {
                out.add(FieldFailure.different(path, "a tmpfs", describeMount(found.get())));
            }
        }
        return out;
    }

    private static List<FieldFailure> published(JsonNode t, List<String[]> want) {
        JsonNode ports = DockerJson.at(t, "NetworkSettings.Ports");
        JsonNode bindings = DockerJson.at(t, "HostConfig.PortBindings");
        List<FieldFailure> out = new ArrayList<>();
        for (String[] w : want) {
            String hostPort = w[0];
            String key = w[1];
            List<String> hostPorts = hostPorts(ports.path(key));
            if (hostPorts.isEmpty()) {
                hostPorts = hostPorts(bindings.path(key));
            }
            String path = "NetworkSettings.Ports[\"" + key + "\"]";
            if (hostPorts.isEmpty()) {
                out.add(FieldFailure.missing(path, "published on host port " + hostPort + " (-p " + hostPort + ":" + key.replace("/tcp", "") + ")"));
            } else if (!hostPorts.contains(hostPort)) {
                out.add(FieldFailure.different(path, "host port " + hostPort, "host port " + String.join(", ", hostPorts)));
            }
        }
        return out;
    }

    static List<String> hostPorts(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list.isArray()) {
            for (JsonNode b : list) {
                String p = b.path("HostPort").asText("");
                if (!p.isEmpty() && !out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static List<FieldFailure> networks(JsonNode t, List<String> want) {
        JsonNode nets = DockerJson.at(t, "NetworkSettings.Networks");
        List<String> names = new ArrayList<>();
        Iterator<String> it = nets.fieldNames();
        it.forEachRemaining(names::add);
        String project = composeProject(t);
        List<FieldFailure> out = new ArrayList<>();
        for (String n : want) {
            if (!names.contains(n) && !(project.length() > 0 && names.contains(project + "_" + n))) {
                out.add(names.isEmpty() ? FieldFailure.missing("NetworkSettings.Networks", n)
                        : FieldFailure.different("NetworkSettings.Networks", "attached to " + n, String.join(", ", names)));
            }
        }
        return out;
    }

    /** Network names as the check writes them: {@code backend} for Compose's {@code shop_backend}. */
    private static String shortName(String network, String project) {
        return !project.isEmpty() && network.startsWith(project + "_") ? network.substring(project.length() + 1) : network;
    }

    private static List<FieldFailure> onlyNetworks(JsonNode t, List<String> want) {
        String project = composeProject(t);
        List<String> extra = new ArrayList<>();
        DockerJson.at(t, "NetworkSettings.Networks").fieldNames().forEachRemaining(n -> {
            if (!want.contains(n) && !want.contains(shortName(n, project))) {
                extra.add(n);
            }
        });
        List<FieldFailure> out = new ArrayList<>(networks(t, want));
        if (!extra.isEmpty()) {
            out.add(FieldFailure.different("NetworkSettings.Networks", "attached only to " + String.join(", ", want),
                    "also attached to " + String.join(", ", extra) + " — every container on " + (extra.size() == 1 ? "it" : "them") + " can reach this one"));
        }
        return out;
    }

    private static List<FieldFailure> nothingPublished(JsonNode t) {
        List<String> published = new ArrayList<>();
        for (JsonNode source : List.of(DockerJson.at(t, "NetworkSettings.Ports"), DockerJson.at(t, "HostConfig.PortBindings"))) {
            source.fieldNames().forEachRemaining(key -> {
                for (String host : hostPorts(source.path(key))) {
                    String shown = host + ":" + key.replace("/tcp", "");
                    if (!published.contains(shown)) {
                        published.add(shown);
                    }
                }
            });
        }
        return published.isEmpty() ? List.of() : List.of(FieldFailure.different("NetworkSettings.Ports", "nothing published",
                String.join(", ", published) + " (host:container) — remove ports: (or -p); containers on a shared network reach the port without it"));
    }

    private static List<FieldFailure> health(JsonNode t, String want) {
        JsonNode status = DockerJson.at(t, "State.Health.Status");
        if (status.isMissingNode() || status.asText("").isEmpty()) {
            return List.of(FieldFailure.missing("State.Health.Status", want + " (the container has no HEALTHCHECK)"));
        }
        return status.asText().equals(want) ? List.of() : List.of(FieldFailure.different("State.Health.Status", want, status.asText()));
    }
}
