package orchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        SamplePack.replace(pack, "exercises/deploy-web/exercise.yaml", "hints:", "hintz:");
        SamplePack.replace(pack, "exercises/expose-web/exercise.yaml", "kind: http", "kind: htp");

        int exit = lab("course", "validate", pack.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains(
                "exercises/deploy-web/exercise.yaml:9:1: error: unknown key 'hintz' in the exercise — did you mean 'hints'?",
                "exercises/expose-web/exercise.yaml:38:11: error: unknown check kind 'htp' — did you mean 'http'?",
                "2 errors, 0 warnings in ");
    }

    @Test
    void checkPrintsJsonWithEveryFailingFieldAndExitsOne() throws Exception {
        cluster.client().load(Files.newInputStream(Repo.root().resolve("exercises/deploy-web/starter/deployment.yaml")))
                .inNamespace("deploy-web").resources().forEach(r -> r.create());

        int exit = lab("check", "deploy-web", "--kubeconfig", cluster.kubeconfig().toString(), "-o", "json", "--timeout", "1s",
                "--workspace", Repo.root().resolve("exercises/deploy-web/starter").toString());

        assertThat(exit).as(err.toString()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("exercise").asText()).isEqualTo("deploy-web");
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(report.at("/score/total").asInt()).isEqualTo(4);
        JsonNode replicas = findCheck(report, "three-replicas");
        assertThat(replicas.get("location").asText()).isEqualTo("Deployment deploy-web/web");
        assertThat(replicas.at("/failures/0/path").asText()).isEqualTo("spec.replicas");
        assertThat(replicas.at("/failures/0/expected").asText()).isEqualTo("3");
        assertThat(replicas.at("/failures/0/actual").asText()).isEqualTo("1");
        assertThat(replicas.get("waitedMillis").asLong()).isGreaterThanOrEqualTo(1000);
        assertThat(replicas.get("timeoutMillis").asLong()).isEqualTo(1000);
        assertThat(findCheck(report, "deployment-runs-nginx").at("/failures/0/path").asText())
                .isEqualTo("spec.template.spec.containers[name=web].image");
    }

    @Test
    void checkExitsZeroWhenTheSolutionIsInPlace() throws Exception {
        cluster.client().load(Files.newInputStream(Repo.root().resolve("exercises/deploy-web/solution/deployment.yaml")))
                .inNamespace("deploy-web").resources().forEach(r -> r.create());
        for (int i = 0; i < 3; i++) {
            cluster.client().pods().inNamespace("deploy-web").resource(new PodBuilder()
                    .withNewMetadata().withName("web-" + i).addToLabels("app", "web").endMetadata()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        }

        int exit = lab("check", "deploy-web", "--kubeconfig", cluster.kubeconfig().toString(), "--timeout", "1s",
                "--workspace", Repo.root().resolve("exercises/deploy-web/solution").toString());

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("PASS  Deployment web asks for 3 replicas").contains("All checks passed 4/4");
    }

    @Test
    void checkWritesJUnitXmlForGraders() {
        int exit = lab("check", "deploy-web", "--kubeconfig", cluster.kubeconfig().toString(), "-o", "junit", "--timeout", "1s");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).startsWith("<?xml").contains("<testsuite name=\"deploy-web\" tests=\"4\"")
                .contains("<failure message=\"Deployment web not found in namespace deploy-web\">");
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

        int exit = lab("check", "deploy-web", "--kubeconfig", dead.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("lab: context 'dead': cannot reach the Kubernetes API at http://127.0.0.1:1/")
                .doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void checkExitsTwoForAnUnknownExercise() {
        int exit = lab("check", "no-such-exercise", "--kubeconfig", cluster.kubeconfig().toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("lab: no exercise 'no-such-exercise' in course orchlab (exercises: deploy-web, docker-build-run, docker-compose, docker-multistage, expose-web");
    }

    @Test
    void checkExitsTwoForABadOption() {
        assertThat(lab("check", "deploy-web", "-o", "yaml", "--kubeconfig", cluster.kubeconfig().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("-o must be text, json or junit");
    }

    @Test
    void exerciseStartAndResetTouchOnlyTheExerciseNamespace() {
        assertThat(lab("exercise", "start", "expose-web", "--kubeconfig", cluster.kubeconfig().toString())).isZero();
        assertThat(cluster.client().apps().deployments().inNamespace("expose-web").withName("web").get()).isNotNull();

        assertThat(lab("exercise", "reset", "expose-web", "--kubeconfig", cluster.kubeconfig().toString())).isZero();
        assertThat(cluster.client().namespaces().withName("expose-web").get()).isNull();
        assertThat(out.toString()).contains("Exercise expose-web is ready in namespace expose-web", "Exercise expose-web was reset");
    }

    @Test
    void checkLooksInTheNamespaceGivenOnTheCommandLine() {
        int exit = lab("check", "deploy-web", "--kubeconfig", cluster.kubeconfig().toString(), "-n", "team-a", "--timeout", "1s");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("Deployment web not found in namespace team-a");
    }

    @Test
    void checkJsonHasExactlyTheShapeGradersReadWithEveryKeyPresent() throws Exception {
        cluster.client().load(Files.newInputStream(Repo.root().resolve("exercises/deploy-web/starter/deployment.yaml")))
                .inNamespace("deploy-web").resources().forEach(r -> r.create());

        lab("check", "deploy-web", "--kubeconfig", cluster.kubeconfig().toString(), "-o", "json", "--timeout", "1s",
                "--workspace", Repo.root().resolve("exercises/deploy-web/starter").toString());

        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(fieldNames(report)).contains("exercise", "passed", "score", "checks");
        assertThat(report.get("exercise").isTextual()).isTrue();
        assertThat(report.get("passed").isBoolean()).isTrue();
        assertThat(report.at("/score/passed").isInt()).isTrue();
        assertThat(report.at("/score/total").isInt()).isTrue();
        assertThat(report.get("checks")).hasSize(4).allSatisfy(check -> {
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

        assertThat(lab("exercise", "start", "expose-web", "--kubeconfig", cluster.kubeconfig().toString(), "-n", "team-b")).isZero();
        assertThat(cluster.client().apps().deployments().inNamespace("team-b").withName("web").get()).isNotNull();
        assertThat(lab("exercise", "reset", "expose-web", "--kubeconfig", cluster.kubeconfig().toString(), "-n", "team-b")).isZero();

        assertThat(cluster.client().apps().deployments().inNamespace("team-b").withName("web").get()).isNull();
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

    @Test
    void courseTestOnTheSimulatedClusterPrintsOneOkRowPerExerciseAndExitsZero(@TempDir Path dir) throws Exception {
        Path pack = SamplePack.copyTo(dir);

        int exit = lab("course", "test", pack.toString(), "--sandbox", "sim");

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Kubernetes sandbox: simulated cluster")
                .containsPattern("EXERCISE +STARTER +SOLUTION +RESULT")
                .containsPattern("deploy-web +fails \\d/4 +passes 4/4 +ok")
                .containsPattern("expose-web +fails \\d/3 +passes 3/3 +ok")
                .contains("2 ok, 0 failed, 0 skipped");
    }

    @Test
    void courseTestExitsOneAndNamesTheCheckWhenTheSolutionIsWrong(@TempDir Path dir) throws Exception {
        Path pack = SamplePack.copyTo(dir);
        SamplePack.replace(pack, "exercises/deploy-web/solution/deployment.yaml", "replicas: 3", "replicas: 2");

        int exit = lab("course", "test", pack.toString(), "--sandbox", "sim", "--exercise", "deploy-web", "--timeout", "3s");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("MISMATCH: solution fails check three-replicas")
                .contains("spec.replicas: expected 3, found 2").contains("0 ok, 1 failed, 0 skipped");
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
