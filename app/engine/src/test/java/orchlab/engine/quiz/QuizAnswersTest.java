package orchlab.engine.quiz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuizAnswersTest {
    private static final Question SINGLE = new Question("speed", "Speed", "?", Question.Type.SINGLE, List.of(
            new Question.Choice("a", "x", true, "x"), new Question.Choice("b", "y", false, "y")), List.of(), "", "");
    private static final Question MULTIPLE = new Question("efficiency", "Efficiency", "?", Question.Type.MULTIPLE, List.of(
            new Question.Choice("a", "x", true, "x"), new Question.Choice("b", "y", true, "y")), List.of(), "", "");
    private static final Question TEXT = new Question("unit", "Unit", "?", Question.Type.TEXT, List.of(), List.of("image"), "r", "w");

    @TempDir
    Path dir;

    @Test
    void whatTheFormWritesReadsBackTheSame() throws Exception {
        Path file = dir.resolve("answers.yaml");
        QuizAnswers.write(file, List.of(SINGLE, MULTIPLE, TEXT), Map.of("speed", Question.Answer.of("b"),
                "efficiency", Question.Answer.of("a", "b"), "unit", Question.Answer.of("container image: yes")));

        QuizAnswers read = QuizAnswers.read(file);
        assertThat(read.answer("speed").values()).containsExactly("b");
        assertThat(read.answer("efficiency").values()).containsExactly("a", "b");
        assertThat(read.answer("unit").values()).containsExactly("container image: yes");
    }

    @Test
    void anUnansweredQuestionIsWrittenEmptyAndReadAsNoAnswer() throws Exception {
        Path file = dir.resolve("answers.yaml");
        QuizAnswers.write(file, List.of(SINGLE, TEXT), Map.of());

        assertThat(Files.readString(file)).contains("speed:").contains("unit:");
        assertThat(QuizAnswers.read(file).answer("speed")).isEqualTo(Question.Answer.NONE);
    }

    @Test
    void aMissingFileIsNotAnError() throws Exception {
        assertThat(QuizAnswers.read(dir.resolve("answers.yaml")).exists()).isFalse();
    }

    @Test
    void aListInsteadOfAMappingIsExplainedAtItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("answers.yaml"), "- a\n- b\n");

        assertThatThrownBy(() -> QuizAnswers.read(file)).hasMessageStartingWith("answers.yaml:1:1")
                .hasMessageContaining("must map each question id to its answer");
    }

    @Test
    void aNestedMappingAsAnAnswerIsExplainedAtItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("answers.yaml"), "speed: a\nunit:\n  text: image\n");

        assertThatThrownBy(() -> QuizAnswers.read(file)).hasMessageStartingWith("answers.yaml:3:")
                .hasMessageContaining("the answer to unit must be a choice id");
    }
}
