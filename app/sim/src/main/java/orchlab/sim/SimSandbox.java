package orchlab.sim;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.KubeReads;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxHealth;
import orchlab.engine.sandbox.kube.PlainKubeReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sim} sandbox: a running {@link SimCluster}, a kubeconfig for it, the reads checks make through the JDK's
 * HttpClient ({@link #reads}) and a fabric8 client for everything else (built on first use).
 */
public final class SimSandbox implements Sandbox {

    private static final Logger LOG = LoggerFactory.getLogger(SimSandbox.class);
    public static final String DESCRIPTION = "simulated cluster — containers do not really run";

    private final SimCluster cluster;
    private final KubernetesAccess access;
    private final Optional<StateSaver> saver;
    private boolean closed;

    // ADR 0016: the clusters of multi-cluster exercises, by name (see cluster(name, clusters))
    private final Path kubeconfig;
    private SimSettings extraSettings = SimSettings.defaults();
    private Path stateDir;
    /** Each name a multi-cluster exercise asked for, bound to the cluster that serves it (the first cluster for some). */
    private final java.util.Map<String, Named> named = new java.util.LinkedHashMap<>();
    /** The clusters started for names, besides the first ({@link #cluster}): at most {@link #MAX_CLUSTERS} - 1. */
    private final java.util.List<Named> extras = new java.util.ArrayList<>();
    /** At most this many clusters ever run in one sandbox, the first included. */
    public static final int MAX_CLUSTERS = 3;

    /** A cluster serving a name: its access (context of that name) and, for one started for it, what saves its state. */
    private record Named(String name, SimCluster cluster, KubernetesAccess access, Optional<StateSaver> saver) {
    }

    /**
     * A sandbox that can start further clusters for multi-cluster exercises: with {@code settings} on any free port,
     * each keeping its certificate (and, with {@code persist}, its objects) in {@code stateDir/clusters/<name>/}.
     */
    SimSandbox(SimCluster cluster, Path kubeconfig, Optional<StateSaver> saver, SimSettings settings, Path stateDir) {
        this(cluster, kubeconfig, saver);
        this.extraSettings = new SimSettings(0, settings.persist(), settings.podStartDelay(), settings.untaggedImagesFail(),
                settings.imageCatalogs(), settings.unknownImagesFail(), settings.istioApi());
        this.stateDir = stateDir;
    }

    SimSandbox(SimCluster cluster, Path kubeconfig, Optional<StateSaver> saver) {
        this.cluster = cluster;
        this.saver = saver;
        this.kubeconfig = kubeconfig;
        this.stateDir = kubeconfig.toAbsolutePath().getParent();
        // fabric8's client (~400 classes of client and model) is built on first use: `lab sandbox up` and checks that
        // only read never use it
        this.access = access(cluster, kubeconfig, Kubeconfig.CONTEXT);
    }

    /**
     * The access to {@code cluster} under {@code context} of the kubeconfig: fabric8's client built on first use, the
     * checks' reads through the JDK HttpClient (ADR 0014) — the one way this sandbox makes access, for its own cluster
     * and for the named clusters of a multi-cluster exercise.
     */
    private static KubernetesAccess access(SimCluster cluster, Path kubeconfig, String context) {
        return KubernetesAccess.lazy(() -> client(cluster), reads(cluster.url(), cluster), List.of(kubeconfig), context)
                .pin(Kubeconfig.text(cluster.url(), cluster.server().tls().certificateData(), cluster.server().token()));
    }

    /**
     * The reads checks make of the API server at {@code url}: JSON trees through the JDK's HttpClient, not fabric8's
     * typed model and HTTP layers, which were most of a warm check's CPU (ADR 0014).
     */
    private static KubeReads reads(String url, SimCluster cluster) {
        return PlainKubeReads.forServer(url, cluster.server().tls().certificateData(), cluster.server().token(),
                Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    private static KubernetesClient client(SimCluster cluster) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(cluster.url())
                .withCaCertData(cluster.server().tls().certificateData())
                .withOauthToken(cluster.server().token())
                .withNamespace("default")
                .withOnlyHttpWatches(true)
                .withRequestTimeout(30_000)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public SimCluster cluster() {
        return cluster;
    }

    /**
     * The cluster called {@code name} of a multi-cluster exercise declaring {@code clusters} (ADR 0016): the one place
     * that gives a client for a cluster name. A name is bound on its first ask and keeps its cluster: the exercise's
     * first name to this sandbox's own cluster, any other to a cluster started for it now (any free port, its own
     * state folder), at most {@value #MAX_CLUSTERS} clusters in all. The kubeconfig is written again with a context per
     * name besides {@code orchlab-sim}, so that the learner's terminal can {@code kubectl --context west}.
     */
    @Override
    public synchronized KubernetesAccess cluster(String name, java.util.List<String> clusters) throws SandboxException {
        if (closed) {
            throw new SandboxException("the simulated cluster was stopped — start it again from the status bar");
        }
        Named bound = named.get(name);
        if (bound != null) {
            return bound.access();
        }
        if (!clusters.isEmpty() && clusters.get(0).equals(name)) {
            bound = new Named(name, cluster, access(cluster, kubeconfig, name), Optional.empty());
        } else {
            bound = startFor(name, clusters);
            extras.add(bound);
        }
        named.put(name, bound);
        writeKubeconfig();
        return bound.access();
    }

    private Named startFor(String name, java.util.List<String> clusters) throws SandboxException {
        if (extras.size() >= MAX_CLUSTERS - 1) {
            throw new SandboxException("the simulated cluster runs at most " + MAX_CLUSTERS + " clusters, and "
                    + String.join(", ", named.keySet()) + " already run — this exercise needs " + name + " besides ("
                    + String.join(", ", clusters) + "); stop the simulated cluster and start it again to run this exercise");
        }
        Path folder = stateDir.resolve("clusters").resolve(name);
        Optional<Path> stateFile = extraSettings.persist() ? Optional.of(folder.resolve(SimSandboxProvider.STATE_FILE))
                : Optional.empty();
        SimCluster started;
        try {
            java.nio.file.Files.createDirectories(folder);
            started = SimCluster.start(extraSettings, stateFile, folder);
        } catch (IOException e) {
            throw new SandboxException("the simulated cluster " + name + " could not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SandboxException("the simulated cluster " + name + " could not restore its saved state from "
                    + stateFile.map(Path::toString).orElse("disk") + " (" + e.getMessage() + ") — delete that file to start fresh.", e);
        }
        Optional<StateSaver> saves = stateFile.map(file -> new StateSaver(started, file, StateSaver.DEBOUNCE));
        KubernetesAccess access = access(started, kubeconfig, name);
        LOG.debug("simulated cluster {} started on {} for a multi-cluster exercise", name, started.url());
        return new Named(name, started, access, saves);
    }

    private void writeKubeconfig() throws SandboxException {
        java.util.List<Kubeconfig.Context> contexts = new java.util.ArrayList<>();
        contexts.add(Kubeconfig.context(Kubeconfig.CONTEXT, cluster));
        named.values().forEach(n -> contexts.add(Kubeconfig.context(n.name(), n.cluster())));
        try {
            Kubeconfig.write(kubeconfig, contexts);
        } catch (IOException e) {
            throw new SandboxException("could not write the simulated clusters' kubeconfig to " + kubeconfig + ": "
                    + e.getMessage(), e);
        }
    }

    /** The names bound so far, each with the URL of the cluster serving it (the first cluster for the first name). */
    public synchronized java.util.Map<String, String> clusterUrls() {
        java.util.Map<String, String> urls = new java.util.LinkedHashMap<>();
        named.forEach((name, n) -> urls.put(name, n.cluster().url()));
        return urls;
    }

    @Override
    public String type() {
        return "sim";
    }

    @Override
    public String description() {
        return DESCRIPTION;
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public Optional<KubernetesAccess> kubernetes() {
        return Optional.of(access);
    }

    /** gitops: the sim's Argo CD reads the learner's repository from this machine's folder. */
    @Override
    public Optional<orchlab.engine.sandbox.GitServer> gitServer() {
        return Optional.of(cluster.gitRepositories()::serve);
    }

    @Override
    public Optional<DockerAccess> docker() {
        return Optional.empty();
    }

    @Override
    public SandboxHealth health() {
        try {
            String version = access.client().getKubernetesVersion().getGitVersion();
            return SandboxHealth.ok("simulated cluster " + version + " on " + cluster.url() + " — containers do not really run");
        } catch (RuntimeException e) {
            return SandboxHealth.down("the simulated cluster does not answer: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        access.close(); // the fabric8 client, if it was built
        for (Named n : named.values()) {
            n.access().close();
        }
        for (Named extra : extras) {
            extra.cluster().close();
            if (extra.saver().isPresent()) {
                try {
                    extra.saver().get().close();
                } catch (IOException e) {
                    LOG.warn("could not save the simulated cluster {}'s state to {}: {}", extra.name(),
                            extra.saver().get().file(), e.getMessage());
                }
            }
        }
        cluster.close();
        if (saver.isPresent()) {
            try {
                saver.get().close();
            } catch (IOException e) {
                LOG.warn("could not save the simulated cluster's state to {}: {}", saver.get().file(), e.getMessage());
            }
        }
    }
}
