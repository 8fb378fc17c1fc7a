package orchlab.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.WaitContainerResultCallback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.docker.checks.DockerContainerCheckKind;
import orchlab.engine.docker.checks.DockerHttpCheckKind;
import orchlab.engine.docker.checks.DockerImageCheckKind;
import orchlab.engine.docker.checks.DockerNetworkCheckKind;
import orchlab.engine.docker.checks.DockerPortCheckKind;
import orchlab.engine.docker.checks.DockerVolumeCheckKind;
import orchlab.engine.docker.checks.DockerfileCheckKind;
import orchlab.engine.sandbox.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Docker check kinds against the real engine: the sample exercise's solution app is built FROM the
 * python:3.12-slim stand-in (see assets/offline-images), run with a published port and checked over HTTP;
 * then it is broken — root user, shell-form CMD, wrong port, a crashing command — and each check must
 * name the field or line.
 */
class DockerChecksIT {
    static DockerTestEngine docker;
    static DockerWorkbench bench;
    static Path good;
    static Path root;
    static Path shell;
    static String goodTag;
    static String rootTag;
    static String shellTag;

    @BeforeAll
    static void buildImages() throws Exception {
        docker = DockerTestEngine.connect();
        bench = new DockerWorkbench(docker.access());
        docker.ensureStandIn("python:3.12-slim");
        Path solution = DockerTestEngine.repositoryRoot().resolve("exercises/docker-build-run/solution");
        String dockerfile = Files.readString(solution.resolve("Dockerfile"));

        good = variant(solution, dockerfile);
        root = variant(solution, dockerfile.replace("RUN useradd --create-home app\n", "").replace("USER app\n", ""));
        shell = variant(solution, dockerfile.replace("CMD [\"python\", \"app.py\"]", "CMD python app.py"));
        goodTag = build(good, "good");
        rootTag = build(root, "root");
        shellTag = build(shell, "shell");
    }

    private static Path variant(Path solution, String dockerfile) throws Exception {
        Path dir = docker.tempDir();
        DockerTestEngine.copyTree(solution, dir);
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        return dir;
    }

    private static String build(Path context, String what) throws Exception {
        String tag = docker.image("orchlab-it/hello-" + what + ":" + docker.exerciseId());
        var result = docker.built(bench.build(new DockerWorkbench.BuildRequest(context, context.resolve("Dockerfile"), tag, Map.of(),
                Optional.empty(), docker.labels()), ProgressListener.NONE));
        assertThat(result.ok()).as(what + ": " + result.error().orElse("") + "\n" + String.join("\n", result.log())).isTrue();
        return tag;
    }

    @AfterAll
    static void close() {
        if (bench != null) {
            bench.close();
        }
        if (docker != null) {
            docker.close();
        }
    }

    private static CheckContext context(Path workspace) {
        return CheckSpecs.context(workspace, docker.access());
    }

    /** A container check of a container just started: "running" passes once it has stayed up (polls, like the engine). */
    private static Outcome eventually(CheckKind kind, String yaml, Path workspace) throws Exception {
        return Eventually.passes(CheckSpecs.prepare(kind, yaml), context(workspace));
    }

    private static Outcome attempt(CheckKind kind, String yaml, Path workspace) throws Exception {
        return CheckSpecs.prepare(kind, yaml).attempt(context(workspace));
    }

    private static String run(String what, String image, int hostPort, int containerPort, Map<String, String> env, List<String> command,
                              List<DockerRecipe.Mount> mounts, Optional<String> network, Optional<String> restart) throws Exception {
        String name = docker.container(docker.name(what));
        var result = bench.run(new DockerWorkbench.RunRequest(name, image,
                hostPort == 0 ? List.of() : List.of(new DockerRecipe.PortMapping("", hostPort, containerPort, "tcp")),
                env, mounts, network, command, restart, docker.labels()), ProgressListener.NONE);
        assertThat(result.ok()).as(result.error().orElse("")).isTrue();
        return name;
    }

    private static int lineOf(Path dir, String text) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("Dockerfile"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in Dockerfile");
    }

    // ------------------------------------------------------------------ images

