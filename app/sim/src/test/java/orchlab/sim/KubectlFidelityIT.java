package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against the sim where issue 13 found it unlike a real cluster: what it serves and what it says. */
class KubectlFidelityIT {

    record Result(int exit, String out, String err) {
    }

    @TempDir
    static Path dir;
    private static SimCluster cluster;
    private static Path kubeconfig;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(KubectlIT.kubectlPath().isPresent(), "kubectl is not on PATH: skipping the kubectl tests against the sim");
        cluster = SimCluster.start(SimSettings.instant(), Optional.empty());
        kubeconfig = Kubeconfig.write(dir.resolve("kubeconfig"), cluster);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Result kubectl(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("cache").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectInput(stdin == null
                ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.PIPE).start();
        if (stdin != null) {
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** Bounded poll: a safety net for conditions that a command cannot wait for itself. */
    static Result until(Predicate<Result> condition, String... args) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Result result = kubectl(null, args);
        while (!condition.test(result) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            result = kubectl(null, args);
        }
        return result;
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
}
