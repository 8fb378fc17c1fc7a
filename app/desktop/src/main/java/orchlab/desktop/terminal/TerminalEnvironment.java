package orchlab.desktop.terminal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The environment variables that make {@code kubectl}, {@code helm} and {@code docker} in the built-in terminal act on
 * the current exercise's sandbox.
 *
 * <p>kubectl takes its default namespace from the current context of its kubeconfig (there is no environment
 * variable for it), so the terminal gets a copy of the sandbox's kubeconfig whose current context names the
 * exercise's namespace: {@link #kubeconfigWithNamespace}.
 */
public final class TerminalEnvironment {
    public static final String KUBECONFIG = "KUBECONFIG";
    public static final String DOCKER_HOST = "DOCKER_HOST";
    /** The exercise's namespace, for the learner's scripts and prompts. */
    public static final String NAMESPACE_VARIABLE = "ORCHLAB_NAMESPACE";
    /** Helm's own default-namespace variable. */
    public static final String HELM_NAMESPACE = "HELM_NAMESPACE";
    /** A folder of lab-provided tools put in front of {@code PATH}. */
    public static final String BIN_VARIABLE = "ORCHLAB_BIN";

    /** A Kubernetes namespace name (RFC 1123 label). */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** Fields of a kubeconfig that name files; kubectl resolves them against the kubeconfig's own folder. */
    private static final Map<String, List<String>> FILE_FIELDS = Map.of(
            "clusters", List.of("cluster", "certificate-authority"),
            "users", List.of("user", "client-certificate", "client-key", "tokenFile"));

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private TerminalEnvironment() {
    }

    /**
     * The sandbox variables for the terminal.
     *
     * @param kubeconfig the kubeconfig the terminal's kubectl uses; pass the copy from {@link #kubeconfigWithNamespace}
     *     so that kubectl defaults to the exercise's namespace (or use the overload that makes it)
     * @param namespace the exercise's namespace: {@value #NAMESPACE_VARIABLE} and {@value #HELM_NAMESPACE}
     * @param dockerHost the engine's address, e.g. {@code unix:///var/run/docker.sock}
     * @param binDir a folder of lab-provided tools, put in front of {@code PATH}
     */
    public static Map<String, String> forSandbox(Optional<Path> kubeconfig, Optional<String> namespace,
            Optional<String> dockerHost, Optional<Path> binDir) {
        Map<String, String> env = new LinkedHashMap<>();
        kubeconfig.ifPresent(k -> env.put(KUBECONFIG, k.toAbsolutePath().toString()));
        namespace.ifPresent(ns -> {
            env.put(NAMESPACE_VARIABLE, ns);
            env.put(HELM_NAMESPACE, ns);
        });
        dockerHost.ifPresent(host -> env.put(DOCKER_HOST, host));
        binDir.ifPresent(bin -> {
            String dir = bin.toAbsolutePath().toString();
            String path = System.getenv("PATH");
            env.put(BIN_VARIABLE, dir);
            env.put("PATH", path == null || path.isEmpty() ? dir : dir + File.pathSeparator + path);
        });
        return env;
    }

    /**
     * Like {@link #forSandbox(Optional, Optional, Optional, Optional)}, first writing the namespaced copy of
     * {@code kubeconfig} into {@code outDir} when both a kubeconfig and a namespace are given.
     */
    public static Map<String, String> forSandbox(Optional<Path> kubeconfig, Optional<String> namespace,
            Optional<String> dockerHost, Optional<Path> binDir, Path outDir) throws IOException {
        Optional<Path> terminalKubeconfig = kubeconfig;
        if (kubeconfig.isPresent() && namespace.isPresent()) {
            terminalKubeconfig = Optional.of(kubeconfigWithNamespace(kubeconfig.get(), namespace.get(), outDir));
        }
        return forSandbox(terminalKubeconfig, namespace, dockerHost, binDir);
    }

    /**
     * Writes a copy of {@code sourceKubeconfig} into {@code outDir} whose current context has
     * {@code namespace: <namespace>}; the source file is only read. Relative certificate, key and token file paths
     * are made absolute so that the copy still finds them. The copy is readable by its owner only (it holds the same
     * credentials as the source).
     *
     * @return the copy, {@code <outDir>/kubeconfig-<namespace>.yaml}
     * @throws IOException when the source cannot be read, is not a kubeconfig, or has no usable current context; the
     *     message names the file and what to do
     */
    public static Path kubeconfigWithNamespace(Path sourceKubeconfig, String namespace, Path outDir)
            throws IOException {
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("\"" + namespace + "\" is not a Kubernetes namespace name.");
        }
        ObjectNode config = read(sourceKubeconfig);
        JsonNode current = config.path("current-context");
        if (!current.isTextual() || current.asText().isEmpty()) {
            throw new IOException("The kubeconfig " + sourceKubeconfig + " has no current-context, so the terminal"
                    + " cannot tell which cluster to use. Choose one with `kubectl config use-context NAME`.");
        }
        ObjectNode context = findNamed(config, "contexts", current.asText())
                .orElseThrow(() -> new IOException("The kubeconfig " + sourceKubeconfig + " names current-context \""
                        + current.asText() + "\" but has no context of that name under contexts."));
        JsonNode body = context.path("context");
        ObjectNode contextBody = body.isObject() ? (ObjectNode) body : context.putObject("context");
        contextBody.put("namespace", namespace);
        Path base = sourceKubeconfig.toAbsolutePath().getParent();
        FILE_FIELDS.forEach((section, fields) -> makeFilesAbsolute(config, section, fields, base));

        Files.createDirectories(outDir);
        Path target = outDir.resolve("kubeconfig-" + namespace + ".yaml");
        Path temp = ownerOnlyTempFile(outDir);
        try {
            YAML.writeValue(temp.toFile(), config);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    private static ObjectNode read(Path kubeconfig) throws IOException {
        JsonNode tree;
        try {
            tree = YAML.readTree(kubeconfig.toFile());
        } catch (JacksonException e) {
            throw new IOException("The kubeconfig " + kubeconfig + " is not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IOException("The kubeconfig " + kubeconfig + " cannot be read: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IOException("The kubeconfig " + kubeconfig + " is not a kubeconfig: it has no clusters,"
                    + " users or contexts.");
        }
        return (ObjectNode) tree;
    }

    private static Optional<ObjectNode> findNamed(ObjectNode config, String section, String name) {
        JsonNode list = config.path(section);
        if (!(list instanceof ArrayNode array)) {
            return Optional.empty();
        }
        for (JsonNode entry : array) {
            if (entry.isObject() && name.equals(entry.path("name").asText(null))) {
                return Optional.of((ObjectNode) entry);
            }
        }
        return Optional.empty();
    }

    /** {@code fields} = the entry's body key, then the file fields inside it. */
    private static void makeFilesAbsolute(ObjectNode config, String section, List<String> fields, Path base) {
        JsonNode list = config.path(section);
        if (!list.isArray() || base == null) {
            return;
        }
        String bodyKey = fields.get(0);
        for (JsonNode entry : list) {
            JsonNode body = entry.path(bodyKey);
            if (!body.isObject()) {
                continue;
            }
            for (String field : fields.subList(1, fields.size())) {
                JsonNode value = body.path(field);
                if (value.isTextual() && !value.asText().isEmpty() && !Path.of(value.asText()).isAbsolute()) {
                    ((ObjectNode) body).put(field, base.resolve(value.asText()).normalize().toString());
                }
            }
        }
    }

    private static Path ownerOnlyTempFile(Path dir) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(dir, ".kubeconfig-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createTempFile(dir, ".kubeconfig-", ".tmp");
    }
}
