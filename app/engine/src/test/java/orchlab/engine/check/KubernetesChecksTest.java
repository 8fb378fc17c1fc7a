package orchlab.engine.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.kube.KubeConnect;
import org.junit.jupiter.api.io.TempDir;
import java.time.Duration;
import java.util.Optional;
import orchlab.engine.course.Exercise;
import orchlab.engine.testing.ManualTicker;
import orchlab.engine.testing.MockCluster;
import orchlab.engine.testing.TestExercises;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in Kubernetes check kinds against a real API server (fabric8's mock in CRUD mode). */
class KubernetesChecksTest {
    private static MockCluster cluster;
    private final CheckEngine engine = new CheckEngine(CheckKinds.discover(), new ManualTicker(), Runnable::run);

    @BeforeAll
    static void startCluster() {
        cluster = MockCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static int counter;
    private static String ns;

    @BeforeEach
    void freshNamespace() {
        ns = "lab" + (++counter);
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .createOr(NonDeletingOperation::update);
    }

    private CheckReport run(String checks) throws InterruptedException {
        Exercise exercise = TestExercises.withChecks("lab", checks, Duration.ofSeconds(2));
        return engine.run(exercise, new CheckContext(exercise, ns, Path.of("."), cluster.kubernetes(), Optional.empty()));
    }

    private static void deployment(int replicas, String image) {
        cluster.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build()).createOr(NonDeletingOperation::update);
    }

    private static void pod(String name, String phase) {
        cluster.client().pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName(name).addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus().build()).create();
    }

    private static final String REPLICAS = """
            - id: replicas
              title: three replicas of nginx 1.27
              kind: assert
              resource: {apiVersion: apps/v1, kind: Deployment, name: web}
              expect:
                spec:
                  replicas: 3
                  template: {spec: {containers: [{name: web, image: "nginx:1.27"}]}}
            """;

    @Test
    void assertSaysNotFoundWhenTheObjectDoesNotExist() throws Exception {
        CheckResult result = run(REPLICAS).checks().get(0);

        assertThat(result).isInstanceOf(CheckResult.NotFound.class);
        assertThat(result.message()).isEqualTo("Deployment web not found in namespace " + ns);
        assertThat(result.location()).isEqualTo("Deployment " + ns + "/web");
        // nothing in the namespace is being created: waiting could not change the verdict
        assertThat(result.waitedText()).isEqualTo("waited 0 s of 2 s");
        assertThat(result.settled()).isEqualTo("nothing in namespace " + ns + " is being created or rolled out");
    }

    @Test
    void assertReportsEveryDifferentFieldOfALiveObject() throws Exception {
        deployment(2, "nginx:1.25");

        CheckResult result = run(REPLICAS).checks().get(0);

        assertThat(result).isNotInstanceOf(CheckResult.NotFound.class);
        assertThat(result.failures()).extracting(FieldFailure::describe).containsExactly(
                "spec.replicas: expected 3, found 2",
                "spec.template.spec.containers[name=web].image: expected nginx:1.27, found nginx:1.25");
    }

    @Test
    void assertPassesWhenTheLiveObjectMatches() throws Exception {
        deployment(3, "nginx:1.27");

        CheckResult result = run(REPLICAS).checks().get(0);

        assertThat(result).isInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).isEqualTo("Deployment " + ns + "/web has the expected fields");
    }

    @Test
    void assertWithSelectorRequiresAllOrAnyOfTheObjects() throws Exception {
        pod("web-1", "Running");
        pod("web-2", "Pending");
        String all = """
                - {id: all, title: all running, kind: assert, resource: {apiVersion: v1, kind: Pod, selector: {app: web}}, expect: {status: {phase: Running}}}
                - {id: any, title: one running, kind: assert, match: any, resource: {apiVersion: v1, kind: Pod, selector: "app=web"}, expect: {status: {phase: Running}}}
                - {id: count, title: three pods, kind: assert, count: 3, resource: {apiVersion: v1, kind: Pod, selector: {app: web}}}
                """;

        CheckReport report = run(all);

        assertThat(report.checks().get(0).failures()).extracting(FieldFailure::describe)
                .containsExactly("web-2: status.phase: expected Running, found Pending");
        assertThat(report.checks().get(1)).isInstanceOf(CheckResult.Passed.class);
        assertThat(report.checks().get(2).failures()).extracting(FieldFailure::describe)
                .containsExactly("count: expected 3, found 2");
    }

    @Test
    void celEvaluatesOverTheSelectedObjects() throws Exception {
        pod("web-1", "Running");
        pod("web-2", "Running");
        String checks = """
                - id: two-running
                  title: two pods running
                  kind: cel
                  resource: {apiVersion: v1, kind: Pod, selector: {app: web}}
                  expr: objects.filter(p, p.status.phase == 'Running').size() >= 2
                - id: three-running
                  title: three pods running
                  kind: cel
                  resource: {apiVersion: v1, kind: Pod, selector: {app: web}}
                  expr: objects.filter(p, p.status.phase == 'Running').size() >= 3
                  message: fewer than 3 pods are running
                """;

        CheckReport report = run(checks);

        assertThat(report.checks().get(0)).isInstanceOf(CheckResult.Passed.class);
        assertThat(report.checks().get(1).message()).isEqualTo("fewer than 3 pods are running");
        assertThat(report.checks().get(1)).isNotInstanceOf(CheckResult.Passed.class);
    }

    @Test
    void aCelCheckReadsTheExercisesNamespaceAsNs() throws Exception {
        pod("web-1", "Running");
        String checks = """
                - id: here
                  title: the pod is in the exercise's namespace
                  kind: cel
                  resource: {apiVersion: v1, kind: Pod, selector: {app: web}}
                  expr: object.metadata.namespace == ns && ns != ''
                """;

        CheckReport report = run(checks);

        assertThat(report.checks().get(0)).as(report.checks().get(0).message()).isInstanceOf(CheckResult.Passed.class);
    }

    @Test
    void aPassingCelCheckSaysWhatPassedInTheChecksWordsNotTheExpression() throws Exception {
        pod("web-1", "Running");
        String checks = """
                - id: running
                  title: a pod running
                  kind: cel
                  resource: {apiVersion: v1, kind: Pod, selector: {app: web}}
                  expr: >-
                    objects.exists(p,
                      p.status.phase == 'Running')
                """;

        CheckReport report = run(checks);

        assertThat(report.checks().get(0)).isInstanceOf(CheckResult.Passed.class);
        assertThat(report.checks().get(0).message()).isEqualTo("a pod running").doesNotContain("objects.exists");
    }

    @Test
    void aPassingCelCheckSaysItsTitleNotItsMessageWhichSaysWhatIsWrong() throws Exception {
        pod("web-1", "Running");
        String checks = """
                - id: running
                  title: a web pod is Running
                  kind: cel
                  resource: {apiVersion: v1, kind: Pod, selector: {app: web}}
                  expr: objects.exists(p, p.status.phase == 'Running')
                  message: no web pod is Running yet
                """;

        CheckReport report = run(checks);

        assertThat(report.checks().get(0)).isInstanceOf(CheckResult.Passed.class);
        assertThat(report.checks().get(0).message()).isEqualTo("a web pod is Running");
    }

    @Test
    void aFailingCelRuleNamingAFieldReportsItWithExpectedAndWhatTheFoundExpressionGives() throws Exception {
        deployment(2, "nginx:1.25");
        String checks = """
                - id: image
                  title: web runs nginx 1.27 or newer
                  kind: cel
                  resource: {apiVersion: apps/v1, kind: Deployment, name: web}
                  expr: object.spec.template.spec.containers.all(c, c.image in ['nginx:1.27', 'nginx:1.28'])
                  message: a container of web runs an older nginx
                  field: spec.template.spec.containers[*].image
                  expect: nginx:1.27 or nginx:1.28
                  found: object.spec.template.spec.containers.map(c, c.image)
                """;

        CheckResult result = run(checks).checks().get(0);

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.message()).isEqualTo("a container of web runs an older nginx");
        assertThat(result.failures()).extracting(FieldFailure::describe)
                .containsExactly("spec.template.spec.containers[*].image: expected nginx:1.27 or nginx:1.28, found [\"nginx:1.25\"]");
    }

    @Test
    void aFailingCelRuleNamingAPlainFieldWithoutFoundShowsTheValueThereAndTheMessageAsExpected() throws Exception {
        deployment(2, "nginx:1.27");
        String checks = """
                - id: replicas
                  title: web has at least three replicas
                  kind: cel
                  resource: {apiVersion: apps/v1, kind: Deployment, name: web}
                  expr: object.spec.replicas >= 3
                  message: at least three replicas
                  field: spec.replicas
                """;

        CheckResult result = run(checks).checks().get(0);

        assertThat(result.failures()).extracting(FieldFailure::describe)
                .containsExactly("spec.replicas: expected at least three replicas, found 2");
    }

    @Test
    void celReportsARuntimeErrorReadably() throws Exception {
        deployment(1, "nginx:1.27");
        String checks = """
                - {id: x, title: x, kind: cel, resource: {apiVersion: apps/v1, kind: Deployment, name: web}, expr: "object.spec.strategy.type == 'Recreate'"}
                """;

        CheckResult result = run(checks).checks().get(0);

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.message()).startsWith("expression could not be evaluated").contains("strategy");
    }

    @Test
    void absentPassesOnlyWhenTheObjectIsGone() throws Exception {
        String checks = "- {id: gone, title: legacy pod deleted, kind: absent, resource: {apiVersion: v1, kind: Pod, name: legacy}}";
        assertThat(run(checks).checks().get(0)).isInstanceOf(CheckResult.Passed.class);

        pod("legacy", "Running");
        CheckResult result = run(checks).checks().get(0);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).isEqualTo("Pod " + ns + "/legacy still exists");
    }

    @Test
    void reportsAnUnreachableClusterAsAnError(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("dead.yaml");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: dead, cluster: {server: "http://127.0.0.1:1"}}]
                contexts: [{name: dead, context: {cluster: dead, user: dead}}]
                users: [{name: dead, user: {token: x}}]
                current-context: dead
                """);
        Exercise exercise = TestExercises.withChecks("lab", REPLICAS, Duration.ofSeconds(2));
        var access = new KubernetesAccess(KubeConnect.client(kubeconfig, "dead"), kubeconfig, "dead");

        CheckResult result = engine.run(exercise, new CheckContext(exercise, "lab", Path.of("."), Optional.of(access), Optional.empty()))
                .checks().get(0);

        assertThat(result).isInstanceOf(CheckResult.CouldNotLook.class);
        assertThat(result.message()).startsWith("cannot reach the Kubernetes API at http://127.0.0.1:1/")
                .endsWith("is the sandbox running?");
    }
}
