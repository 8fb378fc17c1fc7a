package orchlab.engine.sandbox.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxHealth;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;

/**
 * Any existing cluster, through a kubeconfig the user names (or kubectl's default ones) and the context they choose.
 * The lab reads that kubeconfig and never writes or copies it: kubectl in the lab's terminal gets a {@code KUBECONFIG}
 * list whose first file is the lab's reference (current context and namespace, no credentials) and whose next files
 * are the user's own; the lab's clients hold the context's settings in memory only.
 */
public final class KubeconfigSandboxProvider implements SandboxProvider {

    @Override
    public String type() {
        return "kubeconfig";
    }

    @Override
    public SandboxKind kind() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public int preference() {
        return 30;
    }

    @Override
    public Availability probe(SandboxOptions options) {
        Optional<Path> file = options.kubeconfig().or(LabKubeconfig::userDefault);
        return file.map(f -> Availability.yes("kubeconfig " + f))
                .orElseGet(() -> Availability.no("no kubeconfig found (set KUBECONFIG or pass --kubeconfig)"));
    }

    /**
     * Reads the user's kubeconfig ({@code --kubeconfig}, else every file of {@code $KUBECONFIG}, else
     * {@code ~/.kube/config}, merged as kubectl merges them), writes a credential-free reference choosing the context
     * into the state folder, and connects fabric8 from the context's settings held in memory. kubectl and Helm get
     * the list reference + the user's files ({@link KubernetesAccess#kubeconfigs()}).
     */
    @Override
    public Sandbox open(SandboxOptions options, ProgressListener progress) throws SandboxException {
        List<Path> files = KubeconfigChain.filesFor(options.kubeconfig());
        progress.progress(0.2, "reading " + String.join(java.io.File.pathSeparator, files.stream().map(Path::toString).toList()));
        KubeconfigChain chain = KubeconfigChain.load(files);
        String context = chain.resolve(options.context());
        forgetOldCopies(options.stateDir());
        // one reference per (files, context): two sandboxes on two contexts of one kubeconfig never share one
        Path reference = options.stateDir().resolve("kubeconfig-" + Integer.toHexString(
                (files.stream().map(p -> p.toAbsolutePath().toString()).toList() + "#" + context).hashCode()) + ".yaml");
        LabKubeconfig.writeReference(chain, context, Optional.empty(), reference);
        progress.progress(0.5, "connecting to context " + context);
        List<Path> list = new ArrayList<>();
        list.add(reference.toAbsolutePath());
        files.forEach(f -> list.add(f.toAbsolutePath()));
        // a plain context (server, CA, token) is read through the JDK's HttpClient; fabric8's client is built only
        // when something needs more than reads (apply, watch, Helm...): most of a short `lab check`'s start-up
        Optional<PlainKubeReads> plain = PlainKubeReads.forContext(chain, context,
                Duration.ofMillis(KubeConnect.CONNECT_TIMEOUT_MS), Duration.ofMillis(KubeConnect.REQUEST_TIMEOUT_MS));
        if (plain.isPresent()) {
            String version;
            try {
                version = plain.get().version(KubeProbe.DEADLINE);
            } catch (SandboxException e) {
                throw new SandboxException("context '" + context + "': " + e.getMessage(), e);
            }
            progress.progress(1, "connected");
            KubernetesAccess access = KubernetesAccess.lazy(() -> {
                try {
                    return KubeConnect.client(chain, context);
                } catch (SandboxException e) {
                    throw new IllegalStateException(e.getMessage(), e); // read and checked above: not expected
                }
            }, plain.get(), list, context);
            return new KubeconfigSandbox(access, version, chain, list, new java.util.concurrent.ConcurrentHashMap<>());
        }
        KubernetesClient client = KubeConnect.client(chain, context);
        VersionInfo version;
        try {
            version = KubeConnect.ping(client);
        } catch (SandboxException e) {
            client.close();
            throw new SandboxException("context '" + context + "': " + e.getMessage(), e);
        }
        progress.progress(1, "connected");
        return new KubeconfigSandbox(new KubernetesAccess(client, list, context), version.getGitVersion(), chain, list,
                new java.util.concurrent.ConcurrentHashMap<>());
    }

