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
 * The {@code istio-analyze} check on the simulated cluster: a finding is final as soon as nothing in the namespace is
 * being created or rolled out (the Pods behind the mesh have started), not at the check's timeout; a clean mesh passes.
 * Every duration here is sim time.
 */
class IstioAnalyzeSettlingTest {
    private static final CheckKinds KINDS = CheckKinds.discover();
    private static final SimTestSupport.ManualClock clock = new SimTestSupport.ManualClock();
    private static SimCluster cluster;
    private static KubernetesClient client;
    private static int counter;
    private String ns;
    private static final String CHECK = """
            checks:
              - id: no-analyzer-findings
                title: istioctl analyze finds nothing
                kind: istio-analyze
                timeout: 60s
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
        ns = "mesh" + (++counter);
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns)
                .addToLabels("istio-injection", "enabled").endMetadata().build()).create();
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

    private static final String APP = """
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
                      image: hashicorp/http-echo:1.0
                      args: ["-listen=:8080", "-text=hello"]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: my-app-service}
            spec: {selector: {app: my-app}, ports: [{name: http, port: 80, targetPort: 8080}]}
            """;

    private static String route(String host) {
        return """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: my-app}
                spec:
                  hosts: [my-app-service]
                  http: [{route: [{destination: {host: %s}}]}]
                """.formatted(host);
    }

    private CheckResult check() throws Exception {
        YamlDoc doc = YamlDoc.parse("exercises/mesh/exercise.yaml", CHECK);
        JsonNode c = doc.root().get("checks").get(0);
        CheckSpec spec = KINDS.prepared(new CheckSpec(0, "no-analyzer-findings", c.path("title").asText(), "istio-analyze",
                Optional.empty(), "", (ObjectNode) c, doc, "/checks/0"));
        Exercise exercise = new Exercise("mesh", "mesh", Path.of("exercises", "mesh"),
                new orchlab.engine.kind.builtin.KubernetesExerciseKind(), ns, "", List.of(), List.of(), Duration.ofSeconds(60),
                List.of(spec), JsonNodeFactory.instance.objectNode(), Location.ofFile(doc.file()));
        CheckContext context = new CheckContext(exercise, ns, dir,
                Optional.of(new KubernetesAccess(client, dir.resolve("kubeconfig"), "sim")), Optional.empty());
        return new CheckEngine(KINDS, simTime, Runnable::run).run(exercise, context).checks().get(0);
    }

    @Test
    void aRouteToAHostNoServiceAnswersIsFinalOnceThePodsHaveStartedNotAtTheTimeout() throws Exception {
        apply(APP);
        apply(route("my-app-svc"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.failures()).extracting(f -> f.describe()).first().asString().contains("IST0101");
        assertThat(result.settled()).isEqualTo("nothing in namespace " + ns + " is being created or rolled out");
        assertThat(result.waited()).as("the Pods start in 2 s; the timeout is 60 s").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aRouteToTheServicePasses() throws Exception {
        apply(APP);
        apply(route("my-app-service"));

        assertThat(check()).isInstanceOf(CheckResult.Passed.class);
    }
}
