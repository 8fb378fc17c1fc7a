package orchlab.engine.docker.checks;

import orchlab.engine.check.toolkit.CheckSettings;
import orchlab.engine.check.toolkit.HttpAnswer;
import orchlab.engine.check.toolkit.HttpExpectation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import orchlab.engine.check.Convergence;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.docker.DockerJson;
import orchlab.engine.sandbox.DockerAccess;

/**
 * {@code kind: docker-http} — an HTTP GET to a published port answers with the expected status and body.
 * The result says what was requested and what came back.
 *
 * <pre>
 * - id: answers
 *   kind: docker-http
 *   container: hello-py      # with port: the host port it publishes that container port on
 *   port: 8000
 *   # hostPort: 8080         # or: a host port directly (no container lookup)
 *   path: /                  # default /
 *   status: 200              # default 200
 *   bodyContains: Hello      # optional
 *   # or, as the http kind writes it: expect: {status: 200, bodyContains: Hello}
 * </pre>
 * The expectation is the toolkit's {@link HttpExpectation}, shared with {@code kind: http}.
 */
public final class DockerHttpCheckKind implements CheckKind {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Made on the first docker-http check, not when the check kinds are discovered (it starts a selector thread and TLS). */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newBuilder()
                .connectTimeout(REQUEST_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String name() {
        return "docker-http";
    }

    @Override
    public String summary() {
        return "HTTP GET to a container's published port answers with a status and a body substring";
    }

    @Override
    public Set<String> keys() {
        return Set.of("container", "port", "hostPort", "path", "status", "bodyContains", "expect");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.DOCKER;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        CheckSettings s = new CheckSettings(spec, problems);
        Optional<String> container = s.text("container");
        Optional<String> port = s.text("port");
        Optional<Integer> hostPort = s.integer("hostPort", 1, 65535);
        Optional<String> key = port.flatMap(ContainerState::portKey);
        if (port.isPresent() && key.isEmpty()) {
            s.error("port", "'" + port.get() + "' is not a container port", "write 8000");
        }
        if (hostPort.isEmpty() && (container.isEmpty() || port.isEmpty())) {
            s.error("", "say where to send the request: container and port, or hostPort", "e.g. container: hello-py and port: 8000");
        }
        if (hostPort.isPresent() && container.isPresent() != port.isPresent()) {
            s.error(container.isPresent() ? "container" : "port", "container and port go together", "");
        }
        String path = s.text("path").orElse("/");
        if (!path.startsWith("/")) {
            s.error("path", "'" + path + "' must start with /", "e.g. path: /health");
        }
        HttpExpectation expect = HttpExpectation.read(s);
        return s.failed() ? null : new Prepared(container, key, hostPort, path, expect);
    }

    /** How long a container runs before a wrong answer from it may be final: time for the app inside to listen. */
    static final Duration APP_START_GRACE = Duration.ofSeconds(10);

    /**
     * Whether waiting can change a wrong answer from a running container. Its health check says it when it has one:
     * {@code starting} is still converging, {@code healthy} means the app is up, so the same answer repeating from
     * the same run of the container ({@link Convergence#steady}) is final. Without a health check, an HTTP answer
     * below 500 shows the app is up and answering for itself: final once it repeats from a container that has run
     * for {@link ContainerState#STEADY}. No answer, or a 5xx (a proxy whose upstream is still starting, an app not
     * ready yet), says nothing about when the app will be ready: the engine keeps waiting while the container has run
     * for less than {@link #APP_START_GRACE}, then the answer is final once it repeats.
     *
     * @param status the HTTP status that came back, or {@link #NO_ANSWER}
     */
    static Convergence afterStart(ObjectNode inspect, String container, String answer, int status) {
        String token = inspect.path("Id").asText() + " " + inspect.path("State").path("StartedAt").asText() + "\n" + answer;
        String health = inspect.path("State").path("Health").path("Status").asText("");
        if (health.equals("starting")) {
            return Convergence.converging("the health check of container " + container + " is starting");
        }
        if (health.equals("healthy")) {
            return Convergence.steady(token, "container " + container + " is healthy and answers the same");
        }
        Optional<Duration> up = ContainerState.runningFor(inspect);
        if (up.isEmpty()) {
            return Convergence.UNKNOWN;
        }
        if (status >= 100 && status < 500 && ContainerState.justStarted(inspect).isEmpty()) {
            return Convergence.steady(token, "container " + container + " has been running for " + up.get().toSeconds()
                    + " s and its app answers HTTP " + status + " the same");
        }
        if (up.get().compareTo(APP_START_GRACE) < 0) {
            return Convergence.UNKNOWN;
        }
        return Convergence.steady(token, "container " + container + " has been running for " + up.get().toSeconds() + " s and answers the same");
    }

    /** Said when a connection closes unanswered, unless where the app listens is known ({@link Listeners}). */
    private static final String LISTENING_GUESS = " — is the app inside the container listening on the published container port,"
            + " on 0.0.0.0 rather than 127.0.0.1?";

    /** The status of a request that got no HTTP answer (refused, closed, timed out). */
    static final int NO_ANSWER = -1;

    /** Reads one container's inspect (a test gives recorded ones). */
    @FunctionalInterface
    interface Inspector {
        Optional<ObjectNode> inspect(String id) throws CheckUnavailableException;
    }

    /**
     * What Docker says about a host port a wrong answer came from: its convergence, and for the learner, when no
     * container publishes it, which ports the running containers do publish ({@code no container publishes
     * localhost:8080; container web publishes 8081->80}); empty when a container publishes it.
     */
    record HostPortState(Convergence convergence, String note, Optional<Publisher> publisher) {
        HostPortState(Convergence convergence, String note) {
            this(convergence, note, Optional.empty());
        }
    }

    /** The running container that publishes the host port, and on which of its ports. */
    record Publisher(String name, ObjectNode inspect, int containerPort) {
    }

    /**
     * Whether waiting can change a wrong answer on a host port, from the engine's container list ({@code GET
     * /containers/json?all=1}, Docker's field names): a running container that publishes the port answers for it
     * ({@link #afterStart}); a container created or restarting with a binding for the port may still publish it
     * (converging); otherwise no container publishes the port and none is about to, so nothing will answer there
     * differently while the containers stay as they are — final once the same answer repeats with the same running
     * containers ({@link Convergence#steady}).
     */
    static HostPortState hostPortState(int hostPort, String host, JsonNode containers, Inspector inspector, String answer, int status)
            throws CheckUnavailableException {
        java.util.Set<String> published = new java.util.TreeSet<>();
        List<String> running = new ArrayList<>();
        for (JsonNode c : containers) {
            String id = c.path("Id").asText("");
            String name = c.path("Names").path(0).asText(id).replaceFirst("^/", "");
            String state = c.path("State").asText("");
            if (state.equals("running")) {
                running.add(id);
                for (JsonNode p : c.path("Ports")) {
                    if (!p.hasNonNull("PublicPort")) {
                        continue;
                    }
                    if (p.path("PublicPort").asInt() == hostPort && p.path("Type").asText("tcp").equals("tcp")) {
                        Optional<ObjectNode> inspect = inspector.inspect(id);
                        if (inspect.isEmpty()) {
                            return new HostPortState(Convergence.converging("container " + name + " went away"), "");
                        }
                        return new HostPortState(afterStart(inspect.get(), name, answer, status), "",
                                Optional.of(new Publisher(name, inspect.get(), p.path("PrivatePort").asInt())));
                    }
                    published.add("container " + name + " publishes " + p.path("PublicPort").asInt() + "->"
                            + p.path("PrivatePort").asInt() + (p.path("Type").asText("tcp").equals("tcp") ? "" : "/" + p.path("Type").asText()));
                }
            } else if (state.equals("created") || state.equals("restarting")) {
                Optional<ObjectNode> inspect = inspector.inspect(id);
                if (inspect.isPresent() && bindsHostPort(inspect.get(), hostPort)) {
                    return new HostPortState(Convergence.converging("container " + name + " is " + state
                            + " and will publish host port " + hostPort), "");
                }
            }
        }
        java.util.Collections.sort(running);
        List<String> shown = published.stream().limit(4).toList();
        String note = "no container publishes " + host + ":" + hostPort
                + (shown.isEmpty() ? "; no running container publishes any port"
                : "; " + String.join(", ", shown) + (published.size() > shown.size() ? " and " + (published.size() - shown.size()) + " more" : ""));
        return new HostPortState(Convergence.steady("unpublished " + hostPort + "\n" + String.join(" ", running) + "\n" + answer,
                "no container publishes host port " + hostPort + " and none is starting to"), note);
    }

    /** Whether a container's {@code HostConfig.PortBindings} ask for {@code hostPort} (what it publishes once it runs). */
    private static boolean bindsHostPort(JsonNode inspect, int hostPort) {
        for (JsonNode bindings : inspect.path("HostConfig").path("PortBindings")) {
            for (JsonNode b : bindings) {
                if (b.path("HostPort").asText("").equals(String.valueOf(hostPort))) {
                    return true;
                }
            }
        }
        return false;
    }

    private record Prepared(Optional<String> container, Optional<String> key, Optional<Integer> hostPort, String path,
                            HttpExpectation expect) implements PreparedCheck {

        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException, InterruptedException {
            DockerAccess access = context.requireDocker();
            String host = access.publishedHost();
            int port;
            if (container.isPresent()) {
                String where = "container " + container.get();
                Optional<ObjectNode> inspect = Engine.container(access.client(), container.get());
                if (inspect.isEmpty()) {
                    return Outcome.notFound(where, "container " + container.get() + " not found, so there is nothing to send a request to");
                }
                JsonNode c = inspect.get();
                if (!c.path("State").path("Running").asBoolean()) {
                    String state = ContainerState.describe(c);
                    Outcome down = Outcome.fail(where, "container " + container.get() + " is " + state + ", so nothing answers HTTP",
                            List.of(FieldFailure.different("State.Status", "running", state)));
                    // an exited container nothing restarts answers no request however long we wait
                    return ContainerState.exitedForGood(c, container.get()).map(down::with).orElse(down);
                }
                JsonNode bindings = DockerJson.at(c, "NetworkSettings.Ports").path(key.get());
                List<String> ports = Expectations.hostPorts(bindings);
                if (ports.isEmpty()) {
                    return Outcome.fail(where, "container " + container.get() + " does not publish port " + key.get()
                                    + ", so the request cannot reach it — run it with -p <host port>:" + key.get().replace("/tcp", ""),
                            List.of(FieldFailure.missing("NetworkSettings.Ports[\"" + key.get() + "\"]", "published on a host port")));
                }
                if (hostPort.isPresent() && !ports.contains(String.valueOf(hostPort.get()))) {
                    return Outcome.fail(where, "container " + container.get() + " publishes " + key.get() + " on host port "
                                    + String.join(", ", ports) + ", not " + hostPort.get(),
                            List.of(FieldFailure.different("NetworkSettings.Ports[\"" + key.get() + "\"]", "host port " + hostPort.get(),
                                    "host port " + String.join(", ", ports))));
                }
                port = Integer.parseInt(hostPort.map(String::valueOf).orElse(ports.get(0)));
                for (JsonNode b : bindings) {
                    String ip = b.path("HostIp").asText("");
                    if (!ip.isEmpty() && !ip.equals("0.0.0.0") && !ip.equals("::") && String.valueOf(port).equals(b.path("HostPort").asText())) {
                        host = ip.contains(":") ? "[" + ip + "]" : ip;
                    }
                }
                Answer got = request(URI.create("http://" + host + ":" + port + path));
                Outcome answer = got.outcome();
                if (answer.passed()) {
                    return answer;
                }
                return fromRunning(access.client(), (ObjectNode) c, container.get(), Integer.parseInt(key.get().replaceFirst("/.*", "")),
                        got, afterStart((ObjectNode) c, container.get(), answer.message(), got.status()));
            }
            port = hostPort.orElseThrow();
            Answer got = request(URI.create("http://" + host + ":" + port + path));
            Outcome answer = got.outcome();
            if (answer.passed()) {
                return answer;
            }
            var client = access.client();
            HostPortState state;
            try {
                JsonNode containers = DockerJson.MAPPER.valueToTree(Engine.call(() -> client.listContainersCmd().withShowAll(true).exec()));
                state = hostPortState(port, host, containers, id -> Engine.container(client, id), answer.message(), got.status());
            } catch (CheckUnavailableException e) {
                // the answer is the verdict; Docker's state only says whether waiting may change it
                return answer;
            }
            if (state.publisher().isPresent()) {
                Publisher p = state.publisher().get();
                return fromRunning(client, p.inspect(), p.name(), p.containerPort(), got, state.convergence());
            }
            return withNote(answer, state.note()).with(state.convergence());
        }

        /**
         * A wrong answer from a running container with {@code after} ({@link #afterStart}); when no HTTP answer came,
         * where the app inside listens may already say it never will on {@code containerPort} ({@link Listeners}).
         */
        private static Outcome fromRunning(com.github.dockerjava.api.DockerClient client, ObjectNode c, String name,
                                           int containerPort, Answer got, Convergence after) {
            Outcome answer = got.outcome();
            if (got.status() != NO_ANSWER) {
                return answer.with(after); // an HTTP answer came back: the app listens there
            }
            String id = c.path("Id").asText();
            Optional<Listeners.Decision> listening = Engine.procNetTcp(client, id).map(Listeners::parse)
                    .flatMap(sockets -> Listeners.judge(sockets, containerPort, name,
                            id + " " + c.path("State").path("StartedAt").asText() + "\n" + answer.message()));
            if (listening.isEmpty()) {
                return answer.with(after);
            }
            // where it listens replaces the guess about it
            Outcome known = answer.match(p -> p, f -> Outcome.fail(f.location(), f.message().replace(LISTENING_GUESS, ""), f.failures()),
                    n -> n);
            return withNote(known, listening.get().note())
                    .with(after.state() == Convergence.State.UNKNOWN ? listening.get().convergence() : after);
        }

        /** The failed answer with what Docker says about it added to its message. */
        private static Outcome withNote(Outcome answer, String note) {
            if (note.isEmpty()) {
                return answer;
            }
            return answer.match(p -> p, f -> Outcome.fail(f.location(), f.message() + " — " + note, f.failures()),
                    n -> Outcome.notFound(n.location(), n.message() + " — " + note, n.failures()));
        }

        private Answer request(URI uri) throws InterruptedException {
            String where = "GET " + uri;
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
            HttpAnswer response;
            try {
                response = HttpAnswer.get(Http.CLIENT, request, REQUEST_TIMEOUT);
            } catch (HttpAnswer.BodyStalledException e) {
                return new Answer(NO_ANSWER, Outcome.fail(where, where + " " + e.getMessage(),
                        List.of(FieldFailure.different("body", "a complete answer", "no end to the body within "
                                + REQUEST_TIMEOUT.toSeconds() + " s"))));
            } catch (HttpTimeoutException e) {
                return new Answer(NO_ANSWER, Outcome.fail(where, where + " got no answer within " + REQUEST_TIMEOUT.toSeconds() + " s",
                        List.of(FieldFailure.missing("status", String.valueOf(expect.status())))));
            } catch (ConnectException e) {
                return new Answer(NO_ANSWER, Outcome.fail(where, where + ": nothing listens there (connection refused)",
                        List.of(FieldFailure.missing("status", String.valueOf(expect.status())))));
            } catch (IOException e) {
                return new Answer(NO_ANSWER, Outcome.fail(where, where + ": the connection closed without an answer" + LISTENING_GUESS,
                        List.of(FieldFailure.missing("status", String.valueOf(expect.status())))));
            }
            String body = response.body();
            List<FieldFailure> failures = expect.judge(response.status(), body);
            String answered = where + " answered " + response.status() + " with " + HttpExpectation.excerpt(body)
                    + (response.truncated() ? " (the first " + HttpAnswer.MAX_BODY_BYTES / 1024 + " KiB of a longer body)" : "");
            return new Answer(response.status(), failures.isEmpty() ? Outcome.pass(where, answered) : Outcome.fail(where, answered, failures));
        }

        /** What a request got: the HTTP status ({@link #NO_ANSWER} when none came) and the verdict on it. */
        private record Answer(int status, Outcome outcome) {
        }
    }
}
