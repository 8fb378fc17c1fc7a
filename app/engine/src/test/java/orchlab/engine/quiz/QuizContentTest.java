package orchlab.engine.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import orchlab.engine.Lab;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckListener;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.LoadResult;
import orchlab.engine.course.Problem;
import orchlab.engine.yaml.YamlDoc;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in quizzes, graded with no sandbox at all: solution passes, starter fails, each wrong fixture fails as its expect.yaml says. */
class QuizContentTest {
    private static final Lab LAB = Lab.standard();
    private static Course course;

    @BeforeAll
    static void load() {
        LoadResult result = LAB.loadCourse(Repo.root());
        assertThat(result.problems()).extracting(Problem::format).isEmpty();
        course = result.course().orElseThrow();
    }

    private static CheckReport grade(Exercise ex, Path answers) throws InterruptedException {
        return LAB.check(ex, Optional.empty(), ex.namespace(), answers, CheckEngine.RunOptions.DEFAULT, CheckListener.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"why-containers", "why-orchestration"})
    void theSolutionAnswersEveryQuestionRightWithAnExplanation(String id) throws InterruptedException {
        Exercise ex = course.exercise(id).orElseThrow();
        CheckReport report = grade(ex, ex.solutionDir());

        assertThat(ex.kind().needs()).isEmpty();
        assertThat(Quiz.questions(ex)).hasSizeBetween(5, 8);
        assertThat(report.checks()).allSatisfy(c -> {
            assertThat(c).as(c.id() + ": " + c.message()).isInstanceOf(CheckResult.Passed.class);
            assertThat(c.message()).startsWith("right (").contains(" — ");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"why-containers", "why-orchestration"})
    void theStarterLeavesEveryQuestionUnanswered(String id) throws InterruptedException {
        Exercise ex = course.exercise(id).orElseThrow();
        CheckReport report = grade(ex, ex.starterDir());

        assertThat(report.checks()).allSatisfy(c -> {
            assertThat(c).isNotInstanceOf(CheckResult.Passed.class);
            assertThat(c.message()).contains("not answered yet");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"why-containers", "why-orchestration"})
    void everyChoiceAndTextQuestionCarriesItsExplanations(String id) {
        for (Question q : Quiz.questions(course.exercise(id).orElseThrow())) {
            assertThat(q.choices()).allSatisfy(c -> assertThat(c.explanation()).as(q.id() + " " + c.id()).isNotBlank());
            if (q.type() == Question.Type.TEXT) {
                assertThat(q.explainRight()).isNotBlank();
                assertThat(q.explainOtherwise()).isNotBlank();
            }
        }
    }

    static Stream<Arguments> wrongFixtures() throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (String id : List.of("why-containers", "why-orchestration")) {
            try (Stream<Path> dirs = Files.list(Repo.root().resolve("exercises/" + id + "/wrong"))) {
                dirs.sorted().forEach(d -> all.add(Arguments.of(id, d.getFileName().toString())));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} wrong/{1}")
    @MethodSource("wrongFixtures")
    void eachWrongFixtureFailsTheChecksItsExpectNames(String id, String fixture) throws Exception {
        Exercise ex = course.exercise(id).orElseThrow();
        Path dir = ex.dir().resolve("wrong").resolve(fixture);
        JsonNode expect = YamlDoc.parse("expect.yaml", Files.readString(dir.resolve("expect.yaml"))).root();
        CheckReport report = grade(ex, dir);

        assertThat(expect.path("why").asText()).isNotBlank();
        List<String> mustFail = new ArrayList<>();
        expect.path("fail").forEach(n -> mustFail.add(n.asText()));
        assertThat(mustFail).isNotEmpty();
        List<String> failed = report.checks().stream().filter(c -> !(c instanceof CheckResult.Passed)).map(CheckResult::id).toList();
        assertThat(failed).containsExactlyInAnyOrderElementsOf(mustFail);
        List<String> fields = report.checks().stream().filter(c -> mustFail.contains(c.id()))
                .flatMap(c -> c.failures().stream()).map(FieldFailure::path).toList();
        expect.path("fields").forEach(f -> assertThat(fields).contains(f.asText()));
    }
}
