package orchlab.engine.docker.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.course.Problem;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.docker.CheckSpecs;
import org.junit.jupiter.api.Test;

/** Mistakes in Docker check settings are reported when the course loads, each at its line. */
class CheckSettingsTest {

    @Test
    void theDockerKindsAreRegistered() {
        CheckKinds kinds = new CheckKinds(ServiceLoader.load(CheckKind.class).stream().map(ServiceLoader.Provider::get).toList());

        assertThat(kinds.names()).contains("dockerfile", "docker-image", "docker-container", "docker-port", "docker-http",
                "docker-volume", "docker-network", "docker-compose");
        assertThat(kinds.find("dockerfile").orElseThrow().needs()).isNull();
        assertThat(kinds.find("docker-http").orElseThrow().needs()).isEqualTo(SandboxKind.DOCKER);
    }

    @Test
    void anImageCheckNeedsAnImage() {
        assertThat(CheckSpecs.problems(new DockerImageCheckKind(), """
                checks:
                  - kind: docker-image
                    user: non-root
                """)).extracting(Problem::format)
                .containsExactly("exercise.yaml:2:5: error: 'image' is required — e.g. image: orchlab/hello-py:1.0");
    }

    @Test
    void reportsACelExpressionThatDoesNotCompileAtTheExpression() {
        assertThat(CheckSpecs.problems(new DockerImageCheckKind(), """
                checks:
                  - kind: docker-image
                    image: hello:1
                    cel:
                      - expr: "image.Config.User !="
                        field: Config.User
                """)).extracting(Problem::format).singleElement().asString()
                .startsWith("exercise.yaml:5:15: error: CEL expression does not compile (expression line 1, column ");
    }

    @Test
    void rejectsExpectationsThatAreNotWellFormed() {
        assertThat(CheckSpecs.problems(new DockerContainerCheckKind(), """
                checks:
                  - kind: docker-container
                    container: web
                    state: sleeping
                    ports: ["eighty"]
                    restartPolicy: sometimes
                    cmd: shell
                """)).extracting(Problem::message).containsExactlyInAnyOrder(
                "'sleeping' is not a container state",
                "cmd must be exec-form or a list like [\"python\", \"app.py\"], not 'shell'",
                "'sometimes' is not a restart policy",
                "'eighty' is not a published port");
    }

    @Test
    void anHttpCheckMustSayWhereToSendTheRequest() {
        assertThat(CheckSpecs.problems(new DockerHttpCheckKind(), """
                checks:
                  - kind: docker-http
                    container: web
                    path: health
                """)).extracting(Problem::message).containsExactlyInAnyOrder(
                "say where to send the request: container and port, or hostPort",
                "'health' must start with /");
    }

    @Test
    void aComposeCheckValidatesEachService() {
        assertThat(CheckSpecs.problems(new DockerComposeCheckKind(), """
                checks:
                  - kind: docker-compose
                    project: shop
                    services:
                      web: {stat: running, startedAfter: [database]}
                      db: {}
                """)).extracting(Problem::format).containsExactlyInAnyOrder(
                "exercise.yaml:5:13: error: unknown key 'stat' for a service — allowed: cel, cmd, count, entrypoint, env, exitCode, exposedPorts, health, healthcheck, image, labels, mounts, networks, onlyNetworks, ports, restartPolicy, startedAfter, state, tmpfs, user, workdir",
                "exercise.yaml:5:42: error: 'database' is not one of the services listed here");
    }
}
