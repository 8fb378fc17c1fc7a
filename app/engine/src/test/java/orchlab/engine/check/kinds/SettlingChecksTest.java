package orchlab.engine.check.kinds;

import orchlab.engine.check.toolkit.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.check.CheckResult;
import orchlab.engine.course.Exercise;
import orchlab.engine.testing.ManualTicker;
import orchlab.engine.testing.MockCluster;
import orchlab.engine.testing.TestExercises;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feedback in a second: a check stops waiting as soon as waiting cannot change its verdict, and keeps waiting while
 * the cluster converges. The cluster state is written by hand (fabric8's mock in CRUD mode runs no controller), time
 * is a {@link ManualTicker}: "did not wait" is "never slept", never a measured duration.
 */
class SettlingChecksTest {
    private static MockCluster cluster;
    private static int counter;
    private final ManualTicker ticker = new ManualTicker();
    private final CheckEngine engine = new CheckEngine(CheckKinds.discover(), ticker, Runnable::run);
    private String ns;

    @BeforeAll
    static void startCluster() {
        cluster = MockCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void freshNamespace() {
        ns = "settle" + (++counter);
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .createOr(NonDeletingOperation::update);
    }

    private static final String REPLICAS = """
            - id: three-replicas
              title: three replicas
              kind: assert
              resource: {apiVersion: apps/v1, kind: Deployment, name: web}
              expect: {spec: {replicas: 3}}
            """;

    private static final String PODS_READY = """
            - id: pods-ready
              title: three ready pods
              kind: cel
              resource: {apiVersion: v1, kind: Pod, selector: {app: web}}
              expr: >-
                objects.filter(p, has(p.status.conditions) &&
                  p.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')).size() >= 3
              message: fewer than 3 Pods are Ready
            """;

    private CheckResult run(String checks) throws InterruptedException {
        Exercise exercise = TestExercises.withChecks("lab", checks, Duration.ofSeconds(5));
        return engine.run(exercise, new CheckContext(exercise, ns, Path.of("."), cluster.kubernetes(), Optional.empty()))
                .checks().get(0);
    }

    private void deployment(int replicas, long generation, DeploymentStatus status) {
        cluster.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().withStatus(status).build()).create();
    }

    private static DeploymentStatusBuilder observed(long generation) {
        return new DeploymentStatusBuilder().withObservedGeneration(generation);
    }

    private void pod(String name, String waitingReason, String message) {
        cluster.client().pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName(name).addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder().withName("web")
                        .withNewState().withNewWaiting().withReason(waitingReason).withMessage(message).endWaiting().endState()
                        .build()).endStatus().build()).create();
    }

    private void event(String pod, String reason, String message, String time) {
        cluster.client().v1().events().inNamespace(ns).resource(new EventBuilder()
                .withNewMetadata().withName(pod + "." + reason + time.replace(":", "")).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName(pod).withNamespace(ns).endInvolvedObject()
                .withReason(reason).withMessage(message).withType("Warning").withLastTimestamp(time).build()).create();
    }

    @Test
    void aWrongFieldTheLearnerWroteFailsAtOnceEvenWhilePodsAreStillStarting() throws Exception {
        deployment(2, 1, observed(1).build());
        pod("web-1", "ContainerCreating", null);

        CheckResult result = run(REPLICAS);

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(ticker.sleeps()).isZero();
        assertThat(result.settled()).startsWith("spec.replicas is what was applied and the cluster has processed it");
        assertThat(result.waitedText()).isEqualTo("waited 0 s of 5 s");
    }

    @Test
    void aWrongFieldKeepsWaitingWhileTheControllerHasNotSeenTheLatestSpec() throws Exception {
        deployment(2, 1, observed(0).build()); // the mock sets generation 1 on create: the controller saw nothing yet

        CheckResult result = run(REPLICAS);

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(ticker.sleeps()).isPositive();
        assertThat(result.settled()).isEmpty();
        assertThat(result.waitedText()).isEqualTo("waited 5 s of 5 s");
    }

    @Test
    void readinessKeepsWaitingWhilePodsAreBeingCreated() throws Exception {
        pod("web-1", "ContainerCreating", null);

        CheckResult result = run(PODS_READY);

        assertThat(ticker.sleeps()).isPositive();
        assertThat(result.waitedText()).isEqualTo("waited 5 s of 5 s");
    }

    @Test
    void readinessFailsAtOnceWhenAPodIsStuckPullingItsImageAndShowsItsEvents() throws Exception {
        pod("web-1", "ImagePullBackOff", "Back-off pulling image \"nginx:latestt\"");
        event("web-1", "Pulling", "Pulling image \"nginx:latestt\"", "2026-01-01T10:00:00Z");
        event("web-1", "Failed", "Back-off pulling image \"nginx:latestt\"", "2026-01-01T10:00:05Z");

        CheckResult result = run(PODS_READY);

        assertThat(ticker.sleeps()).isZero();
        assertThat(result.settled()).contains("cannot pass").contains("Pod web-1: ImagePullBackOff");
        assertThat(result.evidence()).containsExactly(
                "Pod web-1: Pulling — Pulling image \"nginx:latestt\"",
                "Pod web-1: Failed — Back-off pulling image \"nginx:latestt\"");
    }

    @Test
    void aRolloutPastItsDeadlineIsSettled() throws Exception {
        deployment(3, 1, observed(1).withReplicas(3).withUpdatedReplicas(1).withConditions(new DeploymentConditionBuilder()
                .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
                .withMessage("ReplicaSet \"web-7c9\" has timed out progressing.").build()).build());

        CheckResult result = run(PODS_READY);

        assertThat(ticker.sleeps()).isZero();
        assertThat(result.settled()).contains("Deployment web: rollout stuck (ProgressDeadlineExceeded");
    }

    @Test
    void aMissingObjectFailsAtOnceWhenNothingInTheNamespaceIsBeingCreated() throws Exception {
        CheckResult result = run(REPLICAS);

        assertThat(result).isInstanceOf(CheckResult.NotFound.class);
        assertThat(ticker.sleeps()).isZero();
        assertThat(result.settled()).isEqualTo("nothing in namespace " + ns + " is being created or rolled out");
    }

    @Test
    void aMissingObjectKeepsWaitingWhileSomethingInTheNamespaceIsBeingCreated() throws Exception {
        pod("web-1", "ContainerCreating", null);

        CheckResult result = run(REPLICAS);

        assertThat(result).isInstanceOf(CheckResult.NotFound.class);
        assertThat(ticker.sleeps()).isPositive();
        assertThat(result.settled()).isEmpty();
    }

    @Test
    void aDeploymentWhoseControllerHasNotAnsweredYetCountsAsConverging() throws Exception {
        deployment(3, 1, null);

        CheckResult result = run(PODS_READY);

        assertThat(ticker.sleeps()).isPositive();
        assertThat(result).isInstanceOf(CheckResult.Failed.class);
    }

    @Test
    void aVerdictOverAnObjectNoControllerWritesFailsAtOnceEvenWhilePodsAreStarting() throws Exception {
        cluster.client().secrets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("db").endMetadata().addToData("pass", "czNjcmV0").build()).create();
        pod("web-1", "ContainerCreating", null);

        CheckResult result = run("""
                - {id: key, title: key, kind: cel, resource: {apiVersion: v1, kind: Secret, name: db}, expr: "'password' in object.data"}
                """);

        assertThat(ticker.sleeps()).isZero();
        assertThat(result.settled()).isEqualTo("Secret db is as applied — nothing in the cluster changes it, only a new apply can");
    }

    @Test
    void endpointsAreTheControllersAndKeepWaitingWhilePodsAreStarting() throws Exception {
        cluster.client().endpoints().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.EndpointsBuilder()
                .withNewMetadata().withName("web").endMetadata().build()).create();
        pod("web-1", "ContainerCreating", null);

        CheckResult result = run("""
                - {id: ep, title: ep, kind: assert, resource: {apiVersion: v1, kind: Endpoints, name: web}, expect: {subsets: [{addresses: [{ip: 10.0.0.1}]}]}}
                """);

        assertThat(ticker.sleeps()).isPositive();
        assertThat(result.settled()).isEmpty();
    }

    @Test
    void aCelVerdictOverTheStatusOfADeploymentItsControllerHasNotSeenYetKeepsWaiting() throws Exception {
        deployment(2, 1, null); // just applied: no status at all, and no Pods yet

        CheckResult result = run("""
                - {id: ready, title: ready, kind: cel, resource: {apiVersion: apps/v1, kind: Deployment, name: web},
                   expr: "has(object.status) && has(object.status.readyReplicas) && object.status.readyReplicas == 2"}
                """);

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(ticker.sleeps()).isPositive();
        assertThat(result.settled()).isEmpty();
    }

    private static final String HAS_ADDRESS = """
            - {id: address, title: address, kind: cel, resource: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: web},
               expr: "has(object.status.loadBalancer.ingress) && object.status.loadBalancer.ingress.size() >= 1"}
            """;

    private void ingress(String className) {
        var spec = new io.fabric8.kubernetes.api.model.networking.v1.IngressSpecBuilder().withIngressClassName(className)
                .addNewRule().withHost("web.example.com").endRule().build();
        cluster.client().network().v1().ingresses().inNamespace(ns).resource(
                new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder().withNewMetadata().withName("web").endMetadata()
                        .withSpec(spec).build()).create();
    }

    private void ingressClass(String name, String controller) {
        cluster.client().network().v1().ingressClasses().resource(new io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec().withController(controller).endSpec().build())
                .createOr(NonDeletingOperation::update);
    }

    @Test
    void anIngressOfAClassTheClusterHasKeepsWaitingForItsAddress() throws Exception {
        ingressClass("traefik", "traefik.io/ingress-controller");
        ingress("traefik");

        CheckResult result = run(HAS_ADDRESS);

        assertThat(ticker.sleeps()).isPositive();
        assertThat(result.settled()).isEmpty();
    }

    @Test
    void anIngressOfAClassNoControllerServesFailsAtOnce() throws Exception {
        ingress("no-such-class");

        CheckResult result = run(HAS_ADDRESS);

        assertThat(ticker.sleeps()).isZero();
        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.settled()).isNotEmpty();
    }

    @Test
    void aVerdictTheKindItselfSaysIsStillOpenIsNotTurnedIntoAFinalOneBySettling() throws Exception {
        // a ConfigMap-like object (no status, no owner): Settling alone would call any failure on it final
        com.fasterxml.jackson.databind.JsonNode configMap = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\", \"generation\": 1}}");
        orchlab.engine.check.Outcome stopped = orchlab.engine.check.Outcome.fail("ConfigMap " + ns + "/c",
                        "expression could not be evaluated: expression took longer than 2000 ms and was stopped")
                .with(orchlab.engine.check.Convergence.converging("evaluated again"));

        orchlab.engine.check.Outcome judged = Settling.judge(() -> new Settling.Look(java.util.List.of(configMap), stopped),
                cluster.client(), ns);
        orchlab.engine.check.Outcome plain = Settling.judge(() -> new Settling.Look(java.util.List.of(configMap),
                orchlab.engine.check.Outcome.fail("ConfigMap " + ns + "/c", "wrong")), cluster.client(), ns);

        assertThat(judged.convergence().state()).isEqualTo(orchlab.engine.check.Convergence.State.CONVERGING);
        assertThat(plain.convergence().state()).isEqualTo(orchlab.engine.check.Convergence.State.SETTLED);
    }
}
