package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import orchlab.engine.helm.HelmClient;
import orchlab.engine.helm.HelmException;
import orchlab.engine.helm.HelmMessage;
import orchlab.engine.helm.HelmNative;
import orchlab.engine.helm.HelmRelease;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.helm.ReleaseSummary;
import orchlab.engine.helm.ValuesInput;
import orchlab.engine.sandbox.KubernetesAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's {@link HelmClient} driving a release through its life on the sim: install, upgrade, rollback, uninstall. */
class HelmClientIT {

    @TempDir
    static Path dir;
    private static SimCluster cluster;
    private static KubernetesClient client;
    private static KubernetesAccess access;

    @BeforeAll
    static void start() throws Exception {
        String why = "";
        try {
            HelmNative.load();
        } catch (HelmUnavailableException e) {
            why = e.getMessage();
        }
        String reason = why;
        assumeTrue(reason.isEmpty(), () -> "skipping the HelmClient tests: " + reason);
        cluster = SimCluster.start(SimSettings.instant(), Optional.empty());
        Path kubeconfig = Kubeconfig.write(dir.resolve("kubeconfig"), cluster);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.url())
                .withCaCertData(cluster.server().tls().certificateData()).withOauthToken(cluster.server().token())
                .withOnlyHttpWatches(true).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        access = new KubernetesAccess(client, kubeconfig, Kubeconfig.CONTEXT);
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

