package orchlab.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import orchlab.engine.helm.HelmClient;
import orchlab.engine.helm.HelmNative;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.helm.ReleaseSummary;
import orchlab.engine.helm.ValuesInput;
import orchlab.engine.live.Health;
import orchlab.engine.live.LiveEvent;
import orchlab.engine.live.LiveObject;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;
import orchlab.engine.sandbox.SandboxProviders;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view model on the real simulated cluster (found through the sandbox SPI, as the app finds it), with objects
 * applied by the real kubectl. The "FX thread" is a single thread of the test, so state is only touched there, as
 * in the app; blocking work runs on a background pool.
 */
class ClusterViewModelTest {

    private static final Duration CEILING = Duration.ofSeconds(60);
    private static Sandbox sandbox;
    private static int counter;

    private final ExecutorService fxThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
    private final ExecutorService background = Executors.newCachedThreadPool();
    private ClusterViewModel vm;
    private String ns;

    @BeforeAll
    static void startSim(@TempDir Path state) throws Exception {
        assumeTrue(kubectlWorks(), "kubectl is not on the PATH");
        Optional<SandboxProvider> sim = SandboxProviders.discover().find("sim");
        assumeTrue(sim.isPresent(), "the simulated cluster (orchlab-sim) is not on the test class path");
        sandbox = sim.get().open(SandboxOptions.defaults(state).with("podStartDelay", "0"), ProgressListener.NONE);
    }

    @AfterAll
    static void stopSim() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void viewModel(@TempDir Path dir) throws Exception {
        ns = "cluster-view-" + (++counter);
        Path file = dir.resolve("namespace.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n");
        kubectl("apply", "-f", file.toString());
        vm = ClusterViewModel.forSandbox(sandbox, fxThread, background);
    }

