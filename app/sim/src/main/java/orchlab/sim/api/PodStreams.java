package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import orchlab.sim.registry.ImageCatalog;
import orchlab.sim.registry.ImageInfo;
import orchlab.sim.registry.PodProcesses;
import orchlab.sim.shell.PodFilesystem;
import orchlab.sim.shell.SimShell;
import orchlab.sim.store.ObjectStore;

/**
 * A way into a simulated Pod: the {@code exec} and {@code attach} subresources over WebSocket with Kubernetes'
 * channel protocols {@code v5.channel.k8s.io} / {@code v4.channel.k8s.io} (each binary message starts with its
 * channel: 0 stdin, 1 stdout, 2 stderr, 3 the final {@code metav1.Status}, 4 terminal resize; v5 adds 255, "close
 * this stream"). Behind them runs {@link SimShell} with the container's environment and the files its Pod spec mounts;
 * files written stay for the Pod's life (kept here, per Pod UID and container). The same sessions run over SPDY/3.1
 * ({@link Spdy}), what kubectl before 1.30 (or with {@code KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false}) speaks: one SPDY
 * stream per channel, named by its {@code streamType} header ({@code error}, {@code stdin}, {@code stdout},
 * {@code stderr}, {@code resize}), the status written on {@code error}. {@code portforward} speaks SPDY/3.1 and answers
 * HTTP with the Pod's simulated answer.
 */
public final class PodStreams {

    /** Told when the main process of a container ended because a learner's attached shell exited. */
    @FunctionalInterface
    public interface ProcessEnds {
        void ended(ObjectNode pod, String container, int exitCode);
    }

