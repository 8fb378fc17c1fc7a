package orchlab.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.Ticker;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Exercise;
import orchlab.engine.kind.builtin.KubernetesExerciseKind;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs one check of a Kubernetes exercise against a simulated cluster whose clock moves only when the check engine
 * sleeps between attempts, so that tests can ask whether a check settles early (with a reason) or waits, in sim time
 * and never in real time. Register it as a static {@code @RegisterExtension} field: it starts one sim (Pods take 2 s
 * to start) and one fabric8 client for the test class, and gives each test a fresh namespace.
 */
final class SettlingChecks implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private static final CheckKinds KINDS = CheckKinds.discover();
    private final SimTestSupport.ManualClock clock = new SimTestSupport.ManualClock();
    private final String namespacePrefix;
    private final Map<String, String> namespaceLabels;
    private SimCluster cluster;
    private KubernetesClient client;
    private int counter;
    private String ns;

    /** Each test gets a namespace {@code prefix1}, {@code prefix2}, …, carrying {@code namespaceLabels}. */
    SettlingChecks(String namespacePrefix, Map<String, String> namespaceLabels) {
        this.namespacePrefix = namespacePrefix;
        this.namespaceLabels = Map.copyOf(namespaceLabels);
    }

    SettlingChecks(String namespacePrefix) {
        this(namespacePrefix, Map.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = SimCluster.manual(SimSettings.defaults().withPodStartDelay(Duration.ofSeconds(2)), clock);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.url())
                .withCaCertData(cluster.server().tls().certificateData()).withOauthToken(cluster.server().token()).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        cluster.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ns = namespacePrefix + (++counter);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).addToLabels(namespaceLabels)
                .endMetadata().build()).create();
    }

    /** Deployment my-app: 2 replicas of {@code image} (an http-echo) answering "hello" on port 8080, named http. */
    static String myAppDeployment(String image) {
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

    /** Service my-app-service: port 80 (named http) to {@code targetPort} of the Pods labelled {@code app=selector}. */
    static String myAppService(String selector, String targetPort) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: my-app-service}
                spec:
                  selector: {app: %s}
                  ports: [{name: http, port: 80, targetPort: %s}]
                """.formatted(selector, targetPort);
    }

    /** The current test's namespace. */
    String namespace() {
        return ns;
    }

    /** Creates the objects of {@code yaml} in the test's namespace and lets the controllers run once. */
    void apply(String yaml) {
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).inNamespace(ns).create();
        cluster.reconcile();
    }

    /** Moves the sim's clock on by {@code duration} and lets the controllers run. */
    void letTimePass(Duration duration) {
        clock.advance(duration);
        cluster.reconcile();
    }

    /**
     * Runs the first check of {@code checksYaml} (a {@code checks:} list as in exercise.yaml) as exercise
     * {@code exerciseId} with the given timeout, in the test's namespace, with {@code dir} as its work folder; the
     * engine's time is the sim's clock.
     */
    CheckResult check(String exerciseId, String checksYaml, Duration exerciseTimeout, Path dir) throws Exception {
        YamlDoc doc = YamlDoc.parse("exercises/" + exerciseId + "/exercise.yaml", checksYaml);
        JsonNode c = doc.root().get("checks").get(0);
        CheckSpec spec = KINDS.prepared(new CheckSpec(0, c.path("id").asText(), c.path("title").asText(),
                c.path("kind").asText(), Optional.empty(), "", (ObjectNode) c, doc, "/checks/0"));
        Exercise exercise = new Exercise(exerciseId, exerciseId, Path.of("exercises", exerciseId), new KubernetesExerciseKind(),
                ns, "", List.of(), List.of(), exerciseTimeout, List.of(spec), JsonNodeFactory.instance.objectNode(),
                Location.ofFile(doc.file()));
        CheckContext context = new CheckContext(exercise, ns, dir,
                Optional.of(new KubernetesAccess(client, dir.resolve("kubeconfig"), "sim")), Optional.empty());
        return new CheckEngine(KINDS, new SimTime(), Runnable::run).run(exercise, context).checks().get(0);
    }

    /** The engine's time is the sim's clock: each pause between two attempts moves it on and lets the controllers run. */
    private final class SimTime implements Ticker {
        @Override
        public long nanos() {
            return Duration.between(Instant.EPOCH, clock.instant()).toNanos();
        }

        @Override
        public void sleep(Duration duration) {
            letTimePass(duration);
        }
    }
}
