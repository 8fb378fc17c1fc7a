package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner's terminal in a multi-cluster exercise (ADR 0016): the real kubectl with the sim sandbox's one kubeconfig
 * reaches each cluster by its context, {@code --context east} and {@code --context west}, and plain kubectl the first.
 */
class MultiClusterKubectlIT {
    private static final List<String> EAST_WEST = List.of("east", "west");

    @TempDir
    static Path stateDir;

    private static SimSandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(KubectlRunner.kubectlPath().isPresent(), "kubectl is not on PATH: skipping the kubectl IT");
        sandbox = (SimSandbox) new SimSandboxProvider().open(new SandboxOptions(Optional.empty(), Optional.empty(),
                Optional.empty(), stateDir, Map.of("podStartDelay", "0s")), ProgressListener.NONE);
        sandbox.cluster("east", EAST_WEST);
        sandbox.cluster("west", EAST_WEST);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result kubectl(String... args) throws Exception {
        return kubectlWith(sandbox.kubernetes().orElseThrow().kubeconfigVariable(), args);
    }

    private static Result kubectlWith(String kubeconfigVariable, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--cache-dir", stateDir.resolve("cache").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // as the lab's terminal does: KUBECONFIG names the sandbox's file
        builder.environment().put("KUBECONFIG", kubeconfigVariable);
        Process process = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        return new Result(process.exitValue(), out, err.join());
    }

    private static String read(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theKubeconfigListsOrchlabSimEastAndWest() throws Exception {
        Result contexts = kubectl("config", "get-contexts", "-o", "name");

        assertThat(contexts.out().lines().toList()).containsExactlyInAnyOrder("orchlab-sim", "east", "west");
        assertThat(kubectl("config", "current-context").out().trim()).isEqualTo("orchlab-sim");
    }

    @Test
    void aConfigMapCreatedWithContextWestIsInWestOnly() throws Exception {
        Result created = kubectl("--context", "west", "create", "configmap", "standby-only", "-n", "default",
                "--from-literal=region=west");
        assertThat(created.exit()).as(created.err()).isZero();

        Result inWest = kubectl("--context", "west", "get", "configmap", "standby-only", "-n", "default",
                "-o", "jsonpath={.data.region}");
        Result inEast = kubectl("--context", "east", "get", "configmap", "standby-only", "-n", "default");

        assertThat(inWest.out()).isEqualTo("west");
        assertThat(inEast.exit()).isNotZero();
        assertThat(inEast.err()).contains("configmaps \"standby-only\" not found");
    }

    @Test
    void contextEastAndPlainKubectlReachTheSameFirstCluster() throws Exception {
        assertThat(kubectl("--context", "east", "create", "namespace", "active-side").exit()).isZero();

        assertThat(kubectl("get", "namespace", "active-side", "-o", "name").out().trim()).isEqualTo("namespace/active-side");
        assertThat(kubectl("--context", "west", "get", "namespace", "active-side").exit()).isNotZero();
    }

    @Test
    void theExercisesTerminalWorksInItsNamespaceInEveryClustersContext() throws Exception {
        List<Path> list = orchlab.engine.sandbox.kube.LabKubeconfig.forNamespace(sandbox.kubernetes().orElseThrow(),
                "capstone-multicluster", EAST_WEST, stateDir.resolve("terminal"));
        String variable = String.join(File.pathSeparator, list.stream().map(Path::toString).toList());

        assertThat(kubectlWith(variable, "config", "view", "--minify", "-o", "jsonpath={..namespace}").out())
                .isEqualTo("capstone-multicluster");
        assertThat(kubectlWith(variable, "--context", "west", "config", "view", "--minify", "-o", "jsonpath={..namespace}").out())
                .isEqualTo("capstone-multicluster");
        assertThat(kubectlWith(variable, "--context", "west", "config", "view", "--minify", "-o",
                "jsonpath={.clusters[0].cluster.server}").out()).isEqualTo(sandbox.clusterUrls().get("west"));
    }

    @Test
    void eachContextReportsItsOwnServer() throws Exception {
        Result west = kubectl("--context", "west", "config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}");

        assertThat(west.out()).isEqualTo(sandbox.clusterUrls().get("west")).isNotEqualTo(sandbox.cluster().url());
    }
}
