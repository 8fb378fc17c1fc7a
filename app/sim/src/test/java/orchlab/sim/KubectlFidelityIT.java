package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Predicate;
import orchlab.sim.KubectlRunner.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against the sim where issue 13 found it unlike a real cluster: what it serves and what it says. */
class KubectlFidelityIT {

    @TempDir
    static Path dir;
    private static KubectlRunner runner;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(KubectlRunner.kubectlPath().isPresent(), "kubectl is not on PATH: skipping the kubectl tests against the sim");
        runner = KubectlRunner.startSim(dir);
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    static Result kubectl(String stdin, String... args) throws Exception {
        return runner.run(stdin, args);
    }

    static Result until(Predicate<Result> condition, String... args) throws Exception {
        return runner.until(condition, args);
    }

    @Test
    void explainDescribesAFieldOfABuiltInKind() throws Exception {
        Result explained = kubectl(null, "explain", "deployment.spec.replicas");
        assertThat(explained.exit()).as(explained.err()).isZero();
        assertThat(explained.out()).contains("GROUP:      apps", "KIND:       Deployment", "VERSION:    v1",
                "FIELD: replicas <integer>");
        Result fields = kubectl(null, "explain", "pod.spec.containers");
        assertThat(fields.out()).contains("image\t<string>", "ports\t<[]ContainerPort>", "resources\t<ResourceRequirements>");
    }

    @Test
    void applyingAKindNoCrdDefinesSaysToInstallTheCrdsFirst() throws Exception {
        Result applied = kubectl("""
                apiVersion: foo.example.com/v1
                kind: Widget
                metadata: {name: w, namespace: default}
                """, "apply", "-f", "-");
        assertThat(applied.exit()).isNotZero();
        assertThat(applied.err()).contains("no matches for kind \"Widget\" in version \"foo.example.com/v1\"",
                "ensure CRDs are installed first").doesNotContain("--validate=false");
    }

    @Test
    void authCanIWhoamiAndCreateTokenAnswerAsForTheClustersAdministrator() throws Exception {
        Result canI = kubectl(null, "auth", "can-i", "delete", "deployments", "-n", "kube-system");
        assertThat(canI.exit()).as(canI.err()).isZero();
        assertThat(canI.out().trim()).isEqualTo("yes");
        Result list = kubectl(null, "auth", "can-i", "--list", "-n", "default");
        assertThat(list.out()).contains("*.*", "[*]");
        Result whoami = kubectl(null, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        assertThat(whoami.out()).as(whoami.err()).isEqualTo("system:admin");

        Result token = kubectl(null, "create", "token", "default", "-n", "default", "--duration", "15m");
        assertThat(token.exit()).as(token.err()).isZero();
        String[] jwt = token.out().trim().split("\\.");
        assertThat(jwt).hasSize(3);
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(jwt[1]), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"sub\":\"system:serviceaccount:default:default\"");
        Result missing = kubectl(null, "create", "token", "nobody", "-n", "default");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("serviceaccounts \"nobody\" not found");
        Result tooShort = kubectl(null, "create", "token", "default", "-n", "default", "--duration", "1m");
        assertThat(tooShort.err()).contains("may not specify a duration less than 10 minutes");
    }