    static final List<String> PROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io");
    /** What exec/attach speak over SPDY: v5 is v4 there (stdin ends with the stream's FIN); v4 writes the status as JSON. */
    static final List<String> SPDY_PROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "zsh");

    /** What a request asks for, checked against the Pod. */
    record Target(ObjectNode pod, JsonNode container, String subresource, List<String> command, boolean stdin,
                  boolean stdout, boolean stderr, boolean tty) {
    }

    private final ObjectStore store;
    private final ResourceType pods;
    private final ResourceType configMaps;
    private final ResourceType secrets;
    private final ResourceCatalog catalog;
    private final ImageCatalog images;
    private final ServiceProxyHandler proxy;
    private final ProcessEnds ends;
    private final Map<String, PodFilesystem> filesystems = new ConcurrentHashMap<>();

    public PodStreams(ObjectStore store, ResourceCatalog catalog, ImageCatalog images, ServiceProxyHandler proxy, ProcessEnds ends) {
        this.store = store;
        this.catalog = catalog;
        this.pods = catalog.require("", "pods");
        this.configMaps = catalog.require("", "configmaps");
        this.secrets = catalog.require("", "secrets");
        this.images = images;
        this.proxy = proxy;
        this.ends = ends;
    }

    static boolean isStreamingSubresource(String subresource) {
        return "exec".equals(subresource) || "attach".equals(subresource) || "portforward".equals(subresource);
    }

    /** The checks the API server and kubelet make before a stream opens; the error a real cluster gives otherwise. */
    Target resolve(String namespace, String name, String subresource, String rawQuery) {
        ObjectNode pod = store.get(pods, namespace, name).orElseThrow(() -> ApiException.notFound(pods, name));
        Map<String, List<String>> query = query(rawQuery);
        if (subresource.equals("portforward")) {
            if (!pod.path("status").path("phase").asText("").equals("Running")) {
                throw ApiException.badRequest("unable to forward port because pod is not running. Current status="
                        + pod.path("status").path("phase").asText("Pending"));
            }
            return new Target(pod, pod.path("spec").path("containers").path(0), subresource, List.of(), false, false, false, false);
        }
        List<String> names = new ArrayList<>();
        pod.path("spec").path("containers").forEach(c -> names.add(c.path("name").asText()));
        String containerName = first(query, "container");
        if (containerName.isEmpty()) {
            if (names.size() != 1) {
                throw ApiException.badRequest("a container name must be specified for pod " + name + ", choose one of: " + names);
            }
            containerName = names.get(0);
        }
        JsonNode container = null;
        for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
            for (JsonNode c : pod.path("spec").path(list)) {
                if (c.path("name").asText().equals(containerName)) {
                    container = c;
                }
            }
        }
        if (container == null) {
            throw ApiException.badRequest("container " + containerName + " is not valid for pod " + name);
        }
        boolean running = false;
        for (String list : List.of("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses")) {
            for (JsonNode cs : pod.path("status").path(list)) {
                if (cs.path("name").asText().equals(containerName)) {
                    running = cs.path("state").has("running");
                }
            }
        }
        if (!running) {
            throw ApiException.badRequest("container not found (\"" + containerName + "\"): it is not running");
        }
        List<String> command = query.getOrDefault("command", List.of());
        if (subresource.equals("exec") && command.isEmpty()) {
            throw ApiException.badRequest("you must specify at least 1 command");
        }
        return new Target(pod, container, subresource, command, flag(query, "stdin"), flag(query, "stdout"),
                flag(query, "stderr"), flag(query, "tty"));
    }

    static final String TUNNELLED_PORT_FORWARD = "SPDY/3.1+portforward.k8s.io";

    /** Whether the TLS front serves this request's upgrade itself. */
    static boolean upgrades(String subresource, String upgrade) {
        return upgrade.equalsIgnoreCase("websocket") || upgrade.startsWith("SPDY/3.1");
    }

    /**
     * Serves an upgrade request on its connection: the Pod's error as a {@code Status} when it cannot open, else
     * {@code 101 Switching Protocols} and the session — exec/attach over WebSocket or SPDY/3.1, port-forward as SPDY/3.1 either
     * tunnelled in WebSocket ({@code SPDY/3.1+portforward.k8s.io}, what kubectl 1.31+ tries first) or on the
     * upgraded connection itself (kubectl's fallback).
     */
    void upgrade(String namespace, String name, String subresource, TlsFront.Head head, InputStream in, OutputStream out)
            throws IOException {
        boolean websocket = head.header("upgrade").equalsIgnoreCase("websocket");
        Target target;
        String protocol = "";
        try {
            target = resolve(namespace, name, subresource, head.rawQuery());
            List<String> offered = new ArrayList<>();
            for (String header : websocket ? List.of("sec-websocket-protocol") : List.of("x-stream-protocol-version")) {
                for (String value : head.headers().getOrDefault(header, List.of())) {
                    Arrays.stream(value.split(",")).map(String::trim).forEach(offered::add);
                }
            }
            List<String> spoken = !subresource.equals("portforward") ? (websocket ? PROTOCOLS : SPDY_PROTOCOLS)
                    : websocket ? List.of(TUNNELLED_PORT_FORWARD) : List.of("portforward.k8s.io");
            protocol = offered.stream().filter(spoken::contains).findFirst().orElseThrow(() -> ApiException.badRequest(
                    "the OrchLab simulated cluster speaks " + String.join(", ", spoken) + " for " + subresource
                            + ", not " + (offered.isEmpty() ? "(none offered)" : String.join(", ", offered))));
        } catch (ApiException e) {
            byte[] body = ApiResponse.error(e).body();
            out.write(("HTTP/1.1 " + e.code() + " " + (e.code() == 404 ? "Not Found" : e.code() == 403 ? "Forbidden"
                    : e.code() == 401 ? "Unauthorized" : "Bad Request") + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return;
        }
        String response = websocket
                ? "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                        + WebSocket.accept(head.header("sec-websocket-key")) + "\r\nSec-WebSocket-Protocol: " + protocol + "\r\n\r\n"
                : "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                        + "X-Stream-Protocol-Version: " + protocol + "\r\n\r\n";
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (!subresource.equals("portforward") && websocket) {
            serve(target, new WebSocket(in, out));
        } else if (!subresource.equals("portforward")) {
            serve(target, new Spdy(in, frame -> {
                out.write(frame);
                out.flush();
            }));
        } else if (websocket) {
            WebSocket ws = new WebSocket(in, out);
            portForward(target, new Spdy(new WebSocketBytes(ws), ws::sendBinary));
            ws.close(1000);
        } else {
            portForward(target, new Spdy(in, frame -> {
                out.write(frame);
                out.flush();
            }));
        }
    }

    /**
     * Port-forward: each local connection kubectl accepts opens an error stream and a data stream (same
     * {@code requestid}, the Pod's {@code port}); the data stream carries one HTTP request, answered with the Pod's
     * simulated HTTP answer on that port ({@link ServiceProxyHandler#simulated}); a port nothing listens on gets the
     * kubelet's "connection refused" on the error stream.
     */
    private void portForward(Target target, Spdy spdy) throws IOException {
        Map<String, Spdy.Stream[]> pairs = new ConcurrentHashMap<>();
        spdy.serve(stream -> {
            String request = stream.headers.getOrDefault("requestid", "");
            Spdy.Stream[] pair = pairs.computeIfAbsent(request, r -> new Spdy.Stream[2]);
            synchronized (pair) {
                pair["error".equals(stream.headers.get("streamtype")) ? 0 : 1] = stream;
                if (pair[0] != null && pair[1] != null) {
                    pairs.remove(request);
                    Thread forward = new Thread(() -> forward(target, pair[0], pair[1]), "orchlab-sim-port-forward");
                    forward.setDaemon(true);
                    forward.start();
                }
            }
        });
    }

    private void forward(Target target, Spdy.Stream error, Spdy.Stream data) {
        try {
            int port = Integer.parseInt(data.headers.getOrDefault("port", "0"));
            ObjectNode pod = store.get(pods, Json.namespace(target.pod()), Json.name(target.pod())).orElse(target.pod());
            TlsFront.Head request = TlsFront.head(data.input());
            if (request != null) {
                ApiResponse answer = proxy.simulated(pod, ServiceProxyHandler.containerFor(pod, port), port, request.target());
                if (answer.code() == 503 && answer.contentType().contains("json")) {
                    error.write(("error forwarding port " + port + " to pod " + Json.name(pod) + ", uid " + Json.uid(pod)
                            + ": failed to connect to localhost:" + port + " inside the Pod: dial tcp4 127.0.0.1:" + port
                            + ": connect: connection refused (simulated: nothing listens on this port)").getBytes(StandardCharsets.UTF_8));
                } else {
                    ByteArrayOutputStream http = new ByteArrayOutputStream();
                    http.writeBytes(("HTTP/1.1 " + answer.code() + " " + reason(answer.code()) + "\r\nContent-Type: "
                            + answer.contentType() + "\r\nContent-Length: " + answer.body().length
                            + "\r\nX-OrchLab-Simulated: true\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    if (!request.method().equals("HEAD")) {
                        http.writeBytes(answer.body());
                    }
                    data.write(http.toByteArray());
                }
            }
            data.finish();
            error.finish();
        } catch (IOException | RuntimeException e) {
            try {
                data.finish();
                error.finish();
            } catch (IOException ignored) {
                // the connection is gone
            }
        }
    }

    private static String reason(int code) {
        return switch (code) {
            case 200 -> "OK";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> code < 400 ? "OK" : "Error";
        };
    }

    /** The bytes of a WebSocket's binary messages, one after the other (SPDY tunnelled in WebSocket). */
    private static final class WebSocketBytes extends ChunkInput {
        private final WebSocket ws;

        WebSocketBytes(WebSocket ws) {
            this.ws = ws;
        }

        @Override
        protected byte[] next() throws IOException {
            WebSocket.Message m = ws.read();
            return m == null ? null : m.data();
        }
    }

    /** What a request without an upgrade the front serves (plain HTTP) gets: the Pod's error, or a clear refusal. */
    ApiResponse withoutWebSocket(ApiRequest request, ResourcePath path, String rawQuery) {
        resolve(path.namespace(), path.name(), path.subresource(), rawQuery);
        throw ApiException.badRequest("the OrchLab simulated cluster serves " + path.subresource() + " on a WebSocket "
                + "or SPDY/3.1 upgrade, as the kubelet does, not on " + request.header("upgrade").map(u -> u + " upgrades")
                .orElse("plain HTTP") + ": use kubectl (exec, attach, port-forward) or a client that upgrades the connection");
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> query = new java.util.LinkedHashMap<>();
        if (rawQuery == null) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static boolean flag(Map<String, List<String>> query, String key) {
        String value = first(query, key);
        return value.equals("true") || value.equals("1");
    }

    /** Runs the session on an upgraded connection; returns when it is over (the caller closes the socket). */
    void serve(Target target, WebSocket ws) throws IOException {
        Stdin stdin = new Stdin();
        Thread session = Thread.currentThread();
        boolean[] finished = {false};
        Thread reader = new Thread(() -> {
            try {
                WebSocket.Message m;
                while ((m = ws.read()) != null) {
                    if (!m.binary() || m.data().length == 0) {
                        continue;
                    }
                    int channel = m.data()[0] & 0xff;
                    if (channel == 0) {
                        stdin.add(Arrays.copyOfRange(m.data(), 1, m.data().length));
                    } else if (channel == 255 && m.data().length > 1 && m.data()[1] == 0) {
                        stdin.closeBySignal();
                    }
                    // channel 4 (resize): a line shell has no use for the terminal's size
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                stdin.close();
                synchronized (finished) {
                    if (!finished[0]) {
                        session.interrupt();
                    }
                }
            }
        }, "orchlab-sim-" + target.subresource() + "-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            OutputStream stdout = new Channel(ws, 1);
            int code = run(target, stdin, stdout, target.tty() ? stdout : new Channel(ws, 2));
            synchronized (finished) {
                finished[0] = true;
                Thread.interrupted(); // an interrupt that came too late does not concern what follows
            }
            if (code >= 0) {
                byte[] status = Json.write(status(target, code)).getBytes(StandardCharsets.UTF_8);
                ws.sendBinary(3, status, 0, status.length);
            }
            ws.close(1000);
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The same session over SPDY/3.1, as the kubelet serves it: kubectl opens the {@code error} stream, then
     * {@code stdin}, {@code stdout}, {@code stderr} (not with a terminal) and {@code resize} (with one) as the request
     * asked; once they are all open the command runs, its output goes to its streams, the status is written on
     * {@code error}, and every stream is half-closed. The connection's thread keeps reading frames until kubectl
     * closes it; a client that leaves first interrupts the command.
     */
    void serve(Target target, Spdy spdy) throws IOException {
        Set<String> expected = new java.util.HashSet<>(List.of("error"));
        if (target.stdin()) {
            expected.add("stdin");
        }
        if (target.stdout()) {
            expected.add("stdout");
        }
        if (target.stderr() && !target.tty()) {
            expected.add("stderr");
        }
        if (target.tty()) {
            expected.add("resize");
        }
        Map<String, Spdy.Stream> streams = new ConcurrentHashMap<>();
        Stdin stdin = new Stdin();
        AtomicReference<Thread> session = new AtomicReference<>();
        boolean[] finished = {false};
        try {
            spdy.serve(stream -> {
                String type = stream.headers.getOrDefault("streamtype", "");
                streams.putIfAbsent(type, stream);
                if (type.equals("stdin")) {
                    Thread pump = new Thread(() -> pump(stream.input(), stdin), "orchlab-sim-" + target.subresource() + "-stdin");
                    pump.setDaemon(true);
                    pump.start();
                }
                if (session.get() == null && streams.keySet().containsAll(expected)) {
                    Thread t = new Thread(() -> spdySession(target, streams, stdin, finished),
                            "orchlab-sim-" + target.subresource());
                    t.setDaemon(true);
                    session.set(t);
                    t.start();
                }
            });
        } finally {
            stdin.close();
            Thread t = session.get();
            synchronized (finished) {
                if (t != null && !finished[0]) {
                    t.interrupt();
                }
            }
        }
    }

    /** stdin's SPDY stream into the session's stdin, ending at the stream's FIN. */
    private static void pump(InputStream from, Stdin to) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = from.read(buffer)) > 0) {
                to.add(Arrays.copyOf(buffer, n));
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            to.close();
        }
    }

    private void spdySession(Target target, Map<String, Spdy.Stream> streams, Stdin stdin, boolean[] finished) {
        try {
            OutputStream stdout = new StreamOutput(streams.get("stdout"));
            int code = run(target, stdin, stdout, target.tty() ? stdout : new StreamOutput(streams.get("stderr")));
            synchronized (finished) {
                finished[0] = true;
                Thread.interrupted();
            }
            if (code >= 0) {
                streams.get("error").write(Json.write(status(target, code)).getBytes(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            for (Spdy.Stream stream : streams.values()) {
                try {
                    stream.finish();
                } catch (IOException e) {
                    // the connection is gone
                }
            }
        }
    }

    /** Runs exec's command or attach; the exit code, or -1 when there is none to report (attached to a non-shell). */
    private int run(Target target, Stdin stdin, OutputStream stdout, OutputStream stderr) throws InterruptedException {
        if (target.subresource().equals("attach")) {
            return attach(target, stdin, stdout, stderr);
        }
        return shell(target).exec(target.command(), target.stdin() ? stdin : InputStream.nullInputStream(), stdout, stderr,
                target.tty());
    }

    /**
     * Attach connects to the container's main process: a shell started with {@code stdin} (what {@code kubectl run -i}
     * makes) becomes the simulated shell, and when it exits so does the container, with its exit code. Any other
     * process prints nothing new (its output so far is in {@code kubectl logs}) until the client leaves.
     */
    private int attach(Target target, Stdin stdin, OutputStream stdout, OutputStream stderr) throws InterruptedException {
        List<String> argv = mainProcess(target.container());
        boolean shell = !argv.isEmpty() && SHELLS.contains(argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1))
                && !argv.contains("-c") && target.container().path("stdin").asBoolean(false);
        if (!shell) {
            stdin.awaitEnd();
            return -1;
        }
        int code = shell(target).exec(argv.size() > 1 ? argv : List.of(), target.stdin() ? stdin : InputStream.nullInputStream(),
                stdout, stderr, target.tty());
        if (target.container().path("stdinOnce").asBoolean(false) || stdin.closedBySignal() || !stdin.closed()) {
            ends.ended(target.pod(), target.container().path("name").asText(), code);
        }
        return code;
    }

    private List<String> mainProcess(JsonNode container) {
        Optional<ImageInfo> image = images.find(container.path("image").asText(""));
        List<String> argv = new ArrayList<>();
        if (container.path("command").isArray() && !container.path("command").isEmpty()) {
            container.path("command").forEach(c -> argv.add(c.asText()));
        } else {
            image.ifPresent(i -> argv.addAll(i.entrypoint()));
        }
        if (container.path("args").isArray() && !container.path("args").isEmpty()) {
            container.path("args").forEach(c -> argv.add(c.asText()));
        } else if (!container.path("command").isArray() || container.path("command").isEmpty()) {
            image.ifPresent(i -> argv.addAll(i.cmd()));
        }
        return argv;
    }

    private SimShell shell(Target target) {
        ObjectNode pod = target.pod();
        JsonNode container = target.container();
        java.util.function.BiFunction<String, String, Optional<? extends JsonNode>> lookup =
                (kind, name) -> store.get(kind.equals("Secret") ? secrets : configMaps, Json.namespace(pod), name);
        filesystems.keySet().removeIf(key -> {
            String[] parts = key.split("/", 4);
            return store.get(pods, parts[0], parts[1]).map(p -> !Json.uid(p).equals(parts[2])).orElse(true);
        });
        PodFilesystem fs = filesystems.computeIfAbsent(Json.namespace(pod) + "/" + Json.name(pod) + "/" + Json.uid(pod)
                + "/" + container.path("name").asText(), k -> PodFilesystem.of(pod, container, lookup));
        String hostname = pod.path("spec").path("hostname").asText(Json.name(pod));
        return new SimShell(hostname, PodProcesses.env(pod, container, lookup), fs,
                new SimNetwork(store, catalog, proxy, pod), SimShell.Sleeper.real());
    }

    /** The {@code metav1.Status} a kubelet sends on channel 3 when the command ends. */
    private static ObjectNode status(Target target, int code) {
        ObjectNode status = Json.object();
        status.putObject("metadata");
        if (code == 0) {
            status.put("status", "Success");
            return status;
        }
        status.put("status", "Failure");
        status.put("message", "command terminated with non-zero exit code: error executing command "
                + target.command() + ", exit code " + code);
        status.put("reason", "NonZeroExitCode");
        ObjectNode cause = status.putObject("details").putArray("causes").addObject();
        cause.put("reason", "ExitCode");
        cause.put("message", String.valueOf(code));
        return status;
    }

    /** Output to one channel: every write is one binary message starting with the channel byte. */
    private static final class Channel extends OutputStream {
        private final WebSocket ws;
        private final int channel;

        Channel(WebSocket ws, int channel) {
            this.ws = ws;
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int at = off; at < off + len; at += 32 * 1024) {
                ws.sendBinary(channel, b, at, Math.min(32 * 1024, off + len - at));
            }
        }
    }

    /** Output to one SPDY stream (none: discarded, as when the request did not ask for it). */
    private static final class StreamOutput extends OutputStream {
        private final Spdy.Stream stream;

        StreamOutput(Spdy.Stream stream) {
            this.stream = stream;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (stream != null && len > 0) {
                stream.write(Arrays.copyOfRange(b, off, off + len));
            }
        }
    }

    /** stdin fed by the connection's reader; end of input when the client closes it (v5) or leaves. */
    private static final class Stdin extends ChunkInput {
        private static final byte[] END = new byte[0];
        private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private volatile boolean closed;
        private volatile boolean signalled;

        void add(byte[] data) {
            if (!closed && data.length > 0) {
                chunks.add(data);
            }
        }

        void closeBySignal() {
            signalled = true;
            close();
        }

        boolean closedBySignal() {
            return signalled;
        }

        boolean closed() {
            return closed;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                chunks.add(END);
            }
        }

        void awaitEnd() throws InterruptedException {
            while (!ended()) {
                if (chunks.take() == END) {
                    end();
                }
            }
        }

        @Override
        protected byte[] next() throws IOException {
            return take(chunks, END, "the client left");
        }
    }
}
