package orchlab.sim.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import orchlab.engine.Lab;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckListener;
import orchlab.engine.check.CheckReport;
import orchlab.engine.course.Exercise;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxHealth;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.k3s.K3sSandboxProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@link K3sSandboxProvider} — Testcontainers' {@code K3sContainer}, the pre-flight, the kubeconfig it
 * extracts and rewrites, reuse, health, close — driven against the k3s TEST STAND-IN image (the lab's simulated
 * cluster behind k3s's container interface, see app/docs/k3s-standin.md). One sandbox is shared by the tests that
 * only read or use their own namespace; reuse and a killed container get their own.
 */
class K3sStandInSandboxIT {

    private static final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private static Sandbox shared;
    private static Path sharedState;
    private static ServerSocket hostPort6443;

    @BeforeAll
    static void startTheSandboxThroughTheProvider(@TempDir Path state) throws SandboxException {
        Optional<String> problem = K3sStandInImage.useAsK3s();
        assumeTrue(problem.isEmpty(), () -> "skipped: " + problem.orElse(""));
        K3sStandInImage.removeStandInContainers();
        hostPort6443 = occupy(6443);
        sharedState = state;
        shared = new K3sSandboxProvider().open(SandboxOptions.defaults(state),
                (fraction, message) -> progress.add(fraction + " " + message));
    }

    @AfterAll
    static void stopAndRelease() throws IOException {
        try {
            if (shared != null) {
                shared.close();
            }
        } finally {
            if (hostPort6443 != null) {
                hostPort6443.close();
            }
            K3sStandInImage.removeStandInContainers();
            K3sStandInImage.release();
        }
    }

    @Test
    void startsThroughK3sContainerReportingEachStepAndAnswers() {
        assertThat(progress).containsExactly(
                "0.05 checking Docker and the k3s image",
                "0.2 starting k3s (" + K3sSandboxProvider.DEFAULT_IMAGE + "); the first start takes a minute",
                "0.9 k3s is up; connecting",
                "1.0 k3s ready");
        assertThat(shared.health()).isEqualTo(SandboxHealth.ok("k3s answers"));
        assertThat(shared.description()).isEqualTo("k3s v1.31.5-k3s1 in Docker");
        assertThat(shared.kubernetes().orElseThrow().client().namespaces().withName("kube-system").get()).isNotNull();
    }

    @Test
    void writesAKubeconfigOnlyTheUserCanReadWithTheLabsContextAndK3sClientCertificate() throws IOException {
        Path kubeconfig = sharedState.resolve("k3s.kubeconfig");
        var config = io.fabric8.kubernetes.client.internal.KubeConfigUtils.parseConfig(kubeconfig.toFile());

        assertThat(shared.kubernetes().orElseThrow().kubeconfig()).isEqualTo(kubeconfig);
        assertThat(shared.kubernetes().orElseThrow().context()).isEqualTo("orchlab-k3s");
        assertThat(config.getCurrentContext()).isEqualTo("orchlab-k3s");
        assertThat(config.getContexts()).extracting(c -> c.getName()).containsExactly("orchlab-k3s");
        assertThat(config.getUsers()).singleElement().satisfies(u -> {
            assertThat(u.getUser().getClientCertificateData()).isNotBlank();
            assertThat(u.getUser().getClientKeyData()).isNotBlank();
        });
        assertThat(config.getClusters().get(0).getCluster().getServer()).matches("https://localhost:[0-9]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig))).isEqualTo("rw-------");
    }

    @Test
    void theKubeconfigWorksWithTheRealKubectlOverTls() throws Exception {
        Path kubeconfig = shared.kubernetes().orElseThrow().kubeconfig();
        assumeTrue(kubectlAvailable(), "skipped: no kubectl on the PATH");

        Run created = kubectl(kubeconfig, "create", "namespace", "kubectl-tls");
        Run listed = kubectl(kubeconfig, "get", "namespace", "kubectl-tls", "-o", "name");

        assertThat(created.out()).isEqualTo("namespace/kubectl-tls created\n");
        assertThat(listed.out()).isEqualTo("namespace/kubectl-tls\n");
        assertThat(created.err()).isEmpty();
    }

    @Test
    void theClusterIsReachedOnAMappedPortSoAHostProcessOn6443DoesNotMatter() {
        assumeTrue(hostPort6443 != null, "skipped: port 6443 was already taken on this machine before the test");
        String server = shared.kubernetes().orElseThrow().client().getConfiguration().getMasterUrl();

        assertThat(server).startsWith("https://localhost:").doesNotContain(":6443");
        assertThat(shared.health().healthy()).isTrue();
    }

    @Test
    void anExerciseStartsChecksAndResetsOnIt(@TempDir Path workspace) throws Exception {
        Lab lab = Lab.standard();
        Exercise exercise = lab.loadCourse(orchlab.testkit.Repo.root()).course().orElseThrow().exercises().get("k8s-pod");
        String namespace = "standin-" + exercise.id();

        lab.start(exercise, shared, namespace, ProgressListener.NONE);
        // nothing applied yet: waiting cannot make it pass, so the checks are not given time to wait
        CheckReport before = lab.check(exercise, shared, namespace, workspace,
                CheckEngine.RunOptions.capped(java.time.Duration.ZERO), CheckListener.NONE);
        try (var files = Files.list(exercise.solutionDir())) {
            for (Path file : files.toList()) {
                Files.copy(file, workspace.resolve(file.getFileName()));
            }
        }
        var applied = lab.apply(exercise, shared, namespace, workspace, ProgressListener.NONE);
        CheckReport after = lab.check(exercise, shared, namespace, workspace, CheckEngine.RunOptions.DEFAULT, CheckListener.NONE);
        lab.reset(exercise, shared, namespace, ProgressListener.NONE);
        KubernetesClient client = shared.kubernetes().orElseThrow().client();

        assertThat(before.passed()).isFalse();
        assertThat(applied.errors()).isEmpty();
        assertThat(after.passed()).as(after.toString()).isTrue();
        assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
    }

    @Test
    void aReusedSandboxComesBackWithTheSameContainerAndStateAfterAnAppRestart(@TempDir Path state) throws Exception {
        SandboxOptions options = SandboxOptions.defaults(state).with("reuse", "true");
        List<String> before = K3sStandInImage.runningStandInContainers();
        String first;
        try (Sandbox sandbox = new K3sSandboxProvider().open(options, ProgressListener.NONE)) {
            sandbox.kubernetes().orElseThrow().client().configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("kept-across-restarts").endMetadata()
                    .withData(Map.of("answer", "42")).build()).create();
            first = only(K3sStandInImage.runningStandInContainers(), before);
        }
        // the app ended: a reused container outlives it
        assertThat(K3sStandInImage.runningStandInContainers()).contains(first);

        try (Sandbox again = new K3sSandboxProvider().open(options, ProgressListener.NONE)) {
            assertThat(only(K3sStandInImage.runningStandInContainers(), before)).isEqualTo(first);
            assertThat(again.kubernetes().orElseThrow().client().configMaps().inNamespace("default")
                    .withName("kept-across-restarts").get().getData()).containsEntry("answer", "42");
        } finally {
            try (DockerClient docker = K3sStandInImage.docker()) {
                docker.removeContainerCmd(first).withForce(true).exec();
            }
        }
    }

    @Test
    void aContainerKilledUnderTheLabIsReportedDownWithWhatHappened(@TempDir Path state) throws Exception {
        List<String> before = K3sStandInImage.runningStandInContainers();
        try (Sandbox sandbox = new K3sSandboxProvider().open(SandboxOptions.defaults(state), ProgressListener.NONE)) {
            String id = only(K3sStandInImage.runningStandInContainers(), before);
            try (DockerClient docker = K3sStandInImage.docker()) {
                docker.killContainerCmd(id).exec();
            }

            SandboxHealth health = sandbox.health();

            assertThat(health.healthy()).isFalse();
            assertThat(health.message()).isEqualTo("k3s's container stopped (exited, exit code 137)"
                    + " — restart the k3s sandbox to start it again");
        }
    }

    @Test
    void theProbeOffersK3sWhenTheImageIsHereAndSaysWhy() {
        var availability = new K3sSandboxProvider().probe(SandboxOptions.defaults(Path.of(".")));

        assertThat(availability.available()).isTrue();
        assertThat(availability.reason()).isEqualTo("Docker answers and " + K3sSandboxProvider.DEFAULT_IMAGE + " can be used");
    }

    @Test
    void openingWithoutDockerFailsBeforeAnyContainerIsMade(@TempDir Path dir) {
        List<String> before = K3sStandInImage.runningStandInContainers();
        SandboxOptions options = SandboxOptions.defaults(dir).withDockerHost("unix://" + dir.resolve("no-docker.sock"));

        assertThatThrownBy(() -> new K3sSandboxProvider().open(options, ProgressListener.NONE))
                .isInstanceOf(SandboxException.class)
                .hasMessageStartingWith("k3s needs Docker, and Docker is not running (")
                .hasMessageEndingWith(") — start Docker Desktop or `sudo systemctl start docker`");
        assertThat(K3sStandInImage.runningStandInContainers()).containsExactlyInAnyOrderElementsOf(before);
    }

    private static String only(List<String> now, List<String> before) {
        List<String> added = new ArrayList<>(now);
        added.removeAll(before);
        assertThat(added).as("containers the provider started").hasSize(1);
        return added.get(0);
    }

    private static ServerSocket occupy(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return socket;
        } catch (IOException e) {
            return null;
        }
    }

    record Run(int code, String out, String err) {
    }

    private static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Run kubectl(Path kubeconfig, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile("kubectl", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Run(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
