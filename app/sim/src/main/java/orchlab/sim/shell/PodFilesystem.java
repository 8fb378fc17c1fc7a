package orchlab.sim.shell;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The files a container of a simulated Pod sees: a few files every Linux image has ({@code /etc/hostname},
 * {@code /etc/hosts}, {@code /etc/resolv.conf}) and what the Pod spec mounts — ConfigMap, Secret, projected and
 * downwardAPI volumes (read-only, as the kubelet mounts them) at their {@code mountPath}, {@code subPath} mounts of
 * one key, and emptyDir/PVC/hostPath volumes as empty writable folders. Anything written is kept in memory by this
 * object, which the API server keeps for the Pod's life. Nothing comes from the image: an image's own files do not
 * exist.
 */
public final class PodFilesystem {

    /** A file or folder; {@code content} is null for a folder. */
    private record Entry(byte[] content) {
        boolean folder() {
            return content == null;
        }
    }

    private final TreeMap<String, Entry> entries = new TreeMap<>();
    /** Mount points that refuse writes (ConfigMap/Secret/projected/downwardAPI, or {@code readOnly: true}). */
    private final List<String> readOnly = new ArrayList<>();

    private PodFilesystem() {
        entries.put("/", new Entry(null));
    }

    /** An empty filesystem with only {@code /}: for tests. */
    public static PodFilesystem empty() {
        return new PodFilesystem();
    }

