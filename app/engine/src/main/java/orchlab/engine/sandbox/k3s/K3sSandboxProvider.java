package orchlab.engine.sandbox.k3s;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.LabLabels;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxHealth;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;
import orchlab.engine.sandbox.kube.KubeConnect;
import orchlab.engine.sandbox.kube.LabKubeconfig;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.TestcontainersConfiguration;
import org.testcontainers.utility.DockerImageName;

/**
 * A real k3s cluster in a Docker container, through Testcontainers' {@link K3sContainer}. Before
 * anything is started it checks, within seconds, that Docker answers and that the k3s image is
 * present or a registry is reachable — so an offline machine gets a clear sentence, not minutes of
 * pull retries. With {@code reuse=true} the container outlives the app (Testcontainers reuse), so
 * the cluster's state is still there tomorrow.
 */
public final class K3sSandboxProvider implements SandboxProvider {
    public static final String DEFAULT_IMAGE = "rancher/k3s:v1.31.5-k3s1";
    static final String REGISTRY_HOST = "registry-1.docker.io";
    /** The name of the cluster, user and context in the kubeconfig the sandbox writes. */
    public static final String CONTEXT = "orchlab-k3s";

    @Override
    public String type() {
        return "k3s";
    }

    @Override
    public SandboxKind kind() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public int preference() {
        return 10;
    }

    static String image(SandboxOptions options) {
        return options.setting("image").orElse(DEFAULT_IMAGE);
    }

    @Override
    public Availability probe(SandboxOptions options) {
        try {
            preflight(options);
            return Availability.yes("Docker answers and " + image(options) + " can be used");
        } catch (SandboxException e) {
            return Availability.no(e.getMessage());
        }
    }

    /** Decides within seconds whether k3s can start: Docker reachable, image present or pullable. */
    static void preflight(SandboxOptions options) throws SandboxException {
        try (DockerClient docker = DockerProbe.client(options)) {
            preflight(options, docker);
        } catch (IOException e) {
            // closing the probe client failed: nothing to do
        }
    }

    private static void preflight(SandboxOptions options, DockerClient docker) throws SandboxException {
        String ping = DockerProbe.ping(docker);
        if (ping != null) {
            throw new SandboxException("k3s needs Docker, and Docker is not running (" + ping
                    + ") — start Docker Desktop or `sudo systemctl start docker`");
        }
        String image = image(options);
        try {
            docker.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException e) {
            // not here: can it be pulled?
        } catch (RuntimeException e) {
            throw new SandboxException("k3s needs Docker, and Docker did not answer: " + e.getMessage(), e);
        }
        if (!registryReachable(options.setting("registry").orElse(REGISTRY_HOST))) {
            throw new SandboxException("the k3s image " + image + " is not on this machine and no container registry is reachable"
                    + " — run `docker pull " + image + "` on a connected machine, or use the simulated cluster (sim)");
        }
    }

