package orchlab.engine.kind.builtin;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.kind.ExerciseKind;

/**
 * {@code kind: quiz}: questions ({@code kind: question} checks) answered in {@code answers.yaml}, which the app fills
 * in through a form. Needs no sandbox; reset only clears the answers.
 */
public final class QuizExerciseKind implements ExerciseKind {

    @Override
    public String name() {
        return "quiz";
    }

    @Override
    public String summary() {
        return "questions (single/multiple choice, short text) answered in answers.yaml; needs no sandbox";
    }

    @Override
    public Optional<String> section() {
        return Optional.empty();
    }

    @Override
    public Set<SandboxKind> needs() {
        return Set.of();
    }

    @Override
    public Workspace workspace() {
        return Workspace.ANSWERS_FORM;
    }

    @Override
    public List<StepLabel> steps() {
        return List.of();
    }

    @Override
    public String applying(String file) {
        return "Saving your answers";
    }

    @Override
    public String applied(String file) {
        return "Saved " + file + ": ";
    }

    @Override
    public String resetRemoves(Exercise exercise, String namespace) {
        return "your answers are cleared (a quiz uses no sandbox, so nothing else is touched)";
    }

    @Override
    public String resetDone(Exercise exercise, String namespace) {
        return "Your answers were cleared.";
    }

    @Override
    public String whereItRuns(Exercise exercise, String namespace) {
        return "Quiz · no sandbox needed";
    }
}
