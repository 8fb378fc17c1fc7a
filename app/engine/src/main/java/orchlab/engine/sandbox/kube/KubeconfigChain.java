package orchlab.engine.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/**
 * A list of kubeconfig files read the way kubectl reads {@code KUBECONFIG} (client-go's
 * {@code ClientConfigLoadingRules}, documented in "Organizing Cluster Access Using kubeconfig Files"): files are
 * merged in order; the first file to set {@code current-context} wins; a cluster, user or context is taken
 * <em>whole</em> from the first file that names it (a later file's entry of the same name is ignored, even its
 * fields the first one lacks); empty entries and missing files are skipped; a relative certificate, key or token
 * file path is resolved against the folder of the file that defines it.
 *
 * <p>The lab uses this to reference a learner's kubeconfig instead of copying it: a credential-free file first in
 * the list chooses the context (and namespace), the learner's files after it supply the cluster and the user.
 * {@link #contextKubeconfig} gives the chosen context as one self-contained kubeconfig <em>in memory</em>, for the
 * lab's own clients (fabric8, Helm) — it is never written to disk.
 */
public final class KubeconfigChain {
    /** Larger files are refused before they are read: a kubeconfig is a few kilobytes. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();
    private static final Map<String, String> BODY = Map.of("clusters", "cluster", "users", "user", "contexts", "context");
    private static final Map<String, List<String>> FILE_FIELDS = Map.of(
            "clusters", List.of("certificate-authority"),
            "users", List.of("client-certificate", "client-key", "tokenFile"));

    /** One named entry and the file that defined it. */
    record Entry(ObjectNode body, Path origin) {
    }

    private final List<Path> files;
    private final Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
    private String currentContext;

    private KubeconfigChain(List<Path> files) {
        this.files = List.copyOf(files);
        BODY.keySet().forEach(s -> sections.put(s, new LinkedHashMap<>()));
    }

