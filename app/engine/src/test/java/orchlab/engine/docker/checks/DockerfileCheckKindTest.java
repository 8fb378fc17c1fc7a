package orchlab.engine.docker.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.Problem;
import orchlab.engine.docker.CheckSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileCheckKindTest {
    @TempDir
    Path workspace;

    private final DockerfileCheckKind kind = new DockerfileCheckKind();

    private Outcome check(String yaml, String dockerfile) throws Exception {
        if (dockerfile != null) {
            Files.writeString(workspace.resolve("Dockerfile"), dockerfile);
        }
        PreparedCheck check = CheckSpecs.prepare(kind, yaml);
        return check.attempt(CheckSpecs.context(workspace, null));
    }

    @Test
    void reportsShellFormCmdAtItsLine() throws Exception {
        Outcome outcome = check("""
                checks:
                  - id: rules
                    kind: dockerfile
                    rules: [DL3025]
                """, """
                FROM python:3.12-slim
                WORKDIR /app
                COPY requirements.txt .
                RUN pip install -r requirements.txt
                COPY . .
                RUN useradd --create-home app
                USER app
                EXPOSE 8000
                CMD python app.py
                """);

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.location()).isEqualTo("Dockerfile:9");
        assertThat(outcome.message()).isEqualTo("Dockerfile:9 CMD in shell form — use [\"python\", \"app.py\"]");
        assertThat(outcome.failures()).extracting(FieldFailure::describe)
                .containsExactly("Dockerfile:9 (DL3025): expected exec form [\"python\", \"app.py\"], found shell form python app.py");
    }

    @Test
    void reportsEveryViolationOfTheSelectedRules() throws Exception {
        Outcome outcome = check("""
                checks:
                  - kind: dockerfile
                    rules: [DL3006, OL1001, DL3025, DL3002]
                """, """
                FROM python
                WORKDIR /app
                COPY . .
                RUN pip install -r requirements.txt
                CMD python app.py
                """);

        assertThat(outcome.failures()).extracting(FieldFailure::path)
                .containsExactly("Dockerfile:1 (DL3002)", "Dockerfile:1 (DL3006)", "Dockerfile:3 (OL1001)", "Dockerfile:5 (DL3025)");
        assertThat(outcome.failures().get(0).kind()).isEqualTo(FieldFailure.Kind.MISSING);
        assertThat(outcome.message()).isEqualTo("Dockerfile breaks 4 rules, on lines 1, 3, 5");
    }

    @Test
    void passesAndSaysWhatPassed() throws Exception {
        Outcome outcome = check("""
                checks:
                  - kind: dockerfile
                """, """
                FROM python:3.12-slim
                USER app
                CMD ["python", "app.py"]
                """);

        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.message()).startsWith("Dockerfile follows all ");
    }

    @Test
    void aMissingDockerfileIsNotFound() throws Exception {
        Outcome outcome = check("""
                checks:
                  - kind: dockerfile
                    file: app/Dockerfile
                """, null);

        assertThat(outcome.notFound()).isTrue();
        assertThat(outcome.message()).isEqualTo("app/Dockerfile not found in your files — create it next to your app");
    }

    @Test
    void runsOnceBecauseTheFileDoesNotChangeWhileWaiting() {
        assertThat(CheckSpecs.prepare(kind, "checks:\n  - kind: dockerfile\n").polls()).isFalse();
    }

    @Test
    void rejectsUnknownRuleIdsAtTheirLine() {
        assertThat(CheckSpecs.problems(kind, """
                checks:
                  - kind: dockerfile
                    rules: [DL3025, DL9999]
                """)).extracting(Problem::format).singleElement().asString()
                .startsWith("exercise.yaml:3:21: error: unknown Dockerfile rule 'DL9999' — known rules: DL1000, DL3006");
    }
}
