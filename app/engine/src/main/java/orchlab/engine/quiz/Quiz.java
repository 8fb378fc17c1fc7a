package orchlab.engine.quiz;

import java.util.ArrayList;
import java.util.List;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Problems;

/** The questions of an exercise: its {@code kind: question} checks, in order. */
public final class Quiz {
    private Quiz() {
    }

    public static List<Question> questions(Exercise exercise) {
        List<Question> questions = new ArrayList<>();
        for (CheckSpec spec : exercise.checks()) {
            if (spec.kind().equals("question")) {
                QuestionCheckKind.read(spec, new Problems()).ifPresent(questions::add);
            }
        }
        return List.copyOf(questions);
    }
}
