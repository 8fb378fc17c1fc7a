package orchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab sandbox up --type sim --kubeconfig-out FILE} as a learner runs it (its own process), driven by the
 * real kubectl through the kubeconfig it writes: the scripted run, and a persisted sim that comes back
 * after the lab is killed.
 */
class SandboxUpSimIT {

    record Result(int exit, String out, String err) {
    }

    @TempDir
    Path dir;
    private final List<Process> labs = new ArrayList<>();

    @BeforeAll
    static void needsKubectl() {
        boolean found = false;
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(p, "kubectl"));
        }
        assumeTrue(found, "kubectl is not on PATH: skipping the lab sandbox up + kubectl tests");
    }

    @AfterEach
    void stopLabs() throws InterruptedException {
        for (Process lab : labs) {
            lab.destroy();
            if (!lab.waitFor(30, TimeUnit.SECONDS)) {
                lab.destroyForcibly();
            }
        }
    }

    /** Starts {@code lab sandbox up} and returns once it printed "Ready" (the kubeconfig is then written). */
    private Process labSandboxUp(Path kubeconfig, Path state, boolean persist) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "orchlab.cli.Main", "sandbox", "up", "--type", "sim",
                "--kubeconfig-out", kubeconfig.toString(), "--state-dir", state.toString()));
        if (persist) {
            command.add("--persist");
        }
        Path log = Files.createTempFile(dir, "lab", ".log");
        Process lab = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        labs.add(lab);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("Ready. Use it with:")) {
            assertThat(lab.isAlive()).as("lab sandbox up is running; its output:\n" + Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("lab sandbox up became ready within 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(Files.readString(log)).contains("simulated cluster — containers do not really run");
        return lab;
    }

    private Result kubectl(Path kubeconfig, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("kube-cache").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = builder.start();
        if (stdin != null) {
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private Result ok(Path kubeconfig, String stdin, String... args) throws Exception {
        Result result = kubectl(kubeconfig, stdin, args);
        assertThat(result.exit()).as("kubectl " + String.join(" ", args) + ": " + result.err()).isZero();
        return result;
    }

    private Result until(Predicate<Result> condition, Path kubeconfig, String... args) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Result result = kubectl(kubeconfig, null, args);
        while (!condition.test(result) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            result = kubectl(kubeconfig, null, args);
        }
        return result;
    }

    private static String example(String path) throws IOException {
        return Files.readString(Repo.root().resolve(path));
    }

    @Test
    void scriptedKubectlRunAgainstLabSandboxUp() throws Exception {
        Path kubeconfig = dir.resolve("kube/config");
        labSandboxUp(kubeconfig, dir.resolve("state"), false);

        assertThat(ok(kubeconfig, null, "create", "namespace", "shop").out()).contains("namespace/shop created");
        assertThat(ok(kubeconfig, example("exercises/k8s-deployment/solution/deployment.yaml"), "-n", "shop", "apply", "-f", "-").out())
                .contains("deployment.apps/my-app created");
        assertThat(ok(kubeconfig, example("exercises/k8s-service/solution/service.yaml"), "-n", "shop", "apply", "-f", "-").out())
                .contains("service/my-app-service created");
        assertThat(ok(kubeconfig, null, "-n", "shop", "rollout", "status", "deployment/my-app", "--timeout=60s").out())
                .contains("successfully rolled out");

        assertThat(ok(kubeconfig, null, "-n", "shop", "scale", "deployment/my-app", "--replicas=4").out()).contains("scaled");
        ok(kubeconfig, null, "-n", "shop", "rollout", "status", "deployment/my-app", "--timeout=60s");
        Result endpoints = until(r -> r.out().split(" ").length == 4, kubeconfig, "-n", "shop", "get", "endpoints", "my-app-service",
                "-o", "jsonpath={.subsets[*].addresses[*].ip}");
        assertThat(endpoints.out().split(" ")).hasSize(4);

        Result invalid = kubectl(kubeconfig, example("exercises/k8s-deployment/solution/deployment.yaml")
                .replace("name: my-app\n", "name: typo\n").replace("image:", "imag:"), "-n", "shop", "apply", "-f", "-");
        assertThat(invalid.exit()).isNotZero();
        assertThat(invalid.err()).contains("unknown field \"spec.template.spec.containers[0].imag\"");

        assertThat(ok(kubeconfig, null, "-n", "shop", "delete", "deployment", "my-app").out()).contains("deleted");
        Result left = until(r -> r.out().isBlank(), kubeconfig, "-n", "shop", "get", "replicasets,pods", "-o", "name");
        assertThat(left.out()).isBlank();
    }

    @Test
    void persistedSimComesBackAfterTheLabIsKilled() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Path state = dir.resolve("state");
        Process first = labSandboxUp(kubeconfig, state, true);
        ok(kubeconfig, null, "create", "namespace", "tomorrow");
        ok(kubeconfig, null, "-n", "tomorrow", "create", "configmap", "notes", "--from-literal=lesson=3");
        Path stateFile = state.resolve("sim-state.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.isRegularFile(stateFile) && Files.readString(stateFile).contains("\"notes\""))) {
            assertThat(System.nanoTime()).as("the sim saved its state within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }

        first.destroyForcibly(); // kill -9: no shutdown hook, no save on close
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        labSandboxUp(kubeconfig, state, true);

        assertThat(ok(kubeconfig, null, "-n", "tomorrow", "get", "configmap", "notes", "-o", "jsonpath={.data.lesson}").out())
                .isEqualTo("3");
    }
}
