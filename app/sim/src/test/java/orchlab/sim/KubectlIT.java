package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/** The real kubectl against the simulated cluster: the scripted run a course relies on. */
class KubectlIT {

    record Result(int exit, String out, String err) {
    }

    @TempDir
    static Path dir;
    private static SimCluster cluster;
    private static Path kubeconfig;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(kubectlPath().isPresent(), "kubectl is not on PATH: skipping the kubectl tests against the sim");
        cluster = SimCluster.start(SimSettings.instant(), Optional.empty());
        kubeconfig = Kubeconfig.write(dir.resolve("kubeconfig"), cluster);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Optional<Path> kubectlPath() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(p, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Result kubectl(String... args) throws Exception {
        return kubectlWithInput(null, args);
    }

    static Result kubectlWithInput(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("cache").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                : ProcessBuilder.Redirect.PIPE).start();
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
        Result result = kubectl(args);
        while (!condition.test(result) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            result = kubectl(args);
        }
        return result;
    }

    @Test
    void kubectlWithoutTheSandboxTokenIsToldItIsUnauthorized() throws Exception {
        Result wrong = kubectl("--token", "not-the-sandbox-token", "get", "namespaces");
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).containsAnyOf("Unauthorized", "provide credentials");
        assertThat(wrong.out()).doesNotContain("kube-system");
    }

    @Test
    void kubectlApplyOfAnObjectOverThreeMebibytesIsRefusedAsTooLarge() throws Exception {
        String big = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: too-big\n  namespace: default\ndata:\n  k: "
                + "x".repeat(3 * 1024 * 1024 + 10) + "\n";
        Result result = kubectlWithInput(big, "create", "-f", "-");
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("Request entity too large");
        assertThat(kubectl("get", "configmap", "too-big", "-n", "default").exit()).isNotZero();
    }

    @Test
    void anIstioObjectAppliedAsV1beta1IsTheSameObjectAtV1() throws Exception {
        String vs = """
                apiVersion: networking.istio.io/%s
                kind: VirtualService
                metadata:
                  name: reviews
                  namespace: default
                spec:
                  hosts: [reviews]
                  http:
                  - route:
                    - destination: {host: reviews}
                    timeout: %s
                """;
        Result applied = kubectlWithInput(vs.formatted("v1beta1", "5s"), "apply", "-f", "-");
        assertThat(applied.exit()).as(applied.err()).isZero();
        Result v1 = kubectl("get", "virtualservices.v1.networking.istio.io", "reviews", "-n", "default",
                "-o", "jsonpath={.apiVersion} {.spec.http[0].timeout}");
        assertThat(v1.exit()).as(v1.err()).isZero();
        assertThat(v1.out()).isEqualTo("networking.istio.io/v1 5s");
        // kubectl apply of the v1 manifest updates the one object (client-side apply: merge patch at v1)
        Result reapplied = kubectlWithInput(vs.formatted("v1", "9s"), "apply", "-f", "-");
        assertThat(reapplied.exit()).as(reapplied.err()).isZero();
        assertThat(reapplied.out()).contains("configured");
        Result beta = kubectl("get", "virtualservices.v1beta1.networking.istio.io", "-n", "default",
                "-o", "jsonpath={.items[*].apiVersion} {.items[*].spec.http[0].timeout}");
        assertThat(beta.out()).isEqualTo("networking.istio.io/v1beta1 9s");
        Result deleted = kubectl("delete", "virtualservices.v1beta1.networking.istio.io", "reviews", "-n", "default");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        Result gone = kubectl("get", "virtualservices.v1.networking.istio.io", "reviews", "-n", "default");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.err()).contains("NotFound", "not found");
    }

    private static String app(String namespace, int replicas, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: %1$s
                spec:
                  replicas: %2$d
                  selector:
                    matchLabels:
                      app: web
                  template:
                    metadata:
                      labels:
                        app: web
                    spec:
                      containers:
                      - name: web
                        image: %3$s
                        ports:
                        - containerPort: 80
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  namespace: %1$s
                spec:
                  selector:
                    app: web
                  ports:
                  - port: 80
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: %1$s
                data:
                  greeting: hello
                """.formatted(namespace, replicas, image);
    }

    static Result createNamespace(String name) throws Exception {
        Result result = kubectlWithInput("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n", "create", "-f", "-");
        assertThat(result.exit()).as(result.err()).isZero();
        return result;
    }

    private static void deploy(String namespace) throws Exception {
        createNamespace(namespace);
        Result apply = kubectlWithInput(app(namespace, 2, "nginx:1.25"), "apply", "-f", "-");
        assertThat(apply.exit()).as(apply.err()).isZero();
        Result rollout = kubectl("-n", namespace, "rollout", "status", "deployment/web", "--timeout=60s");
        assertThat(rollout.exit()).as(rollout.err()).isZero();
    }

    @Test
    void applyCreatesDeploymentServiceAndConfigMapAndRolloutCompletes() throws Exception {
        assertThat(createNamespace("apply").out()).contains("namespace/apply created");
        Result apply = kubectlWithInput(app("apply", 2, "nginx:1.25"), "apply", "-f", "-");
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("deployment.apps/web created", "service/web created", "configmap/settings created");

        Result rollout = kubectl("-n", "apply", "rollout", "status", "deployment/web", "--timeout=60s");
        assertThat(rollout.exit()).as(rollout.err()).isZero();
        assertThat(rollout.out()).contains("deployment \"web\" successfully rolled out");
        Result pods = kubectl("-n", "apply", "get", "pods");
        assertThat(pods.out()).contains("READY", "STATUS", "1/1", "Running");
    }

    @Test
    void podsOfANamespaceLabelledForIstioInjectionRunTwoOfTwoContainersWithTheIstioProxy() throws Exception {
        Result ns = kubectlWithInput("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mesh\n  labels:\n"
                + "    istio-injection: enabled\n", "create", "-f", "-");
        assertThat(ns.exit()).as(ns.err()).isZero();
        Result apply = kubectlWithInput(app("mesh", 1, "nginx:1.25"), "apply", "-f", "-");
        assertThat(apply.exit()).as(apply.err()).isZero();
        Result optOut = kubectl("-n", "mesh", "run", "no-mesh", "--image=nginx:1.25", "--labels=sidecar.istio.io/inject=false");
        assertThat(optOut.exit()).as(optOut.err()).isZero();
        Result rollout = kubectl("-n", "mesh", "rollout", "status", "deployment/web", "--timeout=60s");
        assertThat(rollout.exit()).as(rollout.err()).isZero();
        Result ready = kubectl("-n", "mesh", "wait", "pod/no-mesh", "--for=condition=Ready", "--timeout=60s");
        assertThat(ready.exit()).as(ready.err()).isZero();

        Result pods = kubectl("-n", "mesh", "get", "pods", "-l", "app=web");
        assertThat(pods.out()).contains("2/2", "Running");
        Result containers = kubectl("-n", "mesh", "get", "pods", "-l", "app=web", "-o",
                "jsonpath={.items[0].spec.initContainers[*].name} {.items[0].spec.containers[*].name} "
                        + "{.items[0].metadata.labels.security\\.istio\\.io/tlsMode}");
        assertThat(containers.out()).isEqualTo("istio-init web istio-proxy istio");
        assertThat(kubectl("-n", "mesh", "get", "pod", "no-mesh").out()).contains("1/1");
    }

    @Test
    void scaleAddsPodsAndEndpointsListReadyPodIps() throws Exception {
        deploy("scale");
        assertThat(kubectl("-n", "scale", "scale", "deployment/web", "--replicas=3").out()).contains("deployment.apps/web scaled");
        assertThat(kubectl("-n", "scale", "rollout", "status", "deployment/web", "--timeout=60s").exit()).isZero();

        Result endpoints = until(r -> r.out().split(" ").length == 3, "-n", "scale", "get", "endpoints", "web",
                "-o", "jsonpath={.subsets[*].addresses[*].ip}");
        assertThat(endpoints.out().split(" ")).hasSize(3).allMatch(ip -> ip.startsWith("10.42."));
        Result table = kubectl("-n", "scale", "get", "endpoints", "web");
        assertThat(table.out()).contains("ENDPOINTS").containsPattern("10\\.42\\.\\d+\\.\\d+:80");
    }

    @Test
    void unknownFieldIsRejectedWithItsPath() throws Exception {
        createNamespace("strict");
        Result result = kubectlWithInput(app("strict", 2, "nginx:1.25").replace("replicas: 2", "replica: 2"), "apply", "-f", "-");
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("unknown field \"spec.replica\"");
    }

    @Test
    void selectorThatDoesNotMatchTemplateIsInvalid() throws Exception {
        createNamespace("selector");
        Result result = kubectlWithInput(app("selector", 2, "nginx:1.25").replaceFirst("app: web\n  template", "app: other\n  template"),
                "apply", "-f", "-");
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("is invalid", "spec.template.metadata.labels", "`selector` does not match template `labels`");
    }

    @Test
    void applyingAChangeUpdatesTheDeploymentThroughStrategicMergePatch() throws Exception {
        deploy("change");
        Result apply = kubectlWithInput(app("change", 2, "nginx:1.26"), "apply", "-f", "-");
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("deployment.apps/web configured", "service/web unchanged");
        assertThat(kubectl("-n", "change", "rollout", "status", "deployment/web", "--timeout=60s").exit()).isZero();

        Result image = kubectl("-n", "change", "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}");
        assertThat(image.out()).isEqualTo("nginx:1.26");
        Result history = kubectl("-n", "change", "rollout", "history", "deployment/web");
        assertThat(history.out()).contains("1", "2");
        Result undo = kubectl("-n", "change", "rollout", "undo", "deployment/web");
        assertThat(undo.exit()).as(undo.err()).isZero();
        assertThat(kubectl("-n", "change", "rollout", "status", "deployment/web", "--timeout=60s").exit()).isZero();
        assertThat(kubectl("-n", "change", "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")
                .out()).isEqualTo("nginx:1.25");
    }

    @Test
    void serverSideApplyCreatesAndUpdates() throws Exception {
        createNamespace("ssa");
        Result first = kubectlWithInput(app("ssa", 1, "nginx:1.25"), "apply", "--server-side", "-f", "-");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("deployment.apps/web serverside-applied");
        Result second = kubectlWithInput(app("ssa", 2, "nginx:1.25"), "apply", "--server-side", "-f", "-");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(kubectl("-n", "ssa", "get", "deployment", "web", "-o", "jsonpath={.spec.replicas}").out()).isEqualTo("2");
    }

    @Test
    void deletingADeploymentCascadesToReplicaSetsAndPods() throws Exception {
        deploy("cascade");
        Result delete = kubectl("-n", "cascade", "delete", "deployment", "web");
        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(delete.out()).contains("deployment.apps \"web\" deleted");

        Result left = until(r -> r.out().isBlank(), "-n", "cascade", "get", "replicasets,pods", "-o", "name");
        assertThat(left.out()).isBlank();
    }

    @Test
    void eventsTellTheStoryOfARollout() throws Exception {
        deploy("events");
        Result events = kubectl("-n", "events", "get", "events");
        assertThat(events.exit()).isZero();
        assertThat(events.out()).contains("ScalingReplicaSet", "SuccessfulCreate", "Scheduled", "Started");
        Result describe = kubectl("-n", "events", "describe", "deployment", "web");
        assertThat(describe.exit()).as(describe.err()).isZero();
        assertThat(describe.out()).contains("Scaled up replica set");
    }

    @Test
    void logsOfAServerImageShowTheStartUpLinesOfItsCatalogueEntry() throws Exception {
        deploy("logs");
        Result logs = kubectl("-n", "logs", "logs", "deployment/web");
        assertThat(logs.exit()).as(logs.err()).isZero();
        assertThat(logs.out()).isEqualTo("/docker-entrypoint.sh: Configuration complete; ready for start up\n"
                + "nginx: [notice] start worker processes\n");
    }

    @Test
    void getPrintsYamlJsonAndWideOutput() throws Exception {
        deploy("output");
        assertThat(kubectl("-n", "output", "get", "deployment", "web", "-o", "yaml").out()).contains("kind: Deployment", "replicas: 2");
        assertThat(kubectl("-n", "output", "get", "configmap", "settings", "-o", "json").out()).contains("\"greeting\": \"hello\"");
        assertThat(kubectl("-n", "output", "get", "service", "web", "-o", "wide").out()).contains("CLUSTER-IP", "SELECTOR", "app=web");
    }

    @Test
    void imperativeCreateNamespaceDeploymentAndExposeWork() throws Exception {
        // kubectl's typed clients send these as protobuf
        Result namespace = kubectl("create", "namespace", "imperative");
        assertThat(namespace.exit()).as(namespace.err()).isZero();
        assertThat(namespace.out()).contains("namespace/imperative created");
        Result deployment = kubectl("-n", "imperative", "create", "deployment", "web", "--image=nginx:1.25", "--replicas=2",
                "--port=80");
        assertThat(deployment.exit()).as(deployment.err()).isZero();
        assertThat(deployment.out()).contains("deployment.apps/web created");
        Result expose = kubectl("-n", "imperative", "expose", "deployment", "web", "--port=80");
        assertThat(expose.exit()).as(expose.err()).isZero();
        assertThat(expose.out()).contains("service/web exposed");
        assertThat(kubectl("-n", "imperative", "rollout", "status", "deployment/web", "--timeout=60s").exit()).isZero();

        Result endpoints = until(r -> r.out().split(" ").length == 2, "-n", "imperative", "get", "endpoints", "web",
                "-o", "jsonpath={.subsets[*].addresses[*].ip}");
        assertThat(endpoints.out().split(" ")).hasSize(2).allMatch(ip -> ip.startsWith("10.42."));
    }

    @Test
    void imperativeCreateConfigMapSecretAndRunKeepTheirData() throws Exception {
        createNamespace("literals");
        assertThat(kubectl("-n", "literals", "create", "configmap", "settings", "--from-literal=greeting=hello").out())
                .contains("configmap/settings created");
        assertThat(kubectl("-n", "literals", "create", "secret", "generic", "db", "--from-literal=password=s3cret").out())
                .contains("secret/db created");
        Result run = kubectl("-n", "literals", "run", "probe", "--image=busybox:1.36", "--", "sleep", "3600");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("pod/probe created");

        assertThat(kubectl("-n", "literals", "get", "configmap", "settings", "-o", "jsonpath={.data.greeting}").out())
                .isEqualTo("hello");
        assertThat(kubectl("-n", "literals", "get", "secret", "db", "-o", "jsonpath={.data.password}").out())
                .isEqualTo("czNjcmV0");
        assertThat(kubectl("-n", "literals", "get", "pod", "probe", "-o", "jsonpath={.spec.containers[0].args}").out())
                .isEqualTo("[\"sleep\",\"3600\"]");
        Result ready = kubectl("-n", "literals", "wait", "--for=condition=Ready", "pod/probe", "--timeout=60s");
        assertThat(ready.exit()).as(ready.err()).isZero();
    }

    @Test
    void aCrashingContainerShowsCrashLoopBackOffAndItsOutputInLogsAndLogsPrevious() throws Exception {
        createNamespace("crash");
        Result run = kubectl("-n", "crash", "run", "boom", "--image=busybox:1.36", "--", "sh", "-c", "echo boom; exit 3");
        assertThat(run.exit()).as(run.err()).isZero();

        Result get = until(r -> r.out().contains("CrashLoopBackOff"), "-n", "crash", "get", "pod", "boom", "--no-headers");
        assertThat(get.out()).containsPattern("boom\\s+0/1\\s+CrashLoopBackOff\\s+1 ");
        assertThat(kubectl("-n", "crash", "logs", "boom").out()).isEqualTo("boom\n");
        assertThat(kubectl("-n", "crash", "logs", "boom", "--previous").out()).isEqualTo("boom\n");
        assertThat(kubectl("-n", "crash", "get", "pod", "boom", "-o", "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}")
                .out()).isEqualTo("3");

        kubectl("-n", "crash", "run", "typo", "--image=nginx:latestt");
        Result described = until(r -> r.out().contains("ImagePullBackOff"), "-n", "crash", "describe", "pod", "typo");
        assertThat(described.out()).contains("Failed to pull image \"nginx:latestt\": rpc error: code = NotFound")
                .contains("docker.io/library/nginx:latestt: not found");
        Result noPrevious = kubectl("-n", "crash", "logs", "typo", "--previous");
        assertThat(noPrevious.exit()).isNotZero();
    }

    @Test
    void imperativeCreateIngressKeepsItsRules() throws Exception {
        createNamespace("ingress");
        Result create = kubectl("-n", "ingress", "create", "ingress", "web", "--rule=shop.example.com/=web:80");
        assertThat(create.exit()).as(create.err()).isZero();
        assertThat(kubectl("-n", "ingress", "get", "ingress", "web", "-o",
                "jsonpath={.spec.rules[0].host} {.spec.rules[0].http.paths[0].backend.service.name}").out())
                .isEqualTo("shop.example.com web");
    }

    @Test
    void namespacedObjectInMissingNamespaceIsNotFound() throws Exception {
        Result result = kubectlWithInput(app("nowhere", 1, "nginx:1.25"), "apply", "-f", "-");
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("namespaces \"nowhere\" not found");
    }
}
