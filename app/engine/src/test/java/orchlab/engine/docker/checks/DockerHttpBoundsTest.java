package orchlab.engine.docker.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.docker.CheckSpecs;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.testing.LyingHttpEndpoint;
import orchlab.engine.testing.LyingHttpEndpoint.Behaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker-http} against an endpoint that lies (issue 9): a body that stalls after the headers ends within the
 * check's request time with a message saying so; an endless body is read only up to the cap. No engine is needed with
 * {@code hostPort}: the request goes straight to the port, and a wrong answer stands when the engine cannot be read
 * (Docker's state would only have said whether waiting may change it).
 */
class DockerHttpBoundsTest {
    @TempDir
    Path dir;

    private Outcome attempt(LyingHttpEndpoint endpoint, String extra) throws Exception {
        var check = CheckSpecs.prepare(new DockerHttpCheckKind(),
                "checks:\n  - kind: docker-http\n    hostPort: " + endpoint.port() + "\n" + extra);
        return check.attempt(CheckSpecs.context(dir, new DockerAccess(null, "unix:///nowhere", "127.0.0.1")));
    }

    @Test
    void aBodyThatStallsAfterTheHeadersFailsWithinTheRequestTimeSayingItStalled() throws Exception {
        try (LyingHttpEndpoint endpoint = LyingHttpEndpoint.start(Behaviour.STALLS_AFTER_HEADERS, "Hel")) {
            Outcome outcome = attempt(endpoint, "    bodyContains: Hello\n");

            assertThat(outcome.passed()).isFalse();
            assertThat(outcome.message()).isEqualTo("GET http://127.0.0.1:" + endpoint.port() + "/ answered 200 but the body"
                    + " did not finish within 5 s — the server sent its headers and then stalled");
            assertThat(outcome.failures()).extracting(FieldFailure::path).containsExactly("body");
        }
    }

    @Test
    void anEndlessBodyIsJudgedOnItsFirstMebibyte() throws Exception {
        try (LyingHttpEndpoint endpoint = LyingHttpEndpoint.start(Behaviour.ENDLESS_BODY, "Hello, Docker!")) {
            Outcome outcome = attempt(endpoint, "    bodyContains: Hello, Docker\n");

            assertThat(outcome.passed()).as(outcome.message()).isTrue();
            assertThat(outcome.message()).endsWith("(the first 1024 KiB of a longer body)");
        }
    }
}
