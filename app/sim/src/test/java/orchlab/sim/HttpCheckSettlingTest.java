package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.Ticker;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Exercise;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.sandbox.KubernetesAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code http} check on the simulated cluster: a wrong answer is reported as soon as waiting cannot change it, with
 * the reason, and a right answer that only needs time (Pods starting) still passes. The sim's controllers and clock
 * move only when the engine sleeps between attempts, so "settled early" is "answered with a reason before the
 * timeout", never a measured duration.
 */
class HttpCheckSettlingTest {
    private static final CheckKinds KINDS = CheckKinds.discover();
    private static final SimTestSupport.ManualClock clock = new SimTestSupport.ManualClock();
    private static SimCluster cluster;
    private static KubernetesClient client;
    private static int counter;
    private String ns;
    private static final String CHECK = """
            checks:
              - id: answers-http
                title: The Service answers HTTP on port 80
                kind: http
                service: my-app-service
                port: 80
                path: /
                expect: {status: 200, bodyContains: hello}
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = SimCluster.manual(SimSettings.defaults().withPodStartDelay(Duration.ofSeconds(2)), clock);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.url())
                .withCaCertData(cluster.server().tls().certificateData()).withOauthToken(cluster.server().token()).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    @BeforeEach
    void freshNamespace() {
        ns = "reach" + (++counter);
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns)
                .endMetadata().build()).create();
    }

    /** Time for the engine is the sim's clock: each pause between two attempts lets the controllers run. */
    private final Ticker simTime = new Ticker() {
        private long nanos;

        @Override
        public long nanos() {
            return nanos;
        }

        @Override
        public void sleep(Duration duration) {
            nanos += duration.toNanos();
            clock.advance(duration);
            cluster.reconcile();
        }
    };

    private void apply(String yaml) {
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).inNamespace(ns).create();
        cluster.reconcile();
    }

    private static String deployment(String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: my-app}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: my-app}}
                  template:
                    metadata: {labels: {app: my-app}}
                    spec:
                      containers:
                        - name: app
                          image: %s
                          args: ["-listen=:8080", "-text=hello"]
                          ports: [{name: http, containerPort: 8080}]
                """.formatted(image);
    }

    private static String service(String selector, String targetPort) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: my-app-service}
                spec:
                  selector: {app: %s}
                  ports: [{name: http, port: 80, targetPort: %s}]
                """.formatted(selector, targetPort);
    }

    private CheckResult check() throws Exception {
        CheckKinds kinds = KINDS;
        YamlDoc doc = YamlDoc.parse("exercises/k8s-service/exercise.yaml", CHECK);
        JsonNode c = doc.root().get("checks").get(0);
        CheckSpec spec = kinds.prepared(new CheckSpec(0, "answers-http", c.path("title").asText(), "http", Optional.empty(), "",
                (ObjectNode) c, doc, "/checks/0"));
        Exercise exercise = new Exercise("k8s-service", "k8s-service", Path.of("exercises", "k8s-service"),
                new orchlab.engine.kind.builtin.KubernetesExerciseKind(), ns, "", List.of(), List.of(), Duration.ofSeconds(30),
                List.of(spec), JsonNodeFactory.instance.objectNode(), Location.ofFile(doc.file()));
        CheckContext context = new CheckContext(exercise, ns, dir,
                Optional.of(new KubernetesAccess(client, dir.resolve("kubeconfig"), "sim")), Optional.empty());
        return new CheckEngine(kinds, simTime, Runnable::run).run(exercise, context).checks().get(0);
    }

    @Test
    void aRightAnswerWhosePodsAreStillStartingPassesOnceTheyAreReady() throws Exception {
        apply(deployment("hashicorp/http-echo:1.0"));
        apply(service("my-app", "8080"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).contains("answered 200");
    }

    @Test
    void aSelectorThatMatchesNoPodFailsWithoutWaitingAndSaysWhy() throws Exception {
        apply(deployment("hashicorp/http-echo:1.0"));
        apply(service("myapp", "8080"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.failures()).extracting(f -> f.describe()).first().isEqualTo("status: expected 200, found 503");
        assertThat(result.settled()).isEqualTo("Service my-app-service has no endpoints: no Pod has its selector's labels"
                + " (app=myapp) and no workload in namespace " + ns + " makes such Pods");
    }

    @Test
    void podsThatCannotPullTheirImageSettleTheCheckWithTheReason() throws Exception {
        apply(deployment("hashicorp/http-echo:9.9"));
        apply(service("my-app", "8080"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.settled()).startsWith("Service my-app-service has no ready endpoints and its Pods cannot become ready: Pod my-app-")
                .contains(": ErrImagePull — ").contains("hashicorp/http-echo:9.9").endsWith("(and 1 more Pod)");
    }

    @Test
    void theSameWrongAnswerAgainAndAgainWhileNothingChangesSettlesTheCheck() throws Exception {
        apply(deployment("hashicorp/http-echo:1.0"));
        apply(service("my-app", "80")); // the containers listen on 8080: connection refused

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.failures()).extracting(f -> f.describe()).first().isEqualTo("status: expected 200, found 503");
        assertThat(result.settled()).isEqualTo("Service my-app-service gave the same answer 3 times in a row while its Pods"
                + " and endpoints stayed as they are");
    }

    @Test
    void aMissingServiceFailsAtOnceWhenNothingIsBeingCreated() throws Exception {
        apply(deployment("hashicorp/http-echo:1.0"));
        clock.advance(Duration.ofSeconds(5));
        cluster.reconcile();

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.failures()).extracting(f -> f.describe()).first().isEqualTo("status: expected 200, found 404");
        assertThat(result.settled()).isEqualTo("Service my-app-service does not exist and nothing in namespace " + ns
                + " is being created or rolled out");
    }
}
