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

    SimSandbox(SimCluster cluster, Path kubeconfig, Optional<StateSaver> saver) {
        this.cluster = cluster;
        this.saver = saver;
        // fabric8's client (~400 classes of client and model) is built on first use: `lab sandbox up` and checks that
        // only read never use it
        this.access = KubernetesAccess.lazy(() -> client(cluster), reads(cluster.url(), cluster), List.of(kubeconfig),
                Kubeconfig.CONTEXT).pin(Kubeconfig.text(cluster.url(), cluster.server().tls().certificateData(),
                cluster.server().token()));
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
