package orchlab.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import orchlab.engine.docker.DockerClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever listens at DOCKER_HOST cannot make the lab read without end: an inspect answer, a log stream or an error
 * body past its cap (16 MiB) ends in a message naming the request. The "engine" is a local test server on 127.0.0.1
 * that answers with 20 MiB.
 */
class DockerAnswersTest {
    private static final int HUGE = 20 * 1024 * 1024;

    private HttpServer server;
    private DockerClient client;
    private final AtomicLong sent = new AtomicLong();

    @BeforeEach
    void startFakeEngine() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                if (path.endsWith("/_ping")) {
                    byte[] ok = "OK".getBytes(StandardCharsets.US_ASCII);
                    exchange.sendResponseHeaders(200, ok.length);
                    out.write(ok);
                    return;
                }
                boolean error = path.contains("/containers/broken/");
                boolean logs = path.endsWith("/logs");
                exchange.getResponseHeaders().add("Content-Type", logs ? "application/vnd.docker.raw-stream" : "application/json");
                exchange.sendResponseHeaders(error ? 500 : 200, 0);
                if (!logs) {
                    out.write((error ? "{\"message\":\"" : "{\"Id\":\"big\",\"Name\":\"").getBytes(StandardCharsets.US_ASCII));
                }
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'a');
                for (int i = 0; i < HUGE / chunk.length; i++) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
                if (!logs) {
                    out.write("\"}".getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                // the lab hung up: that is what a cap does
            }
        });
        server.start();
        client = DockerClients.open("tcp://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.stop(0);
    }

    @Test
    void anInspectAnswerLargerThanTheCapIsALocatedErrorNotAHeapFullOfIt() {
        assertThatThrownBy(() -> client.inspectContainerCmd("big").exec()).rootCause()
                .hasMessageContaining("the Docker engine's answer to GET")
                .hasMessageContaining("/containers/big/json is larger than 16 MiB")
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void anErrorBodyLargerThanTheCapIsALocatedErrorToo() {
        assertThatThrownBy(() -> client.inspectContainerCmd("broken").exec()).rootCause()
                .hasMessageContaining("/containers/broken/json is larger than 16 MiB");
    }

    @Test
    void aLogStreamStopsAtTheCap() {
        AtomicLong received = new AtomicLong();
        ResultCallback.Adapter<Frame> callback = client.logContainerCmd("big").withStdOut(true).withTail(20)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        received.addAndGet(frame.getPayload().length);
                    }
                });

        assertThatThrownBy(callback::awaitCompletion).rootCause().hasMessageContaining("/containers/big/logs is larger than 16 MiB");
        assertThat(received.get()).isLessThanOrEqualTo(16L * 1024 * 1024);
    }
}