    @Test
    void theSolutionImagePassesTheImageCheck() throws Exception {
        Outcome outcome = attempt(new DockerImageCheckKind(), """
                checks:
                  - kind: docker-image
                    image: "%s"
                    user: non-root
                    cmd: exec-form
                    exposedPorts: [8000]
                    workdir: /app
                    cel:
                      - expr: "'8000/tcp' in image.Config.ExposedPorts"
                        field: Config.ExposedPorts
                        expect: port 8000 exposed
                      - "size(image.RootFS.Layers) >= 2 && size(history) >= size(image.RootFS.Layers)"
                      - "history.exists(h, h.CreatedBy.contains('pip install'))"
                """.formatted(goodTag), good);

        assertThat(outcome.passed()).as(outcome.message()).isTrue();
        assertThat(outcome.location()).isEqualTo("image " + goodTag);
    }

    @Test
    void reportsARootImageAsConfigUserAndTheDockerfileAtItsLine() throws Exception {
        Outcome image = attempt(new DockerImageCheckKind(), """
                checks:
                  - kind: docker-image
                    image: "%s"
                    user: non-root
                    cmd: exec-form
                """.formatted(rootTag), root);
        Outcome file = attempt(new DockerfileCheckKind(), "checks:\n  - kind: dockerfile\n    rules: [DL3002]\n", root);

        assertThat(image.passed()).isFalse();
        assertThat(image.failures()).extracting(FieldFailure::describe)
                .containsExactly("Config.User: expected a non-root user, found root (no USER set)");
        assertThat(file.failures()).extracting(FieldFailure::describe).containsExactly(
                "Dockerfile:" + lineOf(root, "FROM") + " (DL3002): expected a USER instruction with a non-root user, not set");
    }

    @Test
    void reportsShellFormCmdAsConfigCmdAndTheDockerfileAtItsLine() throws Exception {
        Outcome image = attempt(new DockerImageCheckKind(), """
                checks:
                  - kind: docker-image
                    image: "%s"
                    cmd: exec-form
                """.formatted(shellTag), shell);
        Outcome file = attempt(new DockerfileCheckKind(), "checks:\n  - kind: dockerfile\n    rules: [DL3025]\n", shell);

        assertThat(image.failures()).extracting(FieldFailure::describe).containsExactly(
                "Config.Cmd: expected CMD in exec form, like [\"python\", \"app.py\"], found shell form [\"/bin/sh\",\"-c\",\"python app.py\"] (written as CMD python app.py)");
        int line = lineOf(shell, "CMD");
        assertThat(file.location()).isEqualTo("Dockerfile:" + line);
        assertThat(file.message()).isEqualTo("Dockerfile:" + line + " CMD in shell form — use [\"python\", \"app.py\"]");
    }

    @Test
    void anImageThatWasNotBuiltIsNotFound() throws Exception {
        Outcome outcome = attempt(new DockerImageCheckKind(), "checks:\n  - kind: docker-image\n    image: orchlab-it/never-built:1\n", good);

        assertThat(outcome.notFound()).isTrue();
        assertThat(outcome.message()).startsWith("image orchlab-it/never-built:1 not found — build it with docker build -t orchlab-it/never-built:1 .");
    }

    // ------------------------------------------------------------------ containers, ports, HTTP

    @Test
    void aRunningContainerPassesTheContainerPortAndHttpChecks() throws Exception {
        int port = DockerTestEngine.freePort();
        String name = run("web", goodTag, port, 8000, Map.of(), List.of(), List.of(), Optional.empty(), Optional.empty());

        Outcome http = Eventually.passes(CheckSpecs.prepare(new DockerHttpCheckKind(), """
                checks:
                  - kind: docker-http
                    container: %s
                    port: 8000
                    path: /
                    status: 200
                    bodyContains: Hello from OrchLab
                """.formatted(name)), context(good));
        Outcome container = eventually(new DockerContainerCheckKind(), """
                checks:
                  - kind: docker-container
                    container: %s
                    state: running
                    ports: ["%d:8000"]
                    user: app
                    cmd: ["python", "app.py"]
                    cel: "container.State.Running && container.Config.Labels['orchlab.exercise'] == '%s'"
                """.formatted(name, port, docker.exerciseId()), good);
        Outcome published = attempt(new DockerPortCheckKind(), """
                checks:
                  - kind: docker-port
                    container: %s
                    port: 8000
                    hostPort: %d
                """.formatted(name, port), good);

        assertThat(http.passed()).as(http.message()).isTrue();
        assertThat(http.location()).isEqualTo("GET http://localhost:" + port + "/");
        assertThat(http.message()).isEqualTo("GET http://localhost:" + port + "/ answered 200 with \"Hello from OrchLab!\"");
        assertThat(container.passed()).as(container.message()).isTrue();
        assertThat(container.message()).isEqualTo("container " + name + " is running and configured as expected");
        assertThat(published.passed()).as(published.message()).isTrue();
        assertThat(published.message()).isEqualTo("container " + name + " publishes 8000/tcp on host port " + port);
    }

