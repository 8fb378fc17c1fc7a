package orchlab.engine.sandbox.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.SandboxException;

/**
 * The kubeconfig <em>reference</em> the lab writes: a small file holding no credentials — only a context (its
 * cluster and user by name, a namespace) and {@code current-context} — put first in a {@code KUBECONFIG} list before
 * the kubeconfig that holds the cluster and the user. kubectl merges such a list with the first file winning each
 * key ({@link KubeconfigChain}), so the reference chooses the context and namespace while the credentials stay in
 * the user's own file, which the lab only ever reads.
 */
public final class LabKubeconfig {
    /** The first line of every reference the lab writes. */
    public static final String MARKER = "# written by OrchLab: which context to use. No credentials here —"
            + " kubectl reads them from the files after this one in KUBECONFIG.";
    /** A Kubernetes namespace name (RFC 1123 label). */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private LabKubeconfig() {
    }

    /**
     * Writes the reference for {@code context} of {@code chain} to {@code target}: the context's {@code cluster} and
     * {@code user} by name, {@code namespace} (or the context's own), and {@code current-context}.
     */
    public static Path writeReference(KubeconfigChain chain, String context, Optional<String> namespace, Path target)
            throws SandboxException {
        return writeReference(chain, context, List.of(), namespace, target);
    }

    /**
     * The same, with {@code namespace} also set on the chain's contexts {@code others} (the other clusters of a
     * multi-cluster exercise, ADR 0016: namespace sameness — {@code kubectl --context west} works in the exercise's
     * namespace too). {@code context} stays the current one.
     */
    public static Path writeReference(KubeconfigChain chain, String context, List<String> others, Optional<String> namespace,
                                      Path target) throws SandboxException {
        ObjectNode ref = JsonNodeFactory.instance.objectNode();
        ref.put("apiVersion", "v1");
        ref.put("kind", "Config");
        ref.put("current-context", context);
        var contexts = ref.putArray("contexts");
        for (String name : java.util.stream.Stream.concat(java.util.stream.Stream.of(context), others.stream())
                .distinct().toList()) {
            contexts.addObject().put("name", name).set("context", referenceContext(chain, name, namespace));
        }
        try {
            write(MARKER + "\n" + YAML.writeValueAsString(ref), target);
        } catch (IOException e) {
            throw new SandboxException("cannot write the lab's kubeconfig " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static ObjectNode referenceContext(KubeconfigChain chain, String context, Optional<String> namespace)
            throws SandboxException {
        ObjectNode body = chain.contextBody(context);
        ObjectNode ctx = JsonNodeFactory.instance.objectNode();
        // only names: a context cannot hold a credential, but copy no field other than these three anyway
        for (String field : List.of("cluster", "user", "namespace")) {
            if (body.path(field).isTextual()) {
                ctx.put(field, body.path(field).asText());
            }
        }
        namespace.ifPresent(ns -> {
            if (!NAMESPACE.matcher(ns).matches()) {
                throw new IllegalArgumentException("\"" + ns + "\" is not a Kubernetes namespace name.");
            }
            ctx.put("namespace", ns);
        });
        return ctx;
    }

    /**
     * The {@code KUBECONFIG} list for a shell working in {@code namespace} of {@code access}'s cluster: a reference
     * naming that namespace ({@code <outDir>/kubeconfig-<namespace>.yaml}) first, then the sandbox's own list.
     */
    public static List<Path> forNamespace(KubernetesAccess access, String namespace, Path outDir) throws SandboxException {
        return forNamespace(access, namespace, List.of(), outDir);
    }

    /**
     * The same for a multi-cluster exercise (ADR 0016): {@code clusters} (its declared names, contexts of the
     * sandbox's kubeconfig) also work in {@code namespace}, so that {@code kubectl --context west get pods} lists the
     * exercise's Pods in west. Names that are no context of the kubeconfig are left out.
     */
    public static List<Path> forNamespace(KubernetesAccess access, String namespace, List<String> clusters, Path outDir)
            throws SandboxException {
        KubeconfigChain chain = KubeconfigChain.load(access.kubeconfigs());
        List<String> others = clusters.stream().filter(chain.contextNames()::contains).toList();
        Path reference = writeReference(chain, access.context(), others, Optional.of(namespace),
                outDir.resolve("kubeconfig-" + namespace + ".yaml"));
        List<Path> list = new ArrayList<>();
        list.add(reference.toAbsolutePath());
        access.kubeconfigs().forEach(p -> list.add(p.toAbsolutePath()));
        return list;
    }

    /**
     * Writes a whole kubeconfig the lab owns (its own k3s's admin credentials, never a learner's) atomically and
     * readable by the user only.
     */
    public static void write(io.fabric8.kubernetes.api.model.Config config, Path target) throws SandboxException {
        try {
            write(io.fabric8.kubernetes.client.utils.Serialization.asYaml(config), target);
        } catch (IOException e) {
            throw new SandboxException("cannot write the lab's kubeconfig " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes atomically (temp file, then rename), readable by the user only; the temp file never stays. */
    static void write(String text, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".kubeconfig", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The first kubeconfig kubectl would read that exists: an entry of {@code $KUBECONFIG}, or {@code ~/.kube/config}. */
    public static Optional<Path> userDefault() {
        return KubeconfigChain.filesFor(Optional.empty()).stream().filter(Files::isRegularFile).findFirst();
    }
}
