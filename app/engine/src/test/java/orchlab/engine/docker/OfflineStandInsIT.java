package orchlab.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.WaitContainerResultCallback;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import orchlab.engine.sandbox.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The offline stand-in images (assets/offline-images) behave as their README says, including the failures
 * a learner would see with the real images, and Testcontainers runs against this engine with the
 * alpine:3.17 stand-in as its check image.
 */
class OfflineStandInsIT {
    static DockerTestEngine docker;
    static DockerWorkbench bench;

    @BeforeAll
    static void standIns() throws Exception {
        docker = DockerTestEngine.connect();
        bench = new DockerWorkbench(docker.access());
        for (String tag : List.of("alpine:3.17", "python:3.12-slim", "node:20-alpine", "nginx:alpine", "postgres:16")) {
            docker.ensureStandIn(tag);
        }
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

    private static DockerWorkbench.BuildResult build(String what, String dockerfile, Map<String, String> files) throws Exception {
        Path context = docker.tempDir();
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        for (var f : files.entrySet()) {
            Files.writeString(context.resolve(f.getKey()), f.getValue());
        }
        return docker.built(bench.build(new DockerWorkbench.BuildRequest(context, context.resolve("Dockerfile"),
                docker.image("orchlab-it/standin-" + what + ":" + docker.exerciseId()), Map.of(), Optional.empty(), docker.labels()),
                ProgressListener.NONE));
    }

    @Test
    void testcontainersRunsAgainstThisEngineWithTheAlpineStandInAsItsCheckImage() throws Exception {
        try (GenericContainer<?> nginx = new GenericContainer<>(DockerImageName.parse("nginx:alpine"))
                .withExposedPorts(80)
                .withLabels(docker.labels())
                .waitingFor(Wait.forHttp("/").forStatusCode(200))) {
            nginx.start();
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://" + nginx.getHost() + ":" + nginx.getMappedPort(80) + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertThat(body).contains("Welcome to nginx!");
        }
    }

    @Test
    void pipFailsLikePipWhenTheRequirementsFileIsNotCopiedYet() throws Exception {
        var result = build("pip", "FROM python:3.12-slim\nWORKDIR /app\nRUN pip install -r requirements.txt\n", Map.of());

        assertThat(result.errorLine()).isEqualTo(3);
        assertThat(result.log()).anyMatch(l -> l.contains("ERROR: Could not open requirements file"));
    }

    @Test
    void npmCiNeedsALockFileLikeNpm() throws Exception {
        var result = build("npm", "FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\n", Map.of("package.json", "{}"));
        var withLock = build("npmlock", "FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nUSER node\n",
                Map.of("package.json", "{}", "package-lock.json", "{}"));

        assertThat(result.errorLine()).isEqualTo(4);
        assertThat(result.log()).anyMatch(l -> l.contains("can only install with an existing package-lock.json"));
        assertThat(withLock.ok()).as(withLock.error().orElse("")).isTrue();
    }

    @Test
    void postgresRefusesToStartWithoutAPasswordLikeTheRealEntrypoint() throws Exception {
        String name = docker.container(docker.name("pg"));
        var run = bench.run(new DockerWorkbench.RunRequest(name, "postgres:16", List.of(), Map.of(), List.of(), Optional.empty(),
                List.of(), Optional.empty(), docker.labels()), ProgressListener.NONE);
        int code = docker.access().client().waitContainerCmd(name).exec(new WaitContainerResultCallback())
                .awaitStatusCode(Eventually.CEILING.toSeconds(), TimeUnit.SECONDS);

        assertThat(run.ok()).isTrue();
        assertThat(code).isEqualTo(1);
        assertThat(bench.logs(name, 10)).anyMatch(l -> l.contains("superuser password is not specified"));
    }
}