    @Test
    void aWrongPublishedPortIsNamedByThePortAndHttpChecks() throws Exception {
        int port = DockerTestEngine.freePort();
        String name = run("wrongport", goodTag, port, 5000, Map.of(), List.of(), List.of(), Optional.empty(), Optional.empty());

        Outcome published = attempt(new DockerPortCheckKind(), """
                checks:
                  - kind: docker-port
                    container: %s
                    port: 8000
                """.formatted(name), good);
        Outcome http = attempt(new DockerHttpCheckKind(), """
                checks:
                  - kind: docker-http
                    container: %s
                    port: 8000
                """.formatted(name), good);
        Outcome container = attempt(new DockerContainerCheckKind(), """
                checks:
                  - kind: docker-container
                    container: %s
                    ports: ["%d:8000"]
                """.formatted(name, port), good);

        assertThat(published.failures()).extracting(FieldFailure::describe).containsExactly(
                "NetworkSettings.Ports[\"8000/tcp\"]: expected published on a host port, found not published; published are " + port + "->5000/tcp");
        assertThat(http.passed()).isFalse();
        assertThat(http.message()).startsWith("container " + name + " does not publish port 8000/tcp");
        assertThat(container.failures()).extracting(FieldFailure::describe).containsExactly(
                "NetworkSettings.Ports[\"8000/tcp\"]: expected published on host port " + port + " (-p " + port + ":8000), not set");
    }

    @Test
    void anAppListeningOnAnotherPortIsCaughtByTheHttpCheckWhichSaysWhatItRequested() throws Exception {
        int port = DockerTestEngine.freePort();
        String name = run("otherport", goodTag, port, 8000, Map.of("PORT", "5000"), List.of(), List.of(), Optional.empty(), Optional.empty());
        Eventually.until("the app to start listening on 5000", () -> {
            try {
                return bench.logs(name, 50).stream().anyMatch(l -> l.contains(":5000"));
            } catch (Exception e) {
                return false;
            }
        });

        Outcome http = attempt(new DockerHttpCheckKind(), """
                checks:
                  - kind: docker-http
                    container: %s
                    port: 8000
                    bodyContains: Hello
                """.formatted(name), good);

        assertThat(http.passed()).isFalse();
        assertThat(http.location()).isEqualTo("GET http://localhost:" + port + "/");
        assertThat(http.message()).startsWith("GET http://localhost:" + port + "/: ");
        assertThat(http.failures()).extracting(FieldFailure::describe).containsExactly("status: expected 200, not set");
    }

    @Test
    void aCrashedContainerShowsItsExitCodeAndLastOutput() throws Exception {
        String name = run("crash", goodTag, 0, 0, Map.of(), List.of("python", "missing.py"), List.of(), Optional.empty(), Optional.empty());
        int code = docker.access().client().waitContainerCmd(name).exec(new WaitContainerResultCallback())
                .awaitStatusCode(Eventually.CEILING.toSeconds(), TimeUnit.SECONDS);

        Outcome running = attempt(new DockerContainerCheckKind(), "checks:\n  - kind: docker-container\n    container: " + name + "\n", good);
        Outcome exitedWithTwo = attempt(new DockerContainerCheckKind(),
                "checks:\n  - kind: docker-container\n    container: " + name + "\n    exitCode: 2\n", good);
        Outcome exitedWithZero = attempt(new DockerContainerCheckKind(),
                "checks:\n  - kind: docker-container\n    container: " + name + "\n    state: exited\n    exitCode: 0\n", good);

        assertThat(code).isEqualTo(2);
        assertThat(running.failures()).extracting(FieldFailure::describe).containsExactly("State.Status: expected running, found exited with code 2");
        assertThat(running.message()).contains("its last output: python: can't open file '/app/missing.py'");
        assertThat(exitedWithTwo.passed()).as(exitedWithTwo.message()).isTrue();
        assertThat(exitedWithZero.failures()).extracting(FieldFailure::describe).containsExactly("State.ExitCode: expected 0, found 2");
    }

