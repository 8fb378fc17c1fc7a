package orchlab.engine.check.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.course.YamlFields;

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
 *   expect: {status: 200, bodyContains: "Welcome to nginx"}
 * </pre>
 */
public final class HttpCheckKind implements CheckKind {
    private static final Set<String> EXPECT_KEYS = Set.of("status", "bodyContains");

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
        return Set.of("service", "port", "path", "namespace", "expect");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        YamlFields fields = new YamlFields(spec.source(), spec.pointer(), problems, "http check");
        Optional<String> service = fields.string("service", true);
        Optional<String> port = fields.string("port", true);
        String path = fields.string("path", false).orElse("/");
        if (!path.startsWith("/")) {
            problems.error(spec.locate("path"), "'path' must start with /, found '" + path + "'");
            return null;
        }
        Optional<String> namespace = fields.string("namespace", false);
        // every name that goes into the API URL is a DNS name, so nothing in it can change the URL's meaning
        if (service.isPresent() && !DNS_1035.matcher(service.get()).matches()) {
            problems.error(spec.locate("service"), "'service' must be a Service name (lower-case letters, digits and '-', at most 63),"
                    + " found '" + orchlab.engine.course.PackFiles.printable(service.get()) + "'");
            return null;
        }
        if (namespace.isPresent() && !DNS_1123.matcher(namespace.get()).matches()) {
            problems.error(spec.locate("namespace"), "'namespace' must be a namespace name (lower-case letters, digits and '-', at most 63),"
                    + " found '" + orchlab.engine.course.PackFiles.printable(namespace.get()) + "'");
            return null;
        }
        if (port.isPresent() && !(DNS_1123.matcher(port.get()).matches() || port.get().matches("[1-9][0-9]{0,4}"))) {
            problems.error(spec.locate("port"), "'port' must be a port number or a port name, found '"
                    + orchlab.engine.course.PackFiles.printable(port.get()) + "'");
            return null;
        }
        Optional<String> pathProblem = pathProblem(path);
        if (pathProblem.isPresent()) {
            problems.error(spec.locate("path"), "'path' " + pathProblem.get());
            return null;
        }
        int status = 200;
        String bodyContains = "";
        JsonNode expect = spec.get("expect");
        if (!expect.isMissingNode() && !expect.isNull()) {
            YamlFields e = new YamlFields(spec.source(), spec.pointer() + "/expect", problems, "expect");
            if (!e.requireObject()) {
                return null;
            }
            e.allowOnly(EXPECT_KEYS);
            JsonNode s = expect.get("status");
            if (s != null && !s.isNull()) {
                if (!s.isIntegralNumber() || s.asInt() < 100 || s.asInt() > 599) {
                    problems.error(spec.locate("expect/status"), "'status' must be an HTTP status code like 200, found " + s.asText());
                    return null;
                }
                status = s.asInt();
            }
            bodyContains = e.string("bodyContains", false).orElse("");
        }
        if (service.isEmpty() || port.isEmpty()) {
            return null;
        }
        return new Prepared(service.get(), port.get(), path, namespace, status, bodyContains);
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

    private record Prepared(String service, String port, String path, Optional<String> namespace, int status,
                            String bodyContains) implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException, InterruptedException {
            KubernetesClient client = context.requireKubernetes().client();
            String ns = namespace.orElse(context.namespace());
            if (!ns.equals(context.namespace()) && !ns.equals(context.exercise().namespace())) {
                throw new CheckUnavailableException("this check asks for namespace '" + ns + "'; checks read only the exercise's namespace '"
                        + context.namespace() + "'");
            }
            String where = "GET http://" + service + "." + ns + ":" + port + path;
            String base = client.getMasterUrl().toString();
            if (!base.endsWith("/")) {
                base += "/";
            }
            URI uri = URI.create(base + "api/v1/namespaces/" + ns + "/services/" + service + ":" + port + "/proxy" + encodePath(path));
            HttpClient http = client.getHttpClient();
            HttpRequest request = http.newHttpRequestBuilder().uri(uri).build();
            HttpResponse<String> response;
            try {
                response = http.sendAsync(request, String.class).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new CheckUnavailableException("cannot reach the Kubernetes API to send " + where + ": "
                        + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
            } catch (TimeoutException e) {
                return Outcome.fail(where, where + " did not answer within 10 s",
                        List.of(FieldFailure.different("status", String.valueOf(status), "no answer")));
            }
            String body = response.body() == null ? "" : response.body();
            List<FieldFailure> failures = new ArrayList<>();
            if (response.code() != status) {
                failures.add(FieldFailure.different("status", String.valueOf(status), response.code() + " " + excerpt(body)));
            }
            if (!bodyContains.isEmpty() && !body.contains(bodyContains)) {
                failures.add(FieldFailure.different("body", "text containing \"" + bodyContains + "\"", excerpt(body)));
            }
            if (failures.isEmpty()) {
                return Outcome.pass(where, where + " answered " + response.code()
                        + (bodyContains.isEmpty() ? "" : " with \"" + bodyContains + "\" in the body"));
            }
            return Outcome.fail(where, where + " answered " + response.code(), failures);
        }

        private static String excerpt(String body) {
            String oneLine = body.replaceAll("\\s+", " ").trim();
            if (oneLine.isEmpty()) {
                return "(empty body)";
            }
            return "\"" + (oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine) + "\"";
        }
    }
}
