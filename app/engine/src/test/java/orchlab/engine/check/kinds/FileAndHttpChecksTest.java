package orchlab.engine.check.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.course.Exercise;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.testing.ManualTicker;
import orchlab.engine.testing.TestExercises;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kind: file} on the learner's workspace (strict schema through fabric8's typed model, expected fields) and
 * {@code kind: http} through the API server's service proxy — here a small HTTP server standing in for the API
 * server, so status and body can be anything.
 */
class FileAndHttpChecksTest {
    private final CheckEngine engine = new CheckEngine(CheckKinds.discover(), new ManualTicker(), Runnable::run);
    private HttpServer apiServer;
    private KubernetesClient client;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>("<h1>Welcome to nginx!</h1>");
    private final AtomicReference<String> requested = new AtomicReference<>();

    @TempDir
    Path workspace;

    @BeforeEach
    void startApiServer() throws Exception {
        apiServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        apiServer.createContext("/", exchange -> {
            requested.set(exchange.getRequestURI().getPath());
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        apiServer.start();
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + apiServer.getAddress().getPort()).withRequestRetryBackoffLimit(0).build()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        apiServer.stop(0);
    }

    private CheckResult run(String check) throws InterruptedException {
        Exercise exercise = TestExercises.withChecks("lab", check, Duration.ofSeconds(1));
        CheckContext context = new CheckContext(exercise, "shop", workspace,
                Optional.of(new KubernetesAccess(client, workspace.resolve("kubeconfig"), "test")), Optional.empty());
        return engine.run(exercise, context).checks().get(0);
    }

    private static final String FILE_CHECK = """
            - id: manifest
              title: deployment.yaml is a valid Deployment with 3 replicas
              kind: file
              path: deployment.yaml
              expect: {kind: Deployment, spec: {replicas: 3}}
            """;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
            """;

    @Test
    void aValidFileWithTheExpectedFieldsPasses() throws Exception {
        Files.writeString(workspace.resolve("deployment.yaml"), DEPLOYMENT);

        CheckResult result = run(FILE_CHECK);

        assertThat(result).as(result.message()).isInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).isEqualTo("deployment.yaml has the expected fields");
    }

    @Test
    void everyUnknownFieldIsAFailureAtItsLine() throws Exception {
        Files.writeString(workspace.resolve("deployment.yaml"), DEPLOYMENT.replace("  replicas: 3", "  replica: 3")
                .replace("      image: nginx:1.27", "      imag: nginx:1.27"));

        CheckResult result = run(FILE_CHECK);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).isEqualTo("deployment.yaml has 2 mistakes");
        assertThat(result.failures()).extracting(FieldFailure::path).containsExactly(
                "deployment.yaml:6:3: unknown field \"replica\" in Deployment spec (did you mean \"replicas\"?)",
                "deployment.yaml:15:11: unknown field \"imag\" in Deployment spec.template.spec.containers[0] (did you mean \"image\"?)");
    }

    @Test
    void aValidFileWithOtherValuesNamesEachField() throws Exception {
        Files.writeString(workspace.resolve("deployment.yaml"), DEPLOYMENT.replace("replicas: 3", "replicas: 1"));

        CheckResult result = run(FILE_CHECK);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result.failures()).extracting(FieldFailure::describe).containsExactly("spec.replicas: expected 3, found 1");
    }

    @Test
    void aMissingFileIsNotFoundRatherThanDifferent() throws Exception {
        CheckResult result = run(FILE_CHECK);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result).isInstanceOf(CheckResult.NotFound.class);
        assertThat(result.message()).isEqualTo("deployment.yaml not found in your workspace");
    }

    private static final String HTTP_CHECK = """
            - id: serves
              title: Service web answers
              kind: http
              service: web
              port: 80
              path: /index.html
              expect: {status: 200, bodyContains: "Welcome to nginx"}
            """;

    @Test
    void httpGoesThroughTheServiceProxyOfTheExerciseNamespace() throws Exception {
        CheckResult result = run(HTTP_CHECK);

        assertThat(result).as(result.message()).isInstanceOf(CheckResult.Passed.class);
        assertThat(requested.get()).isEqualTo("/api/v1/namespaces/shop/services/web:80/proxy/index.html");
        assertThat(result.message()).isEqualTo("GET http://web.shop:80/index.html answered 200 with \"Welcome to nginx\" in the body");
    }

    @Test
    void httpReportsTheStatusAndTheBodyItGotInsteadOfTheExpectedOnes() throws Exception {
        status.set(503);
        body.set("no endpoints available for service \"web\"");

        CheckResult result = run(HTTP_CHECK);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result.location()).isEqualTo("GET http://web.shop:80/index.html");
        assertThat(result.failures()).extracting(FieldFailure::describe).containsExactly(
                "status: expected 200, found 503",
                "body: expected text containing \"Welcome to nginx\", found \"no endpoints available for service \"web\"\"");
    }

    @Test
    void httpThroughAnApiServerThatIsGoneIsAnErrorNotAFailure() throws Exception {
        apiServer.stop(0);

        CheckResult result = run(HTTP_CHECK);

        assertThat(result).isInstanceOf(CheckResult.CouldNotLook.class);
        assertThat(result.message()).startsWith("cannot reach the Kubernetes API to send GET http://web.shop:80/index.html");
    }
}
