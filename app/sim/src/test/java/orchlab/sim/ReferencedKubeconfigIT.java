package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import orchlab.engine.helm.HelmClient;
import orchlab.engine.helm.HelmNative;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.helm.ReleaseSummary;
import orchlab.engine.helm.ValuesInput;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.kube.KubeconfigSandboxProvider;
import orchlab.engine.sandbox.kube.LabKubeconfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner's own kubeconfig is referenced, not copied (issue 9): with the sim as "their" cluster — a context
 * {@code classroom} beside an unreachable current context {@code prod} — real kubectl, fabric8 and in-process Helm all
 * reach {@code classroom} through the lab's {@code KUBECONFIG} list, and no file under the lab's state folder holds the
 * learner's token.
 */
class ReferencedKubeconfigIT {
    @TempDir
    static Path dir;
    private static SimCluster cluster;
    private static Path learnersFile;
    private static String learnersText;
    private static Sandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(KubectlRunner.kubectlPath().isPresent(), "kubectl is not on PATH: skipping the referenced-kubeconfig tests");
        cluster = SimCluster.start(SimSettings.instant(), Optional.empty());
        learnersFile = dir.resolve("home/.kube/config");
        Files.createDirectories(learnersFile.getParent());
        learnersText = """
                apiVersion: v1
                kind: Config
                current-context: prod
                clusters:
                - name: prod
                  cluster: {server: "https://127.0.0.1:1"}
                - name: school
                  cluster: {server: "%s", certificate-authority-data: "%s"}
                contexts:
                - name: prod
                  context: {cluster: prod, user: prod-admin, namespace: payments}
                - name: classroom
                  context: {cluster: school, user: student}
                users:
                - name: prod-admin
                  user: {token: prod-token}
                - name: student
                  user: {token: "%s"}
                """.formatted(cluster.url(), cluster.server().tls().certificateData(), cluster.server().token());
        Files.writeString(learnersFile, learnersText);
        // the JVM's first TLS request (class loading, vert.x, the handshake) can take seconds on a loaded machine, more
        // than the provider's 5 s connection probe allows: make it here, with the sim's own kubeconfig
        Path simKubeconfig = Kubeconfig.write(dir.resolve("sim-kubeconfig"), cluster);
        try (var warmUp = orchlab.engine.sandbox.kube.KubeConnect.client(simKubeconfig, Kubeconfig.CONTEXT)) {
            warmUp.namespaces().list();
        }
        sandbox = new KubeconfigSandboxProvider().open(SandboxOptions.defaults(dir.resolve("state/kubeconfig"))
                .withKubeconfig(learnersFile, "classroom"), ProgressListener.NONE);
        sandbox.kubernetes().orElseThrow().client().namespaces().resource(new NamespaceBuilder()
                .withNewMetadata().withName("ex-ref").endMetadata().build()).create();
        sandbox.kubernetes().orElseThrow().client().configMaps().inNamespace("ex-ref").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("only-here").endMetadata().build()).create();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String kubectl(List<Path> kubeconfigs, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--cache-dir", dir.resolve("cache").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("KUBECONFIG", String.join(File.pathSeparator, kubeconfigs.stream().map(Path::toString).toList()));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.trim();
    }

    @Test
    void kubectlWithTheLabsListUsesTheChosenContextOfTheLearnersFile() throws Exception {
        KubernetesAccess access = sandbox.kubernetes().orElseThrow();

        assertThat(kubectl(access.kubeconfigs(), "config", "current-context")).isEqualTo("classroom");
        assertThat(kubectl(access.kubeconfigs(), "get", "namespace", "ex-ref", "-o", "name")).isEqualTo("namespace/ex-ref");
    }

    @Test
    void theTerminalsListDefaultsKubectlToTheExercisesNamespace() throws Exception {
        List<Path> terminal = LabKubeconfig.forNamespace(sandbox.kubernetes().orElseThrow(), "ex-ref", dir.resolve("state/terminal"));

        assertThat(kubectl(terminal, "get", "configmaps", "-o", "name")).contains("configmap/only-here");
    }

    @Test
    void helmInProcessInstallsIntoTheChosenContext() throws Exception {
        String why = "";
        try {
            HelmNative.load();
        } catch (HelmUnavailableException e) {
            why = e.getMessage();
        }
        String reason = why;
        assumeTrue(reason.isEmpty(), () -> "skipping Helm through the referenced kubeconfig: " + reason);
        Path chart = Files.createDirectories(dir.resolve("ref-chart/templates")).getParent();
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: ref-chart\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-helm\n");
        HelmClient helm = new HelmClient(sandbox.kubernetes(), "ex-ref");

        helm.upgradeInstall("ref", chart, ValuesInput.NONE, Optional.empty());

        assertThat(helm.list()).extracting(ReleaseSummary::name).containsExactly("ref");
        assertThat(sandbox.kubernetes().orElseThrow().client().configMaps().inNamespace("ex-ref").withName("from-helm").get())
                .isNotNull();
    }

    @Test
    void noFileUnderTheLabsStateFolderHoldsTheLearnersTokenAndTheirFileIsUnchanged() throws Exception {
        LabKubeconfig.forNamespace(sandbox.kubernetes().orElseThrow(), "ex-ref", dir.resolve("state/terminal"));

        try (var files = Files.walk(dir.resolve("state"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(cluster.server().token())
                        .doesNotContain("token").doesNotContain("users:");
            }
        }
        assertThat(Files.readString(learnersFile)).isEqualTo(learnersText);
    }
}