    /**
     * The filesystem of {@code container} in {@code pod}.
     *
     * @param lookup finds a ConfigMap ({@code "ConfigMap"}) or Secret ({@code "Secret"}) of the Pod's namespace by name
     */
    public static PodFilesystem of(JsonNode pod, JsonNode container, BiFunction<String, String, Optional<? extends JsonNode>> lookup) {
        PodFilesystem fs = new PodFilesystem();
        for (String dir : List.of("/bin", "/dev", "/etc", "/home", "/proc", "/root", "/sys", "/tmp", "/usr", "/var")) {
            fs.mkdirs(dir);
        }
        String name = pod.path("metadata").path("name").asText();
        String namespace = pod.path("metadata").path("namespace").asText("default");
        String hostname = pod.path("spec").path("hostname").asText(name);
        String ip = pod.path("status").path("podIP").asText("");
        fs.put("/etc/hostname", hostname + "\n");
        fs.put("/etc/hosts", "# Kubernetes-managed hosts file (simulated).\n127.0.0.1\tlocalhost\n"
                + (ip.isEmpty() ? "" : ip + "\t" + hostname + "\n"));
        fs.put("/etc/resolv.conf", "search " + namespace + ".svc.cluster.local svc.cluster.local cluster.local\n"
                + "nameserver 10.43.0.10\noptions ndots:5\n");
        for (JsonNode mount : container.path("volumeMounts")) {
            JsonNode volume = volume(pod, mount.path("name").asText());
            if (volume != null) {
                fs.mount(pod, volume, mount, lookup);
            }
        }
        return fs;
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("spec").path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private void mount(JsonNode pod, JsonNode volume, JsonNode mount, BiFunction<String, String, Optional<? extends JsonNode>> lookup) {
        String at = normalize("/", mount.path("mountPath").asText("/"));
        String subPath = mount.path("subPath").asText("");
        Map<String, byte[]> files = new TreeMap<>();
        boolean configLike = true;
        if (volume.has("configMap")) {
            files.putAll(keys(lookup.apply("ConfigMap", volume.path("configMap").path("name").asText()), false, volume.path("configMap").path("items")));
        } else if (volume.has("secret")) {
            files.putAll(keys(lookup.apply("Secret", volume.path("secret").path("secretName").asText()), true, volume.path("secret").path("items")));
        } else if (volume.has("downwardAPI")) {
            files.putAll(downward(pod, volume.path("downwardAPI").path("items")));
        } else if (volume.has("projected")) {
            for (JsonNode source : volume.path("projected").path("sources")) {
                if (source.has("configMap")) {
                    files.putAll(keys(lookup.apply("ConfigMap", source.path("configMap").path("name").asText()), false, source.path("configMap").path("items")));
                } else if (source.has("secret")) {
                    files.putAll(keys(lookup.apply("Secret", source.path("secret").path("name").asText()), true, source.path("secret").path("items")));
                } else if (source.has("downwardAPI")) {
                    files.putAll(downward(pod, source.path("downwardAPI").path("items")));
                } else if (source.has("serviceAccountToken")) {
                    files.put(source.path("serviceAccountToken").path("path").asText("token"),
                            bytes("simulated-token: the OrchLab simulated cluster does not accept this as a credential\n"));
                }
            }
        } else {
            configLike = false; // emptyDir, persistentVolumeClaim, hostPath, ...: an empty writable folder
        }
        if (!subPath.isEmpty()) {
            if (configLike) {
                byte[] content = files.get(subPath);
                if (content != null) {
                    mkdirs(parent(at));
                    entries.put(at, new Entry(content));
                }
            } else {
                mkdirs(at);
            }
        } else {
            mkdirs(at);
            files.forEach((path, content) -> {
                String file = normalize(at, path);
                mkdirs(parent(file));
                entries.put(file, new Entry(content));
            });
        }
        if (configLike || mount.path("readOnly").asBoolean(false)) {
            readOnly.add(at);
        }
    }

    private static Map<String, byte[]> keys(Optional<? extends JsonNode> object, boolean base64, JsonNode items) {
        Map<String, byte[]> all = new TreeMap<>();
        if (object.isEmpty()) {
            return all;
        }
        object.get().path("data").fields().forEachRemaining(f -> all.put(f.getKey(), base64
                ? decode(f.getValue().asText()) : bytes(f.getValue().asText())));
        object.get().path("binaryData").fields().forEachRemaining(f -> all.put(f.getKey(), decode(f.getValue().asText())));
        if (!items.isArray() || items.isEmpty()) {
            return all;
        }
        Map<String, byte[]> chosen = new TreeMap<>();
        for (JsonNode item : items) {
            byte[] content = all.get(item.path("key").asText());
            if (content != null) {
                chosen.put(item.path("path").asText(item.path("key").asText()), content);
            }
        }
        return chosen;
    }

    private static Map<String, byte[]> downward(JsonNode pod, JsonNode items) {
        Map<String, byte[]> files = new TreeMap<>();
        for (JsonNode item : items) {
            String field = item.path("fieldRef").path("fieldPath").asText("");
            String value;
            if (field.equals("metadata.labels") || field.equals("metadata.annotations")) {
                StringBuilder lines = new StringBuilder();
                pod.path("metadata").path(field.substring("metadata.".length())).fields().forEachRemaining(f ->
                        lines.append(f.getKey()).append("=\"").append(f.getValue().asText()).append("\"\n"));
                value = lines.toString().stripTrailing();
            } else if (field.startsWith("metadata.labels['") || field.startsWith("metadata.annotations['")) {
                String map = field.startsWith("metadata.labels") ? "labels" : "annotations";
                String key = field.substring(field.indexOf("['") + 2, field.lastIndexOf("']"));
                value = pod.path("metadata").path(map).path(key).asText("");
            } else if (field.startsWith("metadata.") || field.startsWith("spec.") || field.startsWith("status.")) {
                String[] parts = field.split("\\.");
                value = pod.path(parts[0]).path(parts[1]).asText("");
            } else {
                value = item.has("resourceFieldRef") ? "0" : "";
            }
            files.put(item.path("path").asText(), bytes(value));
        }
        return files;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return bytes(base64);
        }
    }

