package orchlab.desktop.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProviders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journey: in the built-in terminal, {@code kubectl get pods -w} shows the exercise namespace's pods coming up,
 * and {@code kubectl apply -f my.yaml} lands in that namespace, where a check looks. Real kubectl, simulated cluster.
 */
class TerminalSandboxIT {
    private static final String NAMESPACE = "ex-terminal";

    @TempDir
    static Path dir;
    private static Sandbox sandbox;
    private static Path labKubeconfig;

    private Pty pty;

    @BeforeAll
    static void openSandbox() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"),
                "the pseudo-terminal tests run on Linux");
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not on the PATH");
        var provider = SandboxProviders.discover().find("sim");
        Assumptions.assumeTrue(provider.isPresent(), "the simulated cluster is not on the class path");
        sandbox = provider.get().open(SandboxOptions.defaults(dir.resolve("state")), ProgressListener.NONE);
        labKubeconfig = sandbox.kubernetes().map(KubernetesAccess::kubeconfig).orElseThrow();
        Path namespace = dir.resolve("namespace.yaml");
        Files.writeString(namespace, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + NAMESPACE + "\n");
        assertThat(kubectl("apply", "-f", namespace.toString())).contains("created");
    }

    @AfterAll
    static void closeSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void closePty() {
        if (pty != null) {
            pty.close();
        }
    }

    private static boolean onPath(String program) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, program))) {
                return true;
            }
        }
        return false;
    }

    /** kubectl as the lab's check would run it: the lab's kubeconfig, the namespace named explicitly. */
    private static String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", labKubeconfig.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s finished", command).isTrue();
        assertThat(process.exitValue()).as("kubectl %s: %s", command, out).isZero();
        return out;
    }

    private static String pod(String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                """.formatted(name);
    }

    private PtyOutput startTerminal() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Map<String, String> base = new HashMap<>(System.getenv());
        base.put("HOME", home.toString());
        base.put("PS1", "$ ");
        base.put("ENV", "/dev/null");
        java.util.List<Path> kubeconfigs;
        try {
            kubeconfigs = orchlab.engine.sandbox.kube.LabKubeconfig.forNamespace(sandbox.kubernetes().orElseThrow(), NAMESPACE,
                    dir.resolve("terminal"));
        } catch (orchlab.engine.sandbox.SandboxException e) {
            throw new IOException(e.getMessage(), e);
        }
        Map<String, String> sandboxEnv = TerminalEnvironment.forSandbox(kubeconfigs,
                Optional.of(NAMESPACE), Optional.empty(), Optional.empty());
        TerminalSpec spec = TerminalSpec.userShell(Path.of("/bin/sh"), dir, base, sandboxEnv);
        pty = Pty.start(spec.command(), spec.workDir(), spec.env(), 120, 40);
        return PtyOutput.of(pty);
    }

    private void type(String keys) throws IOException {
        pty.input().write(keys.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void watchInTheTerminalShowsPodsOfTheExerciseNamespaceComingUp() throws Exception {
        applyOutside(pod("web-1"));
        PtyOutput output = startTerminal();
        type("kubectl get pods -w; echo watch-ended-$((1+1))\r");
        // listed, so the watch is running from here on
        output.awaitContains("web-1");

        applyOutside(pod("web-2"));

        output.awaitContains("web-2");
        type("\u0003");
        type("echo after-watch-$((1+1))\r");
        output.awaitContains("after-watch-2");
    }

    private static void applyOutside(String manifest) throws Exception {
        Path file = Files.createTempFile(dir, "pod-", ".yaml");
        Files.writeString(file, manifest);
        kubectl("apply", "-n", NAMESPACE, "-f", file.toString());
    }

    @Test
    void applyInTheTerminalCreatesTheObjectInTheExerciseNamespace() throws Exception {
        Files.writeString(dir.resolve("my.yaml"), pod("api"));
        PtyOutput output = startTerminal();

        type("kubectl apply -f my.yaml; echo applied-$((1+1))\r");
        String out = output.awaitContains("applied-2");

        assertThat(out).contains("pod/api created");
        assertThat(kubectl("get", "pod", "api", "-n", NAMESPACE, "-o", "jsonpath={.metadata.namespace}"))
                .isEqualTo(NAMESPACE);
    }
}
