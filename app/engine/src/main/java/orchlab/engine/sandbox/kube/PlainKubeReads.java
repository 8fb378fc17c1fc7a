package orchlab.engine.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import orchlab.engine.sandbox.KubeReads;
import orchlab.engine.sandbox.SandboxException;

/**
 * The reads checks make, through the JDK's own HttpClient with plain Kubernetes REST paths and Jackson trees — no
 * fabric8 client. Only for what it can do exactly as fabric8 would: a kubeconfig context whose cluster is a server
 * address with an optional certificate authority (data or file) and whose user is a bearer token (inline or file) or
 * nothing. Anything else (client certificates, exec and auth-provider plugins, basic auth, proxies,
 * {@code insecure-skip-tls-verify}, {@code tls-server-name}) makes {@link #forContext} answer empty, and the caller
 * uses fabric8's client as before.
 *
 * <p>Also the read path of the sandboxes the lab starts itself ({@link #forServer}: the sim, whose warm checks spent
 * most of their CPU in fabric8's read layers — ADR 0014).
 *
 * <p>Kinds are found as kubectl and fabric8 find them: by the API group's discovery document
 * ({@code /api/v1}, {@code /apis/GROUP/VERSION}); a kind the server does not serve reads as not found. A kind once found
 * is remembered; one not found is looked up again on the next read (a CustomResourceDefinition installed meanwhile is
 * then found), as fabric8's {@code Handlers.getResourceDefinitionContext} remembers only what it found. A remembered
 * kind whose collection answers 404 is forgotten (its CRD was removed or changed).
 */
