package orchlab.engine.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import orchlab.engine.sandbox.SandboxException;

/**
 * The first contact with a cluster, bounded in time and bytes: {@code GET /version} through the client's own
 * transport (its TLS settings and credentials), at most {@link #DEADLINE} in all and {@link #MAX_BYTES} of answer.
 * Whatever is wrong with the endpoint comes back as one sentence naming it — nothing listens, stalled, TLS
 * mismatch, credentials refused, not Kubernetes — instead of a hang, a growing heap or a library's stack trace.
 */
public final class KubeProbe {

    /** The whole probe (connect, headers, body). */
    public static final Duration DEADLINE = Duration.ofSeconds(5);
    /** A Kubernetes {@code /version} answer is about 400 bytes. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private KubeProbe() {
    }

    public static VersionInfo version(KubernetesClient client) throws SandboxException {
        return version(client, DEADLINE);
    }

    static VersionInfo version(KubernetesClient client, Duration deadline) throws SandboxException {
        String server = client.getMasterUrl() == null ? "the cluster" : client.getMasterUrl().toString();
        String url = server.endsWith("/") ? server + "version" : server + "/version";
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url).header("Accept", "application/json")
                .timeout(deadline.toMillis(), TimeUnit.MILLISECONDS).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicBoolean tooLarge = new AtomicBoolean();
        long end = System.nanoTime() + deadline.toNanos();
        CompletableFuture<HttpResponse<AsyncBody>> pending = http.consumeBytes(request, (List<ByteBuffer> buffers, AsyncBody body) -> {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > MAX_BYTES) {
                    tooLarge.set(true);
                    body.cancel();
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            body.consume();
        });
        HttpResponse<AsyncBody> response;
        try {
            response = pending.get(remaining(end), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new SandboxException("the Kubernetes API at " + server + " is stalled: it sent no answer within "
                    + seconds(deadline) + " (a silent port, or a server that accepts connections but never replies)");
        } catch (ExecutionException e) {
            throw new SandboxException(describe(e.getCause(), server), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while connecting to " + server, e);
        }
        try {
            response.body().consume();
            response.body().done().get(remaining(end), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            response.body().cancel();
            throw new SandboxException("the Kubernetes API at " + server + " is stalled: it sent the headers of its "
                    + "answer, then not the rest within " + seconds(deadline));
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            if (!tooLarge.get()) {
                throw new SandboxException(describe(e.getCause() == null ? e : e.getCause(), server), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while connecting to " + server, e);
        }
        if (tooLarge.get()) {
            throw new SandboxException(server + " is not Kubernetes: its answer to /version is longer than "
                    + (MAX_BYTES / 1024) + " KiB (a Kubernetes API server answers a few hundred bytes)");
        }
        JsonNode version = checkedVersion(response.code(), bytes.toByteArray(), server);
        try {
            return JSON.convertValue(version, VersionInfo.class);
        } catch (IllegalArgumentException e) {
            throw new SandboxException(server + " is not Kubernetes: GET /version answered something that is not a "
                    + "Kubernetes version — check the server address and port in the kubeconfig", e);
        }
    }

    /** The answer to {@code GET /version} when it is a Kubernetes version object; otherwise the reason in one sentence. */
    static JsonNode checkedVersion(int code, byte[] body, String server) throws SandboxException {
        if (code == 401 || code == 403) {
            throw new SandboxException("the Kubernetes API at " + server + " refused the credentials (" + code + " "
                    + (code == 401 ? "Unauthorized" : "Forbidden") + ") — check the kubeconfig's token or client certificate");
        }
        JsonNode version = null;
        try {
            version = JSON.readTree(body);
        } catch (java.io.IOException | RuntimeException notJson) {
            // handled below
        }
        if (code != 200 || version == null || !version.isObject()) {
            throw new SandboxException(server + " is not Kubernetes: GET /version answered " + code
                    + (version == null ? " with something that is not JSON" : " without a Kubernetes version")
                    + " — check the server address and port in the kubeconfig");
        }
        return version;
    }

    /** One sentence for a failure before any HTTP answer. */
    static String describe(Throwable failure, String server) {
        String all = chain(failure);
        String lower = all.toLowerCase(Locale.ROOT);
        ConnectException connect = find(failure, ConnectException.class);
        // the JDK's HttpClient reports a refused connection as a ConnectException without a message
        if (connect != null && (lower.contains("refused") || connect.getMessage() == null || connect.getMessage().isBlank())) {
            return "cannot reach the Kubernetes API at " + server + ": nothing listens there (connection refused) — is the sandbox running?";
        }
        if (find(failure, UnknownHostException.class) != null) {
            return "the host of " + server + " is unknown (" + firstLine(find(failure, UnknownHostException.class).getMessage()) + ")";
        }
        if (find(failure, NoRouteToHostException.class) != null) {
            return "no route to " + server + " — check the network or the server address";
        }
        if (lower.contains("not an ssl/tls record") || lower.contains("unsupported or unrecognized ssl message")
                || lower.contains("unrecognized ssl message")) {
            return "TLS mismatch: " + server + " does not speak TLS — use http:// or the cluster's TLS port";
        }
        if (lower.contains("bad_certificate") || lower.contains("certificate_required") || lower.contains("unknown_ca")
                || lower.contains("certificate_unknown") && find(failure, SSLHandshakeException.class) != null
                && !lower.contains("pkix")) {
            return "the Kubernetes API at " + server + " refused the credentials: it did not accept the client certificate";
        }
        if (lower.contains("pkix") || lower.contains("certificate") && find(failure, SSLException.class) != null) {
            return "TLS: the certificate of " + server + " is not trusted by the kubeconfig's certificate authority ("
                    + firstLine(find(failure, SSLException.class) == null ? all : find(failure, SSLException.class).getMessage()) + ")";
        }
        if (find(failure, SSLException.class) != null) {
            return "TLS mismatch with " + server + ": " + firstLine(find(failure, SSLException.class).getMessage());
        }
        if (lower.contains("connect timed out") || lower.contains("connection timed out") || lower.contains("connecttimeout")) {
            return "no answer from " + server + " within the connect timeout — a silent port or a firewall";
        }
        if (lower.contains("timeout") || lower.contains("timed out")) {
            return "the Kubernetes API at " + server + " is stalled: no complete answer in time";
        }
        return server + " is not Kubernetes: it did not answer HTTP (" + firstLine(deepestMessage(failure)) + ")";
    }

    private static String deepestMessage(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null ? "no details" : message;
    }

    private static String chain(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "no details";
        }
        String line = text.lines().findFirst().orElse(text).strip();
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    private static long remaining(long end) {
        return Math.max(1, end - System.nanoTime());
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }
}