    @Test
    void httpAndPortChecksAgainstAnExitedContainerThatNothingRestartsAnswerAtOnce() throws Exception {
        String name = run("gone", goodTag, 0, 0, Map.of(), List.of("python", "missing.py"), List.of(), Optional.empty(), Optional.empty());
        docker.access().client().waitContainerCmd(name).exec(new WaitContainerResultCallback())
                .awaitStatusCode(Eventually.CEILING.toSeconds(), TimeUnit.SECONDS);

        Outcome http = attempt(new DockerHttpCheckKind(), "checks:\n  - kind: docker-http\n    container: " + name + "\n    port: 8000\n", good);
        Outcome port = attempt(new DockerPortCheckKind(), "checks:\n  - kind: docker-port\n    container: " + name + "\n    port: 8000\n", good);

        assertThat(http.message()).isEqualTo("container " + name + " is exited with code 2, so nothing answers HTTP");
        assertThat(List.of(http.convergence(), port.convergence())).allSatisfy(c -> {
            assertThat(c.isSettled()).isTrue();
            assertThat(c.why()).isEqualTo("container " + name + " has exited and has no restart policy — only a new run changes it");
        });
    }

    @Test
    void checksVolumesNetworksAndContainerSettings() throws Exception {
        String volume = docker.volume(docker.name("data"));
        String network = docker.network(docker.name("net"));
        String name = run("settings", goodTag, 0, 0, Map.of("GREETING", "hi"), List.of(),
                List.of(new DockerRecipe.Mount(volume, "/data", false)), Optional.of(network), Optional.of("unless-stopped"));

        Outcome vol = attempt(new DockerVolumeCheckKind(), """
                checks:
                  - kind: docker-volume
                    volume: %s
                    driver: local
                    labels: {orchlab.managed: "true"}
                """.formatted(volume), good);
        Outcome net = attempt(new DockerNetworkCheckKind(), """
                checks:
                  - kind: docker-network
                    network: %s
                    driver: bridge
                    containers: [%s]
                """.formatted(network, name), good);
        Outcome settings = eventually(new DockerContainerCheckKind(), """
                checks:
                  - kind: docker-container
                    container: %s
                    mounts: ["%s:/data"]
                    networks: [%s]
                    restartPolicy: unless-stopped
                    env: {GREETING: hi}
                    cel:
                      - expr: "container.Mounts.exists(m, m.Destination == '/data' && m.RW)"
                        field: Mounts
                        expect: a writable mount at /data
                """.formatted(name, volume, network), good);
        Outcome wrong = attempt(new DockerContainerCheckKind(), """
                checks:
                  - kind: docker-container
                    container: %s
                    env: {GREETING: hello}
                    restartPolicy: always
                    cel:
                      - expr: "container.HostConfig.Memory > 0"
                        field: HostConfig.Memory
                        expect: a memory limit
                """.formatted(name), good);
        Outcome noVolume = attempt(new DockerVolumeCheckKind(), "checks:\n  - kind: docker-volume\n    volume: " + docker.name("nope") + "\n", good);

        assertThat(vol.passed()).as(vol.message()).isTrue();
        assertThat(net.passed()).as(net.message()).isTrue();
        assertThat(settings.passed()).as(settings.message()).isTrue();
        assertThat(wrong.failures()).extracting(FieldFailure::describe).containsExactly(
                "Config.Env[GREETING]: expected hello, found hi",
                "HostConfig.RestartPolicy.Name: expected always, found unless-stopped",
                "HostConfig.Memory: expected a memory limit, found 0");
        assertThat(noVolume.notFound()).isTrue();
    }

    @Test
    void aContainerThatDoesNotExistIsNotFound() throws Exception {
        Outcome outcome = attempt(new DockerHttpCheckKind(), "checks:\n  - kind: docker-http\n    container: " + docker.name("absent")
                + "\n    port: 8000\n", good);

        assertThat(outcome.notFound()).isTrue();
    }
}