public final class PlainKubeReads implements KubeReads {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CLUSTER_FIELDS = Set.of("server", "certificate-authority", "certificate-authority-data",
            "extensions");
    private static final Set<String> USER_FIELDS = Set.of("token", "tokenFile", "extensions");
    private static final Set<String> PROXY_VARIABLES = Set.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
            "ALL_PROXY", "all_proxy");

    private final String server;
    private final String token;
    /** Builds the client on the first request: a sandbox the lab starts for a terminal ({@code lab sandbox up}) never reads. */
    private final java.util.function.Supplier<HttpClient> httpFactory;
    private volatile HttpClient http;
    private final Duration requestTimeout;
    private final String defaultNamespace;
    /** The last discovery document read per API version: kind to resource. */
    private final Map<String, Map<String, Resource>> discovery = new ConcurrentHashMap<>();

    /** A kind as the server serves it: its plural (the path segment) and whether it lives in namespaces. */
    record Resource(String plural, boolean namespaced) {
    }

    private PlainKubeReads(String server, String token, java.util.function.Supplier<HttpClient> http, Duration requestTimeout,
                           String defaultNamespace) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.token = token;
        this.httpFactory = http;
        this.requestTimeout = requestTimeout;
        this.defaultNamespace = defaultNamespace;
    }

    /**
     * Reads for {@code context} of {@code chain}, or empty when its settings need more than this class does
     * (the caller then uses fabric8). A certificate authority or token file that is named but missing is an error,
     * as with fabric8 ({@link KubeConnect}).
     */
    public static Optional<PlainKubeReads> forContext(KubeconfigChain chain, String context, Duration connectTimeout,
                                                      Duration requestTimeout) throws SandboxException {
        return forContext(chain, context, connectTimeout, requestTimeout, System.getenv());
    }

    static Optional<PlainKubeReads> forContext(KubeconfigChain chain, String context, Duration connectTimeout,
                                               Duration requestTimeout, Map<String, String> env) throws SandboxException {
        ObjectNode config = chain.contextTree(context, Optional.empty());
        JsonNode cluster = first(config.path("clusters")).path("cluster");
        JsonNode user = first(config.path("users")).path("user");
        if (!cluster.isObject() || !onlyFields(cluster, CLUSTER_FIELDS) || !(user.isMissingNode() || user.isNull()
                || user.isObject() && onlyFields(user, USER_FIELDS))) {
            return Optional.empty();
        }
        String server = cluster.path("server").asText("");
        URI uri;
        try {
            uri = URI.create(server);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // fabric8 reports it in its own words
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        if (!loopback(uri.getHost()) && PROXY_VARIABLES.stream().anyMatch(v -> env.get(v) != null && !env.get(v).isBlank())) {
            return Optional.empty(); // fabric8 honours the proxy variables; the JDK's client does not
        }
        String shownAs = String.join(java.io.File.pathSeparator, chain.files().stream().map(Path::toString).toList());
        String token = null;
        if (user.isObject()) {
            if (user.path("token").isTextual() && !user.path("token").asText().isBlank()) {
                token = user.path("token").asText().strip();
            } else if (user.path("tokenFile").isTextual() && !user.path("tokenFile").asText().isBlank()) {
                Path file = Path.of(user.path("tokenFile").asText());
                token = readText(file, "tokenFile", shownAs).strip();
            }
        }
        HttpClient.Builder builder = http(connectTimeout);
        if (scheme.equals("https")) {
            String pem = null;
            if (cluster.path("certificate-authority-data").isTextual() && !cluster.path("certificate-authority-data").asText().isBlank()) {
                try {
                    pem = new String(Base64.getMimeDecoder().decode(cluster.path("certificate-authority-data").asText()),
                            StandardCharsets.ISO_8859_1);
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            } else if (cluster.path("certificate-authority").isTextual() && !cluster.path("certificate-authority").asText().isBlank()) {
                pem = readText(Path.of(cluster.path("certificate-authority").asText()), "certificate-authority", shownAs);
            }
            if (pem != null) {
                Optional<SSLContext> tls = trusting(pem);
                if (tls.isEmpty()) {
                    return Optional.empty(); // fabric8 says what is wrong with the certificate
                }
                builder.sslContext(tls.get());
            }
        } else if (token != null) {
            return Optional.empty(); // a token over plain HTTP: leave the decision to fabric8's rules
        }
        String ns = first(config.path("contexts")).path("context").path("namespace").asText("");
        HttpClient client = builder.build();
        return Optional.of(new PlainKubeReads(uri.toString(), token, () -> client, requestTimeout,
                ns.isBlank() ? "default" : ns));
    }

    /**
     * Reads for an API server the lab started itself (the sim): its address ({@code https}), the certificate it serves
     * as a kubeconfig's {@code certificate-authority-data} gives it (base64 of PEM) and its bearer token; a namespaced
     * read without a namespace reads {@code default}.
     *
     * <p>The HTTP client and its trust are built on the first read: {@code lab sandbox up} starts the sim for a
     * terminal and never reads through it, so its start does not pay for the JDK's HttpClient.
     *
     * @throws IllegalArgumentException when the address is not {@code https://host:port}, or, on the first read, when
     *                                  the certificate does not parse (the lab made both: not a learner's mistake)
     */
    public static PlainKubeReads forServer(String server, String certificateAuthorityData, String token,
                                           Duration connectTimeout, Duration requestTimeout) {
        URI uri = URI.create(server);
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an https server address: " + server);
        }
        return new PlainKubeReads(server, token, () -> {
            SSLContext tls = trusting(new String(Base64.getMimeDecoder().decode(certificateAuthorityData), StandardCharsets.ISO_8859_1))
                    .orElseThrow(() -> new IllegalArgumentException("the server's certificate does not parse"));
            return http(connectTimeout).sslContext(tls).build();
        }, requestTimeout, "default");
    }

    /** The HTTP client, built now if this is the first request. */
    private HttpClient http() {
        HttpClient built = http;
        if (built == null) {
            synchronized (this) {
                if (http == null) {
                    http = httpFactory.get();
                }
                built = http;
            }
        }
        return built;
    }

    private static HttpClient.Builder http(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
    }

    /** The API server's address, as the kubeconfig gives it. */
    public String server() {
        return server;
    }

    @Override
    public Optional<JsonNode> get(String apiVersion, String kind, String namespace, String name) throws ReadFailed {
        Optional<Resource> resource = resource(apiVersion, kind);
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        Answer answer = send(collection(apiVersion, resource.get(), namespace) + "/" + segment(name));
        if (answer.code() == 404) {
            forgetIfGone(answer, apiVersion);
            return Optional.empty();
        }
        JsonNode object = answer.json();
        fill(object, apiVersion, kind);
        return Optional.of(object);
    }

    @Override
    public List<JsonNode> list(String apiVersion, String kind, String namespace, Map<String, String> labels) throws ReadFailed {
        Optional<Resource> resource = resource(apiVersion, kind);
        if (resource.isEmpty()) {
            return List.of();
        }
        StringBuilder path = new StringBuilder(collection(apiVersion, resource.get(), namespace));
        if (!labels.isEmpty()) {
            StringBuilder selector = new StringBuilder();
            labels.forEach((k, v) -> selector.append(selector.length() == 0 ? "" : ",").append(k).append('=').append(v));
            path.append("?labelSelector=").append(URLEncoder.encode(selector.toString(), StandardCharsets.UTF_8));
        }
        Answer answer = send(path.toString());
        if (answer.code() == 404) {
            discovery.remove(apiVersion); // a collection is never 404 while its kind is served
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : answer.json().path("items")) {
            // list items come without apiVersion and kind, as from any API server; fabric8 fills them in, so do we
            fill(item, apiVersion, kind);
            out.add(item);
        }
        return out;
    }

    /**
     * {@code GET /version} within {@code deadline} and {@link KubeProbe#MAX_BYTES}, with the same one-sentence
     * reasons as {@link KubeProbe#version}; the answer's {@code gitVersion}.
     */
    public String version(Duration deadline) throws SandboxException {
        HttpRequest request = request(server + "/version", deadline);
        long end = System.nanoTime() + deadline.toNanos();
        CompletableFuture<HttpResponse<byte[]>> pending = http().sendAsync(request, info -> new Bounded(KubeProbe.MAX_BYTES));
        HttpResponse<byte[]> response;
        try {
            response = pending.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new SandboxException("the Kubernetes API at " + server + " is stalled: it sent no complete answer within "
                    + deadline.toSeconds() + " s (a silent port, or a server that accepts connections but never replies)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Bounded.TooLarge) {
                throw new SandboxException(server + " is not Kubernetes: its answer to /version is longer than "
                        + (KubeProbe.MAX_BYTES / 1024) + " KiB (a Kubernetes API server answers a few hundred bytes)");
            }
            if (e.getCause() instanceof java.net.http.HttpTimeoutException) {
                throw new SandboxException("the Kubernetes API at " + server + " is stalled: it sent no answer within "
                        + deadline.toSeconds() + " s (a silent port, or a server that accepts connections but never replies)");
            }
            throw new SandboxException(KubeProbe.describe(e.getCause(), server), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while connecting to " + server, e);
        }
        JsonNode version = KubeProbe.checkedVersion(response.statusCode(), response.body(), server);
        if (!version.path("gitVersion").isTextual()) {
            throw new SandboxException(server + " is not Kubernetes: GET /version answered something that is not a "
                    + "Kubernetes version — check the server address and port in the kubeconfig");
        }
        return version.path("gitVersion").asText();
    }

    private record Answer(int code, JsonNode json) {
    }

    /**
     * After a 404 for one object: a missing object is a Status with {@code details.name}; anything else (the collection
     * itself is gone) makes the API version's kinds be read again next time.
     */
    private void forgetIfGone(Answer answer, String apiVersion) {
        if (answer.json() == null || !answer.json().path("details").path("name").isTextual()) {
            discovery.remove(apiVersion);
        }
    }

    private Answer send(String path) throws ReadFailed {
        HttpRequest request = request(server + path, requestTimeout);
        HttpResponse<byte[]> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ReadFailed(0, "cannot reach the Kubernetes API at " + server + " (" + deepestMessage(e)
                    + ") — is the sandbox running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadFailed(0, "interrupted while reading from the Kubernetes API at " + server, e);
        }
        int code = response.statusCode();
        if (code == 404) {
            return new Answer(404, json(response.body()));
        }
        if (code == 401 || code == 403) {
            throw new ReadFailed(code, "the cluster at " + server + " refused access (" + code
                    + ") — check the kubeconfig's credentials", null);
        }
        JsonNode json = json(response.body());
        if (code / 100 != 2 || json == null || !json.isObject()) {
            String message = json != null && json.path("message").isTextual() ? json.path("message").asText()
                    : code / 100 == 2 ? "an answer that is not a JSON object" : "HTTP " + code;
            throw new ReadFailed(code, "the cluster answered " + code + ": " + message, null);
        }
        return new Answer(code, json);
    }

    /** The body as a JSON tree, or null when it is not JSON. */
    private static JsonNode json(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private HttpRequest request(String url, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/json").header("User-Agent", "orchlab").GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    /** The kind's plural and scope from its API version's discovery document; empty when the server does not serve it. */
    Optional<Resource> resource(String apiVersion, String kind) throws ReadFailed {
        Map<String, Resource> known = discovery.get(apiVersion);
        if (known != null && known.containsKey(kind)) {
            return Optional.of(known.get(kind));
        }
        Answer answer = send(apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion);
        if (answer.code() == 404) {
            discovery.remove(apiVersion);
            return Optional.empty();
        }
        Map<String, Resource> kinds = new java.util.HashMap<>();
        for (JsonNode r : answer.json().path("resources")) {
            String name = r.path("name").asText("");
            if (!name.isEmpty() && !name.contains("/") && r.path("kind").isTextual()) {
                kinds.putIfAbsent(r.path("kind").asText(), new Resource(name, r.path("namespaced").asBoolean(false)));
            }
        }
        discovery.put(apiVersion, Map.copyOf(kinds));
        return Optional.ofNullable(kinds.get(kind));
    }

    private String collection(String apiVersion, Resource resource, String namespace) {
        String base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        if (!resource.namespaced()) {
            return base + "/" + resource.plural();
        }
        return base + "/namespaces/" + segment(namespace == null ? defaultNamespace : namespace) + "/" + resource.plural();
    }

    private static void fill(JsonNode object, String apiVersion, String kind) {
        if (object instanceof ObjectNode o) {
            if (!o.path("apiVersion").isTextual()) {
                o.put("apiVersion", apiVersion);
            }
            if (!o.path("kind").isTextual()) {
                o.put("kind", kind);
            }
        }
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode first(JsonNode array) {
        return array.isArray() && !array.isEmpty() ? array.get(0) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static boolean onlyFields(JsonNode object, Set<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name) && !object.get(name).isNull()) {
                return false;
            }
        }
        return true;
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    private static String readText(Path file, String field, String kubeconfig) throws SandboxException {
        if (!Files.isRegularFile(file)) {
            throw new SandboxException("certificate file missing: " + file + " (" + field + " in kubeconfig " + kubeconfig + ")");
        }
        try {
            if (Files.size(file) > KubeconfigChain.MAX_FILE_BYTES) {
                throw new SandboxException(field + " " + file + " in kubeconfig " + kubeconfig + " is larger than "
                        + (KubeconfigChain.MAX_FILE_BYTES >> 20) + " MiB");
            }
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new SandboxException("cannot read " + field + " " + file + " in kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
    }

    /** Trust exactly the PEM certificates given; empty when they cannot be read. */
    private static Optional<SSLContext> trusting(String pem) {
        try {
            Iterator<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.ISO_8859_1))).iterator();
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            while (certificates.hasNext()) {
                store.setCertificateEntry("ca-" + n++, certificates.next());
            }
            if (n == 0) {
                return Optional.empty();
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return Optional.of(tls);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String deepestMessage(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    /** A body of at most {@code max} bytes; longer answers fail with {@link TooLarge} and the stream is cancelled. */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        static final class TooLarge extends IOException {
            TooLarge() {
                super("answer too large");
            }
        }

        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Bounded(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
