package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Helm (helm-java runs Helm's Go code in-process) installing, upgrading and uninstalling charts on the sim. */
class HelmIT {

    @TempDir
    static Path dir;
    private static SimCluster cluster;
    private static Path kubeconfig;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")
                        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
                "helm-java's native Helm library is on the test class path for linux-amd64 only: skipping the Helm tests");
        cluster = SimCluster.start(SimSettings.instant(), Optional.empty());
        kubeconfig = Kubeconfig.write(dir.resolve("kubeconfig"), cluster);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.url()).withCaCertData(cluster.server().tls().certificateData())
                .withOauthToken(cluster.server().token())
                .withOnlyHttpWatches(true).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The chart {@code helm create} writes (Deployment, Service, ServiceAccount, test hook), in its own folder. */
    private static Helm createdChart(String name) throws IOException {
        Path parent = Files.createDirectories(dir.resolve("charts-" + name));
        return Helm.create().withName(name).withDir(parent).call();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 30 s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static List<Secret> releaseSecrets(String namespace, String release) {
        return client.secrets().inNamespace(namespace).withLabel("owner", "helm").withLabel("name", release).list().getItems();
    }

    @Test
    void installWaitsUntilTheChartsDeploymentIsReady() throws Exception {
        Helm chart = createdChart("web");
        Release release = chart.install().withName("web").withNamespace("helm-install").createNamespace()
                .waitReady().withTimeout(60).withKubeConfig(kubeconfig).call();

        assertThat(release.getStatus()).isEqualTo("deployed");
        assertThat(release.getRevision()).isEqualTo("1");
        Deployment deployment = client.apps().deployments().inNamespace("helm-install").withName("web").get();
        assertThat(deployment).isNotNull();
        assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(client.services().inNamespace("helm-install").withName("web").get()).isNotNull();
        assertThat(releaseSecrets("helm-install", "web")).extracting(s -> s.getMetadata().getName())
                .containsExactly("sh.helm.release.v1.web.v1");
    }

    @Test
    void listShowsTheInstalledRelease() throws Exception {
        createdChart("listed").install().withName("listed").withNamespace("helm-list").createNamespace()
                .withKubeConfig(kubeconfig).call();

        List<Release> releases = Helm.list().withNamespace("helm-list").withKubeConfig(kubeconfig).call();
        assertThat(releases).extracting(Release::getName, Release::getStatus, Release::getRevision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("listed", "deployed", "1"));
    }

    @Test
    void upgradeChangesTheDeploymentAndStoresRevisionTwo() throws Exception {
        Helm chart = createdChart("scaled");
        chart.install().withName("scaled").withNamespace("helm-upgrade").createNamespace().waitReady().withTimeout(60)
                .withKubeConfig(kubeconfig).call();

        Release upgraded = chart.upgrade().withName("scaled").withNamespace("helm-upgrade").set("replicaCount", "3")
                .waitReady().withTimeout(60).withKubeConfig(kubeconfig).call();

        assertThat(upgraded.getRevision()).isEqualTo("2");
        assertThat(upgraded.getStatus()).isEqualTo("deployed");
        Deployment deployment = client.apps().deployments().inNamespace("helm-upgrade").withName("scaled").get();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(releaseSecrets("helm-upgrade", "scaled")).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("sh.helm.release.v1.scaled.v1", "sh.helm.release.v1.scaled.v2");
        Secret v2 = client.secrets().inNamespace("helm-upgrade").withName("sh.helm.release.v1.scaled.v2").get();
        assertThat(v2.getType()).isEqualTo("helm.sh/release.v1");
        assertThat(v2.getMetadata().getLabels()).containsEntry("owner", "helm").containsEntry("status", "deployed")
                .containsEntry("version", "2");
        Secret v1 = client.secrets().inNamespace("helm-upgrade").withName("sh.helm.release.v1.scaled.v1").get();
        assertThat(v1.getMetadata().getLabels()).containsEntry("status", "superseded");
    }

    /** A chart with a {@code crds/} folder (installed before the templates) and a template using the new kind. */
    private static Path crdChart() throws IOException {
        Path chart = Files.createDirectories(dir.resolve("crd-chart"));
        Files.writeString(chart.resolve("Chart.yaml"), """
                apiVersion: v2
                name: crontabs
                version: 0.1.0
                """);
        Files.createDirectories(chart.resolve("crds"));
        Files.writeString(chart.resolve("crds/crontab.yaml"), """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: crontabs.stable.example.com
                spec:
                  group: stable.example.com
                  scope: Namespaced
                  names:
                    plural: crontabs
                    singular: crontab
                    kind: CronTab
                    shortNames: [ct]
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              cronSpec: {type: string}
                              image: {type: string}
                """);
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("templates/crontab.yaml"), """
                apiVersion: stable.example.com/v1
                kind: CronTab
                metadata:
                  name: {{ .Release.Name }}-tab
                spec:
                  cronSpec: "{{ .Values.schedule }}"
                  image: busybox:1.36
                """);
        Files.writeString(chart.resolve("values.yaml"), "schedule: \"*/5 * * * *\"\n");
        return chart;
    }

    @Test
    void chartWithCrdsRegistersTheKindAndCreatesItsObject() throws Exception {
        Release release = new Helm(crdChart()).install().withName("tabs").withNamespace("helm-crd").createNamespace()
                .withKubeConfig(kubeconfig).call();

        assertThat(release.getStatus()).isEqualTo("deployed");
        assertThat(client.getApiGroups().getGroups()).extracting(g -> g.getName()).contains("stable.example.com");
        assertThat(client.getApiResources("stable.example.com/v1").getResources())
                .extracting(r -> r.getName(), r -> r.getKind(), r -> r.getNamespaced())
                .contains(org.assertj.core.groups.Tuple.tuple("crontabs", "CronTab", true));
        var tab = client.genericKubernetesResources("stable.example.com/v1", "CronTab").inNamespace("helm-crd")
                .withName("tabs-tab").get();
        assertThat(tab).isNotNull();
        assertThat(tab.getAdditionalProperties().get("spec")).isEqualTo(java.util.Map.of("cronSpec", "*/5 * * * *",
                "image", "busybox:1.36"));
    }

    @Test
    void uninstallRemovesTheReleasesObjectsAndHistory() throws Exception {
        createdChart("gone").install().withName("gone").withNamespace("helm-uninstall").createNamespace()
                .waitReady().withTimeout(60).withKubeConfig(kubeconfig).call();

        String out = Helm.uninstall("gone").withNamespace("helm-uninstall").withKubeConfig(kubeconfig).call();

        assertThat(out).contains("release \"gone\" uninstalled");
        assertThat(client.apps().deployments().inNamespace("helm-uninstall").withName("gone").get()).isNull();
        assertThat(client.services().inNamespace("helm-uninstall").withName("gone").get()).isNull();
        assertThat(client.serviceAccounts().inNamespace("helm-uninstall").withName("gone").get()).isNull();
        assertThat(releaseSecrets("helm-uninstall", "gone")).isEmpty();
        await("the Deployment's pods to be deleted",
                () -> client.pods().inNamespace("helm-uninstall").list().getItems().isEmpty());
        assertThat(Helm.list().withNamespace("helm-uninstall").withKubeConfig(kubeconfig).call()).isEmpty();
    }
}
