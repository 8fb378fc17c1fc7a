package orchlab.engine.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestLinterTest {
    private final ManifestLinter linter = new ManifestLinter();

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      resources:
                        limits: {cpu: 250m, memory: 128Mi}
                      ports:
                        - containerPort: 80
            """;

    @Test
    void acceptsAValidDeployment() {
        assertThat(linter.lint("deployment.yaml", DEPLOYMENT)).isEmpty();
    }

    @Test
    void reportsAMisspeltFieldAtItsLineWithASuggestion() {
        List<LintIssue> issues = linter.lint("deployment.yaml", DEPLOYMENT.replace("  replicas: 3", "  replica: 3"));

        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.line()).isEqualTo(6);
            assertThat(issue.column()).isEqualTo(3);
            assertThat(issue.path()).isEqualTo("spec.replica");
            assertThat(issue.format()).isEqualTo(
                    "deployment.yaml:6:3: unknown field \"replica\" in Deployment spec (did you mean \"replicas\"?)");
        });
    }

    @Test
    void findsUnknownFieldsDeepInsideListItems() {
        List<LintIssue> issues = linter.lint("deployment.yaml", DEPLOYMENT.replace("- containerPort: 80", "- containerport: 80"));

        assertThat(issues).extracting(LintIssue::path).containsExactly("spec.template.spec.containers[0].ports[0].containerport");
        assertThat(issues.get(0).message()).contains("did you mean \"containerPort\"?");
    }

    @Test
    void reportsATabInIndentationOnItsLine() {
        List<LintIssue> issues = linter.lint("deployment.yaml", DEPLOYMENT.replace("  replicas: 3", "\treplicas: 3"));

        assertThat(issues).first().satisfies(issue -> {
            assertThat(issue.line()).isEqualTo(6);
            assertThat(issue.message()).contains("tab");
        });
    }

    @Test
    void reportsValuesOfTheWrongType() {
        List<LintIssue> issues = linter.lint("deployment.yaml", DEPLOYMENT.replace("replicas: 3", "replicas: three"));

        assertThat(issues).extracting(LintIssue::format)
                .containsExactly("deployment.yaml:6:13: spec.replicas must be a number, found \"three\"");
    }

    @Test
    void reportsMissingApiVersionAndKind() {
        assertThat(linter.lint("x.yaml", "metadata: {name: a}\n")).extracting(LintIssue::message)
                .containsExactly("apiVersion is missing (for example apps/v1 or v1)", "kind is missing (for example Deployment)");
    }

    @Test
    void checksEveryDocumentOfAMultiDocumentFile() {
        String text = DEPLOYMENT + "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selectr: {app: web}\n";

        assertThat(linter.lint("all.yaml", text)).extracting(LintIssue::line, LintIssue::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(25, "spec.selectr"));
    }

    @Test
    void leavesCustomResourcesItHasNoSchemaForToTheServer() {
        String widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: r}\nspec: {anything: 1}\n";

        assertThat(linter.lint("widget.yaml", widget)).isEmpty();
    }

    @Test
    void namesAMisspeltFieldOfAnIstioObjectAtItsLine() {
        String vs = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec: {anything: 1}\n";

        assertThat(linter.lint("vs.yaml", vs)).singleElement().satisfies(issue -> {
            assertThat(issue.line()).isEqualTo(4);
            assertThat(issue.path()).isEqualTo("spec.anything");
            assertThat(issue.message()).contains("unknown field \"anything\"");
        });
    }
}
