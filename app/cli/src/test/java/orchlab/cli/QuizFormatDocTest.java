package orchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import orchlab.engine.Lab;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckListener;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.LoadResult;
import orchlab.engine.course.Problem;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.Test;

/** The quiz example of course-format.md (its files are compared with the page by FormatDocTest) loads and grades as the page says. */
class QuizFormatDocTest {
    private static final Path PACK = Repo.root().resolve("app/docs/examples/quiz-pack");
    private final Lab lab = Lab.standard();

    private Exercise quiz() {
        LoadResult result = lab.loadCourse(PACK);
        assertThat(result.problems()).extracting(Problem::format).isEmpty();
        Course course = result.course().orElseThrow();
        return course.exercise("first-quiz").orElseThrow();
    }

    private CheckReport grade(Exercise ex, Path workspace) throws InterruptedException {
        return lab.check(ex, Optional.empty(), ex.namespace(), workspace, CheckEngine.RunOptions.DEFAULT, CheckListener.NONE);
    }

    @Test
    void theDocumentedSolutionPassesWithoutASandbox() throws InterruptedException {
        Exercise ex = quiz();

        assertThat(grade(ex, ex.solutionDir()).passed()).isTrue();
    }

    @Test
    void theDocumentedWrongAnswerFailsOnlyItsQuestion() throws InterruptedException {
        Exercise ex = quiz();
        CheckReport report = grade(ex, ex.dir().resolve("wrong/wrong-value"));

        assertThat(report.checks()).filteredOn(c -> !(c instanceof CheckResult.Passed)).extracting(CheckResult::id).containsExactly("unit");
    }

    @Test
    void theEmptyStarterLeavesEveryQuestionUnanswered() throws InterruptedException {
        Exercise ex = quiz();

        assertThat(grade(ex, ex.starterDir()).checks()).allSatisfy(c -> assertThat(c.message()).contains("not answered yet"));
    }
}
