package orchlab.engine.docker.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import orchlab.engine.check.Convergence;
import org.junit.jupiter.api.Test;

/**
 * A wrong HTTP answer from a container is final only once the app inside has had time to listen: before
 * {@link DockerHttpCheckKind#APP_START_GRACE} the engine keeps waiting (a correct app may still be starting); after it,
 * the same answer from the same run of the container repeating makes the verdict final.
 */
class HttpAnswerSettlingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WELCOME_PAGE = "GET http://localhost:8080/ answered 200 with \"<h1>Welcome to nginx!</h1>\"";
    private static final String BAD_GATEWAY = "GET http://localhost:8080/ answered 502 with \"502 Bad Gateway\"";
    private static final String REFUSED = "GET http://127.0.0.1:8000/: nothing listens there (connection refused)";

    private static ObjectNode running(Instant startedAt) {
        return running(startedAt, null);
    }

    private static ObjectNode running(Instant startedAt, String health) {
        ObjectNode c = JSON.createObjectNode();
        c.put("Id", "abc123");
        ObjectNode state = c.putObject("State");
        state.put("Status", "running");
        state.put("Running", true);
        state.put("StartedAt", startedAt.toString());
        if (health != null) {
            state.putObject("Health").put("Status", health);
        }
        return c;
    }

    @Test
    void aWrongAnswerFromAContainerThatJustStartedKeepsTheEngineWaiting() {
        Convergence c = DockerHttpCheckKind.afterStart(running(Instant.now().minusSeconds(1)), "hello-py", REFUSED, DockerHttpCheckKind.NO_ANSWER);

        assertThat(c.state()).isEqualTo(Convergence.State.UNKNOWN);
    }

    @Test
    void aWrongAnswerFromAContainerRunningPastTheGraceIsSteadyAndRepeatsTheSameToken() {
        ObjectNode container = running(Instant.now().minusSeconds(60));

        Convergence first = DockerHttpCheckKind.afterStart(container, "hello-py", REFUSED, DockerHttpCheckKind.NO_ANSWER);
        Convergence again = DockerHttpCheckKind.afterStart(container, "hello-py", REFUSED, DockerHttpCheckKind.NO_ANSWER);

        assertThat(first.state()).isEqualTo(Convergence.State.STEADY);
        assertThat(again.token()).isEqualTo(first.token());
        assertThat(first.why()).contains("container hello-py has been running for");
    }

    @Test
    void anotherAnswerOrARestartedContainerChangesTheToken() {
        Instant started = Instant.now().minusSeconds(60);
        Convergence refused = DockerHttpCheckKind.afterStart(running(started), "hello-py", REFUSED, DockerHttpCheckKind.NO_ANSWER);
        Convergence answered = DockerHttpCheckKind.afterStart(running(started), "hello-py", "GET http://127.0.0.1:8000/ answered 404", 404);
        Convergence restarted = DockerHttpCheckKind.afterStart(running(started.plusSeconds(30)), "hello-py", REFUSED, DockerHttpCheckKind.NO_ANSWER);

        assertThat(answered.token()).isNotEqualTo(refused.token());
        assertThat(restarted.token()).isNotEqualTo(refused.token());
    }

    @Test
    void aWrongAnswerFromAHealthyContainerIsSteadyWithoutWaitingForTheGrace() {
        Convergence c = DockerHttpCheckKind.afterStart(running(Instant.now().minusSeconds(1), "healthy"), "hello-py", REFUSED, DockerHttpCheckKind.NO_ANSWER);

        assertThat(c.state()).isEqualTo(Convergence.State.STEADY);
        assertThat(c.why()).isEqualTo("container hello-py is healthy and answers the same");
    }

    @Test
    void aWrongAnswerWhileTheHealthCheckIsStartingIsConvergingEvenPastTheGrace() {
        Convergence c = DockerHttpCheckKind.afterStart(running(Instant.now().minusSeconds(60), "starting"), "hello-py", REFUSED, DockerHttpCheckKind.NO_ANSWER);

        assertThat(c.state()).isEqualTo(Convergence.State.CONVERGING);
    }

    @Test
    void aWrongAnswerBelow500FromAnAppThatAnswersIsSteadyOnceItsContainerRunsPastTheFirstSeconds() {
        Convergence c = DockerHttpCheckKind.afterStart(running(Instant.now().minusSeconds(3)), "web", WELCOME_PAGE, 200);

        assertThat(c.state()).isEqualTo(Convergence.State.STEADY);
        assertThat(c.why()).isEqualTo("container web has been running for 3 s and its app answers HTTP 200 the same");
    }

    @Test
    void anAnswerFromAContainerThatJustStartedOrA5xxKeepsTheEngineWaitingForTheGrace() {
        assertThat(DockerHttpCheckKind.afterStart(running(Instant.now()), "web", WELCOME_PAGE, 200).state())
                .as("a container that has just started may still exit").isEqualTo(Convergence.State.UNKNOWN);
        assertThat(DockerHttpCheckKind.afterStart(running(Instant.now().minusSeconds(3)), "web", BAD_GATEWAY, 502).state())
                .as("a proxy answers 502 while its upstream starts").isEqualTo(Convergence.State.UNKNOWN);
    }
}
