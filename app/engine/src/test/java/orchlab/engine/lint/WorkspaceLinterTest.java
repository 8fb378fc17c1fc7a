package orchlab.engine.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.Set;
import orchlab.engine.lint.LintMark.Severity;
import orchlab.engine.lint.WorkspaceLinter.FileKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkspaceLinterTest {
    private static final WorkspaceLinter LINTER = new WorkspaceLinter();

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
                      ports:
                        - containerPort: 80
            """;

    private static final String COMPOSE = """
            services:
              web:
                image: nginx:1.27
                ports:
                  - "8080:80"
              db:
                image: postgres:16
                environment:
                  POSTGRES_PASSWORD: example
            """;

    private static final String DOCKERFILE = """
            # syntax=docker/dockerfile:1
            FROM python:3.12-slim
            WORKDIR /app
            COPY requirements.txt .
            RUN pip install -r requirements.txt
            COPY . .
            RUN useradd --create-home app
            USER app
            CMD ["python", "app.py"]
            """;

    @Test
    void acceptsAValidDeployment() {
        assertThat(LINTER.lint("deployment.yaml", DEPLOYMENT)).isEmpty();
    }

    @Test
    void marksATabInTheIndentationOnItsLine() {
        List<LintMark> marks = LINTER.lint("deployment.yaml", DEPLOYMENT.replace("  replicas: 3", "\treplicas: 3"));

        assertThat(marks).first().satisfies(mark -> {
            assertThat(mark.line()).isEqualTo(6);
            assertThat(mark.column()).isEqualTo(1);
            assertThat(mark.endColumn()).isEqualTo(2);
            assertThat(mark.severity()).isEqualTo(Severity.ERROR);
            assertThat(mark.message()).contains("Tab", "spaces");
            assertThat(mark.source()).isEqualTo("yaml");
        });
    }

    @Test
    void marksEveryLineIndentedWithATab() {
        String text = DEPLOYMENT.replace("  name: web", "\tname: web").replace("  replicas: 3", "  \treplicas: 3");

        assertThat(LINTER.lint("deployment.yaml", text)).filteredOn(m -> m.message().contains("Tab"))
                .extracting(LintMark::line, LintMark::column, LintMark::endColumn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4, 1, 2), org.assertj.core.groups.Tuple.tuple(6, 3, 4));
    }

    @Test
    void stillFindsTheMisspeltFieldWhenATabBreaksTheYaml() {
        String text = DEPLOYMENT.replace("  replicas: 3", "  replica: 3").replace("  selector:", "\tselector:");

        assertThat(LINTER.lint("deployment.yaml", text))
                .extracting(LintMark::line, LintMark::column, LintMark::endColumn, LintMark::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(6, 3, 10, "kubernetes"),
                        org.assertj.core.groups.Tuple.tuple(7, 1, 2, "yaml"));
    }

    @Test
    void placesAMarkOnATabIndentedLineOnItsOriginalCharacters() {
        String text = DEPLOYMENT.replace("  replicas: 3", "\treplica: 3");

        assertThat(LINTER.lint("deployment.yaml", text))
                .extracting(LintMark::line, LintMark::column, LintMark::endColumn, LintMark::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(6, 1, 2, "yaml"),
                        org.assertj.core.groups.Tuple.tuple(6, 2, 9, "kubernetes"));
    }

    @Test
    void marksTheMisspeltKeyWithASuggestion() {
        List<LintMark> marks = LINTER.lint("deployment.yaml", DEPLOYMENT.replace("  replicas: 3", "  replica: 3"));

        assertThat(marks).singleElement().satisfies(mark -> {
            assertThat(mark.line()).isEqualTo(6);
            assertThat(mark.column()).isEqualTo(3);
            assertThat(mark.endColumn()).as("just the key 'replica'").isEqualTo(10);
            assertThat(mark.severity()).isEqualTo(Severity.ERROR);
            assertThat(mark.message()).isEqualTo("Unknown field \"replica\" in Deployment spec (did you mean \"replicas\"?)");
            assertThat(mark.source()).isEqualTo("kubernetes");
        });
    }

    @Test
    void marksAValueOfTheWrongTypeOverTheValue() {
        List<LintMark> marks = LINTER.lint("deployment.yaml", DEPLOYMENT.replace("replicas: 3", "replicas: \"three\"  # oops"));

        assertThat(marks).singleElement().satisfies(mark -> {
            assertThat(mark.line()).isEqualTo(6);
            assertThat(mark.column()).isEqualTo(13);
            assertThat(mark.endColumn()).as("the quoted value, not the comment").isEqualTo(20);
            assertThat(mark.message()).isEqualTo("Spec.replicas must be a number, found \"three\"");
        });
    }

    @Test
    void marksASyntaxErrorAtWhereTheParserStopped() {
        List<LintMark> marks = LINTER.lint("deployment.yaml", DEPLOYMENT.replace("  replicas: 3", "  replicas: 3: 4"));

        assertThat(marks).singleElement().satisfies(mark -> {
            assertThat(mark.line()).isEqualTo(6);
            assertThat(mark.source()).isEqualTo("yaml");
            assertThat(mark.message()).startsWith("Invalid YAML");
        });
    }

    @Test
    void doesNotTreatAComposeFileAsAKubernetesObject() {
        assertThat(LINTER.lint("docker-compose.yaml", COMPOSE)).isEmpty();
    }

    @Test
    void stillChecksTheYamlOfAComposeFile() {
        assertThat(LINTER.lint("compose.yml", COMPOSE.replace("    image: postgres:16", "\timage: postgres:16")))
                .extracting(LintMark::line, LintMark::source)
                .contains(org.assertj.core.groups.Tuple.tuple(7, "yaml"));
    }

    @Test
    void checksOnlyTheDocumentsThatAreKubernetesObjects() {
        String text = "name: not-a-manifest\nvalues: [1, 2]\n---\n" + DEPLOYMENT.replace("  replicas: 3", "  replica: 3");

        assertThat(LINTER.lint("mixed.yaml", text)).extracting(LintMark::line, LintMark::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(9,
                        "Unknown field \"replica\" in Deployment spec (did you mean \"replicas\"?)"));
    }

    @Test
    void warnsAboutAKeyWrittenTwice() {
        assertThat(LINTER.lint("values.yaml", "image: nginx\nport: 80\nimage: httpd\n")).singleElement().satisfies(mark -> {
            assertThat(mark.line()).isEqualTo(3);
            assertThat(mark.endColumn()).isEqualTo(6);
            assertThat(mark.severity()).isEqualTo(Severity.WARNING);
            assertThat(mark.message()).contains("\"image\"", "twice");
        });
    }

    @Test
    void readsHelmTemplatesForTabsOnly() {
        String template = "spec:\n  replicas: {{ .Values.replicas }}\n{{- if .Values.x }}\n\tfoo: 1\n{{- end }}\n";

        assertThat(LINTER.lint("templates/deployment.yaml", template)).extracting(LintMark::line).containsExactly(4);
    }

    @Test
    void acceptsAGoodDockerfile() {
        assertThat(LINTER.lint("Dockerfile", DOCKERFILE)).isEmpty();
    }

    @Test
    void marksAShellFormCmdOnItsLine() {
        List<LintMark> marks = LINTER.lint("Dockerfile", DOCKERFILE.replace("CMD [\"python\", \"app.py\"]", "CMD python app.py"));

        assertThat(marks).singleElement().satisfies(mark -> {
            assertThat(mark.line()).isEqualTo(9);
            assertThat(mark.column()).isEqualTo(1);
            assertThat(mark.toEndOfLine()).isTrue();
            assertThat(mark.source()).isEqualTo("DL3025");
            assertThat(mark.severity()).isEqualTo(Severity.WARNING);
            assertThat(mark.message()).isEqualTo("CMD in shell form — use [\"python\", \"app.py\"]");
        });
    }

    @Test
    void marksAnUntaggedFrom() {
        List<LintMark> marks = LINTER.lint("api.Dockerfile", DOCKERFILE.replace("FROM python:3.12-slim", "  FROM python"));

        assertThat(marks).singleElement().satisfies(mark -> {
            assertThat(mark.line()).isEqualTo(2);
            assertThat(mark.column()).as("from the first non-blank").isEqualTo(3);
            assertThat(mark.source()).isEqualTo("DL3006");
            assertThat(mark.message()).startsWith("FROM python has no tag").contains("pin a version");
        });
    }

    @Test
    void runsOnlyTheGivenDockerfileRulesButAlwaysReportsParseProblems() {
        String text = "FROM python\nBOGUS something\nCMD python app.py\n";

        assertThat(LINTER.lint("Dockerfile.dev", text, Set.of("DL3025"))).extracting(LintMark::source)
                .containsExactly("DL1000", "DL3025");
    }

    @Test
    void hasNoMarksForOtherFiles() {
        assertThat(LINTER.lint("app.py", "\tprint('hi')\n")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"deployment.yaml,YAML", "k8s/web.YML,YAML", "Dockerfile,DOCKERFILE", "dockerfile,DOCKERFILE",
            "api.Dockerfile,DOCKERFILE", "Dockerfile.dev,DOCKERFILE", "build\\Dockerfile,DOCKERFILE",
            "app.py,OTHER", "README.md,OTHER", "Dockerfiles.txt,OTHER"})
    void tellsFileKindsByName(String name, FileKind kind) {
        assertThat(FileKind.of(name)).isEqualTo(kind);
    }

    @Test
    void neverThrowsOnMutatedText() {
        Random random = new Random(20240611L);
        String[] bases = {DEPLOYMENT, COMPOSE, DOCKERFILE, "a: [1, {b: \"c\"}]\n- x\n", ""};
        String[] names = {"deployment.yaml", "compose.yaml", "Dockerfile", "x.yml", "empty.yaml"};
        String alphabet = " \t\n\r:-#\"'[]{}|>&*!%@`\\,?$<=~.0123456789aZé😀";
        int marked = 0;
        for (int i = 0; i < 1000; i++) {
            int pick = i % bases.length;
            String text = mutate(bases[pick], random, alphabet);
            String name = random.nextInt(4) == 0 ? "Dockerfile" : names[pick];

            List<LintMark> marks = LINTER.lint(name, text);

            String[] lines = text.split("\n", -1);
            String sample = text;
            assertThat(marks).as("marks for %s:%n%s", name, sample).allSatisfy(mark -> {
                assertThat(mark.source()).isNotEqualTo(WorkspaceLinter.INTERNAL);
                assertThat(mark.line()).isBetween(1, lines.length);
                int width = lines[mark.line() - 1].length();
                assertThat(mark.column()).isLessThanOrEqualTo(Math.max(1, width));
                assertThat(mark.endColumn()).isLessThanOrEqualTo(width + 1);
            });
            marked += marks.isEmpty() ? 0 : 1;
        }
        assertThat(marked).as("mutations that break the file get marks").isGreaterThan(300);
    }

    @Test
    void givesTheSameMarksWhenSeveralThreadsLintAtOnce() throws Exception {
        List<String> texts = List.of(DEPLOYMENT.replace("  replicas: 3", "  replica: 3"),
                DEPLOYMENT.replace("  selector:", "\tselector:"), COMPOSE, DOCKERFILE.replace("FROM python:3.12-slim", "FROM python"));
        List<String> names = List.of("a.yaml", "b.yaml", "compose.yaml", "Dockerfile");
        List<List<LintMark>> expected = new java.util.ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            expected.add(LINTER.lint(names.get(i), texts.get(i)));
        }
        WorkspaceLinter shared = new WorkspaceLinter();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int round = 0; round < 200; round++) {
                int i = round % texts.size();
                results.add(pool.submit(() -> shared.lint(names.get(i), texts.get(i)).equals(expected.get(i))));
            }
            for (java.util.concurrent.Future<Boolean> result : results) {
                assertThat(result.get(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void neverThrowsOnNullText() {
        assertThat(LINTER.lint("deployment.yaml", null)).isEmpty();
        assertThat(LINTER.lint(null, "a: 1")).isEmpty();
    }

    private static String mutate(String base, Random random, String alphabet) {
        StringBuilder sb = new StringBuilder(base);
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int at = sb.length() == 0 ? 0 : random.nextInt(sb.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> sb.setLength(at);
                case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(20)));
                case 2 -> {
                    for (int k = random.nextInt(8); k >= 0; k--) {
                        int cp = alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length()))));
                        sb.insert(Math.min(at, sb.length()), Character.toChars(cp));
                    }
                }
                case 3 -> sb.insert(at, sb.substring(0, Math.min(sb.length(), random.nextInt(200))));
                default -> {
                    for (int k = 0; k < 3 && sb.length() > 0; k++) {
                        int p = random.nextInt(sb.length());
                        sb.setCharAt(p, (char) random.nextInt(0x3000));
                    }
                }
            }
        }
        return sb.toString();
    }
}
