package orchlab.engine.helm.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Problem;
import orchlab.engine.course.Problems;
import orchlab.engine.helm.HelmNative;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.testing.ManualTicker;
import orchlab.engine.testing.MockCluster;
import orchlab.engine.testing.TestExercises;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helm-lint, helm-template (real Helm in-process) and helm-release (Helm's release records) check kinds. */
class HelmChecksTest {
    private final CheckEngine engine = new CheckEngine(CheckKinds.discover(), new ManualTicker(), Runnable::run);
    private MockCluster cluster;

    @TempDir
    Path workspace;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void needHelm() {
        String why = "";
        try {
            HelmNative.load();
        } catch (HelmUnavailableException e) {
            why = e.getMessage();
        }
        String reason = why;
        assumeTrue(reason.isEmpty(), () -> "skipping: " + reason);
    }

    private CheckResult run(String check) throws InterruptedException {
        Exercise exercise = TestExercises.withChecks("helm", check, Duration.ofSeconds(1));
        Optional<KubernetesAccess> kube = cluster == null ? Optional.empty()
                : Optional.of(new KubernetesAccess(cluster.client(), workspace.resolve("kubeconfig"), "test"));
        return engine.run(exercise, new CheckContext(exercise, "lab", workspace, kube, Optional.empty())).checks().get(0);
    }

    private void chart(String replicasLine) throws Exception {
        Path chart = Files.createDirectories(workspace.resolve("my-app-chart/templates")).getParent();
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: my-app-chart\nversion: 0.1.0\nicon: https://example.org/i.png\n");
        Files.writeString(chart.resolve("values.yaml"), "app:\n  name: web\n  replicas: 1\n");
        Files.writeString(chart.resolve("templates/deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Values.app.name }}
                spec:
                %s
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: nginx
                """.formatted(replicasLine));
    }

    // ---- helm-lint -------------------------------------------------------------------------------------------

    private static final String LINT = """
            - id: lint
              kind: helm-lint
              chart: my-app-chart
            """;

    @Test
    void lintPassesACorrectChart() throws Exception {
        needHelm();
        chart("  replicas: {{ .Values.app.replicas }}");

        CheckResult result = run(LINT);

        assertThat(result).as(result.message()).isInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).isEqualTo("helm lint my-app-chart: no errors");
    }

    @Test
    void lintFailsWithHelmsMessageAtTheTemplatesLine() throws Exception {
        needHelm();
        chart("  replicas: {{ .Values.app.replicas }");

        CheckResult result = run(LINT);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).startsWith("helm lint my-app-chart: 1 problem — [ERROR] templates/deployment.yaml:6:");
        assertThat(result.failures()).extracting(FieldFailure::path).containsExactly("my-app-chart/templates/deployment.yaml:6");
    }

    @Test
    void lintOfAMissingChartSaysItIsNotThere() throws Exception {
        CheckResult result = run(LINT);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).contains("no chart my-app-chart in your workspace");
    }

    // ---- helm-template -------------------------------------------------------------------------------------

    private static final String REPLICAS_FROM_VALUES = """
            - id: replicas-from-values
              kind: helm-template
              chart: my-app-chart
              resource: {kind: Deployment}
              renders:
              - set: {app.replicas: 2}
                expect: {spec: {replicas: 2}}
              - values: {app: {replicas: 4}}
                expr: object.spec.replicas == 4
            """;

    @Test
    void templatePassesWhenTheFieldFollowsTheValues() throws Exception {
        needHelm();
        chart("  replicas: {{ .Values.app.replicas }}");

        CheckResult result = run(REPLICAS_FROM_VALUES);

        assertThat(result).as(result.message()).isInstanceOf(CheckResult.Passed.class);
    }

    @Test
    void templateFailsAHardCodedFieldThatOnlyMatchesTheDefault() throws Exception {
        needHelm();
        chart("  replicas: 1");

        CheckResult result = run(REPLICAS_FROM_VALUES);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result.failures()).extracting(FieldFailure::describe)
                .containsExactly("(--set app.replicas=2) spec.replicas: expected 2, found 1");
        assertThat(result.message()).contains("with values {\"app\":{\"replicas\":4}} this is false: object.spec.replicas == 4");
    }

    @Test
    void templateReadsValuesFilesFromTheWorkspace() throws Exception {
        needHelm();
        chart("  replicas: {{ .Values.app.replicas }}");
        Files.writeString(workspace.resolve("values-prod.yaml"), "app:\n  replicas: 5\n");

        CheckResult result = run("""
                - id: prod
                  kind: helm-template
                  chart: my-app-chart
                  resource: {kind: Deployment, name: web}
                  files: [values-prod.yaml]
                  expect: {spec: {replicas: 5}}
                """);

        assertThat(result).as(result.message()).isInstanceOf(CheckResult.Passed.class);
    }

    @Test
    void aRenderWithoutExpectationsIsReportedAtItsLine() {
        Exercise exercise = TestExercises.withChecks("helm", """
                - id: nothing
                  kind: helm-template
                  chart: my-app-chart
                  resource: {kind: Deployment}
                  renders:
                  - set: {app.replicas: 2}
                """);
        Problems problems = new Problems();

        assertThat(new HelmTemplateCheckKind().prepare(exercise.checks().get(0), problems)).isNull();
        assertThat(problems.asList()).extracting(Problem::message)
                .containsExactly("a render needs 'expect:' (fields of the rendered object) or 'expr:' (a CEL expression), or both");
        assertThat(problems.asList().get(0).location().line()).isEqualTo(7);
    }

    /** A chart whose Pod labels follow .Values.app.name; {@code selector} is the selector's app label, as written. */
    private void labelledChart(String selector) throws Exception {
        Path chart = Files.createDirectories(workspace.resolve("my-app-chart/templates")).getParent();
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: my-app-chart\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("values.yaml"), "app:\n  name: web\n");
        Files.writeString(chart.resolve("templates/deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Values.app.name }}
                spec:
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: {{ .Values.app.name }}, tier: front}
                    spec:
                      containers:
                      - name: web
                        image: nginx
                """.formatted(selector));
    }

    private static final String SELECTOR_IN_WORDS = """
            - id: selector
              kind: helm-template
              chart: my-app-chart
              resource: {kind: Deployment}
              renders:
              - set: {app.name: shop}
                expr: >-
                  object.spec.selector.matchLabels.all(k, k in object.spec.template.metadata.labels
                  && object.spec.template.metadata.labels[k] == object.spec.selector.matchLabels[k])
                message: the selector does not select the Pod template's labels
                field: spec.selector.matchLabels
                expect: labels the Pod template has too
                found: "{'selector': object.spec.selector.matchLabels, 'labels': object.spec.template.metadata.labels}"
            """;

    @Test
    void aFalseRenderExprWithAMessageSaysItInWordsWithExpectedAndFound() throws Exception {
        needHelm();
        labelledChart("web");

        CheckResult result = run(SELECTOR_IN_WORDS);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).contains("with --set app.name=shop: the selector does not select the Pod template's labels")
                .doesNotContain("matchLabels.all").doesNotContain("this is false");
        assertThat(result.failures()).extracting(FieldFailure::describe).containsExactly(
                "(--set app.name=shop) spec.selector.matchLabels: expected labels the Pod template has too, "
                        + "found {\"selector\":{\"app\":\"web\"},\"labels\":{\"app\":\"shop\",\"tier\":\"front\"}}");
    }

    @Test
    void aRenderExprWithWordsPassesWhenItHolds() throws Exception {
        needHelm();
        labelledChart("{{ .Values.app.name }}");

        CheckResult result = run(SELECTOR_IN_WORDS);

        assertThat(result).as(result.message()).isInstanceOf(CheckResult.Passed.class);
    }

    @Test
    void withoutExpectOrFoundTheMessageIsExpectedAndTheFieldsRenderedValueIsFound() throws Exception {
        needHelm();
        labelledChart("web");

        CheckResult result = run("""
                - id: selector
                  kind: helm-template
                  chart: my-app-chart
                  resource: {kind: Deployment}
                  set: {app.name: shop}
                  expect: {metadata: {name: shop}}
                  expr: object.spec.selector.matchLabels.app == object.spec.template.metadata.labels.app
                  message: the selector's app label is not the Pod's
                  field: spec.selector.matchLabels
                """);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).contains("with --set app.name=shop: the selector's app label is not the Pod's")
                .doesNotContain("==");
        assertThat(result.failures()).extracting(FieldFailure::describe).containsExactly(
                "(--set app.name=shop) spec.selector.matchLabels: expected the selector's app label is not the Pod's, found {\"app\":\"web\"}");
    }

    @Test
    void aFalseRenderExprWithoutAMessageStillShowsTheExpression() throws Exception {
        needHelm();
        labelledChart("web");

        CheckResult result = run("""
                - id: selector
                  kind: helm-template
                  chart: my-app-chart
                  resource: {kind: Deployment}
                  set: {app.name: shop}
                  expr: object.spec.selector.matchLabels.app == 'shop'
                """);

        assertThat(result.message()).contains("with --set app.name=shop this is false: object.spec.selector.matchLabels.app == 'shop'");
        assertThat(result.failures()).isEmpty();
    }

    private static List<Problem> problemsOf(String check) {
        Exercise exercise = TestExercises.withChecks("helm", check);
        Problems problems = new Problems();
        assertThat(new HelmTemplateCheckKind().prepare(exercise.checks().get(0), problems)).isNull();
        return problems.asList();
    }

    @Test
    void anUnknownKeyInARenderIsAPackErrorAtItsLine() {
        List<Problem> problems = problemsOf("""
                - id: words
                  kind: helm-template
                  chart: my-app-chart
                  resource: {kind: Deployment}
                  renders:
                  - expr: object.spec.replicas == 2
                    mesage: two replicas
                """);

        assertThat(problems).extracting(Problem::message).containsExactly("unknown key 'mesage' in a render");
        assertThat(problems.get(0).location().line()).isEqualTo(8);
    }

    @Test
    void aRenderMessageThatIsNotTextIsAPackErrorAtItsLine() {
        List<Problem> problems = problemsOf("""
                - id: words
                  kind: helm-template
                  chart: my-app-chart
                  resource: {kind: Deployment}
                  renders:
                  - expr: object.spec.replicas == 2
                    message: {text: two replicas}
                """);

        assertThat(problems).extracting(Problem::message).containsExactly("'message' must be text (words a learner reads)");
        assertThat(problems.get(0).location().line()).isEqualTo(8);
    }

    @Test
    void aRenderFoundThatIsNoCelExpressionIsAPackErrorAtItsLine() {
        List<Problem> problems = problemsOf("""
                - id: words
                  kind: helm-template
                  chart: my-app-chart
                  resource: {kind: Deployment}
                  renders:
                  - expr: object.spec.replicas == 2
                    field: spec.replicas
                    found: [object.spec.replicas]
                """);

        assertThat(problems).extracting(Problem::message).containsExactly("'found' must be a CEL expression giving what is there");
        assertThat(problems.get(0).location().line()).isEqualTo(9);
    }

    @Test
    void renderWordsWithoutAFieldOrWithoutAnExprArePackErrors() {
        assertThat(problemsOf("""
                - id: words
                  kind: helm-template
                  chart: my-app-chart
                  resource: {kind: Deployment}
                  expr: object.spec.replicas == 2
                  expect: two replicas
                """)).extracting(Problem::message)
                .containsExactly("'expect' and 'found' describe a field: the rule also needs 'field:' (the path the rule is about)");
        assertThat(problemsOf("""
                - id: words
                  kind: helm-template
                  chart: my-app-chart
                  resource: {kind: Deployment}
                  renders:
                  - expect: {spec: {replicas: 2}}
                    message: two replicas
                """)).extracting(Problem::message).containsExactly("'message' words the render's 'expr:', and this render has none");
    }

    @Test
    void aChartPathOutsideTheWorkspaceIsRefused() {
        Exercise exercise = TestExercises.withChecks("helm", LINT.replace("chart: my-app-chart", "chart: ../../etc"));
        Problems problems = new Problems();

        assertThat(new HelmLintCheckKind().prepare(exercise.checks().get(0), problems)).isNull();
        assertThat(problems.asList()).extracting(Problem::message).first().asString().contains("must be a path inside the workspace");
    }

    // ---- helm-release --------------------------------------------------------------------------------------

    private void storeRevision(int revision, String status, String description, String config) throws Exception {
        String json = """
                {"name":"my-app","namespace":"lab","version":%d,
                 "info":{"status":"%s","description":"%s","last_deployed":"2026-12-02T20:15:01Z"},
                 "chart":{"metadata":{"name":"my-app-chart","version":"0.1.0"},"values":{"app":{"replicas":1,"name":"web"}}},
                 "config":%s,"manifest":""}
                """.formatted(revision, status, description, config);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        String helm = Base64.getEncoder().encodeToString(gz.toByteArray());
        cluster.client().secrets().inNamespace("lab").resource(new SecretBuilder().withNewMetadata()
                        .withName("sh.helm.release.v1.my-app.v" + revision).withNamespace("lab")
                        .addToLabels("owner", "helm").addToLabels("name", "my-app").addToLabels("status", status)
                        .addToLabels("version", String.valueOf(revision)).endMetadata()
                        .withType("helm.sh/release.v1")
                        .addToData("release", Base64.getEncoder().encodeToString(helm.getBytes(StandardCharsets.US_ASCII))).build())
                .create();
    }

    private static final String UPGRADED = """
            - id: upgraded
              kind: helm-release
              release: my-app
              revision: 2
              chart: my-app-chart
              values: {app: {replicas: 5, name: web}}
              rolledBackTo: 1
            """;

    @Test
    void releaseUpgradedThenRolledBackPasses() throws Exception {
        cluster = MockCluster.start();
        storeRevision(1, "superseded", "Install complete", "{}");
        storeRevision(2, "superseded", "Upgrade complete", "{\"app\":{\"replicas\":5}}");
        storeRevision(3, "deployed", "Rollback to 1", "{\"app\":{\"replicas\":5}}");

        CheckResult result = run(UPGRADED);

        assertThat(result).as(result.message()).isInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).isEqualTo("Helm release lab/my-app is deployed at revision 3 (my-app-chart-0.1.0)");
    }

    @Test
    void releaseNeverUpgradedReportsEveryFailingField() throws Exception {
        cluster = MockCluster.start();
        storeRevision(1, "deployed", "Install complete", "{}");

        CheckResult result = run(UPGRADED);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result.failures()).extracting(FieldFailure::path).containsExactly("revision", "values.app.replicas", "history");
        assertThat(result.failures().get(0).describe()).isEqualTo("revision: expected >= 2, found 1");
    }

    @Test
    void aDeployedReleaseThatIsNotAsExpectedIsFinalAtOnceBecauseNothingButHelmChangesIt() throws Exception {
        cluster = MockCluster.start();
        storeRevision(1, "deployed", "Install complete", "{}");

        CheckResult result = run(UPGRADED);

        assertThat(result.settled()).isEqualTo("Helm release lab/my-app is deployed at revision 1 — nothing in the cluster"
                + " changes a release; only a new helm install, upgrade or rollback does");
    }

    @Test
    void aReleaseWhoseUpgradeIsStillPendingIsWaitedFor() throws Exception {
        cluster = MockCluster.start();
        storeRevision(1, "superseded", "Install complete", "{}");
        storeRevision(2, "pending-upgrade", "Preparing upgrade", "{\"app\":{\"replicas\":5}}");

        CheckResult result = run(UPGRADED);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result.settled()).as("not final: the upgrade is under way").isEmpty();
    }

    @Test
    void aMissingReleaseIsNotFound() throws Exception {
        cluster = MockCluster.start();

        CheckResult result = run(UPGRADED);

        assertThat(result).isNotInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).contains("no Helm release my-app in namespace lab");
    }
}
