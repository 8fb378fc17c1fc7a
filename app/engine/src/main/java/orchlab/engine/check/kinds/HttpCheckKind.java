package orchlab.engine.check.kinds;

import orchlab.engine.check.toolkit.*;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.Convergence;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;

/**
 * {@code kind: http} — a GET to a Service, sent through the Kubernetes API server's service proxy
 * (so it works the same on k3s, any cluster, and the simulated one), answers with the expected
 * status and body.
 *
 * <pre>
 * - id: serves
 *   title: The web Service answers
 *   kind: http
 *   service: web
 *   port: 80            # number or port name
 *   path: /
 *   expect: {status: 200, bodyContains: "Welcome to nginx"}   # or status: and bodyContains: beside path:
 * </pre>
 * The expectation is the toolkit's {@link HttpExpectation}, shared with {@code kind: docker-http}. A wrong answer
 * is final as soon as {@link ServiceReach} says waiting cannot change it (no such Service, no Pod that could become
 * ready behind it, or the same answer again and again while nothing behind the Service changes).
 */
public final class HttpCheckKind implements CheckKind {
    
    @Override
    public String name() {
        return "http";
    }

    @Override
    public String summary() {
        return "GET through the API server's service proxy returns the expected status and body";
    }

    @Override
    public Set<String> keys() {
        return Set.of("service", "port", "path", "namespace", "expect", "status", "bodyContains");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        CheckSettings s = new CheckSettings(spec, problems);
        String service = s.requiredText("service", "web");
        String port = s.requiredText("port", "80");
        String path = s.text("path").orElse("/");
        Optional<String> namespace = s.text("namespace");
        // every name that goes into the API URL is a DNS name, so nothing in it can change the URL's meaning
        if (!service.isEmpty() && !DNS_1035.matcher(service).matches()) {
            s.error("service", "'service' must be a Service name (lower-case letters, digits and '-', at most 63),"
                    + " found '" + orchlab.engine.course.PackFiles.printable(service) + "'", "");
        }
        if (namespace.isPresent() && !DNS_1123.matcher(namespace.get()).matches()) {
            s.error("namespace", "'namespace' must be a namespace name (lower-case letters, digits and '-', at most 63),"
                    + " found '" + orchlab.engine.course.PackFiles.printable(namespace.get()) + "'", "");
        }
        if (!port.isEmpty() && !(DNS_1123.matcher(port).matches() || port.matches("[1-9][0-9]{0,4}"))) {
            s.error("port", "'port' must be a port number or a port name, found '"
                    + orchlab.engine.course.PackFiles.printable(port) + "'", "");
        }
        if (!path.startsWith("/")) {
            s.error("path", "'path' must start with /, found '" + path + "'", "e.g. path: /health");
        } else {
            pathProblem(path).ifPresent(problem -> s.error("path", "'path' " + problem, ""));
        }
        HttpExpectation expect = HttpExpectation.read(s);
        return s.failed() ? null : new Prepared(service, port, path, namespace, expect);
    }

    private static final java.util.regex.Pattern DNS_1123 = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final java.util.regex.Pattern DNS_1035 = java.util.regex.Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

    /** A path that could leave the service proxy ({@code ..}, encoded or not) or carry control characters. */
    static Optional<String> pathProblem(String path) {
        if (path.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '\\')) {
            return Optional.of("must not contain spaces, control characters or backslashes");
        }
        String beforeQuery = path.split("[?#]", 2)[0];
        String decoded;
        try {
            decoded = java.net.URLDecoder.decode(beforeQuery.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.of("has a broken %-escape");
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of("must not contain '.' or '..' segments — it would leave the Service");
            }
        }
        return Optional.empty();
    }

    /** The path with every character outside RFC 3986's path and query characters percent-encoded. */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/?=&%:@!$'()*+,;".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** The whole exchange, headers and (at most {@link HttpAnswer#MAX_BODY_BYTES} of) body. */
    private static final java.time.Duration REQUEST_DEADLINE = java.time.Duration.ofSeconds(10);

    private record Prepared(String service, String port, String path, Optional<String> namespace,
                            HttpExpectation expect) implements PreparedCheck {
        /** Whether waiting can change the answer; unknown (keep waiting) when what stands behind it cannot be read. */
        private Convergence reach(KubernetesClient client, String ns, String answer) {
            try {
                return ServiceReach.convergence(client, ns, service, answer);
            } catch (CheckUnavailableException | RuntimeException e) {
                return Convergence.UNKNOWN; // the verdict stands; only the early answer is lost
            }
        }

        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException, InterruptedException {
            KubernetesClient client = context.requireKubernetes().client();
            String ns = namespace.orElse(context.namespace());
            Optional<String> foreign = ns.equals(context.exercise().namespace()) ? Optional.empty()
                    : orchlab.engine.exercise.PackReach.foreignNamespace("this check", ns, context.namespace());
            if (foreign.isPresent()) {
                throw new CheckUnavailableException(foreign.get() + ": checks read only the exercise's namespace");
            }
            String where = "GET http://" + service + "." + ns + ":" + port + path;
            String base = client.getMasterUrl().toString();
            if (!base.endsWith("/")) {
                base += "/";
            }
            URI uri = URI.create(base + "api/v1/namespaces/" + ns + "/services/" + service + ":" + port + "/proxy" + encodePath(path));
            // one request, no retries: the client's own retry of a 503 (no endpoints, connection refused) would hide
            // the answer behind 10 s of back-off; the engine's polling is the retry
            HttpClient http = client.getHttpClient().newBuilder().tag(new io.fabric8.kubernetes.client.RequestConfigBuilder(
                    client.getConfiguration().getRequestConfig()).withRequestRetryBackoffLimit(0).build()).build();
            HttpRequest request = http.newHttpRequestBuilder().uri(uri).build();
            HttpAnswer response;
            try {
                response = HttpAnswer.send(http, request, REQUEST_DEADLINE);
            } catch (HttpAnswer.BodyStalledException e) {
                return Outcome.fail(where, where + " " + e.getMessage(),
                        List.of(FieldFailure.different("body", "a complete answer", "no end to the body within 10 s")));
            } catch (java.net.http.HttpTimeoutException e) {
                return Outcome.fail(where, where + " did not answer within 10 s",
                        List.of(expect.noAnswer())).with(reach(client, ns, "no answer"));
            } catch (java.io.IOException e) {
                throw new CheckUnavailableException("cannot reach the Kubernetes API to send " + where + ": " + e.getMessage());
            }
            String body = response.body();
            List<FieldFailure> failures = expect.judge(response.status(), body);
            if (failures.isEmpty()) {
                return Outcome.pass(where, where + " answered " + response.status()
                        + (expect.bodyContains().isEmpty() ? "" : " with \"" + expect.bodyContains() + "\" in the body"));
            }
            // whether waiting can change the answer: what stands behind the Service (Pods starting, none, stuck...);
            // the same verdict is the same status and the same failing fields (a body naming the Pod may vary)
            return Outcome.fail(where, where + " answered " + response.status(), failures)
                    .with(reach(client, ns, response.status() + " " + failures.stream().map(FieldFailure::path).toList()));
        }
    }
}
