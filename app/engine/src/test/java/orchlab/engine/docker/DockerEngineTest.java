package orchlab.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEngineTest {
    @TempDir
    Path dir;

    @Test
    void saysDockerIsNotRunningAndNamesWhatWasTried() {
        String host = "unix://" + dir.resolve("no-engine-here.sock");

        assertThatThrownBy(() -> DockerEngine.find(Optional.of(host)))
                .isInstanceOf(SandboxException.class)
                .hasMessage("Docker is not running — start Docker Desktop or `sudo systemctl start docker` (tried " + host + ")");
    }

    @Test
    void probeAnswersWithinSecondsWhenNothingListens() {
        long start = System.nanoTime();

        var availability = new DockerSandboxProvider().probe(SandboxOptions.defaults(dir).withDockerHost("tcp://127.0.0.1:1"));

        assertThat(availability.available()).isFalse();
        assertThat(availability.reason()).startsWith("Docker is not running").contains("tcp://127.0.0.1:1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void recognisesPermissionProblems() {
        assertThat(DockerEngine.permissionDenied(new RuntimeException(new java.io.IOException("connect: Permission denied")))).isTrue();
        assertThat(DockerEngine.permissionDenied(new RuntimeException("Connection refused"))).isFalse();
    }
}