    /**
     * Earlier versions copied the chosen context, credentials included, to {@code kubeconfig-<hash>} here (and the
     * desktop's terminal to {@code terminal/kubeconfig-<namespace>.yaml}); those copies are removed when found.
     */
    private static void forgetOldCopies(Path stateDir) {
        for (Path dir : List.of(stateDir, stateDir.resolveSibling("terminal"))) {
            try (var entries = Files.list(dir)) {
                for (Path p : entries.toList()) {
                    if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && p.getFileName().toString().startsWith("kubeconfig-") && holdsCredentials(p)) {
                        Files.deleteIfExists(p);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // nothing there, or not readable: nothing to forget
            }
        }
    }

    private static boolean holdsCredentials(Path file) throws IOException {
        if (Files.size(file) > KubeconfigChain.MAX_FILE_BYTES) {
            return false;
        }
        String text = Files.readString(file);
        return !text.startsWith(LabKubeconfig.MARKER) && text.contains("users:");
    }

    /**
     * @param kubeconfigs what kubectl gets (the lab's reference, then the user's files)
     * @param named       the clusters of multi-cluster exercises reached so far, by context name ({@link #cluster})
     */
    private record KubeconfigSandbox(KubernetesAccess access, String version, KubeconfigChain chain, List<Path> kubeconfigs,
                                     java.util.Map<String, KubernetesAccess> named) implements Sandbox {

        /**
         * ADR 0016: a multi-cluster exercise's cluster {@code name} is the kubeconfig's context of the same name — when
         * the kubeconfig has a context for every name the exercise declares (all or none: a half-mapped exercise would
         * put the standby's objects into the active cluster). The chosen context serves its own name.
         */
        @Override
        public KubernetesAccess cluster(String name, List<String> clusters) throws SandboxException {
            List<String> missing = clusters.stream().filter(c -> !chain.contextNames().contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new SandboxException("this exercise needs " + orchlab.engine.sandbox.ClusterNames.describe(clusters)
                        + "; the kubeconfig has no context " + String.join(" or ", missing) + " — add "
                        + (missing.size() == 1 ? "it" : "them") + " (a context per cluster, named like the exercise's"
                        + " clusters), or choose the simulated cluster, which provides them");
            }
            if (name.equals(access.context())) {
                return access;
            }
            KubernetesAccess known = named.get(name);
            if (known != null) {
                return known;
            }
            Optional<PlainKubeReads> plain = PlainKubeReads.forContext(chain, name,
                    Duration.ofMillis(KubeConnect.CONNECT_TIMEOUT_MS), Duration.ofMillis(KubeConnect.REQUEST_TIMEOUT_MS));
            java.util.function.Supplier<KubernetesClient> factory = () -> {
                try {
                    return KubeConnect.client(chain, name);
                } catch (SandboxException e) {
                    throw new IllegalStateException("context '" + name + "': " + e.getMessage(), e);
                }
            };
            KubernetesAccess made = plain.isPresent() ? KubernetesAccess.lazy(factory, plain.get(), kubeconfigs, name)
                    : new KubernetesAccess(KubeConnect.client(chain, name), kubeconfigs, name);
            KubernetesAccess raced = named.putIfAbsent(name, made);
            if (raced != null) {
                made.close();
                return raced;
            }
            return made;
        }

        @Override
        public String type() {
            return "kubeconfig";
        }

        @Override
        public String description() {
            return "cluster from kubeconfig, context " + access.context() + " (Kubernetes " + version + ")";
        }

        @Override
        public boolean simulated() {
            return false;
        }

        @Override
        public Optional<KubernetesAccess> kubernetes() {
            return Optional.of(access);
        }

        @Override
        public Optional<DockerAccess> docker() {
            return Optional.empty();
        }

        @Override
        public SandboxHealth health() {
            try {
                if (access.reads() instanceof PlainKubeReads plain) {
                    plain.version(KubeProbe.DEADLINE);
                    return SandboxHealth.ok("context " + access.context() + " answers");
                }
                KubeConnect.ping(access.client());
                return SandboxHealth.ok("context " + access.context() + " answers");
            } catch (SandboxException e) {
                return SandboxHealth.down(e.getMessage());
            }
        }

        @Override
        public void close() {
            access.close();
            named.values().forEach(KubernetesAccess::close);
        }
    }
}
