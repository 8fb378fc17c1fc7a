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
 * A check waiting for ready replicas on the simulated cluster: a readiness probe that keeps failing (the kubelet's
 * Unhealthy events, one per period) settles it with the probe's message long before its timeout, while a Pod still
 * within its probe's initial delay and failure threshold is waited for, and a right answer passes. The sim's
 * controllers and clock move only when the engine sleeps between attempts: every duration here is sim time.
 */
class ReadinessCheckSettlingTest {
    private static final CheckKinds KINDS = CheckKinds.discover();
    private static final SimTestSupport.ManualClock clock = new SimTestSupport.ManualClock();
    private static SimCluster cluster;
    private static KubernetesClient client;
    private static int counter;
    private String ns;
    private static final String CHECK = """
            checks:
              - id: web-ready
                title: Every replica of web is ready
                kind: cel
                resource: {apiVersion: apps/v1, kind: Deployment, name: web}
                expr: has(object.status.readyReplicas) && object.status.readyReplicas == object.spec.replicas
                message: every replica of Deployment web must be ready
                timeout: 90s
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
        ns = "ready" + (++counter);
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

    private static String deployment(String probe) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                        - name: app
                          image: hashicorp/http-echo:1.0
                          args: ["-listen=:8080", "-text=hello"]
                          readinessProbe: %s
                """.formatted(probe);
    }

    private CheckResult check() throws Exception {
        YamlDoc doc = YamlDoc.parse("exercises/probes/exercise.yaml", CHECK);
        JsonNode c = doc.root().get("checks").get(0);
        CheckSpec spec = KINDS.prepared(new CheckSpec(0, "web-ready", c.path("title").asText(), "cel", Optional.empty(), "",
                (ObjectNode) c, doc, "/checks/0"));
        Exercise exercise = new Exercise("probes", "probes", Path.of("exercises", "probes"),
                new orchlab.engine.kind.builtin.KubernetesExerciseKind(), ns, "", List.of(), List.of(), Duration.ofSeconds(90),
                List.of(spec), JsonNodeFactory.instance.objectNode(), Location.ofFile(doc.file()));
        CheckContext context = new CheckContext(exercise, ns, dir,
                Optional.of(new KubernetesAccess(client, dir.resolve("kubeconfig"), "sim")), Optional.empty());
        return new CheckEngine(KINDS, simTime, Runnable::run).run(exercise, context).checks().get(0);
    }

    @Test
    void aReadinessProbeOnAPortNothingListensOnSettlesTheCheckWithTheProbesMessageBeforeTheTimeout() throws Exception {
        apply(deployment("{httpGet: {path: /, port: 80}, periodSeconds: 5}"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.settled()).startsWith("the cluster has settled in a state that cannot pass: Pod web-")
                .contains(": not Ready: Readiness probe failed: Get \"http://").contains(":80/\": dial tcp ")
                .contains("connect: connection refused (container app, 4 times since ");
        assertThat(result.waited()).as("2 s ContainerCreating + 3 periods of 5 s, not the 90 s timeout")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(17)).isLessThan(Duration.ofSeconds(25));
    }

    @Test
    void aPodWithinItsProbesInitialDelayAndFailureThresholdIsWaitedFor() throws Exception {
        apply(deployment("{tcpSocket: {port: 80}, initialDelaySeconds: 20, failureThreshold: 4}"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.settled()).contains("not Ready: Readiness probe failed: dial tcp ").contains("5 times since ");
        assertThat(result.waited()).as("2 s ContainerCreating + 20 s initial delay + 4 periods of 10 s")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(62)).isLessThan(Duration.ofSeconds(70));
    }

    @Test
    void aReadinessProbeOnThePortTheAppServesPasses() throws Exception {
        apply(deployment("{httpGet: {path: /, port: 8080}, initialDelaySeconds: 5, periodSeconds: 5}"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Passed.class);
    }
}
