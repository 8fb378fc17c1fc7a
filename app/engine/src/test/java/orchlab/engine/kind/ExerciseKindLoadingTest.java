package orchlab.engine.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orchlab.engine.course.CourseLoader;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.LoadResult;
import orchlab.engine.course.Problem;
import orchlab.engine.course.SandboxKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exercise.yaml's {@code kind:} (or the older {@code sandbox:}) picks a registered exercise kind, which validates the exercise. */
class ExerciseKindLoadingTest {
    private final CourseLoader loader = CourseLoader.standard();

    @TempDir
    Path dir;

    private Path pack(String exerciseYaml, String solutionFile, String solutionText) throws IOException {
        Files.createDirectories(dir.resolve("lessons/m"));
        Files.writeString(dir.resolve("lessons/course.yaml"), """
                id: test
                title: Test
                version: 0.1.0
                modules:
                  - id: m
                    title: M
                    lessons: [m/one.md]
                """);
        Files.writeString(dir.resolve("lessons/m/one.md"), "---\ntitle: One\nexercises: [ex]\n---\n# One\n");
        Path ex = Files.createDirectories(dir.resolve("exercises/ex"));
        Files.writeString(ex.resolve("exercise.yaml"), exerciseYaml);
        Files.createDirectories(ex.resolve("starter"));
        Files.writeString(ex.resolve("starter/" + solutionFile), "# start here\n");
        Files.createDirectories(ex.resolve("solution"));
        Files.writeString(ex.resolve("solution/" + solutionFile), solutionText);
        return dir;
    }

    private static List<String> errors(LoadResult result) {
        return result.problems().stream().filter(Problem::isError).map(Problem::format).toList();
    }

    private static final String QUIZ = """
            id: ex
            title: A quiz
            kind: quiz
            description: Answer.
            checks:
              - id: unit
                title: The unit
                kind: question
                question: What does Kubernetes schedule?
                accept: [pod]
                explain: A Pod.
                otherwise: Not that.
            """;

    @Test
    void aQuizNeedsNoSandbox() throws IOException {
        LoadResult result = loader.load(pack(QUIZ, "answers.yaml", "unit: pod\n"));

        assertThat(errors(result)).isEmpty();
        Exercise ex = result.course().orElseThrow().exercise("ex").orElseThrow();
        assertThat(ex.kind().name()).isEqualTo("quiz");
        assertThat(ex.kind().needs()).isEmpty();
        assertThat(ex.kind().sandbox()).isEmpty();
        assertThat(ex.kind().workspace()).isEqualTo(ExerciseKind.Workspace.ANSWERS_FORM);
    }

    @Test
    void theOlderSandboxKeyLoadsAsTheKindOfTheSameName() throws IOException {
        String yaml = QUIZ.replace("kind: quiz", "sandbox: docker").replace("""
                  - id: unit
                    title: The unit
                    kind: question
                    question: What does Kubernetes schedule?
                    accept: [pod]
                    explain: A Pod.
                    otherwise: Not that.
                """, """
                  - id: image
                    title: image built
                    kind: docker-image
                    image: orchlab/x:1.0
                """);
        LoadResult result = loader.load(pack(yaml, "Dockerfile", "FROM scratch\n"));

        assertThat(errors(result)).isEmpty();
        Exercise ex = result.course().orElseThrow().exercise("ex").orElseThrow();
        assertThat(ex.kind().name()).isEqualTo("docker");
        assertThat(ex.kind().needs()).containsExactly(SandboxKind.DOCKER);
    }

    @Test
    void anExerciseWithoutKindIsAKubernetesExercise() throws IOException {
        LoadResult result = loader.load(pack(QUIZ.replace("kind: quiz\n", ""), "answers.yaml", "unit: pod\n"));

        assertThat(errors(result)).isEmpty();
        assertThat(result.course().orElseThrow().exercise("ex").orElseThrow().kind().needs()).containsExactly(SandboxKind.KUBERNETES);
    }

