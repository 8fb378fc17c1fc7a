package orchlab.engine.docker.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import orchlab.engine.check.Convergence;
import orchlab.engine.check.FieldFailure;
import org.junit.jupiter.api.Test;

/**
 * A failing {@code docker-compose} check says whether waiting can change its verdict: a project whose containers are
 * being created, restarting, just started or whose health check is starting is still moving; one whose containers and
 * failures stay the same is final once that repeats (so a wrong Compose file is told in about a second, not at the
 * check's timeout).
 */
class ComposeCheckSettlingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<FieldFailure> WRONG_VOLUME = List.of(
            FieldFailure.different("services.db.mounts", "volume postgres_data", "bind ./postgres_data"));

    private static ObjectNode container(String name, String status, Instant startedAt, String health) {
        ObjectNode c = JSON.createObjectNode();
        c.put("Id", "id-" + name);
        c.put("Name", "/" + name);
        ObjectNode state = c.putObject("State");
        state.put("Status", status);
        state.put("Running", status.equals("running"));
        state.put("StartedAt", startedAt.toString());
        if (health != null) {
            state.putObject("Health").put("Status", health);
        }
        return c;
    }

    @Test
    void aProjectWhoseContainersRunUnchangedIsSteadyWithTheSameTokenEachTime() {
        Instant started = Instant.now().minusSeconds(30);
        Map<String, List<ObjectNode>> project = Map.of("db", List.of(container("myapp-db-1", "running", started, null)));

        Convergence first = DockerComposeCheckKind.convergence("myapp", project, WRONG_VOLUME);
        Convergence again = DockerComposeCheckKind.convergence("myapp", project, WRONG_VOLUME);

        assertThat(first.state()).isEqualTo(Convergence.State.STEADY);
        assertThat(again.token()).isEqualTo(first.token());
        assertThat(first.why()).contains("compose project myapp");
    }

    @Test
    void aContainerRestartedOrRecreatedChangesTheToken() {
        Instant started = Instant.now().minusSeconds(30);
        Convergence before = DockerComposeCheckKind.convergence("myapp",
                Map.of("db", List.of(container("myapp-db-1", "running", started, null))), WRONG_VOLUME);
        Convergence after = DockerComposeCheckKind.convergence("myapp",
                Map.of("db", List.of(container("myapp-db-1", "running", started.plusSeconds(20), null))), WRONG_VOLUME);

        assertThat(after.token()).isNotEqualTo(before.token());
    }

    @Test
    void aProjectStillStartingIsConverging() {
        Instant longAgo = Instant.now().minusSeconds(30);
        assertThat(DockerComposeCheckKind.convergence("myapp",
                Map.of("db", List.of(container("myapp-db-1", "running", longAgo, "starting"))), WRONG_VOLUME).state())
                .as("a health check still starting: Compose may be waiting on it to start the next service")
                .isEqualTo(Convergence.State.CONVERGING);
        assertThat(DockerComposeCheckKind.convergence("myapp",
                Map.of("app", List.of(container("myapp-app-1", "created", longAgo, null))), WRONG_VOLUME).state())
                .isEqualTo(Convergence.State.CONVERGING);
        assertThat(DockerComposeCheckKind.convergence("myapp",
                Map.of("app", List.of(container("myapp-app-1", "restarting", longAgo, null))), WRONG_VOLUME).state())
                .isEqualTo(Convergence.State.CONVERGING);
        assertThat(DockerComposeCheckKind.convergence("myapp",
                Map.of("app", List.of(container("myapp-app-1", "running", Instant.now(), null))), WRONG_VOLUME).state())
                .as("a container that has just started may still exit")
                .isEqualTo(Convergence.State.CONVERGING);
    }
}
