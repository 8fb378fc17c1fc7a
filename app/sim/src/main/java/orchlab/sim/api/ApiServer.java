package orchlab.sim.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import orchlab.sim.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated cluster's HTTPS front: listens on 127.0.0.1 only with a certificate made at start ({@link SimTls}), admits only requests that pass the
 * {@link RequestGuard} (loopback Host, this start's bearer token, Kubernetes media types, 3 MiB bodies) and routes
 * discovery, resources, watches, pod logs, the service proxy and the Pods' exec/attach streams. TLS ends in
 * {@link TlsFront}, which serves WebSocket upgrades of {@code exec}/{@code attach} itself ({@link PodStreams}) and
 * relays every other connection to a plain JDK {@code HttpServer} on a loopback port. Every error leaves as a Kubernetes {@code Status} object, never a stack trace.
 * An {@link Endpoint} with a k3s-like identity ({@link SimTls#withClientCertificates}) also admits a verified client
 * certificate in place of the token (the k3s test stand-in, see app/docs/k3s-standin.md).
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    static {
        // small JSON responses must not wait for delayed ACKs (40 ms per request otherwise)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final TlsFront front;
    private final PodStreams streams;
    private final SimTls tls;
    private final ExecutorService executor;
    private final DiscoveryHandler discovery;
    private final ResourceHandler resources;
    private final WatchHandler watches;
    private final PodLogHandler logs;
    private final ServiceProxyHandler proxy;
    private final OpenApiHandler openApi;
    private final AccessReviews reviews;
    private final RequestGuard guard;
    /** simpolicy: the eviction subresource of Pods (PodDisruptionBudgets). */
    private final Evictions evictions;
    /** APIs served beside the built-in ones, as through the API aggregation layer (metrics.k8s.io). */
    private final List<java.util.function.Function<ApiRequest, Optional<ApiResponse>>> aggregated =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Where the API server listens and with which TLS identity.
     *
     * @param address    the address to bind ({@link #loopback} binds 127.0.0.1 only)
     * @param port       the port, 0 for any free port
     * @param tls        the certificates; with client certificates the server asks for one and accepts it in place of the token
     * @param extraHosts {@code Host} header names accepted besides loopback (k3s's {@code --tls-san} names)
     */
    public record Endpoint(InetAddress address, int port, SimTls tls, Set<String> extraHosts) {
        /** The lab's own cluster: 127.0.0.1 with a fresh self-signed certificate and the bearer token only. */
        public static Endpoint loopback(int port) {
            return loopback(port, SimTls.generate());
        }

        /** 127.0.0.1 with the given self-signed identity (one kept from an earlier start, say) and the bearer token only. */
        public static Endpoint loopback(int port, SimTls tls) {
            return new Endpoint(InetAddress.getLoopbackAddress(), port, tls, Set.of());
        }
    }

    public ApiServer(int port, ObjectStore store, ResourceCatalog catalog, ResourceHandler resources, TableConverter tables,
                     PodLogHandler logs, ServiceProxyHandler proxy) throws IOException {
        this(Endpoint.loopback(port), store, catalog, resources, tables, logs, proxy);
    }

    public ApiServer(Endpoint endpoint, ObjectStore store, ResourceCatalog catalog, ResourceHandler resources,
                     TableConverter tables, PodLogHandler logs, ServiceProxyHandler proxy) throws IOException {
        this(endpoint, store, catalog, resources, tables, logs, proxy,
                new PodStreams(store, catalog, orchlab.sim.registry.ImageCatalog.builtIn(), proxy, (pod, container, code) -> { }));
    }

    public ApiServer(Endpoint endpoint, ObjectStore store, ResourceCatalog catalog, ResourceHandler resources,
                     TableConverter tables, PodLogHandler logs, ServiceProxyHandler proxy, PodStreams streams) throws IOException {
        this.tls = endpoint.tls();
        this.streams = streams;
        this.guard = RequestGuard.withRandomToken(endpoint.extraHosts());
        this.discovery = new DiscoveryHandler(catalog);
        this.resources = resources;
        this.watches = new WatchHandler(store, tables);
        this.logs = logs;
        this.proxy = proxy;
        this.openApi = new OpenApiHandler(catalog, store);
        this.reviews = new AccessReviews(store, catalog, java.time.Instant::now);
        this.evictions = new Evictions(store, catalog);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "orchlab-sim-api-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::exchange);
        server.setExecutor(executor);
        server.start();
        try {
            // TLS with a client certificate asked for, not required: a client without one still authenticates with the token
            this.front = new TlsFront(endpoint.address(), endpoint.port(), tls, server.getAddress(), new Upgrades(), executor);
        } catch (IOException e) {
            server.stop(0);
            executor.shutdownNow();
            throw e;
        }
    }

    public int port() {
        return front.port();
    }

    /** WebSocket upgrades of a Pod's exec and attach, served on the TLS connection itself. */
    private final class Upgrades implements TlsFront.Upgrades {
        private static final java.util.regex.Pattern STREAM =
                java.util.regex.Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/(exec|attach|portforward)");

        @Override
        public boolean handles(TlsFront.Head head) {
            java.util.regex.Matcher m = STREAM.matcher(head.path());
            return m.matches() && PodStreams.upgrades(m.group(3), head.header("upgrade"));
        }

        @Override
        public void serve(TlsFront.Head head, boolean verified, java.io.InputStream in, OutputStream out) throws IOException {
            java.util.regex.Matcher m = STREAM.matcher(head.path());
            m.matches();
            Optional<ApiException> refused = guard.refuse(head.headers(), verified);
            if (refused.isPresent()) {
                byte[] body = ApiResponse.error(refused.get()).body();
                out.write(("HTTP/1.1 " + refused.get().code() + " Refused\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return;
            }
            streams.upgrade(decode(m.group(1)), decode(m.group(2)), m.group(3), head, in, out);
        }

        private String decode(String part) {
            return java.net.URLDecoder.decode(part, StandardCharsets.UTF_8);
        }
    }

    /** The clock the eviction subresource notes granted disruptions with (the sim's; the wall clock by default). */
    public void disruptionClock(java.util.function.Supplier<java.time.Instant> now) {
        evictions.clock(now);
    }

    public String url() {
        return "https://127.0.0.1:" + port();
    }

    /**
     * Serves an API beside the built-in ones, as kube-apiserver serves an aggregated API (an APIService backed by a
     * Service): it answers its paths (empty for the others); its group's discovery comes from the catalog.
     */
    public void aggregate(java.util.function.Function<ApiRequest, Optional<ApiResponse>> api) {
        aggregated.add(api);
    }

    /** This start's TLS certificate (clients pin it; kubectl and Helm send the token only over TLS). */
    public SimTls tls() {
        return tls;
    }

    /** The bearer token every request must carry ({@code Authorization: Bearer <token>}); new at every start. */
    public String token() {
        return guard.token();
    }

    private void exchange(HttpExchange exchange) {
        try (exchange) {
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
            Optional<ApiException> refused = guard.refuse(headers, presentedVerifiedCertificate(exchange));
            if (refused.isPresent()) {
                if (refused.get().code() == 413 && declaredLength(headers) <= RequestGuard.drainableLength()) {
                    RequestGuard.discard(exchange.getRequestBody());
                }
                // the body is not read (or only dropped): the connection does not carry another request
                send(exchange, ApiRequest.of(exchange.getRequestMethod(), target, headers, ""),
                        ApiResponse.error(refused.get()).withHeader("Connection", "close"));
                return;
            }
            byte[] bytes;
            try {
                bytes = RequestGuard.readBody(exchange.getRequestBody());
            } catch (ApiException e) {
                RequestGuard.discard(exchange.getRequestBody());
                send(exchange, ApiRequest.of(exchange.getRequestMethod(), target, headers, ""),
                        ApiResponse.error(e).withHeader("Connection", "close"));
                return;
            }
            String body;
            if (bytes.length > 0 && ProtobufBodies.isProtobuf(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                try {
                    body = ProtobufBodies.toJson(bytes);
                } catch (ApiException e) {
                    send(exchange, ApiRequest.of(exchange.getRequestMethod(), target, headers, ""), ApiResponse.error(e));
                    return;
                }
                headers.put("Content-Type", List.of("application/json"));
            } else {
                body = new String(bytes, StandardCharsets.UTF_8);
            }
            ApiRequest request = ApiRequest.of(exchange.getRequestMethod(), target, headers, body);
            if (isWatch(request)) {
                watch(exchange, request);
                return;
            }
            send(exchange, request, respond(request));
        } catch (IOException e) {
            LOG.debug("client connection failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("internal error in the simulated cluster", e);
        }
    }

    /** True when the TLS handshake verified a client certificate against the client CA (only asked for with one). */
    private boolean presentedVerifiedCertificate(HttpExchange exchange) {
        return tls.clientAuthentication() && front.verifiedClientCertificate(exchange.getRemoteAddress().getPort());
    }

    private static long declaredLength(Map<String, List<String>> headers) {
        Optional<String> value = RequestGuard.first(headers, "content-length");
        try {
            return value.isEmpty() ? 0 : Long.parseLong(value.get().trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean isWatch(ApiRequest request) {
        return request.method().equals("GET") && request.flag("watch");
    }

    /** Answers one non-streaming request. Public for in-process tests. */
    public ApiResponse respond(ApiRequest request) {
        try {
            if (ProtobufBodies.isProtobuf(request.contentType()) && !request.body().isEmpty()) {
                // protobuf bodies are turned into JSON when they are read off the connection (exchange)
                return ApiResponse.error(new ApiException(415, "UnsupportedMediaType", "the OrchLab simulated cluster "
                        + "reads " + ProtobufBodies.MEDIA_TYPE + " bodies only as bytes from the connection",
                        null, null, null, List.of()));
            }
            Optional<ApiResponse> d = discovery.handle(request);
            if (d.isPresent()) {
                return d.get();
            }
            Optional<ApiResponse> o = openApi.handle(request);
            if (o.isPresent()) {
                return o.get();
            }
            for (java.util.function.Function<ApiRequest, Optional<ApiResponse>> api : aggregated) {
                Optional<ApiResponse> answer = api.apply(request);
                if (answer.isPresent()) {
                    return answer.get();
                }
            }
            String path = request.path();
            if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/livez")) {
                return ApiResponse.text(200, "ok");
            }
            Optional<ResourcePath> parsed = ResourcePath.parse(path);
            if (parsed.isEmpty()) {
                throw ApiException.notFoundPath(path);
            }
            ResourcePath rp = parsed.get();
            if (rp.group().isEmpty() && rp.plural().equals("services") && "proxy".equals(rp.subresource()) && rp.name() != null) {
                return proxy.handle(request, rp);
            }
            if (rp.group().isEmpty() && rp.plural().equals("pods") && "log".equals(rp.subresource())) {
                return logs.handle(request, rp);
            }
            if (rp.group().isEmpty() && rp.plural().equals("pods") && PodStreams.isStreamingSubresource(rp.subresource())) {
                return streams.withoutWebSocket(request, rp, request.query().entrySet().stream()
                        .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .reduce((a, b) -> a + "&" + b).orElse(null));
            }
            Optional<ApiResponse> evicted = evictions.answer(request, rp);
            if (evicted.isPresent()) {
                return evicted.get();
            }
            Optional<ApiResponse> review = reviews.handle(request, rp);
            if (review.isPresent()) {
                return review.get();
            }
            return resources.handle(request, rp);
        } catch (ApiException e) {
            return ApiResponse.error(e);
        } catch (RuntimeException e) {
            LOG.warn("internal error in the simulated cluster for {} {}", request.method(), request.path(), e);
            return ApiResponse.error(new ApiException(500, "InternalError", "an internal error occurred in the simulated "
                    + "cluster: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    null, null, null, List.of()));
        }
    }

    private void watch(HttpExchange exchange, ApiRequest request) throws IOException {
        ResourceType type;
        ResourcePath rp;
        try {
            rp = ResourcePath.parse(request.path()).orElseThrow(() -> ApiException.notFoundPath(request.path()));
            type = resources.typeOf(rp);
            if (request.isWebSocketUpgrade()) {
                throw new ApiException(503, "ServiceUnavailable", "the simulated cluster serves watches over HTTP "
                        + "streaming only, not WebSocket", null, null, null, List.of());
            }
        } catch (ApiException e) {
            send(exchange, request, ApiResponse.error(e));
            return;
        }
        try {
            watches.stream(request, type, rp, () -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("Cache-Control", "no-cache, private");
                exchange.sendResponseHeaders(200, 0);
                return exchange.getResponseBody();
            });
        } catch (ApiException e) {
            send(exchange, request, ApiResponse.error(e));
        }
    }

    private static void send(HttpExchange exchange, ApiRequest request, ApiResponse response) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", response.contentType());
        exchange.getResponseHeaders().add("Cache-Control", "no-cache, private");
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        boolean head = request.method().equals("HEAD");
        exchange.sendResponseHeaders(response.code(), head || response.body().length == 0 ? -1 : response.body().length);
        if (!head && response.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    @Override
    public void close() {
        front.close();
        watches.closeAll();
        server.stop(0);
        executor.shutdownNow();
    }
}
