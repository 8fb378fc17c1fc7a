package orchlab.engine.docker.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import orchlab.engine.docker.DockerJson;
import org.junit.jupiter.api.Test;

/**
 * {@link ContainerState#justStarted}: the one definition of "a running container may still exit" that
 * {@code docker-container}, the {@code docker-compose} convergence and {@code docker-http} share.
 */
class ContainerStateTest {

    private static ObjectNode container(String status, Instant startedAt) {
        ObjectNode c = DockerJson.MAPPER.createObjectNode();
        ObjectNode state = c.putObject("State");
        state.put("Status", status);
        state.put("Running", status.equals("running"));
        state.put("StartedAt", startedAt.toString());
        return c;
    }

    @Test
    void aContainerRunningForLessThanTheSteadyTimeHasJustStarted() {
        assertThat(ContainerState.justStarted(container("running", Instant.now().minusMillis(300)))).isPresent();
    }

    @Test
    void aContainerRunningLongerOrNotRunningHasNotJustStarted() {
        assertThat(ContainerState.justStarted(container("running", Instant.now().minusSeconds(30)))).isEmpty();
        assertThat(ContainerState.justStarted(container("exited", Instant.now().minusMillis(300))))
                .as("an exited container is judged by its exit, not by how recently it started").isEmpty();
        assertThat(ContainerState.justStarted(container("created", Instant.parse("0001-01-01T00:00:00Z")))).isEmpty();
    }
}
