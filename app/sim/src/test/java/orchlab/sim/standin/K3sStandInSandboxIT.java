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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * The real {@link K3sSandboxProvider} — Testcontainers' {@code K3sContainer}, the pre-flight, the kubeconfig it
 * extracts and rewrites, reuse, health, close — driven against the k3s TEST STAND-IN image (the lab's simulated
 * cluster behind k3s's container interface, see app/docs/k3s-standin.md). One container serves the whole class: it is
 * opened as the desktop opens k3s (kept between app runs), the reuse test re-opens that same container as a restarted
 * app would, and the test that kills it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class K3sStandInSandboxIT {

    private static final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private static Sandbox shared;
    private static SandboxOptions sharedOptions;
    private static String sharedContainer;
    private static ServerSocket hostPort6443;

    @BeforeAll
    static void startTheSandboxThroughTheProvider(@TempDir Path state) throws SandboxException {
        Optional<String> problem = K3sStandInImage.useAsK3s();
        assumeTrue(problem.isEmpty(), () -> "skipped: " + problem.orElse(""));
        K3sStandInImage.removeStandInContainers();
        hostPort6443 = occupy(6443);
        sharedOptions = SandboxOptions.defaults(state).with("reuse", "true");
        shared = new K3sSandboxProvider().open(sharedOptions, (fraction, message) -> progress.add(fraction + " " + message));
        sharedContainer = only(K3sStandInImage.runningStandInContainers(), List.of());
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
        Path kubeconfig = sharedOptions.stateDir().resolve("k3s.kubeconfig");
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
    void anExerciseStartsChecksAndResetsOnIt(@TempDir Path workspace, @TempDir Path pack) throws Exception {
        Lab lab = Lab.standard();
        Exercise exercise = lab.loadCourse(podsOnly(pack)).course().orElseThrow().exercises().get("k8s-pod");
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

    /**
     * k3s has no Istio: an Istio exercise asks for Istio's API (9 CRDs, cluster-wide), starts only with consent, gets
     * them registered, recorded and served, and Reset removes them — but never a CRD the lab did not create.
     */
    @Test
    void anIstioExerciseRegistersIstiosApiOnlyWithConsentAndResetRemovesOnlyWhatTheLabCreated(@TempDir Path pack,
                                                                                              @TempDir Path state) throws Exception {
        Lab lab = Lab.standard();
        Exercise exercise = orchlab.sim.CoursePart.load(lab, pack, "istio-traffic").get(0);
        KubernetesClient client = shared.kubernetes().orElseThrow().client();
        var crds = client.genericKubernetesResources("apiextensions.k8s.io/v1", "CustomResourceDefinition");
        // one Istio CRD made by someone else (a partial install): used as it is, never replaced or removed
        var telemetry = orchlab.engine.istio.IstioCrds.definitions().stream()
                .filter(c -> c.path("metadata").path("name").asText().equals("telemetries.telemetry.istio.io")).findFirst().orElseThrow();
        String foreignUid = crds.resource(client.getKubernetesSerialization().convertValue(telemetry,
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class)).create().getMetadata().getUid();
        var refused = new orchlab.engine.exercise.ExerciseDriver.ExerciseTarget(shared, exercise.namespace(), state, false);
        var agreed = new orchlab.engine.exercise.ExerciseDriver.ExerciseTarget(shared, exercise.namespace(), state, true);
        try {
            var asked = lab.clusterScopedObjects(exercise, refused);
            assertThatThrownBy(() -> lab.start(exercise, refused, ProgressListener.NONE))
                    .isInstanceOf(SandboxException.class).hasMessageContaining("this cluster does not serve it: Istio is not installed");
            boolean namespaceAfterRefusal = client.namespaces().withName(exercise.namespace()).get() != null;

            lab.start(exercise, agreed, ProgressListener.NONE);
            var applied = lab.apply(exercise, refused.forLearnersFiles(), exercise.solutionDir(), ProgressListener.NONE);
            List<String> servedWhileStarted = istioCrdNames(client);
            lab.reset(exercise, agreed, ProgressListener.NONE);

            assertThat(asked).extracting(o -> o.kind() + " " + o.name()).hasSize(8)
                    .contains("CustomResourceDefinition virtualservices.networking.istio.io")
                    .doesNotContain("CustomResourceDefinition telemetries.telemetry.istio.io");
            assertThat(namespaceAfterRefusal).isFalse();
            assertThat(applied.errors()).isEmpty();
            assertThat(applied.lines()).containsExactly("destinationrule/my-app created", "virtualservice/my-app created");
            assertThat(servedWhileStarted).hasSize(9);
            assertThat(istioCrdNames(client)).containsExactly("telemetries.telemetry.istio.io");
            assertThat(crds.withName("telemetries.telemetry.istio.io").get().getMetadata().getUid()).isEqualTo(foreignUid);
        } finally {
            crds.withName("telemetries.telemetry.istio.io").delete();
        }
    }

    private static List<String> istioCrdNames(KubernetesClient client) {
        return client.genericKubernetesResources("apiextensions.k8s.io/v1", "CustomResourceDefinition").list().getItems().stream()
                .map(c -> c.getMetadata().getName()).filter(n -> n.endsWith(".istio.io")).sorted().toList();
    }

    @Test
    void aReusedSandboxComesBackWithTheSameContainerAndStateAfterAnAppRestart() throws Exception {
        assumeTrue(TestcontainersConfiguration.getInstance().environmentSupportsReuse(),
                "skipped: Testcontainers reuse is off in this JVM (no TESTCONTAINERS_REUSE_ENABLE=true); `mvn verify` runs"
                        + " this IT through failsafe, which sets it as app/bin/orchlab does");
        // an app run: opens k3s as the desktop does, leaves something in it, ends
        try (Sandbox firstRun = new K3sSandboxProvider().open(sharedOptions, ProgressListener.NONE)) {
            firstRun.kubernetes().orElseThrow().client().configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("kept-across-restarts").endMetadata()
                    .withData(Map.of("answer", "42")).build()).create();
        }
        // a kept container outlives the app
        assertThat(K3sStandInImage.runningStandInContainers()).containsExactly(sharedContainer);

        // the next app run
        try (Sandbox again = new K3sSandboxProvider().open(sharedOptions, ProgressListener.NONE)) {
            assertThat(K3sStandInImage.runningStandInContainers()).containsExactly(sharedContainer);
            assertThat(again.health()).isEqualTo(SandboxHealth.ok("k3s answers"));
            assertThat(again.kubernetes().orElseThrow().client().configMaps().inNamespace("default")
                    .withName("kept-across-restarts").get().getData()).containsEntry("answer", "42");
        }
    }

    /** Kills, then removes, the one container of this class: last. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aContainerKilledOrRemovedUnderTheLabIsReportedDownWithWhatHappened() throws IOException {
        SandboxHealth killed;
        SandboxHealth removed;
        try (DockerClient docker = K3sStandInImage.docker()) {
            docker.killContainerCmd(sharedContainer).exec();
            killed = shared.health();
            docker.removeContainerCmd(sharedContainer).withForce(true).exec();
            removed = shared.health();
        }

        assertThat(killed).isEqualTo(SandboxHealth.down("k3s's container stopped (exited, exit code 137)"
                + " — restart the k3s sandbox to start it again"));
        assertThat(removed).isEqualTo(SandboxHealth.down("k3s's container was removed"
                + " — restart the k3s sandbox to create a new cluster"));
    }

    @Test
    void aK3sThatCannotStartSaysWhyAndLeavesNoContainerBehind(@TempDir Path state) {
        // an image that is here but is no k3s: its container does not come up (a privileged container is refused
        // by an engine like this one, or, where it is allowed, alpine has no `server` to run)
        String notK3s = "alpine:3.17";
        assumeTrue(K3sStandInImage.imagePresent(notK3s), "skipped: no " + notK3s + " image here (assets/offline-images/build.sh makes one)");
        List<String> before = K3sStandInImage.labK3sContainers(notK3s);
        SandboxOptions options = SandboxOptions.defaults(state).with("image", notK3s);

        assertThatThrownBy(() -> new K3sSandboxProvider().open(options, ProgressListener.NONE))
                .isInstanceOf(SandboxException.class)
                .hasMessageStartingWith("k3s did not start: ");
        assertThat(K3sStandInImage.labK3sContainers(notK3s)).containsExactlyInAnyOrderElementsOf(before);
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

    /**
     * The built-in course's Pods lesson and its exercise as a pack of their own: the exercise is the course's, and the
     * test does not wait for the whole course to load (seconds on a busy machine).
     */
    private static Path podsOnly(Path pack) throws IOException {
        Path root = orchlab.testkit.Repo.root();
        Files.createDirectories(pack.resolve("lessons/kubernetes"));
        Files.writeString(pack.resolve("lessons/course.yaml"), """
                id: standin-pods
                title: The Pods exercise of the built-in course
                version: 0.1.0
                modules:
                  - id: kubernetes-basics
                    title: Kubernetes basics
                    lessons:
                      - kubernetes/pods.md
                """);
        Files.copy(root.resolve("lessons/kubernetes/pods.md"), pack.resolve("lessons/kubernetes/pods.md"));
        Path exercise = root.resolve("exercises/k8s-pod");
        try (var files = Files.walk(exercise)) {
            for (Path from : files.toList()) {
                Path to = pack.resolve("exercises/k8s-pod").resolve(exercise.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        return pack;
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
