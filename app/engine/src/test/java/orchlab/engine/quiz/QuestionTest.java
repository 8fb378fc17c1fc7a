package orchlab.engine.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuestionTest {
    private static final Question SINGLE = new Question("speed", "Speed", "Why fast?", Question.Type.SINGLE, List.of(
            new Question.Choice("a", "no OS to boot", true, "right: a process starts"),
            new Question.Choice("b", "always running", false, "nothing runs before start"),
            new Question.Choice("c", "tiny images", false, "size affects the pull")), List.of(), "", "");
    private static final Question MULTIPLE = new Question("efficiency", "Efficiency", "Why dense?", Question.Type.MULTIPLE, List.of(
            new Question.Choice("a", "shared kernel", true, "no guest OS"),
            new Question.Choice("b", "shared layers", true, "stored once"),
            new Question.Choice("c", "compressed memory", false, "no such thing")), List.of(), "", "");
    private static final Question TEXT = new Question("unit", "Unit", "What ships?", Question.Type.TEXT, List.of(),
            List.of("image", "container image"), "the image", "it is the image");

    @ParameterizedTest(name = "single choice \"{0}\" is right: {1}")
    @CsvSource(delimiter = '|', value = {"a|true", "A|true", " a |true", "b|false", "c|false", "a, b|false", "z|false"})
    void gradesASingleChoice(String answer, boolean right) {
        assertThat(SINGLE.grade(Question.Answer.of(answer)).right()).isEqualTo(right);
    }

    @ParameterizedTest(name = "multiple choice {0} is right: {1}")
    @CsvSource(delimiter = '|', value = {"a,b|true", "b,a|true", "a|false", "a,b,c|false", "c|false"})
    void gradesAMultipleChoiceAsTheExactSetOfRightChoices(String answer, boolean right) {
        assertThat(MULTIPLE.grade(new Question.Answer(List.of(answer.split(",")))).right()).isEqualTo(right);
    }

    @Test
    void acceptsMultipleChoicesWrittenAsOneString() {
        assertThat(MULTIPLE.grade(Question.Answer.of("a, b")).right()).isTrue();
        assertThat(MULTIPLE.grade(Question.Answer.of("b a")).right()).isTrue();
    }

    @ParameterizedTest(name = "text \"{0}\" is right: {1}")
    @CsvSource(delimiter = '|', value = {"image|true", "IMAGE|true", "  Container   Image |true", "container|false",
            "images of containers|false", "The image.|true", "`image`|true", "\"an image\"|true", "image!|true",
            "a|false", "the|false", "image container|false", "not an image|false"})
    void matchesTextIgnoringCaseSpacingQuotesAFullStopAndALeadingArticle(String answer, boolean right) {
        assertThat(TEXT.grade(Question.Answer.of(answer)).right()).isEqualTo(right);
    }

    @Test
    void explainsEveryChoiceGivenRightOrWrong() {
        Question.Grade grade = MULTIPLE.grade(Question.Answer.of("a", "c"));

        assertThat(grade.right()).isFalse();
        assertThat(grade.explanations()).containsExactly("a: no guest OS", "c: no such thing");
        assertThat(grade.missed()).isEqualTo(1);
    }

    @Test
    void explainsATextAnswerWithTheRightOrTheOtherwiseExplanation() {
        assertThat(TEXT.grade(Question.Answer.of("image")).explanations()).containsExactly("the image");
        assertThat(TEXT.grade(Question.Answer.of("vm")).explanations()).containsExactly("it is the image");
    }

    @Test
    void anEmptyAnswerIsUnansweredNotWrong() {
        assertThat(SINGLE.grade(Question.Answer.NONE).answered()).isFalse();
        assertThat(TEXT.grade(Question.Answer.of("   ")).answered()).isFalse();
    }

    @Test
    void namesChoicesThatDoNotExist() {
        Question.Grade grade = SINGLE.grade(Question.Answer.of("d"));

        assertThat(grade.right()).isFalse();
        assertThat(grade.unknown()).containsExactly("d");
    }

    @Test
    void theFailureNeverRevealsTheRightChoice() {
        var outcome = QuestionCheckKind.outcome(SINGLE, Question.Answer.of("b"));

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.message()).contains("not right (b)").contains("nothing runs before start")
                .doesNotContain("a process starts");
        assertThat(outcome.failures()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("speed");
            assertThat(f.actual()).isEqualTo("b");
        });
    }
}