    @Test
    void replicationControllerRunsItsPodsAndScales() throws Exception {
        Result applied = kubectl("""
                apiVersion: v1
                kind: ReplicationController
                metadata: {name: nginx, namespace: default}
                spec:
                  replicas: 3
                  selector: {app: nginx-rc}
                  template:
                    metadata: {labels: {app: nginx-rc}}
                    spec:
                      containers:
                      - {name: nginx, image: "nginx:1.27", ports: [{containerPort: 80}]}
                """, "apply", "-f", "-");
        assertThat(applied.exit()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("replicationcontroller/nginx created");
        Result ready = until(r -> r.out().equals("3"), "get", "rc", "nginx", "-o", "jsonpath={.status.readyReplicas}");
        assertThat(ready.out()).isEqualTo("3");
        assertThat(kubectl(null, "scale", "rc", "nginx", "--replicas=1").exit()).isZero();
        Result pods = until(r -> r.out().split(" ").length == 1, "get", "pods", "-l", "app=nginx-rc", "-o",
                "jsonpath={.items[*].metadata.name}");
        assertThat(pods.out().split(" ")).hasSize(1);
        Result events = kubectl(null, "get", "events", "--field-selector", "involvedObject.name=nginx",
                "-o", "jsonpath={.items[*].source.component}");
        assertThat(events.out()).contains("replication-controller");
    }

    @Test
    void anAutoscalingV1HpaIsOneObjectWithItsV2Form() throws Exception {
        Result applied = kubectl("""
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata: {name: php-apache, namespace: default}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php-apache}
                  minReplicas: 1
                  maxReplicas: 10
                  targetCPUUtilizationPercentage: 50
                """, "apply", "-f", "-");
        assertThat(applied.exit()).as(applied.err()).isZero();
        Result v2 = kubectl(null, "get", "horizontalpodautoscalers.v2.autoscaling", "php-apache", "-o",
                "jsonpath={.apiVersion} {.spec.metrics[0].resource.name} {.spec.metrics[0].resource.target.averageUtilization}");
        assertThat(v2.out()).isEqualTo("autoscaling/v2 cpu 50");
        Result v1 = kubectl(null, "get", "horizontalpodautoscalers.v1.autoscaling", "php-apache", "-o",
                "jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage}");
        assertThat(v1.out()).isEqualTo("autoscaling/v1 50");
    }

    @Test
    void theCorpusOfPublicExamplesAppliesAsOnARealCluster() throws Exception {
        Path corpus = Path.of(KubectlFidelityIT.class.getResource("/corpus/README.md").toURI()).getParent();
        assertThat(kubectl(null, "create", "namespace", "corpus").exit()).isZero();
        Result applied = kubectl(null, "apply", "-n", "corpus", "-R", "-f", corpus.toString());
        assertThat(applied.exit()).as(applied.err()).isZero();
        assertThat(applied.err()).isEmpty();
        assertThat(applied.out().lines().filter(l -> l.endsWith(" created"))).hasSize(15);

        Result claim = until(r -> r.out().equals("Bound task-pv-volume 10Gi"), "get", "pvc", "task-pv-claim", "-n", "corpus",
                "-o", "jsonpath={.status.phase} {.spec.volumeName} {.status.capacity.storage}");
        assertThat(claim.out()).isEqualTo("Bound task-pv-volume 10Gi");
        Result stsClaim = until(r -> r.exit() == 0, "get", "pvc", "www-web-0", "-n", "corpus", "-o", "name");
        assertThat(stsClaim.out().trim()).isEqualTo("persistentvolumeclaim/www-web-0");
        Result rc = until(r -> r.out().equals("3"), "get", "rc", "nginx", "-n", "corpus", "-o", "jsonpath={.status.replicas}");
        assertThat(rc.out()).isEqualTo("3");
        Result ingress = kubectl(null, "get", "ingress", "minimal-ingress", "-n", "corpus", "-o",
                "jsonpath={.spec.ingressClassName}");
        assertThat(ingress.out()).isEqualTo("traefik");
        Result hpa = kubectl(null, "get", "horizontalpodautoscalers.v1.autoscaling", "frontend-scaler", "-n", "corpus",
                "-o", "jsonpath={.spec.targetCPUUtilizationPercentage}");
        assertThat(hpa.out()).isEqualTo("50");
    }

    @Test
    void describeQuotaShowsUsedAndHardAndAPodBeyondItIsForbiddenInThePluginsWords() throws Exception {
        assertThat(kubectl(null, "create", "namespace", "quota-lab").exit()).isZero();
        Result quota = kubectl("""
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: compute, namespace: quota-lab}
                spec: {hard: {pods: "1", requests.cpu: "1"}}
                """, "apply", "-f", "-");
        assertThat(quota.exit()).as(quota.err()).isZero();
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: quota-lab}
                spec: {containers: [{name: app, image: "nginx:1.27", resources: {requests: {cpu: 500m}}}]}
                """;
        assertThat(kubectl(pod.formatted("one"), "apply", "-f", "-").exit()).isZero();
        Result described = until(r -> r.out().matches("(?s).*pods\\s+1\\s+1.*"), "describe", "quota", "compute", "-n", "quota-lab");
        assertThat(described.out()).containsPattern("Resource\\s+Used\\s+Hard").containsPattern("pods\\s+1\\s+1")
                .containsPattern("requests.cpu\\s+500m\\s+1");

        Result refused = kubectl(pod.formatted("two"), "apply", "-f", "-");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("Error from server (Forbidden): error when creating \"STDIN\": pods \"two\" is "
                + "forbidden: exceeded quota: compute, requested: pods=1, used: pods=1, limited: pods=1"); // only what it exceeds
    }

    @Test
    void apiVersionsAndApiServicesIncludeApiRegistration() throws Exception {
        Result versions = kubectl(null, "api-versions");
        assertThat(versions.out().lines()).contains("apiregistration.k8s.io/v1", "apps/v1", "v1");
        Result services = kubectl(null, "get", "apiservices", "v1.apps");
        assertThat(services.exit()).as(services.err()).isZero();
        assertThat(services.out()).containsPattern("v1\\.apps\\s+Local\\s+True");
    }
}
