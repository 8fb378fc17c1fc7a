package orchlab.engine.live;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import orchlab.engine.sandbox.KubernetesAccess;

/**
 * fabric8's mock API server in CRUD mode (real HTTP, storage, list and watch), plus canned answers for paths the
 * CRUD mode does not serve (pod logs) or for refusals (403). Records the paths it was asked for.
 */
final class LiveTestServer implements AutoCloseable {

    private record Rule(String method, String pathPrefix, int code, String body) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Hold> holds = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    LiveTestServer() {
        this(-1);
    }

    /** On a given port of 127.0.0.1 (-1: any free port). */
    LiveTestServer(int port) {
        this(port, false);
    }

    /** On a given port of 127.0.0.1 (-1: any free port), over HTTPS (TLS, as a real API server) or plain HTTP. */
    LiveTestServer(int port, boolean https) {
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request.getMethod() + " " + request.getPath());
                for (Hold hold : holds) {
                    if (hold.takes(request)) {
                        hold.await();
                    }
                }
                for (Rule rule : rules) {
                    if (rule.method().equalsIgnoreCase(request.getMethod()) && request.getPath().startsWith(rule.pathPrefix())) {
                        return new MockResponse().setResponseCode(rule.code()).setBody(rule.body());
                    }
                }
                return crud.dispatch(request);
            }

            @Override
            public void shutdown() {
                crud.shutdown();
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, https);
        if (port < 0) {
            server.init();
        } else {
            server.init(InetAddress.getLoopbackAddress(), port);
        }
        client = server.createClient();
    }

    KubernetesClient client() {
        return client;
    }

    KubernetesAccess access() {
        return new KubernetesAccess(client, Path.of("mock-kubeconfig"), "mock");
    }

    /** Answers requests whose path starts with {@code pathPrefix} with this code and body, before the CRUD store. */
    void answer(String method, String pathPrefix, int code, String body) {
        rules.add(new Rule(method, pathPrefix, code, body));
    }

    /**
     * Holds the answer to the next list (not watch) request of {@code GET <pathPrefix>} until {@link Hold#release()}:
     * a request the client has in flight for as long as a test needs. It blocks the server's thread for that
     * connection, so a test releases it as soon as it can.
     */
    Hold holdList(String pathPrefix) {
        Hold hold = new Hold(pathPrefix);
        holds.add(hold);
        return hold;
    }

    static final class Hold implements AutoCloseable {
        private final String pathPrefix;
        private final java.util.concurrent.atomic.AtomicBoolean taken = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        private volatile boolean answered;

        private Hold(String pathPrefix) {
            this.pathPrefix = pathPrefix;
        }

        private boolean takes(RecordedRequest request) {
            return request.getMethod().equalsIgnoreCase("GET") && request.getPath().startsWith(pathPrefix)
                    && !request.getPath().contains("watch=true") && taken.compareAndSet(false, true);
        }

        private void await() {
            arrived.countDown();
            try {
                if (!released.await(RecordingListener.CEILING.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a held answer was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answered = true;
        }

        /** Whether the server has gone on to answer the held request. */
        boolean answered() {
            return answered;
        }

        /** Waits until the held request has reached the server. */
        void awaitArrived() throws InterruptedException {
            if (!arrived.await(RecordingListener.CEILING.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("the request to hold (GET " + pathPrefix + ", not a watch) never came");
            }
        }

        boolean released() {
            return released.getCount() == 0;
        }

        void release() {
            released.countDown();
        }

        @Override
        public void close() {
            release();
        }
    }

    static String status(int code, String reason, String message) {
        return """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"%s","reason":"%s","code":%d}"""
                .formatted(message, reason, code);
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