    private static Path chart(String name) throws Exception {
        Path chart = Files.createDirectories(dir.resolve(name + "/templates")).getParent();
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: " + name + "\nversion: 0.1.0\nappVersion: \"1.0\"\n");
        Files.writeString(chart.resolve("values.yaml"), "app:\n  replicas: 1\n  image: nginx\n");
        Files.writeString(chart.resolve("templates/deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}
                spec:
                  replicas: {{ .Values.app.replicas }}
                  selector:
                    matchLabels: {app: {{ .Release.Name }}}
                  template:
                    metadata:
                      labels: {app: {{ .Release.Name }}}
                    spec:
                      containers:
                      - name: app
                        image: {{ .Values.app.image }}
                """);
        return chart;
    }

    private static int replicas(String namespace, String name) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
        return d.getSpec().getReplicas();
    }

    @Test
    void installUpgradeRollbackUninstallKeepHelmsHistory() throws Exception {
        HelmClient helm = new HelmClient(Optional.of(access), "life");
        Path chart = chart("life-chart");

        HelmRelease installed = helm.upgradeInstall("my-app", chart, ValuesInput.NONE, Optional.empty());
        assertThat(installed.revision()).isEqualTo(1);
        assertThat(installed.status()).isEqualTo("deployed");
        assertThat(replicas("life", "my-app")).isEqualTo(1);

        HelmRelease upgraded = helm.upgradeInstall("my-app", chart, ValuesInput.NONE.with("app.replicas", "5"), Optional.empty());
        assertThat(upgraded.revision()).isEqualTo(2);
        assertThat(upgraded.config().at("/app/replicas").asText()).isEqualTo("5");
        assertThat(replicas("life", "my-app")).isEqualTo(5);
        assertThat(helm.list()).extracting(ReleaseSummary::name, ReleaseSummary::revision, ReleaseSummary::status, ReleaseSummary::chart)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("my-app", 2, "deployed", "life-chart-0.1.0"));

        HelmRelease rolledBack = helm.rollback("my-app", 1, Optional.empty());
        assertThat(rolledBack.revision()).isEqualTo(3);
        assertThat(rolledBack.description()).isEqualTo("Rollback to 1");
        assertThat(replicas("life", "my-app")).isEqualTo(1);
        assertThat(helm.history("my-app")).extracting(HelmRelease::revision, HelmRelease::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "superseded"), org.assertj.core.groups.Tuple.tuple(2, "superseded"),
                        org.assertj.core.groups.Tuple.tuple(3, "deployed"));
        assertThat(helm.values("my-app", false, 2).at("/app/replicas").asText()).isEqualTo("5");
        assertThat(helm.values("my-app", true, 0).at("/app/image").asText()).isEqualTo("nginx");
        assertThat(helm.manifest("my-app", 0)).contains("# Source: life-chart/templates/deployment.yaml").contains("replicas: 1");

        assertThat(helm.uninstall("my-app", false)).contains("release \"my-app\" uninstalled");
        assertThat(helm.find("my-app")).isEmpty();
        assertThat(client.apps().deployments().inNamespace("life").withName("my-app").get()).isNull();
    }

    @Test
    void installAndRollbackKeepTheValuesFilesValues() throws Exception {
        HelmClient helm = new HelmClient(Optional.of(access), "files");
        Path chart = chart("files-chart");
        Path prod = Files.writeString(dir.resolve("prod.yaml"), "app:\n  replicas: 4\n");

        assertThat(helm.upgradeInstall("web", chart, ValuesInput.files(prod), Optional.empty()).config().at("/app/replicas").asInt())
                .isEqualTo(4);
        assertThat(replicas("files", "web")).isEqualTo(4);
        helm.upgradeInstall("web", chart, ValuesInput.NONE.with("app.replicas", "2"), Optional.empty());
        assertThat(replicas("files", "web")).isEqualTo(2);

        helm.rollback("web", 0, Optional.empty());
        assertThat(replicas("files", "web")).isEqualTo(4);
        assertThat(helm.status("web").description()).isEqualTo("Rollback to 1");
    }

    @Test
    void rollingBackToARevisionThatNeverExistedNamesTheRevisions() throws Exception {
        HelmClient helm = new HelmClient(Optional.of(access), "no-rev");
        helm.upgradeInstall("once", chart("once-chart"), ValuesInput.NONE, Optional.empty());

        assertThatThrownBy(() -> helm.rollback("once", 7, Optional.empty()))
                .isInstanceOf(HelmException.class).hasMessageContaining("once has no revision 7 (its revisions: 1)");
    }

    @Test
    void statusOfAMissingReleaseIsHelmsNotFound() {
        HelmClient helm = new HelmClient(Optional.of(access), "nothing-here");

        assertThatThrownBy(() -> helm.status("ghost")).isInstanceOf(HelmException.class)
                .hasMessage("release: not found — no release ghost in namespace nothing-here");
    }

    @Test
    void installingABrokenChartGivesHelmsErrorWithFileAndLine() throws Exception {
        Path chart = chart("broken-chart");
        Files.writeString(chart.resolve("templates/deployment.yaml"), "kind: Deployment\nmetadata:\n  name: {{ .Release.Name }\n");
        HelmClient helm = new HelmClient(Optional.of(access), "broken");

        assertThatThrownBy(() -> helm.upgradeInstall("broken", chart, ValuesInput.NONE, Optional.empty()))
                .isInstanceOfSatisfying(HelmException.class,
                        e -> assertThat(e.problem()).map(HelmMessage::where).contains("templates/deployment.yaml:3"));
    }

    @Test
    void aPostInstallHookJobThatFailsLeavesTheReleaseFailed() throws Exception {
        Path chart = chart("hook-chart");
        Files.writeString(chart.resolve("templates/post-install.yaml"), """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: {{ .Release.Name }}-migrate
                  annotations: {"helm.sh/hook": post-install}
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: migrate, image: "busybox:1.36", command: [sh, -c, "echo migrating; exit 3"]}
                """);
        HelmClient helm = new HelmClient(Optional.of(access), "hooks");

        assertThatThrownBy(() -> helm.upgradeInstall("shop", chart, ValuesInput.NONE, Optional.empty()))
                .isInstanceOf(HelmException.class).hasMessageContaining("post-install").hasMessageContaining("BackoffLimitExceeded");
        assertThat(helm.status("shop").status()).isEqualTo("failed");
        assertThat(client.batch().v1().jobs().inNamespace("hooks").withName("shop-migrate").get().getStatus().getFailed())
                .isEqualTo(1);
    }

    @Test
    void releaseOperationsWithoutASandboxSaySoInOneSentence() {
        assertThatThrownBy(() -> HelmClient.chartsOnly().list()).isInstanceOf(HelmUnavailableException.class)
                .hasMessageContaining("needs a Kubernetes sandbox");
    }
}
