package orchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orchlab.engine.testing.MockCluster;
import orchlab.testkit.Repo;
import orchlab.engine.testing.SamplePack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LabCommandTest {
    @TempDir
    Path home;
    private MockCluster cluster;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() {
        cluster = MockCluster.start();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private int lab(String... args) {
        CliContext context = new CliContext() {
            @Override
            public orchlab.engine.LabDirs dirs() {
                return orchlab.engine.LabDirs.under(home);
            }

            @Override
            public Path defaultCourse() {
                return Repo.root();
            }
        };
        CommandLine cl = LabCommand.commandLine(context);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void validateAcceptsTheBuiltInCourse() {
        int exit = lab("course", "validate");

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("Course orchlab 0.1.0 is valid:");
    }

    @Test
    void validateListsEveryProblemWithFileAndLineAndExitsOne(@TempDir Path dir) throws Exception {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/k8s-deployment/exercise.yaml", "hints:", "hintz:");
        SamplePack.replace(pack, "exercises/k8s-service/exercise.yaml", "kind: http", "kind: htp");

        int exit = lab("course", "validate", pack.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains(
                "exercises/k8s-deployment/exercise.yaml:10:1: error: unknown key 'hintz' in the exercise — did you mean 'hints'?",
                "exercises/k8s-service/exercise.yaml:69:11: error: unknown check kind 'htp' — did you mean 'http'?",
                "2 errors, 0 warnings in ");
    }

    @Test
    void checkPrintsJsonWithEveryFailingFieldAndExitsOne() throws Exception {
        cluster.client().load(Files.newInputStream(Repo.root().resolve("exercises/k8s-deployment/starter/deployment.yaml")))
                .inNamespace("k8s-deployment").resources().forEach(r -> r.create());

        int exit = lab("check", "k8s-deployment", "--kubeconfig", cluster.kubeconfig().toString(), "-o", "json", "--timeout", "1s",
                "--workspace", Repo.root().resolve("exercises/k8s-deployment/starter").toString());

        assertThat(exit).as(err.toString()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("exercise").asText()).isEqualTo("k8s-deployment");
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(report.at("/score/total").asInt()).isEqualTo(5);
        JsonNode replicas = findCheck(report, "three-replicas");
        assertThat(replicas.get("location").asText()).isEqualTo("Deployment k8s-deployment/my-app");
        assertThat(replicas.at("/failures/0/path").asText()).isEqualTo("spec.replicas");
        assertThat(replicas.at("/failures/0/expected").asText()).isEqualTo("3");
        assertThat(replicas.at("/failures/0/actual").asText()).isEqualTo("1");
        // spec.replicas is what was applied: waiting cannot change it, so the check says so instead of waiting
        assertThat(replicas.get("settled").asText()).startsWith("spec.replicas is what was applied");
        assertThat(replicas.get("timeoutMillis").asLong()).isEqualTo(1000);
        assertThat(findCheck(report, "container-port").at("/failures/0/path").asText())
                .isEqualTo("spec.template.spec.containers[name=app].ports");
    }

    @Test
    void checkExitsZeroWhenTheSolutionIsInPlace() throws Exception {
        cluster.client().load(Files.newInputStream(Repo.root().resolve("exercises/k8s-deployment/solution/deployment.yaml")))
                .inNamespace("k8s-deployment").resources().forEach(r -> r.create());
        for (int i = 0; i < 3; i++) {
            cluster.client().pods().inNamespace("k8s-deployment").resource(new PodBuilder()
                    .withNewMetadata().withName("my-app-" + i).addToLabels("app", "my-app").endMetadata()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        }

        int exit = lab("check", "k8s-deployment", "--kubeconfig", cluster.kubeconfig().toString(), "--timeout", "1s",
                "--workspace", Repo.root().resolve("exercises/k8s-deployment/solution").toString());

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("PASS  Deployment my-app asks for 3 replicas").contains("All checks passed 5/5");
    }

    @Test
    void checkWithoutAWorkspaceGradesLiveStateAndSkipsWorkspaceChecks() throws Exception {
        cluster.client().load(Files.newInputStream(Repo.root().resolve("exercises/k8s-deployment/solution/deployment.yaml")))
                .inNamespace("k8s-deployment").resources().forEach(r -> r.create());
        for (int i = 0; i < 3; i++) {
            cluster.client().pods().inNamespace("k8s-deployment").resource(new PodBuilder()
                    .withNewMetadata().withName("my-app-" + i).addToLabels("app", "my-app").endMetadata()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        }

        int exit = lab("check", "k8s-deployment", "--kubeconfig", cluster.kubeconfig().toString(), "--timeout", "1s");

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("SKIP  deployment.yaml is a valid Kubernetes manifest — SKIP — no workspace")
                .contains("All checks passed 4/4 (1 workspace check skipped");
    }

    @Test
    void checkWritesJUnitXmlForGraders() {
        int exit = lab("check", "k8s-deployment", "--kubeconfig", cluster.kubeconfig().toString(), "-o", "junit", "--timeout", "1s");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).startsWith("<?xml").contains("<testsuite name=\"k8s-deployment\" tests=\"5\"")
                .contains("<failure message=\"Deployment my-app not found in namespace k8s-deployment\">");
    }

    @Test
    void checkExitsTwoWithOneLineWhenTheClusterIsUnreachable() throws Exception {
        Path dead = home.resolve("dead.yaml");
        Files.writeString(dead, """
                apiVersion: v1
                kind: Config
                clusters: [{name: dead, cluster: {server: "http://127.0.0.1:1"}}]
                contexts: [{name: dead, context: {cluster: dead, user: dead}}]
                users: [{name: dead, user: {token: x}}]
                current-context: dead
                """);

        int exit = lab("check", "k8s-deployment", "--kubeconfig", dead.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("lab: context 'dead': cannot reach the Kubernetes API at http://127.0.0.1:1/")
                .doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void checkAgainstAGarbageEndpointPrintsOneLineAndNoLibraryLog() throws Exception {
        java.util.logging.Logger vertx = java.util.logging.Logger.getLogger("io.vertx.core.net.impl.ConnectionBase");
        assertThat(vertx.isLoggable(java.util.logging.Level.SEVERE)).as("vert.x SEVERE lines are off in the CLI").isFalse();
        try (java.net.ServerSocket garbage = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (java.net.Socket s = garbage.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException ignored) {
                    // the client went away
                }
            });
            server.setDaemon(true);
            server.start();
            Path config = home.resolve("garbage.yaml");
            Files.writeString(config, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: g, cluster: {server: "http://127.0.0.1:%d"}}]
                    contexts: [{name: g, context: {cluster: g, user: g}}]
                    users: [{name: g, user: {token: x}}]
                    current-context: g
                    """.formatted(garbage.getLocalPort()));

            int exit = lab("check", "k8s-deployment", "--kubeconfig", config.toString());

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString().strip()).startsWith("lab: context 'g': http://127.0.0.1:" + garbage.getLocalPort()
                    + "/ is not Kubernetes").doesNotContain("Exception").hasLineCount(1);
        }
    }

    @Test
    void checkExitsTwoForAnUnknownExercise() {
        int exit = lab("check", "no-such-exercise", "--kubeconfig", cluster.kubeconfig().toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("lab: no exercise 'no-such-exercise' in course orchlab (exercises: capstone-gitops, capstone-microservices, capstone-multicluster, docker-build-run, docker-compose, docker-multistage, docker-networks, docker-volumes, helm-chart, helm-upgrade, helm-values, istio-observability");
    }

    @Test
    void checkExitsTwoForABadOption() {
        assertThat(lab("check", "k8s-deployment", "-o", "yaml", "--kubeconfig", cluster.kubeconfig().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("-o must be text, json or junit");
    }

    @Test
    void exerciseStartAndResetTouchOnlyTheExerciseNamespace() {
        assertThat(lab("exercise", "start", "k8s-service", "--kubeconfig", cluster.kubeconfig().toString())).isZero();
        assertThat(cluster.client().apps().deployments().inNamespace("k8s-service").withName("my-app").get()).isNotNull();

        assertThat(lab("exercise", "reset", "k8s-service", "--kubeconfig", cluster.kubeconfig().toString())).isZero();
        assertThat(cluster.client().namespaces().withName("k8s-service").get()).isNull();
        assertThat(out.toString()).contains("Exercise k8s-service is ready in namespace k8s-service", "Exercise k8s-service was reset");
    }

    @Test
    void checkLooksInTheNamespaceGivenOnTheCommandLine() {
        int exit = lab("check", "k8s-deployment", "--kubeconfig", cluster.kubeconfig().toString(), "-n", "team-a", "--timeout", "1s");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("Deployment my-app not found in namespace team-a");
    }

    @Test
    void checkGradesEveryNamespaceGivenWithNamespacesAndExitsOneWhenOneOfThemFails() throws Exception {
        // team-a holds the solution with its Pods ready; team-b holds nothing
        cluster.client().load(Files.newInputStream(Repo.root().resolve("exercises/k8s-deployment/solution/deployment.yaml")))
                .inNamespace("team-a").resources().forEach(r -> r.create());
        for (int i = 0; i < 3; i++) {
            cluster.client().pods().inNamespace("team-a").resource(new PodBuilder()
                    .withNewMetadata().withName("my-app-" + i).addToLabels("app", "my-app").endMetadata()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        }

        int exit = lab("check", "k8s-deployment", "--kubeconfig", cluster.kubeconfig().toString(), "--namespaces", "team-a,team-b",
                "-o", "json", "--timeout", "1s");

        assertThat(exit).as(out + "\n" + err).isEqualTo(1);
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("passed").asBoolean()).isFalse();
        assertThat(root.at("/score/passed").asInt()).isEqualTo(1);
        assertThat(root.at("/score/total").asInt()).isEqualTo(2);
        assertThat(root.get("targets")).extracting(t -> t.get("namespace").asText() + " " + t.get("passed").asBoolean())
                .containsExactly("team-a true", "team-b false");
        assertThat(root.at("/targets/1/checks/1/message").asText()).isEqualTo("Deployment my-app not found in namespace team-b");
    }

    @Test
    void checkRefusesANamespaceListWithANameThatIsNoNamespaceInOneLine() {
        int exit = lab("check", "k8s-deployment", "--kubeconfig", cluster.kubeconfig().toString(), "--namespaces", "team-a,Team_B");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("lab: --namespaces: 'Team_B' is not a namespace name (lower-case letters,"
                + " digits and '-', at most 63)");
    }

    @Test
    void checkJsonHasExactlyTheShapeGradersReadWithEveryKeyPresent() throws Exception {
        cluster.client().load(Files.newInputStream(Repo.root().resolve("exercises/k8s-deployment/starter/deployment.yaml")))
                .inNamespace("k8s-deployment").resources().forEach(r -> r.create());

        lab("check", "k8s-deployment", "--kubeconfig", cluster.kubeconfig().toString(), "-o", "json", "--timeout", "1s",
                "--workspace", Repo.root().resolve("exercises/k8s-deployment/starter").toString());

        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(fieldNames(report)).contains("exercise", "passed", "score", "checks");
        assertThat(report.get("exercise").isTextual()).isTrue();
        assertThat(report.get("passed").isBoolean()).isTrue();
        assertThat(report.at("/score/passed").isInt()).isTrue();
        assertThat(report.at("/score/total").isInt()).isTrue();
        assertThat(report.get("checks")).hasSize(5).allSatisfy(check -> {
            assertThat(fieldNames(check)).contains("id", "title", "passed", "location", "message", "failures", "hint", "waitedMillis");
            assertThat(check.get("passed").isBoolean()).isTrue();
            assertThat(check.get("waitedMillis").isIntegralNumber()).isTrue();
            assertThat(check.get("failures").isArray()).isTrue();
            check.get("failures").forEach(f -> assertThat(fieldNames(f)).contains("path", "expected", "actual"));
        });
        assertThat(report.at("/score/passed").asInt()).isEqualTo((int) java.util.stream.StreamSupport
                .stream(report.get("checks").spliterator(), false).filter(c -> c.get("passed").asBoolean()).count());
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void exerciseResetInANamespaceTheUserChoseLeavesWhatTheLabDidNotMake() {
        cluster.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("team-b").endMetadata().build()).create();
        cluster.client().configMaps().inNamespace("team-b").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("theirs").endMetadata().addToData("k", "v").build()).create();
        cluster.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("elsewhere").endMetadata().build()).create();

        assertThat(lab("exercise", "start", "k8s-service", "--kubeconfig", cluster.kubeconfig().toString(), "-n", "team-b")).isZero();
        assertThat(cluster.client().apps().deployments().inNamespace("team-b").withName("my-app").get()).isNotNull();
        assertThat(lab("exercise", "reset", "k8s-service", "--kubeconfig", cluster.kubeconfig().toString(), "-n", "team-b")).isZero();

        assertThat(cluster.client().apps().deployments().inNamespace("team-b").withName("my-app").get()).isNull();
        assertThat(cluster.client().namespaces().withName("team-b").get()).as("a namespace the lab did not create stays").isNotNull();
        assertThat(cluster.client().configMaps().inNamespace("team-b").withName("theirs").get()).isNotNull();
        assertThat(cluster.client().namespaces().withName("elsewhere").get()).isNotNull();
    }

    @Test
    void checkOfADockerExerciseExitsTwoWithOneLineWhenTheDockerHostDoesNotAnswer() {
        String host = "unix://" + home.resolve("no-docker.sock");

        int exit = lab("check", "docker-build-run", "--docker-host", host,
                "--workspace", Repo.root().resolve("exercises/docker-build-run/solution").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("lab: Docker is not running — start Docker Desktop or `sudo systemctl start docker`"
                + " (tried " + host + ")");
        assertThat(out.toString()).isEmpty();
    }

    /**
     * One exercise of each cluster module (the capstone included), with every wrong and right answer it ships (the whole course takes
     * `lab course test` about 15 minutes; the others run the same code paths and are tested by hand before a release).
     */
    @Test
    void courseTestOnTheSimulatedClusterPassesTheSolutionsAndRightAnswersAndFailsEveryWrongAnswerAsDeclared(@TempDir Path dir) throws Exception {
        Path pack = SamplePack.copyAllTo(dir);

        List<String> args = new java.util.ArrayList<>(List.of("course", "test", pack.toString(), "--sandbox", "sim"));
        for (String id : List.of("k8s-deployment", "k8s-config", "prod-resources", "prod-security", "helm-chart", "istio-traffic",
                "capstone-microservices")) {
            args.addAll(List.of("--exercise", id));
        }

        // one run, one simulated cluster for the seven exercises (each in its own namespace), as an instructor's CI would
        assertThat(lab(args.toArray(String[]::new))).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Kubernetes sandbox: simulated cluster").contains("7 ok, 0 failed, 0 skipped")
                .containsPattern("EXERCISE +STARTER +SOLUTION +RESULT")
                .containsPattern("k8s-deployment +fails \\d/5 +passes 5/5 +ok")
                .containsPattern("k8s-deployment +wrong/two-replicas +fails \\d/5 +ok  three-replicas failed: spec.replicas: expected 3, found 2")
                .containsPattern("k8s-config +right/env-value-from +passes 5/5 +ok  passes like the solution")
                .containsPattern("prod-resources +wrong/megabytes-not-mebibytes +fails \\d/4 +ok")
                .containsPattern("prod-resources +right/plain-number-quantities +passes 4/4 +ok")
                .containsPattern("prod-security +right/pod-level-user +passes 6/6 +ok")
                .containsPattern("helm-chart +wrong/broken-template +- +ok  rejected: .*templates/deployment.yaml:8")
                .containsPattern("istio-traffic +wrong/weights-80-20 +fails \\d/4 +ok")
                .containsPattern("istio-traffic +right/v1beta1 +passes 4/4 +ok")
                .containsPattern("capstone-microservices +fails \\d+/31 +passes 31/31 +ok")
                .containsPattern("capstone-microservices +wrong/ingress-api-port-8080 +fails \\d+/31 +ok  ingress-api failed: spec.rules: "
                        + "expected shop.example.com: /api Prefix . orders:80, found .*/api Prefix . orders:8080")
                .containsPattern("capstone-microservices +right/one-file-named-ports-envfrom +passes 31/31 +ok")
                .doesNotContain("MISMATCH");
    }

    @Test
    void courseTestExitsOneAndNamesTheCheckWhenTheSolutionIsWrong(@TempDir Path dir) throws Exception {
        // the one-ConfigMap pack: the row and the exit code are the CLI's part, CourseTesterTest judges the verdicts
        Path pack = wrongAnswersPack(dir);
        SamplePack.replace(pack, "exercises/mode/solution/settings.yaml", "mode: strict", "mode: loose");

        int exit = lab("course", "test", pack.toString(), "--sandbox", "sim", "--exercise", "mode", "--timeout", "3s");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("MISMATCH: solution fails check mode-strict")
                .contains("data.mode: expected strict, found loose").contains("0 ok, 1 failed, 0 skipped");
    }

    private static Path wrongAnswersPack(Path dir) throws Exception {
        Path source = Path.of(LabCommandTest.class.getResource("/packs/wrong-answers/lessons/course.yaml").toURI()).getParent().getParent();
        try (var files = Files.walk(source)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path out = dir.resolve(source.relativize(f).toString());
                Files.createDirectories(out.getParent());
                Files.copy(f, out);
            }
        }
        return dir;
    }

    @Test
    void courseTestPrintsARowPerWrongAnswerThatFailedAsDeclared(@TempDir Path dir) throws Exception {
        int exit = lab("course", "test", wrongAnswersPack(dir).toString(), "--sandbox", "sim");

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString())
                .containsPattern("mode +wrong/loose +fails 0/1 +ok  mode-strict failed: data.mode: expected strict, found loose")
                .containsPattern("mode +wrong/missing +fails 0/1 +ok  mode-strict failed: ConfigMap settings not found")
                .contains("1 ok, 0 failed, 0 skipped");
    }

    @Test
    void courseTestExitsOneWhenAWrongAnswerPasses(@TempDir Path dir) throws Exception {
        Path pack = wrongAnswersPack(dir);
        Path sneaky = Files.createDirectories(pack.resolve("exercises/mode/wrong/sneaky"));
        Files.copy(pack.resolve("exercises/mode/solution/settings.yaml"), sneaky.resolve("settings.yaml"));
        Files.writeString(sneaky.resolve("expect.yaml"), "why: \"declared wrong, but it is the solution\"\nfail: [mode-strict]\n");

        int exit = lab("course", "test", pack.toString(), "--sandbox", "sim");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).containsPattern("mode +wrong/sneaky +passes 1/1 +MISMATCH: the wrong answer passes every check")
                .contains("0 ok, 1 failed, 0 skipped");
    }

    private static JsonNode findCheck(JsonNode report, String id) {
        for (JsonNode c : report.get("checks")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no check " + id + " in " + report);
    }
}
