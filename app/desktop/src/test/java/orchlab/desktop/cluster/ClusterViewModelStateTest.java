package orchlab.desktop.cluster;

import static orchlab.desktop.cluster.TestObjects.deployment;
import static orchlab.desktop.cluster.TestObjects.pod;
import static orchlab.desktop.cluster.TestObjects.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import orchlab.engine.live.Health;
import orchlab.engine.live.LiveEvent;
import orchlab.engine.live.LiveObject;
import org.junit.jupiter.api.Test;

/** The view model's own rules, with a fake watch and everything on the calling thread. */
class ClusterViewModelStateTest {

    private final List<FakeWatch> opened = new ArrayList<>();
    private final ClusterViewModel vm = new ClusterViewModel(Runnable::run, Runnable::run, (ns, listener) -> {
        FakeWatch w = new FakeWatch(ns, listener);
        opened.add(w);
        return Optional.of(w);
    });

    private FakeWatch watch() {
        return opened.get(opened.size() - 1);
    }

    private static LiveEvent event(String reason, String message, int count) {
        return new LiveEvent("Normal", reason, "Pod web-1", message, count, Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void anEmptyNamespaceSaysWhatToDo() {
        vm.watch("lab");
        assertThat(vm.placeholderProperty().get()).isEqualTo("Reading namespace lab …");
        watch().listener.objects(List.of());
        assertThat(vm.placeholderProperty().get())
                .isEqualTo("No objects in namespace lab yet — apply your YAML or use kubectl in the terminal.");
        assertThat(vm.loadedProperty().get()).isTrue();
    }

    @Test
    void theRootCertificateConfigMapOfEveryNamespaceIsLeftOut() {
        vm.watch("lab");
        LiveObject rootCa = TestObjects.object("ConfigMap", "kube-root-ca.crt", "c1", null, "1 key", Health.OK);
        LiveObject mine = TestObjects.object("ConfigMap", "settings", "c2", null, "1 key", Health.OK);
        watch().listener.objects(List.of(rootCa, mine));
        assertThat(vm.objects()).containsExactly(mine);
        watch().listener.objects(List.of(rootCa));
        assertThat(vm.placeholderProperty().get()).startsWith("No objects in namespace lab yet");
    }

    @Test
    void aSandboxWithoutKubernetesSaysSo() {
        ClusterViewModel docker = new ClusterViewModel(Runnable::run, Runnable::run, (ns, l) -> Optional.empty());
        docker.watch("lab");
        assertThat(docker.placeholderProperty().get()).isEqualTo("This sandbox has no Kubernetes cluster, so there are no objects to show.");
    }

    @Test
    void anOpenerThatFailsBecomesAProblemSentence() {
        ClusterViewModel broken = new ClusterViewModel(Runnable::run, Runnable::run, (ns, l) -> {
            throw new IllegalStateException("kubeconfig has no context lab");
        });
        broken.watch("lab");
        assertThat(broken.problemProperty().get()).isEqualTo("The cluster view cannot watch namespace lab: kubeconfig has no context lab");
    }

    @Test
    void snapshotsFillTheTree() {
        vm.watch("lab");
        watch().listener.objects(List.of(deployment("web", "d1"), replicaSet("web-1", "r1", "d1"),
                pod("web-1-a", "p1", "r1", "Running", Health.OK)));
        assertThat(vm.objects()).hasSize(3);
        assertThat(vm.groups()).extracting(ClusterGroup::title).containsExactly("Deployments");
        assertThat(vm.placeholderProperty().get()).isEmpty();
    }

    @Test
    void watchingAnotherNamespaceClosesTheOldWatchAndIgnoresIt() {
        vm.watch("one");
        FakeWatch first = watch();
        first.listener.objects(List.of(deployment("old", "d0")));
        vm.watch("two");
        assertThat(first.closed).isTrue();
        assertThat(vm.objects()).isEmpty();
        first.listener.objects(List.of(deployment("late", "d9")));
        first.listener.problem("old cluster is gone");
        assertThat(vm.objects()).isEmpty();
        assertThat(vm.problemProperty().get()).isEmpty();
        assertThat(vm.namespaceProperty().get()).isEqualTo("two");
    }

    @Test
    void aProblemShowsUntilTheClusterAnswersAgain() {
        vm.watch("lab");
        watch().listener.problem("The cluster at https://127.0.0.1:6443 does not answer — is the sandbox running?");
        assertThat(vm.problemProperty().get()).startsWith("The cluster at https://127.0.0.1:6443 does not answer");
        watch().listener.resolved();
        assertThat(vm.problemProperty().get()).isEmpty();
    }

    @Test
    void selectingAnObjectShowsItsYaml() {
        vm.watch("lab");
        watch().yaml.put("Deployment/web", "kind: Deployment\nspec:\n  replicas: 2\n");
        LiveObject web = deployment("web", "d1");
        watch().listener.objects(List.of(web));
        vm.select(web);
        assertThat(vm.selectedYamlProperty().get()).contains("replicas: 2");
        assertThat(vm.logsAvailableProperty().get()).isFalse();
        assertThat(vm.logsProperty().get()).isEmpty();
    }

    @Test
    void selectingAPodShowsItsLogAndRefreshReadsItAgain() {
        vm.watch("lab");
        LiveObject p = pod("web-1-a", "p1", null, "Running", Health.OK);
        watch().yaml.put("Pod/web-1-a", "kind: Pod\n");
        watch().logs.put("web-1-a", "hello\n");
        watch().listener.objects(List.of(p));
        vm.select(p);
        assertThat(vm.logsProperty().get()).isEqualTo("hello\n");
        assertThat(vm.logsAvailableProperty().get()).isTrue();
        watch().logs.put("web-1-a", "hello\nagain\n");
        vm.refreshLogs();
        assertThat(vm.logsProperty().get()).isEqualTo("hello\nagain\n");
    }

    @Test
    void aPodWithoutLogSaysWhy() {
        vm.watch("lab");
        LiveObject p = pod("web-1-a", "p1", null, "ContainerCreating", Health.PROGRESSING);
        watch().listener.objects(List.of(p));
        vm.select(p);
        assertThat(vm.logsProperty().get()).isEqualTo("Pod web-1-a has no log to show: container \"web\" is waiting to start: ContainerCreating.");
        assertThat(vm.selectedYamlProperty().get()).startsWith("# Pod web-1-a is not in namespace lab");
    }

    @Test
    void theSelectionFollowsTheObjectAcrossSnapshots() {
        vm.watch("lab");
        LiveObject creating = pod("web-1-a", "p1", null, "ContainerCreating", Health.PROGRESSING);
        watch().yaml.put("Pod/web-1-a", "phase: Pending\n");
        watch().logs.put("web-1-a", "");
        watch().listener.objects(List.of(creating));
        vm.select(creating);
        assertThat(vm.selectedYamlProperty().get()).isEqualTo("phase: Pending\n");

        LiveObject running = pod("web-1-a", "p1", null, "Running", Health.OK);
        watch().yaml.put("Pod/web-1-a", "phase: Running\n");
        watch().listener.objects(List.of(running));
        assertThat(vm.selectedProperty().get()).isEqualTo(running);
        assertThat(vm.selectedYamlProperty().get()).isEqualTo("phase: Running\n");
    }

    @Test
    void aSelectedObjectThatIsDeletedSaysSo() {
        vm.watch("lab");
        LiveObject web = deployment("web", "d1");
        watch().yaml.put("Deployment/web", "kind: Deployment\n");
        watch().listener.objects(List.of(web));
        vm.select(web);
        watch().listener.objects(List.of());
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(vm.selectedYamlProperty().get()).isEqualTo("# Deployment web was deleted.");
    }

    @Test
    void anEmptyLogIsSaidInWords() {
        vm.watch("lab");
        LiveObject p = pod("web-1-a", "p1", null, "Running", Health.OK);
        watch().yaml.put("Pod/web-1-a", "kind: Pod\n");
        watch().logs.put("web-1-a", "");
        watch().listener.objects(List.of(p));
        vm.select(p);
        assertThat(vm.logsProperty().get()).isEqualTo("Pod web-1-a has written nothing to its log yet.");
    }

    @Test
    void eventsAreNewestLastAndARepeatReplacesItsEarlierEntry() {
        vm.watch("lab");
        watch().listener.event(event("Scheduled", "assigned", 1));
        watch().listener.event(event("BackOff", "restarting", 1));
        watch().listener.event(event("Pulled", "pulled", 1));
        watch().listener.event(event("BackOff", "restarting", 5));
        assertThat(vm.events()).extracting(LiveEvent::reason).containsExactly("Scheduled", "Pulled", "BackOff");
        assertThat(vm.events().get(2).count()).isEqualTo(5);
    }

    @Test
    void eventsAreBounded() {
        vm.watch("lab");
        for (int i = 0; i < ClusterViewModel.MAX_EVENTS + 20; i++) {
            watch().listener.event(event("Pulled", "image " + i, 1));
        }
        assertThat(vm.events()).hasSize(ClusterViewModel.MAX_EVENTS);
        assertThat(vm.events().get(0).message()).isEqualTo("image 20");
        assertThat(vm.events().get(ClusterViewModel.MAX_EVENTS - 1).message()).isEqualTo("image " + (ClusterViewModel.MAX_EVENTS + 19));
    }

    @Test
    void closeClosesTheWatch() {
        vm.watch("lab");
        vm.close();
        assertThat(watch().closed).isTrue();
    }
}
