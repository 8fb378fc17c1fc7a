package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import orchlab.sim.KubectlRunner.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl gets into a simulated Pod: exec (one command, and a shell fed on stdin), cp, run --rm -i, debug with
 * an ephemeral container, and port-forward to the Pod's simulated HTTP answer.
 */
class PodShellIT {

    @TempDir
    static Path dir;
    private static KubectlRunner runner;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(KubectlRunner.kubectlPath().isPresent(), "kubectl is not on PATH: skipping the kubectl tests against the sim");
        runner = KubectlRunner.startSim(dir);
        Result applied = runner.run("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: default}
                data: {mode: fast}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: box, namespace: default, labels: {app: box}}
                spec:
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sleep, infinity]
                    env: [{name: GREETING, value: hello}]
                    envFrom: [{configMapRef: {name: settings}}]
                    volumeMounts: [{name: config, mountPath: /etc/config}, {name: scratch, mountPath: /scratch}]
                  volumes: [{name: config, configMap: {name: settings}}, {name: scratch, emptyDir: {}}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: default, labels: {app: web}}
                spec:
                  containers: [{name: nginx, image: "nginx:1.27", ports: [{containerPort: 80}]}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: default}
                spec: {selector: {app: web}, ports: [{port: 80, targetPort: 80}]}
                """, "apply", "-f", "-");
        assertThat(applied.exit()).as(applied.err()).isZero();
        Result ready = runner.run(null, "wait", "--for=condition=Ready", "pod/box", "pod/web", "--timeout=60s");
        assertThat(ready.exit()).as(ready.err()).isZero();
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void execRunsOneCommandAndReturnsItsExitCode() throws Exception {
        Result env = runner.run(null, "exec", "box", "--", "printenv", "GREETING");
        assertThat(env.exit()).as(env.err()).isZero();
        assertThat(env.out()).isEqualTo("hello\n");
        Result file = runner.run(null, "exec", "box", "--", "cat", "/etc/config/mode");
        assertThat(file.out()).isEqualTo("fast");
        Result token = runner.run(null, "exec", "box", "--", "ls", "/var/run/secrets/kubernetes.io/serviceaccount");
        assertThat(token.out()).as("the kube-api-access volume").isEqualTo("ca.crt\nnamespace\ntoken\n");

        Result failed = runner.run(null, "exec", "box", "--", "sh", "-c", "echo oops >&2; exit 3");
        assertThat(failed.exit()).isEqualTo(3);
        assertThat(failed.err()).contains("oops", "command terminated with exit code 3");
        Result unknown = runner.run(null, "exec", "box", "--", "vim");
        assertThat(unknown.exit()).isEqualTo(127);
    }

    @Test
    void execWithStdinRunsAShellThatReachesAServiceByName() throws Exception {
        Result shell = runner.run("echo $GREETING $mode\nnslookup web\nwget -qO- http://web | grep -o 'Welcome to nginx!' \nexit 4\n",
                "exec", "-i", "box", "--", "sh");
        assertThat(shell.exit()).as(shell.err()).isEqualTo(4);
        assertThat(shell.out()).contains("hello fast\n", "Name:\tweb.default.svc.cluster.local", "Welcome to nginx!");
        assertThat(shell.err()).contains("OrchLab simulated shell");
    }

    /** kubectl before 1.30, or told not to use WebSockets, speaks SPDY/3.1: one stream per channel. */
    private static final java.util.Map<String, String> SPDY = java.util.Map.of("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false");

    @Test
    void execOverSpdyRunsTheCommandWithItsOutputStreamsAndExitCode() throws Exception {
        Result env = runner.runWithEnv(SPDY, null, "exec", "box", "--", "printenv", "GREETING");
        assertThat(env.exit()).as(env.err()).isZero();
        assertThat(env.out()).isEqualTo("hello\n");
        Result failed = runner.runWithEnv(SPDY, null, "exec", "box", "--", "sh", "-c", "echo out; echo oops >&2; exit 3");
        assertThat(failed.exit()).isEqualTo(3);
        assertThat(failed.out()).isEqualTo("out\n");
        assertThat(failed.err()).contains("oops", "command terminated with exit code 3");
    }

    @Test
    void execOverSpdyWithStdinFeedsTheShellUntilItsInputEnds() throws Exception {
        Result shell = runner.runWithEnv(SPDY, "echo $GREETING $mode\nwget -qO- http://web | grep -o 'Welcome to nginx!'\n",
                "exec", "-i", "box", "--", "sh");
        assertThat(shell.exit()).as(shell.err()).isZero();
        assertThat(shell.out()).contains("hello fast\n", "Welcome to nginx!");
    }

    @Test
    void cpCopiesAFileIntoThePodAndBack(@TempDir Path local) throws Exception {
        Path notes = Files.writeString(local.resolve("notes.txt"), "line one\nline two\n");
        Result in = runner.run(null, "cp", notes.toString(), "box:/scratch/notes.txt");
        assertThat(in.exit()).as(in.err()).isZero();
        assertThat(runner.run(null, "exec", "box", "--", "cat", "/scratch/notes.txt").out()).isEqualTo("line one\nline two\n");

        Result out = runner.run(null, "cp", "box:/scratch/notes.txt", local.resolve("back.txt").toString());
        assertThat(out.exit()).as(out.err()).isZero();
        assertThat(Files.readString(local.resolve("back.txt"), StandardCharsets.UTF_8)).isEqualTo("line one\nline two\n");
    }

    @Test
    void runRmInteractiveEndsWithTheShellsExitCodeAndDeletesThePod() throws Exception {
        Result run = runner.run("echo inside $(hostname)\nexit 2\n", "run", "tmp", "--rm", "-i", "--restart=Never",
                "--image=busybox:1.36", "--", "sh");
        assertThat(run.out()).contains("inside tmp");
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.out() + run.err()).contains("pod \"tmp\" deleted");
    }

    @Test
    void portForwardAnswersLocalHttpWithThePodsSimulatedAnswer() throws Exception {
        for (String target : List.of("pod/web", "svc/web")) {
            Process forward = runner.start("port-forward", target, "0:80");
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(forward.getInputStream(), StandardCharsets.UTF_8));
                String line = lines.readLine();
                assertThat(line).as(target).startsWith("Forwarding from 127.0.0.1:").endsWith(" -> 80");
                int port = Integer.parseInt(line.substring("Forwarding from 127.0.0.1:".length(), line.indexOf(" ->")));
                HttpURLConnection get = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
                assertThat(get.getResponseCode()).isEqualTo(200);
                assertThat(get.getHeaderField("X-OrchLab-Simulated")).isEqualTo("true");
                assertThat(new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("Welcome to nginx!");
                HttpURLConnection missing = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/nope").toURL().openConnection();
                assertThat(missing.getResponseCode()).isEqualTo(404);
            } finally {
                forward.destroy();
                forward.waitFor();
            }
        }
    }

    @Test
    void debugAddsAnEphemeralContainerWithAShell() throws Exception {
        Result debug = runner.run("echo from $(hostname) with $GREETING-less env\nexit 0\n", "debug", "box", "-i",
                "--image=busybox:1.36", "--container=dbg");
        assertThat(debug.exit()).as(debug.err()).isZero();
        assertThat(debug.out()).contains("from box with -less env");
        Result state = runner.until(r -> r.out().contains("terminated"), "get", "pod", "box", "-o",
                "jsonpath={.status.ephemeralContainerStatuses[?(@.name=='dbg')].state}");
        assertThat(state.out()).contains("terminated", "\"exitCode\":0");
        Result plain = runner.run(null, "debug", "box", "--image=busybox:1.36", "--container=dbg2");
        assertThat(plain.exit()).as(plain.err()).isZero();
        Result ended = runner.until(r -> r.out().contains("terminated"), "get", "pod", "box", "-o",
                "jsonpath={.status.ephemeralContainerStatuses[?(@.name=='dbg2')].state}");
        assertThat(ended.out()).as("a shell without stdin ends at once").contains("terminated");
    }
}