    @AfterEach
    void close() throws Exception {
        onFx(() -> {
            vm.close();
            return null;
        });
        background.shutdown(); // reads still running deliver to the UI thread: stop them first
        background.awaitTermination(10, TimeUnit.SECONDS);
        fxThread.shutdown();
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
            """;

    @Test
    void showsDeploymentReplicaSetAndTwoReadyPods(@TempDir Path dir) throws Exception {
        onFx(() -> {
            vm.watch(ns);
            return null;
        });
        apply(dir, DEPLOYMENT);

        List<ClusterGroup> groups = await("the Deployment shows a ReplicaSet with 2 ready pods", () -> {
            List<ClusterGroup> g = List.copyOf(vm.groups());
            return twoReadyPods(g) ? g : null;
        });
        assertThat(groups.get(0).title()).isEqualTo("Deployments");
        ClusterNode web = groups.get(0).nodes().get(0);
        assertThat(web.object().name()).isEqualTo("web");
        assertThat(web.children()).singleElement().satisfies(rs -> {
            assertThat(rs.object().kind()).isEqualTo("ReplicaSet");
            assertThat(rs.children()).hasSize(2).allSatisfy(p -> {
                assertThat(p.object().kind()).isEqualTo("Pod");
                assertThat(p.object().health()).isEqualTo(Health.OK);
                assertThat(p.object().ready()).isEqualTo("1/1");
            });
        });
        assertThat(onFx(() -> vm.simulatedProperty().get())).isTrue();
    }

    @Test
    void eventsOfTheRolloutArrive(@TempDir Path dir) throws Exception {
        onFx(() -> {
            vm.watch(ns);
            return null;
        });
        apply(dir, DEPLOYMENT);
        List<LiveEvent> events = await("events of the rollout arrive", () -> {
            List<LiveEvent> e = List.copyOf(vm.events());
            return e.stream().anyMatch(x -> x.object().startsWith("Pod ")) && e.stream().anyMatch(x -> x.object().equals("Deployment web"))
                    ? e : null;
        });
        assertThat(events).anyMatch(e -> e.reason().equals("ScalingReplicaSet"));
    }

    @Test
    void yamlOfTheDeploymentAndLogOfAPod(@TempDir Path dir) throws Exception {
        onFx(() -> {
            vm.watch(ns);
            return null;
        });
        apply(dir, DEPLOYMENT);
        await("the pods are ready", () -> twoReadyPods(List.copyOf(vm.groups())) ? true : null);

        LiveObject web = onFx(() -> vm.objects().stream().filter(o -> o.kind().equals("Deployment")).findFirst().orElseThrow());
        onFx(() -> {
            vm.select(web);
            return null;
        });
        String yaml = await("the YAML is read", () -> vm.selectedYamlProperty().get().startsWith("apiVersion") ? vm.selectedYamlProperty().get() : null);
        assertThat(yaml).contains("kind: Deployment").contains("replicas: 2").doesNotContain("managedFields");

        LiveObject pod = onFx(() -> vm.objects().stream().filter(o -> o.kind().equals("Pod")).findFirst().orElseThrow());
        onFx(() -> {
            vm.select(pod);
            return null;
        });
        String log = await("the log is read", () -> {
            String text = vm.logsProperty().get();
            return text.isBlank() || text.startsWith("reading the log") ? null : text;
        });
        assertThat(log).as("the selected Pod's log: nginx's start-up lines from the sim's image catalogue").contains("nginx");
        assertThat(onFx(() -> vm.logsAvailableProperty().get())).isTrue();
    }

    @Test
    void anEmptyNamespaceSaysWhatToDo() throws Exception {
        onFx(() -> {
            vm.watch(ns);
            return null;
        });
        String placeholder = await("the namespace is listed", () -> vm.loadedProperty().get() ? vm.placeholderProperty().get() : null);
        assertThat(placeholder).isEqualTo("No objects in namespace " + ns + " yet — apply your YAML or use kubectl in the terminal.");
    }

    @Test
    void listsTheNamespacesHelmReleasesAsHelmDoesAndFollowsAnUpgradeAndAnUninstall() throws Exception {
        String why = helmUnavailable();
        assumeTrue(why.isEmpty(), () -> "skipping: " + why);
        Path chart = Repo.root().resolve("exercises/helm-chart/solution/my-app-chart");
        HelmClient helm = new HelmClient(sandbox.kubernetes(), ns);
        onFx(() -> {
            vm.watch(ns);
            return null;
        });
        await("the namespace is listed", () -> vm.loadedProperty().get() ? true : null);
        assertThat(onFx(() -> List.copyOf(vm.releases()))).isEmpty();

        helm.upgradeInstall("my-app", chart, ValuesInput.NONE, Optional.empty());
        ReleaseSummary installed = await("release my-app is listed", () -> vm.releases().size() == 1 ? vm.releases().get(0) : null);
        assertThat(installed.name()).isEqualTo("my-app");
        assertThat(installed.revision()).isEqualTo(1);
        assertThat(installed.chart()).isEqualTo("my-app-chart-0.1.0");
        assertThat(installed.appVersion()).isEqualTo("1.27");
        assertThat(installed.status()).isEqualTo("deployed");
        assertThat(installed.updated()).isAfter(java.time.Instant.EPOCH);

        helm.upgradeInstall("my-app", chart, ValuesInput.NONE.with("app.replicas", "3"), Optional.empty());
        ReleaseSummary upgraded = await("revision 2 is listed", () -> vm.releases().size() == 1 && vm.releases().get(0).revision() == 2
                ? vm.releases().get(0) : null);
        assertThat(upgraded.status()).isEqualTo("deployed");

        helm.uninstall("my-app", false);
        await("the uninstalled release is gone", () -> vm.releases().isEmpty() && vm.objects().stream()
                .noneMatch(ClusterViewModel::isReleaseRecord) ? true : null);
        assertThat(onFx(() -> vm.releasesProblemProperty().get())).isEmpty();
    }

    @Test
    void aReleaseListingThatFailsSaysSoInOneSentenceAndTheObjectsStillShow() throws Exception {
        ClusterViewModel failing = new ClusterViewModel(fxThread, background,
                (namespace, listener) -> orchlab.engine.live.NamespaceWatch.open(sandbox, namespace, listener),
                namespace -> {
                    throw new orchlab.engine.helm.HelmUnavailableException("Helm is not available: its native library did not load.");
                });
        try {
            onFx(() -> {
                failing.watch(ns);
                return null;
            });
            kubectl("create", "secret", "generic", "sh.helm.release.v1.fake.v1", "-n", ns, "--from-literal=release=secret-value");
            String problem = await("the listing problem shows", () -> failing.releasesProblemProperty().get().isEmpty() ? null
                    : failing.releasesProblemProperty().get());
            assertThat(problem).isEqualTo("Helm releases cannot be listed: Helm is not available: its native library did not load.");
            assertThat(onFx(() -> failing.objects().stream().anyMatch(o -> o.name().equals("sh.helm.release.v1.fake.v1")))).isTrue();
            assertThat(onFx(() -> List.copyOf(failing.releases()))).isEmpty();
        } finally {
            onFx(() -> {
                failing.close();
                return null;
            });
        }
    }

    private static String helmUnavailable() {
        try {
            HelmNative.load();
            return "";
        } catch (HelmUnavailableException e) {
            return e.getMessage();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static boolean twoReadyPods(List<ClusterGroup> groups) {
        return groups.stream().filter(g -> g.kind().equals("Deployment")).flatMap(g -> g.nodes().stream())
                .flatMap(d -> d.children().stream())
                .anyMatch(rs -> rs.children().size() == 2 && rs.children().stream().allMatch(p -> p.object().health() == Health.OK));
    }

    private <T> T onFx(Callable<T> task) throws Exception {
        return fxThread.submit(task).get(30, TimeUnit.SECONDS);
    }

    /** Polls on the fake FX thread until the probe gives a value (non-null), up to a generous ceiling. */
    private <T> T await(String what, Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + CEILING.toNanos();
        while (true) {
            T value = onFx(probe);
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + CEILING.toSeconds() + " s waiting until " + what + "; objects: "
                        + onFx(() -> List.copyOf(vm.objects())) + "; problem: " + onFx(() -> vm.problemProperty().get()));
            }
            Thread.sleep(50);
        }
    }

    private void apply(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, yaml);
        kubectl("apply", "-n", ns, "-f", file.toString());
    }

    private static void kubectl(String... args) throws IOException, InterruptedException {
        Path kubeconfig = sandbox.kubernetes().orElseThrow().kubeconfig();
        List<String> command = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + out);
        }
    }

    private static boolean kubectlWorks() {
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
}