    /**
     * Whether {@code host:443} accepts a connection within about two seconds. The name lookup is bounded too: on an
     * offline machine with an unreachable name server it can otherwise take ten seconds and more.
     */
    static boolean registryReachable(String host) {
        CompletableFuture<InetAddress> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                return null;
            }
        }, LOOKUP);
        InetAddress address;
        try {
            address = lookup.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            lookup.cancel(true);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (address == null) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, 443), 2_000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static final Executor LOOKUP = r -> {
        Thread t = new Thread(r, "k3s-registry-lookup");
        t.setDaemon(true);
        t.start();
    };

    @Override
    public Sandbox open(SandboxOptions options, ProgressListener progress) throws SandboxException {
        progress.progress(0.05, "checking Docker and the k3s image");
        preflight(options);
        boolean reuse = reuseInEffect(Boolean.parseBoolean(options.setting("reuse").orElse("false")),
                TestcontainersConfiguration.getInstance().environmentSupportsReuse());
        K3sContainer container = new K3sContainer(DockerImageName.parse(image(options)).asCompatibleSubstituteFor("rancher/k3s"));
        container.withLabels(Map.of(LabLabels.DOCKER_MANAGED, "true", "orchlab.sandbox", "k3s"));
        container.withReuse(reuse);
        progress.progress(0.2, "starting k3s (" + image(options) + "); the first start takes a minute");
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new SandboxException("k3s did not start: " + rootMessage(e), e);
        }
        progress.progress(0.9, "k3s is up; connecting");
        Path kubeconfig = options.stateDir().resolve("k3s.kubeconfig");
        String contents;
        try {
            Config lab = labKubeconfig(container.getKubeConfigYaml());
            contents = io.fabric8.kubernetes.client.utils.Serialization.asYaml(lab);
            LabKubeconfig.write(lab, kubeconfig);
        } catch (SandboxException | RuntimeException e) {
            if (!reuse) {
                container.stop();
            }
            throw new SandboxException("cannot write the k3s kubeconfig to " + kubeconfig + ": " + e.getMessage(), e);
        }
        KubernetesClient client = KubeConnect.client(kubeconfig, CONTEXT);
        KubeConnect.ping(client);
        progress.progress(1, "k3s ready");
        return new K3sSandbox(container, new KubernetesAccess(client, kubeconfig, CONTEXT).pin(contents), reuse);
    }

    /**
     * Whether the container is kept for the next app run. Keeping it needs Testcontainers' reuse, which only the
     * environment can switch on ({@code TESTCONTAINERS_REUSE_ENABLE=true}, as {@code app/bin/orchlab} sets it, or
     * {@code testcontainers.reuse.enable=true} in {@code ~/.testcontainers.properties}). Without it Testcontainers makes
     * a new container on every open and never finds it again: a sandbox that then left it running on close would leave
     * one more k3s behind on every start. So a keep that is asked for but not possible is not a keep: close stops it.
     */
    static boolean reuseInEffect(boolean requested, boolean environmentSupportsReuse) {
        return requested && environmentSupportsReuse;
    }

    /**
     * k3s's kubeconfig (as {@link K3sContainer} rewrites it for the mapped port) with its cluster, user and context,
     * all named {@code default} by k3s, renamed to {@code orchlab-k3s} so that it is recognisable when merged with the
     * user's own kubeconfig. Parsed, not edited as text: K3sContainer re-serialises the file with quoted values.
     */
    static Config labKubeconfig(String k3sYaml) {
        Config config = KubeConfigUtils.parseConfigFromString(k3sYaml);
        config.getClusters().forEach(c -> c.setName(CONTEXT));
        config.getUsers().forEach(u -> u.setName(CONTEXT));
        config.getContexts().forEach(c -> {
            c.setName(CONTEXT);
            c.getContext().setCluster(CONTEXT);
            c.getContext().setUser(CONTEXT);
        });
        config.setCurrentContext(CONTEXT);
        return config;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private record K3sSandbox(K3sContainer container, KubernetesAccess access, boolean reuse) implements Sandbox {
        @Override
        public String type() {
            return "k3s";
        }

        @Override
        public String description() {
            return "k3s " + container.getDockerImageName().replaceFirst("^.*:", "") + " in Docker";
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
                KubeConnect.ping(access.client());
                return SandboxHealth.ok("k3s answers");
            } catch (SandboxException e) {
                return SandboxHealth.down(containerStopped().orElse(e.getMessage()));
            }
        }

        /** Why k3s does not answer when its container is the reason: stopped, killed, removed. */
        private Optional<String> containerStopped() {
            try {
                InspectContainerResponse.ContainerState state = container.getDockerClient()
                        .inspectContainerCmd(container.getContainerId()).exec().getState();
                if (Boolean.TRUE.equals(state.getRunning())) {
                    return Optional.empty();
                }
                return Optional.of("k3s's container stopped (" + state.getStatus() + ", exit code " + state.getExitCodeLong()
                        + (Boolean.TRUE.equals(state.getOOMKilled()) ? ", out of memory" : "")
                        + ") — restart the k3s sandbox to start it again");
            } catch (NotFoundException e) {
                return Optional.of("k3s's container was removed — restart the k3s sandbox to create a new cluster");
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public void close() {
            access.client().close();
            if (!reuse) {
                container.stop();
            }
        }
    }
}
