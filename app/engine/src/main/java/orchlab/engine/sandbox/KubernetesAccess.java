package orchlab.engine.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import orchlab.engine.sandbox.kube.KubeconfigChain;

/**
 * A way into a Kubernetes API server: a fabric8 client for everything, and {@link #reads()} for the reads checks make.
 * The fabric8 client may be built on first use ({@link #lazy}): a {@code lab check} whose checks only read objects
 * then never builds it (fabric8's client and model are about a thousand classes, a third of a short process's start).
 */
public final class KubernetesAccess implements AutoCloseable {
    private final List<Path> kubeconfigs;
    private final String context;
    private final Supplier<KubernetesClient> factory;
    private final KubeReads ownReads;
    private volatile KubernetesClient client;
    private volatile KubeReads clientReads;
    private volatile String pinnedKubeconfig;

    /**
     * @param client      fabric8 client bound to the chosen context
     * @param kubeconfigs the {@code KUBECONFIG} list for kubectl (merged as kubectl merges it, first file wins): one file
     *                    the lab wrote for its own clusters (sim, k3s); for a user's own cluster, the lab's credential-free
     *                    reference choosing the context, then the user's own kubeconfig file(s) — referenced, never copied
     * @param context     the context name
     */
    public KubernetesAccess(KubernetesClient client, List<Path> kubeconfigs, String context) {
        // a null client is allowed, as before: code that only needs the kubeconfig list (LabKubeconfig) never asks for it
        this(client, null, null, kubeconfigs, context);
    }

    /** A cluster whose kubeconfig is one file. */
    public KubernetesAccess(KubernetesClient client, Path kubeconfig, String context) {
        this(client, List.of(kubeconfig), context);
    }

    private KubernetesAccess(KubernetesClient client, Supplier<KubernetesClient> factory, KubeReads reads,
                             List<Path> kubeconfigs, String context) {
        if (kubeconfigs.isEmpty()) {
            throw new IllegalArgumentException("a KUBECONFIG list needs at least one file");
        }
        this.client = client;
        this.factory = factory;
        this.ownReads = reads;
        this.kubeconfigs = List.copyOf(kubeconfigs);
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * Reads through {@code reads}; the fabric8 client is built by {@code factory} the first time {@link #client()} is
     * asked for (and closed by {@link #close()} only if it was).
     */
    public static KubernetesAccess lazy(Supplier<KubernetesClient> factory, KubeReads reads, List<Path> kubeconfigs,
                                        String context) {
        return new KubernetesAccess(null, Objects.requireNonNull(factory, "factory"), Objects.requireNonNull(reads, "reads"),
                kubeconfigs, context);
    }

    /** The fabric8 client bound to the context (built now if it was not yet). */
    public KubernetesClient client() {
        KubernetesClient built = client;
        if (built == null && factory != null) {
            synchronized (this) {
                if (client == null) {
                    client = factory.get();
                }
                built = client;
            }
        }
        return built;
    }

    /** Whether the fabric8 client exists yet (a {@link #lazy} access builds it on the first {@link #client()}). */
    public boolean clientBuilt() {
        return client != null;
    }

    /** The reads checks make: without building the fabric8 client when this access was made {@link #lazy}. */
    public KubeReads reads() {
        if (ownReads != null) {
            return ownReads;
        }
        KubeReads r = clientReads;
        if (r == null) {
            r = KubeReads.of(client());
            clientReads = r;
        }
        return r;
    }

    public List<Path> kubeconfigs() {
        return kubeconfigs;
    }

    public String context() {
        return context;
    }

    /** The first file of {@link #kubeconfigs}: the one the lab wrote. Alone it is a whole kubeconfig only for the lab's own clusters. */
    public Path kubeconfig() {
        return kubeconfigs.get(0);
    }

    /** The value for {@code KUBECONFIG}: the files, absolute, joined with the platform's path separator. */
    public String kubeconfigVariable() {
        return String.join(File.pathSeparator, kubeconfigs.stream().map(p -> p.toAbsolutePath().toString()).toList());
    }

    /**
     * The chosen context as one self-contained kubeconfig, built in memory from {@link #kubeconfigs} (for Helm, which
     * takes kubeconfig contents). It holds the credentials: never write it to disk.
     */
    public String contextKubeconfig() throws SandboxException {
        String pinned = pinnedKubeconfig;
        return pinned != null ? pinned : KubeconfigChain.load(kubeconfigs).contextKubeconfig(context, Optional.empty());
    }

    /**
     * Pins {@link #contextKubeconfig} to what a sandbox the lab started wrote for its own cluster: the file lives in the
     * lab's shared state folder, and another lab process starting its own sandbox writes the same path — Helm must keep
     * talking to this cluster, never to the other one. (The fabric8 client is already bound to it.)
     */
    public KubernetesAccess pin(String kubeconfigContents) {
        this.pinnedKubeconfig = Objects.requireNonNull(kubeconfigContents, "kubeconfigContents");
        return this;
    }

    /** Closes the fabric8 client if it was built. */
    @Override
    public void close() {
        KubernetesClient built = client;
        if (built != null) {
            built.close();
        }
    }

    @Override
    public String toString() {
        return "KubernetesAccess[context=" + context + ", kubeconfigs=" + kubeconfigs + "]";
    }
}