    /**
     * kubectl's order: {@code --kubeconfig FILE} alone when given; otherwise every entry of {@code $KUBECONFIG};
     * otherwise {@code ~/.kube/config}.
     */
    public static List<Path> filesFor(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            return List.of(explicit.get());
        }
        return filesFor(System.getenv("KUBECONFIG"), System.getProperty("user.home"));
    }

    static List<Path> filesFor(String kubeconfigVariable, String home) {
        if (kubeconfigVariable != null && !kubeconfigVariable.isBlank()) {
            List<Path> list = new ArrayList<>();
            for (String entry : kubeconfigVariable.split(File.pathSeparator)) {
                if (!entry.isBlank() && !list.contains(Path.of(entry))) {
                    list.add(Path.of(entry));
                }
            }
            return list;
        }
        return List.of(Path.of(home, ".kube", "config"));
    }

    /** Reads and merges {@code files}; fails naming the file when one cannot be read, or when none exists. */
    public static KubeconfigChain load(List<Path> files) throws SandboxException {
        KubeconfigChain chain = new KubeconfigChain(files);
        boolean any = false;
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue; // as kubectl: a missing file in the list is skipped
            }
            if (!Files.isRegularFile(file)) {
                throw new SandboxException("kubeconfig " + file + " is not a regular file — name a kubeconfig file");
            }
            chain.merge(file, read(file));
            any = true;
        }
        if (!any) {
            throw new SandboxException((files.size() == 1 ? "kubeconfig " + files.get(0) + " does not exist"
                    : "none of the kubeconfig files " + files + " exists")
                    + " — pass --kubeconfig FILE with the cluster's kubeconfig");
        }
        return chain;
    }

    private static ObjectNode read(Path file) throws SandboxException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new SandboxException("kubeconfig " + file + " is larger than " + MAX_FILE_BYTES / (1024 * 1024)
                        + " MiB — is it really a kubeconfig?");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            JsonNode root = text.isBlank() ? JsonNodeFactory.instance.objectNode() : YamlDoc.parse(file.toString(), text).root();
            if (root == null || root.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!root.isObject()) {
                throw new SandboxException("kubeconfig " + file + " is not a kubeconfig: it has no clusters, users or contexts");
            }
            return (ObjectNode) root;
        } catch (YamlSyntaxException e) {
            throw new SandboxException("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SandboxException("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }

    private void merge(Path file, ObjectNode config) {
        JsonNode current = config.path("current-context");
        if (currentContext == null && current.isTextual() && !current.asText().isEmpty()) {
            currentContext = current.asText();
        }
        for (var section : sections.entrySet()) {
            JsonNode list = config.path(section.getKey());
            if (!(list instanceof ArrayNode array)) {
                continue;
            }
            for (JsonNode named : array) {
                String name = named.path("name").asText("");
                JsonNode body = named.path(BODY.get(section.getKey()));
                if (!name.isEmpty() && !section.getValue().containsKey(name)) {
                    section.getValue().put(name, new Entry(body.isObject() ? ((ObjectNode) body).deepCopy()
                            : JsonNodeFactory.instance.objectNode(), file.toAbsolutePath()));
                }
            }
        }
    }

    public List<Path> files() {
        return files;
    }

    /** The merged {@code current-context}: the first file's that sets one. */
    public Optional<String> currentContext() {
        return Optional.ofNullable(currentContext);
    }

    public List<String> contextNames() {
        return List.copyOf(sections.get("contexts").keySet());
    }

    /** {@code context}, or the current context, checked to exist. */
    public String resolve(Optional<String> context) throws SandboxException {
        String name = context.filter(c -> !c.isBlank()).orElse(currentContext);
        if (name == null || name.isBlank()) {
            throw new SandboxException("kubeconfig " + shown() + " has no current context — choose one with --context");
        }
        if (!sections.get("contexts").containsKey(name)) {
            throw new SandboxException("kubeconfig " + shown() + " has no context named '" + name + "' (it has: "
                    + String.join(", ", contextNames()) + ")");
        }
        return name;
    }

    private String shown() {
        return files.size() == 1 ? files.get(0).toString() : String.join(File.pathSeparator, files.stream().map(Path::toString).toList());
    }

    /** The context's own fields ({@code cluster}, {@code user}, {@code namespace}); no credentials are in them. */
    public ObjectNode contextBody(String context) throws SandboxException {
        Entry entry = sections.get("contexts").get(resolve(Optional.of(context)));
        return entry.body().deepCopy();
    }

    /** The context's namespace, when it names one. */
    public Optional<String> namespace(String context) throws SandboxException {
        JsonNode ns = contextBody(context).path("namespace");
        return ns.isTextual() && !ns.asText().isBlank() ? Optional.of(ns.asText()) : Optional.empty();
    }

    /**
     * The chosen context as one self-contained kubeconfig (its context, cluster and user, file paths made
     * absolute), optionally with another default namespace. It holds the user's credentials: keep it in memory.
     */
    public String contextKubeconfig(String context, Optional<String> namespace) throws SandboxException {
        ObjectNode out = contextTree(context, namespace);
        try {
            return YAML.writeValueAsString(out);
        } catch (IOException e) {
            throw new SandboxException("cannot prepare the kubeconfig of context '" + out.path("current-context").asText()
                    + "': " + e.getMessage(), e);
        }
    }

    /** {@link #contextKubeconfig} as a tree (it holds the credentials: keep it in memory). */
    public ObjectNode contextTree(String context, Optional<String> namespace) throws SandboxException {
        String name = resolve(Optional.of(context));
        ObjectNode ctx = contextBody(name);
        namespace.ifPresent(ns -> ctx.put("namespace", ns));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("apiVersion", "v1");
        out.put("kind", "Config");
        out.put("current-context", name);
        out.putArray("contexts").addObject().put("name", name).set("context", ctx);
        addEntry(out, "clusters", ctx.path("cluster").asText(""));
        addEntry(out, "users", ctx.path("user").asText(""));
        return out;
    }

    private void addEntry(ObjectNode out, String section, String name) {
        ArrayNode list = out.putArray(section);
        Entry entry = sections.get(section).get(name);
        if (name.isEmpty() || entry == null) {
            return;
        }
        ObjectNode body = entry.body().deepCopy();
        Path base = entry.origin().getParent();
        for (String field : FILE_FIELDS.getOrDefault(section, List.of())) {
            JsonNode value = body.path(field);
            if (value.isTextual() && !value.asText().isEmpty() && base != null) {
                body.put(field, base.resolve(value.asText()).normalize().toString());
            }
        }
        // an exec plugin named by a relative path with a separator is resolved against the kubeconfig's folder too
        JsonNode exec = body.path("exec");
        if (exec.isObject() && exec.path("command").isTextual() && base != null) {
            String command = exec.path("command").asText();
            if (command.contains("/") && !Path.of(command).isAbsolute()) {
                ((ObjectNode) exec).put("command", base.resolve(command).normalize().toString());
            }
        }
        list.addObject().put("name", name).set(BODY.get(section), body);
    }
}
