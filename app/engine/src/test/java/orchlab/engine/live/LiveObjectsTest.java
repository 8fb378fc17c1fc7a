package orchlab.engine.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the cluster view says about an object: kubectl's STATUS/READY columns and a badge. */
class LiveObjectsTest {

    private static ContainerStatus waiting(String reason, int restarts) {
        return new ContainerStatusBuilder().withName("web").withReady(false).withRestartCount(restarts)
                .withNewState().withNewWaiting().withReason(reason).withMessage(reason + " message").endWaiting().endState().build();
    }

    private static ContainerStatus running(boolean ready) {
        return new ContainerStatusBuilder().withName("web").withReady(ready).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt("2024-05-01T10:00:00Z").endRunning().endState().build();
    }

    private static ContainerStatus terminated(String reason, int exitCode) {
        return new ContainerStatusBuilder().withName("web").withReady(false).withRestartCount(0)
                .withNewState().withNewTerminated().withReason(reason).withExitCode(exitCode).endTerminated().endState().build();
    }

    private static Pod pod(String phase, List<ContainerStatus> statuses, boolean deleting) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("web-1").withNamespace("lab").withUid("u1")
                .withCreationTimestamp("2024-05-01T10:00:00Z").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().withNodeName("node-1").endSpec()
                .withNewStatus().withPhase(phase).withContainerStatuses(statuses).endStatus();
        if (deleting) {
            b.editMetadata().withDeletionTimestamp("2024-05-01T10:05:00Z").endMetadata();
        }
        return b.build();
    }

    static Stream<Arguments> pods() {
        return Stream.of(
                Arguments.of("Pending, not scheduled yet", pod("Pending", List.of(), false), "Pending", Health.PROGRESSING, "0/1"),
                Arguments.of("ContainerCreating", pod("Pending", List.of(waiting("ContainerCreating", 0)), false),
                        "ContainerCreating", Health.PROGRESSING, "0/1"),
                Arguments.of("Running, not ready", pod("Running", List.of(running(false)), false), "Running", Health.PROGRESSING, "0/1"),
                Arguments.of("Running, ready", pod("Running", List.of(running(true)), false), "Running", Health.OK, "1/1"),
                Arguments.of("ImagePullBackOff", pod("Pending", List.of(waiting("ImagePullBackOff", 0)), false),
                        "ImagePullBackOff", Health.FAILING, "0/1"),
                Arguments.of("ErrImagePull", pod("Pending", List.of(waiting("ErrImagePull", 0)), false),
                        "ErrImagePull", Health.FAILING, "0/1"),
                Arguments.of("CrashLoopBackOff", pod("Running", List.of(waiting("CrashLoopBackOff", 4)), false),
                        "CrashLoopBackOff", Health.FAILING, "0/1"),
                Arguments.of("Completed (Succeeded)", pod("Succeeded", List.of(terminated("Completed", 0)), false),
                        "Completed", Health.OK, "0/1"),
                Arguments.of("Error (Failed)", pod("Failed", List.of(terminated("Error", 1)), false), "Error", Health.FAILING, "0/1"),
                Arguments.of("killed without a reason", pod("Failed", List.of(terminated(null, 137)), false),
                        "ExitCode:137", Health.FAILING, "0/1"),
                Arguments.of("terminating", pod("Running", List.of(running(true)), true), "Terminating", Health.PROGRESSING, "1/1"),
                Arguments.of("phase Unknown", pod("Unknown", List.of(), false), "Unknown", Health.UNKNOWN, "0/1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pods")
    void podStatusAndHealthAreWhatKubectlShows(String caseName, Pod pod, String status, Health health, String ready) {
        LiveObject live = LiveObjects.of(pod);
        assertThat(live.status()).isEqualTo(status);
        assertThat(live.health()).isEqualTo(health);
        assertThat(live.ready()).isEqualTo(ready);
    }

    @Test
    void podRestartsAreSummedOverContainers() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().addNewContainer().withName("a").endContainer().addNewContainer().withName("b").endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addToContainerStatuses(new ContainerStatusBuilder(running(true)).withName("a").withRestartCount(2).build())
                .addToContainerStatuses(new ContainerStatusBuilder(waiting("CrashLoopBackOff", 7)).withName("b").build())
                .endStatus().build();
        LiveObject live = LiveObjects.of(pod);
        assertThat(live.restarts()).isEqualTo(9);
        assertThat(live.ready()).isEqualTo("1/2");
        assertThat(live.status()).isEqualTo("CrashLoopBackOff");
    }

    @Test
    void aPodInitContainerThatFailsShowsAsInitError() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().addNewInitContainer().withName("migrate").endInitContainer().addNewContainer().withName("app").endContainer().endSpec()
                .withNewStatus().withPhase("Pending")
                .addToInitContainerStatuses(new ContainerStatusBuilder(waiting("CrashLoopBackOff", 3)).withName("migrate").build())
                .endStatus().build();
        LiveObject live = LiveObjects.of(pod);
        assertThat(live.status()).isEqualTo("Init:CrashLoopBackOff");
        assertThat(live.health()).isEqualTo(Health.FAILING);
        assertThat(live.restarts()).isEqualTo(3);
    }

    @Test
    void aFailingPodSaysWhyInItsDetail() {
        LiveObject live = LiveObjects.of(pod("Pending", List.of(waiting("ImagePullBackOff", 0)), false));
        assertThat(live.detail()).isEqualTo("nginx:1.27 · node node-1 · ImagePullBackOff message");
    }

    @Test
    void podKeepsItsIdentityAndCreationTime() {
        LiveObject live = LiveObjects.of(pod("Running", List.of(running(true)), false));
        assertThat(live.kind()).isEqualTo("Pod");
        assertThat(live.apiVersion()).isEqualTo("v1");
        assertThat(live.namespace()).isEqualTo("lab");
        assertThat(live.uid()).isEqualTo("u1");
        assertThat(live.created()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(live.label()).isEqualTo("Pod web-1");
    }

    private static Deployment deployment(int desired, int ready, int updated, int available, int total) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(desired).withNewTemplate().withNewSpec().addNewContainer().withName("web")
                .withImage("nginx:1.27").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withObservedGeneration(1L).withReadyReplicas(ready).withUpdatedReplicas(updated)
                .withAvailableReplicas(available).withReplicas(total).endStatus().build();
    }

    @Test
    void aDeploymentWithAllReplicasReadyIsOk() {
        LiveObject live = LiveObjects.of(deployment(3, 3, 3, 3, 3));
        assertThat(live.status()).isEqualTo("3/3 ready");
        assertThat(live.ready()).isEqualTo("3/3");
        assertThat(live.health()).isEqualTo(Health.OK);
        assertThat(live.detail()).isEqualTo("nginx:1.27");
    }

    @Test
    void aDeploymentStillRollingOutIsProgressing() {
        LiveObject live = LiveObjects.of(deployment(3, 2, 2, 2, 4));
        assertThat(live.status()).isEqualTo("2/3 ready");
        assertThat(live.health()).isEqualTo(Health.PROGRESSING);
    }

    @Test
    void aDeploymentPastItsProgressDeadlineIsFailing() {
        Deployment d = new DeploymentBuilder(deployment(2, 0, 2, 0, 2)).editStatus().addNewCondition().withType("Progressing")
                .withStatus("False").withReason("ProgressDeadlineExceeded").endCondition().endStatus().build();
        LiveObject live = LiveObjects.of(d);
        assertThat(live.status()).isEqualTo("0/2 ready, progress deadline exceeded");
        assertThat(live.health()).isEqualTo(Health.FAILING);
    }

    @Test
    void aCompleteJobIsOkAndAFailedOneFailing() {
        LiveObject complete = LiveObjects.of(new JobBuilder().withNewMetadata().withName("once").endMetadata().withNewSpec().endSpec()
                .withNewStatus().withSucceeded(1).addNewCondition().withType("Complete").withStatus("True").endCondition().endStatus().build());
        assertThat(complete.status()).isEqualTo("Complete");
        assertThat(complete.ready()).isEqualTo("1/1");
        assertThat(complete.health()).isEqualTo(Health.OK);

        LiveObject failed = LiveObjects.of(new JobBuilder().withNewMetadata().withName("once").endMetadata().withNewSpec().endSpec()
                .withNewStatus().addNewCondition().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded").endCondition()
                .endStatus().build());
        assertThat(failed.status()).isEqualTo("Failed, backoff limit exceeded");
        assertThat(failed.health()).isEqualTo(Health.FAILING);
    }

    @Test
    void aServiceShowsTypeAddressAndPorts() {
        LiveObject live = LiveObjects.of(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withType("NodePort").withClusterIP("10.43.0.12").addToSelector("app", "web")
                .addNewPort().withPort(80).withNodePort(30080).withProtocol("TCP").endPort().endSpec().build());
        assertThat(live.status()).isEqualTo("NodePort 10.43.0.12 80:30080/TCP");
        assertThat(live.detail()).isEqualTo("selector app=web");
        assertThat(live.health()).isEqualTo(Health.OK);
    }

    @Test
    void aClusterIpServiceShowsItsDefaults() {
        LiveObject live = LiveObjects.of(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withClusterIP("10.43.0.12").addNewPort().withPort(80).endPort().endSpec().build());
        assertThat(live.status()).isEqualTo("ClusterIP 10.43.0.12 80/TCP");
    }

    @Test
    void aBoundClaimShowsItsCapacity() {
        LiveObject live = LiveObjects.of(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withStorageClassName("local-path").endSpec()
                .withNewStatus().withPhase("Bound").addToCapacity("storage", new Quantity("1Gi")).endStatus().build());
        assertThat(live.status()).isEqualTo("Bound 1Gi");
        assertThat(live.health()).isEqualTo(Health.OK);
        assertThat(live.detail()).isEqualTo("storage class local-path");
    }

    @Test
    void aPendingClaimShowsWhatItAsksFor() {
        LiveObject live = LiveObjects.of(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withNewResources().addToRequests("storage", new Quantity("5Gi")).endResources().endSpec().build());
        assertThat(live.status()).isEqualTo("Pending 5Gi");
        assertThat(live.health()).isEqualTo(Health.PROGRESSING);
    }

    @Test
    void aConfigMapShowsItsKeys() {
        LiveObject live = LiveObjects.of(new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata()
                .addToData("b", "2").addToData("a", "1").build());
        assertThat(live.status()).isEqualTo("2 keys");
        assertThat(live.detail()).isEqualTo("a, b");
    }

    @Test
    void aSecretShowsItsTypeAndNothingOfItsValues() {
        LiveObject live = LiveObjects.of(new SecretBuilder().withNewMetadata().withName("tls").endMetadata()
                .withType("kubernetes.io/tls").addToData("tls.key", "c2VjcmV0").addToStringData("token", "plain-secret").build());
        assertThat(live.status()).isEqualTo("kubernetes.io/tls");
        assertThat(live.toString()).doesNotContain("c2VjcmV0").doesNotContain("plain-secret");
    }

    @Test
    void theControllerOwnerIsTheParent() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p")
                .addNewOwnerReference().withKind("Node").withUid("not-controller").withController(false).endOwnerReference()
                .addNewOwnerReference().withKind("ReplicaSet").withUid("rs-uid").withController(true).endOwnerReference()
                .endMetadata().build();
        assertThat(LiveObjects.of(pod).ownerUid()).contains("rs-uid");
    }

    @Test
    void anyObjectBeingDeletedIsTerminating() {
        LiveObject live = LiveObjects.of(new ConfigMapBuilder().withNewMetadata().withName("cfg")
                .withDeletionTimestamp("2024-05-01T10:00:00Z").endMetadata().build());
        assertThat(live.status()).isEqualTo("Terminating");
        assertThat(live.health()).isEqualTo(Health.PROGRESSING);
    }

    @Test
    void anEventNamesItsObjectAndLastTime() {
        LiveEvent e = LiveObjects.event(new EventBuilder().withNewMetadata().withName("e").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("web-7d9c-abc").endInvolvedObject()
                .withType("Warning").withReason("BackOff").withMessage("Back-off restarting failed container\n").withCount(3)
                .withFirstTimestamp("2024-05-01T10:00:00Z").withLastTimestamp("2024-05-01T10:02:00Z").build());
        assertThat(e).isEqualTo(new LiveEvent("Warning", "BackOff", "Pod web-7d9c-abc", "Back-off restarting failed container", 3,
                Instant.parse("2024-05-01T10:02:00Z")));
    }

    @Test
    void aNewStyleEventUsesItsEventTimeAndSeries() {
        LiveEvent e = LiveObjects.event(new EventBuilder().withNewMetadata().withName("e").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("p").endInvolvedObject()
                .withReason("Pulled").withEventTime(new MicroTime("2024-05-01T10:00:00.123456Z"))
                .withNewSeries().withCount(5).withLastObservedTime(new MicroTime("2024-05-01T10:09:00.000000Z")).endSeries().build());
        assertThat(e.type()).isEqualTo("Normal");
        assertThat(e.count()).isEqualTo(5);
        assertThat(e.lastSeen()).isEqualTo(Instant.parse("2024-05-01T10:09:00Z"));
    }
}
