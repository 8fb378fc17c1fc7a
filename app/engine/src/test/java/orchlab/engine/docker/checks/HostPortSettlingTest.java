package orchlab.engine.docker.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.Container;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.check.Convergence;
import orchlab.engine.docker.DockerJson;
import org.junit.jupiter.api.Test;

/**
 * A wrong answer on a {@code docker-http} check's {@code hostPort} is judged from what Docker publishes: nothing will
 * answer there differently while no container publishes that port and none is about to (final once it repeats, with
 * the ports the containers do publish in the message); a container created or restarting with a binding for the
 * port may still publish it; a running container publishing it answers for it like a {@code container:} check.
 * The container lists are recorded {@code GET /containers/json?all=1} answers (Engine API 1.41), read back through
 * docker-java's model as the check reads them.
 */
class HostPortSettlingTest {
    private static final String REFUSED = "GET http://localhost:8080/: nothing listens there (connection refused)";

    /** {@code docker compose up} of the wrong-host-port fixture: web publishes 8081->80, db publishes nothing. */
    private static final String WEB_ON_8081 = """
            [{"Id":"5c1f0e","Names":["/myapp_web_1"],"Image":"nginx:1.27-alpine","State":"running","Status":"Up 4 seconds",
              "Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8081,"Type":"tcp"},
                       {"IP":"::","PrivatePort":80,"PublicPort":8081,"Type":"tcp"}],
              "Labels":{"com.docker.compose.project":"myapp","com.docker.compose.service":"web"}},
             {"Id":"9ad3b2","Names":["/myapp_db_1"],"Image":"postgres:16","State":"running","Status":"Up 5 seconds",
              "Ports":[{"PrivatePort":5432,"Type":"tcp"}],
              "Labels":{"com.docker.compose.project":"myapp","com.docker.compose.service":"db"}},
             {"Id":"0be771","Names":["/old"],"Image":"busybox","State":"exited","Status":"Exited (0) 2 hours ago","Ports":[]}]
            """;

    private static final String WEB_ON_8080 = """
            [{"Id":"5c1f0e","Names":["/web"],"Image":"orchlab/web:1.0","State":"running","Status":"Up 1 second",
              "Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"}]}]
            """;

    private static final String WEB_CREATED = """
            [{"Id":"5c1f0e","Names":["/web"],"Image":"orchlab/web:1.0","State":"created","Status":"Created","Ports":[]}]
            """;

    private static JsonNode listed(String json) throws Exception {
        Container[] containers = DockerJson.MAPPER.readValue(json, Container[].class);
        return DockerJson.MAPPER.valueToTree(containers);
    }

    private static ObjectNode inspect(String id, Instant startedAt, String health, String boundHostPort) {
        ObjectNode c = DockerJson.MAPPER.createObjectNode();
        c.put("Id", id);
        ObjectNode state = c.putObject("State");
        state.put("Status", "running");
        state.put("Running", true);
        state.put("StartedAt", startedAt.toString());
        if (health != null) {
            state.putObject("Health").put("Status", health);
        }
        if (boundHostPort != null) {
            c.putObject("HostConfig").putObject("PortBindings").putArray("80/tcp").addObject().put("HostIp", "").put("HostPort", boundHostPort);
        }
        return c;
    }

    private static DockerHttpCheckKind.Inspector inspecting(Map<String, ObjectNode> byId) {
        return id -> Optional.ofNullable(byId.get(id));
    }

    @Test
    void aHostPortNoContainerPublishesIsSteadyAndTheMessageSaysWhatIsPublished() throws Exception {
        JsonNode list = listed(WEB_ON_8081);

        var first = DockerHttpCheckKind.hostPortState(8080, "localhost", list, inspecting(Map.of()), REFUSED, DockerHttpCheckKind.NO_ANSWER);
        var again = DockerHttpCheckKind.hostPortState(8080, "localhost", list, inspecting(Map.of()), REFUSED, DockerHttpCheckKind.NO_ANSWER);

        assertThat(first.convergence().state()).isEqualTo(Convergence.State.STEADY);
        assertThat(again.convergence().token()).isEqualTo(first.convergence().token());
        assertThat(first.note()).isEqualTo("no container publishes localhost:8080; container myapp_web_1 publishes 8081->80");
        assertThat(first.convergence().why()).contains("no container publishes host port 8080");
    }

    @Test
    void aContainerStartingOrStoppingChangesTheUnpublishedToken() throws Exception {
        var before = DockerHttpCheckKind.hostPortState(8080, "localhost", listed(WEB_ON_8081), inspecting(Map.of()), REFUSED, DockerHttpCheckKind.NO_ANSWER);
        var fewer = DockerHttpCheckKind.hostPortState(8080, "localhost", listed("[" + WEB_ON_8081.substring(WEB_ON_8081.indexOf("{\"Id\":\"9ad3b2\""))),
                inspecting(Map.of()), REFUSED, DockerHttpCheckKind.NO_ANSWER);

        assertThat(fewer.convergence().token()).isNotEqualTo(before.convergence().token());
    }

    @Test
    void aCreatedContainerBoundToTheHostPortIsConverging() throws Exception {
        var state = DockerHttpCheckKind.hostPortState(8080, "localhost", listed(WEB_CREATED),
                inspecting(Map.of("5c1f0e", inspect("5c1f0e", Instant.now(), null, "8080"))), REFUSED, DockerHttpCheckKind.NO_ANSWER);

        assertThat(state.convergence().state()).isEqualTo(Convergence.State.CONVERGING);
        assertThat(state.convergence().why()).isEqualTo("container web is created and will publish host port 8080");
    }

    @Test
    void aCreatedContainerBoundToAnotherHostPortDoesNotHoldTheVerdict() throws Exception {
        var state = DockerHttpCheckKind.hostPortState(8080, "localhost", listed(WEB_CREATED),
                inspecting(Map.of("5c1f0e", inspect("5c1f0e", Instant.now(), null, "8081"))), REFUSED, DockerHttpCheckKind.NO_ANSWER);

        assertThat(state.convergence().state()).isEqualTo(Convergence.State.STEADY);
        assertThat(state.note()).isEqualTo("no container publishes localhost:8080; no running container publishes any port");
    }

    @Test
    void aWrongAnswerFromTheContainerPublishingTheHostPortWaitsForItsAppToStart() throws Exception {
        var state = DockerHttpCheckKind.hostPortState(8080, "localhost", listed(WEB_ON_8080),
                inspecting(Map.of("5c1f0e", inspect("5c1f0e", Instant.now().minusSeconds(1), null, "8080"))), REFUSED, DockerHttpCheckKind.NO_ANSWER);

        assertThat(state.convergence().state()).isEqualTo(Convergence.State.UNKNOWN);
        assertThat(state.note()).isEmpty();
        assertThat(state.publisher()).as("where its app listens is read from the publisher, on its container port")
                .hasValueSatisfying(p -> assertThat(p.name() + " " + p.containerPort()).isEqualTo("web 80"));
    }

    @Test
    void aWrongAnswerFromTheContainerPublishingTheHostPortIsSteadyOnceItHasRunPastTheGrace() throws Exception {
        var state = DockerHttpCheckKind.hostPortState(8080, "localhost", listed(WEB_ON_8080),
                inspecting(Map.of("5c1f0e", inspect("5c1f0e", Instant.now().minusSeconds(60), null, "8080"))), REFUSED, DockerHttpCheckKind.NO_ANSWER);

        assertThat(state.convergence().state()).isEqualTo(Convergence.State.STEADY);
        assertThat(state.convergence().why()).contains("container web has been running for");
    }
}
