package orchlab.sim.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What keeps the simulated cluster on 127.0.0.1 from being driven by anything but the lab's own clients: a web
 * page the learner visits (cross-site requests, DNS rebinding) or another local user. Checked before a request
 * reaches the router, in the order a real API server would answer:
 * <ol>
 *   <li>the {@code Host} header names loopback ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}, any port),
 *       otherwise 403 — a rebound DNS name never matches;</li>
 *   <li>{@code Authorization: Bearer <token>} with this start's random token, otherwise 401 {@code Unauthorized}
 *       as Kubernetes answers — unless the TLS handshake already verified a client certificate (only a server with a
 *       client CA asks for one);</li>
 *   <li>a request body only with a Kubernetes media type, otherwise 415 — text/plain, form and multipart
 *       (what a browser may send cross-site without asking) never reach a handler;</li>
 *   <li>a request body of at most 3 MiB, otherwise 413 {@code Request entity too large: limit is 3145728}
 *       (the kube-apiserver's limit).</li>
 * </ol>
 */
public final class RequestGuard {

    /** The kube-apiserver's request body limit (3 MiB). */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    /** How much of a too-large body is read and dropped before answering 413 (see {@link #discard}). */
    public static final int MAX_DRAIN_BYTES = 16 * 1024 * 1024;

    /** Media types Kubernetes accepts for request bodies (create, update, every patch kind, apply). */
    public static final Set<String> BODY_MEDIA_TYPES = Set.of(
            "application/json",
            "application/yaml",
            ProtobufBodies.MEDIA_TYPE,
            "application/json-patch+json",
            "application/merge-patch+json",
            "application/strategic-merge-patch+json",
            "application/apply-patch+yaml");

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private final String token;
    private final byte[] expectedHeader;
    private final Set<String> extraHosts;

    public RequestGuard(String token) {
        this(token, Set.of());
    }

    /**
     * @param extraHosts host names (without port) accepted in the {@code Host} header besides loopback — the names a
     *                   server certificate was made for with k3s's {@code --tls-san}
     */
    public RequestGuard(String token, Set<String> extraHosts) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token");
        }
        this.token = token;
        this.expectedHeader = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.extraHosts = extraHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** A guard with a fresh random token (256 bits, URL-safe Base64). */
    public static RequestGuard withRandomToken() {
        return withRandomToken(Set.of());
    }

    /** A guard with a fresh random token that also accepts these {@code Host} names. */
    public static RequestGuard withRandomToken(Set<String> extraHosts) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new RequestGuard(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), extraHosts);
    }

    public String token() {
        return token;
    }

    /**
     * Why this request's head is refused, or empty when it may go on to read its body.
     *
     * @param headers request headers (any case of names)
     */
    public Optional<ApiException> refuse(Map<String, List<String>> headers) {
        return refuse(headers, false);
    }

    /**
     * Why this request's head is refused, or empty when it may go on to read its body.
     *
     * @param headers                   request headers (any case of names)
     * @param clientCertificateVerified whether TLS verified a client certificate: then no token is needed
     */
    public Optional<ApiException> refuse(Map<String, List<String>> headers, boolean clientCertificateVerified) {
        Optional<String> host = first(headers, "host");
        if (host.isEmpty() || !(isLoopback(host.get()) || isExtraHost(host.get()))) {
            return Optional.of(new ApiException(403, "Forbidden", "the OrchLab simulated cluster answers only requests "
                    + "addressed to localhost, 127.0.0.1 or [::1]"
                    + host.map(h -> ", not to host \"" + printable(h) + "\"").orElse(" (the request has no Host header)"),
                    null, null, null, List.of()));
        }
        Optional<String> authorization = first(headers, "authorization");
        if (!clientCertificateVerified && (authorization.isEmpty()
                || !MessageDigest.isEqual(authorization.get().trim().getBytes(StandardCharsets.UTF_8), expectedHeader))) {
            return Optional.of(new ApiException(401, "Unauthorized", "Unauthorized", null, null, null, List.of()));
        }
        long length = first(headers, "content-length").map(RequestGuard::parseLength).orElse(0L);
        boolean chunked = first(headers, "transfer-encoding").map(t -> t.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false);
        if (length != 0 || chunked) {
            String mediaType = first(headers, "content-type").map(RequestGuard::mediaType).orElse("");
            if (!BODY_MEDIA_TYPES.contains(mediaType)) {
                return Optional.of(new ApiException(415, "UnsupportedMediaType", "the body of the request was in an "
                        + "unknown format" + (mediaType.isEmpty() ? " (no Content-Type)" : " (" + printable(mediaType) + ")")
                        + " - accepted media types include: " + String.join(", ", ordered()),
                        null, null, null, List.of()));
            }
        }
        if (length < 0 || length > MAX_BODY_BYTES) {
            return Optional.of(tooLarge());
        }
        return Optional.empty();
    }

    /**
     * Reads the whole body, at most {@link #MAX_BODY_BYTES}.
     *
     * @throws ApiException 413 when the body is longer (a chunked body is cut off at the limit, never buffered whole)
     */
    public static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return bytes;
    }

    /**
     * Reads and drops what is left of a refused body, at most {@link #MAX_DRAIN_BYTES}, so that a client still
     * sending it gets to read the answer instead of a reset connection; never buffers it.
     */
    public static void discard(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        long left = MAX_DRAIN_BYTES;
        try {
            for (int n = in.read(buffer); n > 0 && left > 0; n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) {
                left -= n;
            }
        } catch (IOException e) {
            // the client gave up; nothing to answer
        }
    }

    /** A declared body longer than this is refused without reading any of it. */
    public static long drainableLength() {
        return (long) MAX_BODY_BYTES + MAX_DRAIN_BYTES;
    }

    static ApiException tooLarge() {
        return new ApiException(413, "RequestEntityTooLarge", "Request entity too large: limit is " + MAX_BODY_BYTES,
                null, null, null, List.of());
    }

    /** {@code localhost}, {@code 127.0.0.1} or {@code [::1]}, optionally with {@code :port}. */
    static boolean isLoopback(String hostHeader) {
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                return false;
            }
            String rest = host.substring(close + 1);
            return LOOPBACK_HOSTS.contains(host.substring(0, close + 1)) && (rest.isEmpty() || isPort(rest));
        }
        int colon = host.indexOf(':');
        String name = colon < 0 ? host : host.substring(0, colon);
        return LOOPBACK_HOSTS.contains(name) && (colon < 0 || isPort(host.substring(colon)));
    }

    private boolean isExtraHost(String hostHeader) {
        if (extraHosts.isEmpty()) {
            return false;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        int colon = host.startsWith("[") ? host.indexOf(']') + 1 : host.lastIndexOf(':');
        if (colon > 0 && colon < host.length() && host.charAt(colon) == ':') {
            if (!isPort(host.substring(colon))) {
                return false;
            }
            host = host.substring(0, colon);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return extraHosts.contains(host);
    }

    private static boolean isPort(String colonAndPort) {
        return colonAndPort.matches(":[0-9]{1,5}");
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static long parseLength(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Optional<String> first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return Optional.ofNullable(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    private static List<String> ordered() {
        return BODY_MEDIA_TYPES.stream().sorted().toList();
    }

    private static String printable(String text) {
        String cut = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