    @Test
    void rejectsACheckWhoseNeedsTheExerciseKindCannotProvideAtItsLine() throws IOException {
        String yaml = QUIZ.replace("kind: quiz", "kind: kubernetes") + """
                  - id: container
                    title: container runs
                    kind: docker-container
                    name: web
                """;
        List<String> errors = errors(loader.load(pack(yaml, "answers.yaml", "unit: pod\n")));

        assertThat(errors).singleElement().satisfies(e -> assertThat(e)
                .startsWith("exercises/ex/exercise.yaml:15:11: error: check kind 'docker-container' needs a Docker engine, "
                        + "which a 'kubernetes' exercise does not provide (it runs in a Kubernetes cluster)")
                .contains("use a check kind made for kubernetes exercises")
                .contains("assert"));
    }

    @Test
    void aQuizRejectsAClusterCheck() throws IOException {
        String yaml = QUIZ + """
                  - id: deployment
                    title: deployment exists
                    kind: assert
                    resource: {apiVersion: apps/v1, kind: Deployment, name: web}
                    expect: {spec: {replicas: 3}}
                """;
        List<String> errors = errors(loader.load(pack(yaml, "answers.yaml", "unit: pod\n")));

        assertThat(errors).singleElement().satisfies(e -> assertThat(e)
                .startsWith("exercises/ex/exercise.yaml:15:11: error: check kind 'assert' needs a Kubernetes cluster, "
                        + "which a 'quiz' exercise does not provide (it needs no sandbox)"));
    }

    @Test
    void reportsAnUnknownKindWithTheKnownOnes() throws IOException {
        List<String> errors = errors(loader.load(pack(QUIZ.replace("kind: quiz", "kind: quizz"), "answers.yaml", "unit: pod\n")));

        assertThat(errors).anySatisfy(e -> assertThat(e)
                .startsWith("exercises/ex/exercise.yaml:3:7: error: unknown exercise kind 'quizz'")
                .contains("did you mean 'quiz'?"));
    }

    @Test
    void rejectsTheSectionOfAnotherKind() throws IOException {
        String yaml = QUIZ + """
                docker:
                  build: [{tag: orchlab/x:1.0}]
                """;
        List<String> errors = errors(loader.load(pack(yaml, "answers.yaml", "unit: pod\n")));

        assertThat(errors).anySatisfy(e -> assertThat(e)
                .contains("'docker:' is only used by exercises with 'kind: docker'"));
    }

    @Test
    void sayingBothKindAndSandboxIsAMistake() throws IOException {
        List<String> errors = errors(loader.load(pack(QUIZ.replace("kind: quiz", "kind: quiz\nsandbox: kubernetes"),
                "answers.yaml", "unit: pod\n")));

        assertThat(errors).anySatisfy(e -> assertThat(e).contains("either 'kind:' or the older 'sandbox:', not both"));
    }

    @Test
    void aChoiceQuestionWithoutARightChoiceIsReportedAtItsChoices() throws IOException {
        String yaml = QUIZ.replace("""
                    accept: [pod]
                    explain: A Pod.
                    otherwise: Not that.
                """, """
                    choices:
                      - {text: a Pod, explain: no}
                      - {text: a node, explain: no}
                """);
        List<String> errors = errors(loader.load(pack(yaml, "answers.yaml", "unit: a\n")));

        assertThat(errors).singleElement().satisfies(e -> assertThat(e)
                .startsWith("exercises/ex/exercise.yaml:11:")
                .contains("question unit has no right choice"));
    }

    @Test
    void aQuestionWithBothChoicesAndAcceptedAnswersIsReported() throws IOException {
        String yaml = QUIZ.replace("    accept: [pod]\n", "    accept: [pod]\n    choices: [{text: a, explain: b}]\n");
        List<String> errors = errors(loader.load(pack(yaml, "answers.yaml", "unit: pod\n")));

        assertThat(errors).anySatisfy(e -> assertThat(e).contains("needs either 'choices'").contains("not both"));
    }
}
