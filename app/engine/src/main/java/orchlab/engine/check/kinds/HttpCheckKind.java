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

    private record Prepared(String service, String port, String path, Optional<String> namespace, int status,
                            String bodyContains) implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException, InterruptedException {
            KubernetesClient client = context.requireKubernetes().client();
            String ns = namespace.orElse(context.namespace());
            String where = "GET http://" + service + "." + ns + ":" + port + path;
            String base = client.getMasterUrl().toString();
            if (!base.endsWith("/")) {
                base += "/";
            }
            URI uri = URI.create(base + "api/v1/namespaces/" + ns + "/services/" + service + ":" + port + "/proxy" + path);
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
