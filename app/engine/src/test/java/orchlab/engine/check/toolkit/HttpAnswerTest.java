package orchlab.engine.check.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import orchlab.engine.testing.LyingHttpEndpoint;
import orchlab.engine.testing.LyingHttpEndpoint.Behaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers a check reads are bounded in bytes and time, with the JDK's client (Docker's published ports) and with
 * fabric8's (the API server's service proxy): an endless body is cut at {@link HttpAnswer#MAX_BODY_BYTES}, a body that
 * stalls after the headers ends at the deadline with a message saying so.
 */
class HttpAnswerTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    private static HttpRequest jdkGet(LyingHttpEndpoint endpoint) {
        return HttpRequest.newBuilder(URI.create(endpoint.url() + "/")).timeout(Duration.ofSeconds(5)).GET().build();
    }

    @Test
    void anEndlessBodyIsReadOnlyUpToTheCapWithTheJdkClient() throws Exception {
        try (LyingHttpEndpoint endpoint = LyingHttpEndpoint.start(Behaviour.ENDLESS_BODY, "Hello from a liar ")) {
            HttpAnswer answer = HttpAnswer.get(HttpClient.newHttpClient(), jdkGet(endpoint), Duration.ofSeconds(30));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.truncated()).isTrue();
            assertThat(answer.body()).startsWith("Hello from a liar ").hasSize(HttpAnswer.MAX_BODY_BYTES);
        }
    }

    @Test
    void aBodyThatStallsAfterTheHeadersEndsAtTheDeadlineWithTheJdkClient() throws Exception {
        try (LyingHttpEndpoint endpoint = LyingHttpEndpoint.start(Behaviour.STALLS_AFTER_HEADERS, "partial")) {
            assertThatThrownBy(() -> HttpAnswer.get(HttpClient.newHttpClient(), jdkGet(endpoint), SHORT))
                    .isInstanceOf(HttpAnswer.BodyStalledException.class)
                    .hasMessage("answered 200 but the body did not finish within 0.3 s — the server sent its headers and then stalled");
        }
    }

    /** One client for the class: its requests name the endpoint's full URL. */
    private static KubernetesClient fabric8;

    @BeforeAll
    static void fabric8Client() {
        fabric8 = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1")
                .withRequestRetryBackoffLimit(0).build()).build();
    }

    @AfterAll
    static void closeFabric8Client() {
        fabric8.close();
    }

    @Test
    void anEndlessBodyIsReadOnlyUpToTheCapWithFabric8sClient() throws Exception {
        try (LyingHttpEndpoint endpoint = LyingHttpEndpoint.start(Behaviour.ENDLESS_BODY, "Welcome to nginx!")) {
            var http = fabric8.getHttpClient();

            HttpAnswer answer = HttpAnswer.send(http, http.newHttpRequestBuilder().uri(endpoint.url() + "/").build(),
                    Duration.ofSeconds(30));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.truncated()).isTrue();
            assertThat(answer.body()).startsWith("Welcome to nginx!").hasSize(HttpAnswer.MAX_BODY_BYTES);
        }
    }

    @Test
    void aBodyThatStallsAfterTheHeadersEndsAtTheDeadlineWithFabric8sClient() throws Exception {
        try (LyingHttpEndpoint endpoint = LyingHttpEndpoint.start(Behaviour.STALLS_AFTER_HEADERS, "partial")) {
            var http = fabric8.getHttpClient();

            assertThatThrownBy(() -> HttpAnswer.send(http, http.newHttpRequestBuilder().uri(endpoint.url() + "/").build(), SHORT))
                    .isInstanceOf(HttpAnswer.BodyStalledException.class)
                    .hasMessage("answered 200 but the body did not finish within 0.3 s — the server sent its headers and then stalled");
        }
    }
}
