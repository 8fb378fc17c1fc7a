package orchlab.engine.docker.checks;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.docker.CheckSpecs;
import orchlab.engine.docker.DockerClients;
import orchlab.engine.sandbox.DockerAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the engine does not answer, a check is an error for the lab to show, not a failure of the learner's work. */
class EngineDownTest {
    @TempDir
    Path dir;

    @Test
    void aCheckAgainstAnEngineThatDoesNotAnswerIsUnavailable() throws Exception {
        String host = "unix://" + dir.resolve("gone.sock");
        DockerAccess access = new DockerAccess(DockerClients.open(host, java.time.Duration.ofSeconds(2)), host, "localhost");
        try {
            var check = CheckSpecs.prepare(new DockerContainerCheckKind(), "checks:\n  - kind: docker-container\n    container: web\n");

            assertThatThrownBy(() -> check.attempt(CheckSpecs.context(dir, access)))
                    .isInstanceOf(CheckUnavailableException.class)
                    .hasMessageStartingWith("Docker does not answer — is it still running?");
        } finally {
            access.client().close();
        }
    }

    @Test
    void aCheckWithoutAnyDockerSandboxSaysHowToGetOne() {
        var check = CheckSpecs.prepare(new DockerImageCheckKind(), "checks:\n  - kind: docker-image\n    image: web:1\n");

        assertThatThrownBy(() -> check.attempt(CheckSpecs.context(dir, null)))
                .isInstanceOf(CheckUnavailableException.class)
                .hasMessageContaining("no Docker engine is connected");
    }
}