    /** {@code path} made absolute against {@code cwd}, with {@code .}, {@code ..} and repeated slashes resolved. */
    public static String normalize(String cwd, String path) {
        String joined = path.startsWith("/") ? path : cwd + "/" + path;
        List<String> parts = new ArrayList<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String baseName(String path) {
        return path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
    }

    private void put(String path, String text) {
        entries.put(path, new Entry(bytes(text)));
    }

    private void mkdirs(String path) {
        String p = normalize("/", path);
        while (!entries.containsKey(p)) {
            entries.put(p, new Entry(null));
            p = parent(p);
        }
    }

    public synchronized boolean exists(String path) {
        return entries.containsKey(path);
    }

    public synchronized boolean isFolder(String path) {
        Entry e = entries.get(path);
        return e != null && e.folder();
    }

    /** The file's content, empty when there is no such file (or it is a folder). */
    public synchronized Optional<byte[]> read(String path) {
        Entry e = entries.get(path);
        return e == null || e.folder() ? Optional.empty() : Optional.of(e.content().clone());
    }

    /** The names directly in a folder, sorted. */
    public synchronized List<String> list(String folder) {
        String prefix = folder.equals("/") ? "/" : folder + "/";
        List<String> names = new ArrayList<>();
        for (String path : entries.tailMap(prefix, false).keySet()) {
            if (!path.startsWith(prefix)) {
                break;
            }
            String rest = path.substring(prefix.length());
            if (!rest.isEmpty() && rest.indexOf('/') < 0) {
                names.add(rest);
            }
        }
        return names;
    }

    /** Every path under {@code folder} (itself included), in order: what {@code tar} walks. */
    public synchronized List<String> walk(String folder) {
        List<String> paths = new ArrayList<>();
        paths.add(folder);
        String prefix = folder.equals("/") ? "/" : folder + "/";
        for (String path : entries.tailMap(prefix, false).keySet()) {
            if (!path.startsWith(prefix)) {
                break;
            }
            paths.add(path);
        }
        return paths;
    }

    public synchronized long size(String path) {
        Entry e = entries.get(path);
        return e == null || e.folder() ? 0 : e.content().length;
    }

    /** Why a write to {@code path} fails ({@code Read-only file system}, ...), empty when it may be written. */
    private Optional<String> writeProblem(String path) {
        for (String mount : readOnly) {
            if (path.equals(mount) || path.startsWith(mount.equals("/") ? "/" : mount + "/")) {
                return Optional.of("Read-only file system");
            }
        }
        if (!isFolder(parent(path))) {
            return Optional.of(exists(parent(path)) ? "Not a directory" : "No such file or directory");
        }
        if (isFolder(path)) {
            return Optional.of("Is a directory");
        }
        return Optional.empty();
    }

    /** Writes (or appends to) a file; the error text ({@code Read-only file system}) when it cannot. */
    public synchronized Optional<String> write(String path, byte[] content, boolean append) {
        Optional<String> problem = writeProblem(path);
        if (problem.isPresent()) {
            return problem;
        }
        byte[] old = append ? read(path).orElse(new byte[0]) : new byte[0];
        byte[] all = new byte[old.length + content.length];
        System.arraycopy(old, 0, all, 0, old.length);
        System.arraycopy(content, 0, all, old.length, content.length);
        entries.put(path, new Entry(all));
        return Optional.empty();
    }

    /** Makes a folder (and, with {@code parents}, the folders above it); the error text when it cannot. */
    public synchronized Optional<String> makeFolder(String path, boolean parents) {
        if (isFolder(path)) {
            return parents ? Optional.empty() : Optional.of("File exists");
        }
        if (parents && !exists(parent(path))) {
            Optional<String> above = makeFolder(parent(path), true);
            if (above.isPresent()) {
                return above;
            }
        }
        Optional<String> problem = writeProblem(path);
        if (problem.isPresent()) {
            return problem;
        }
        if (exists(path)) {
            return Optional.of("File exists");
        }
        entries.put(path, new Entry(null));
        return Optional.empty();
    }

    /** Removes a file, or with {@code recursive} a folder and what it holds; the error text when it cannot. */
    public synchronized Optional<String> remove(String path, boolean recursive) {
        if (!exists(path)) {
            return Optional.of("No such file or directory");
        }
        for (String mount : readOnly) {
            if (path.equals(mount) || path.startsWith(mount + "/")) {
                return Optional.of("Read-only file system");
            }
        }
        if (isFolder(path)) {
            if (!recursive) {
                return Optional.of("is a directory");
            }
            walk(path).forEach(entries::remove);
        } else {
            entries.remove(path);
        }
        return Optional.empty();
    }
}
