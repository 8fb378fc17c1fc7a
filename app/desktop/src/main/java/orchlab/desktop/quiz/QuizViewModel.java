package orchlab.desktop.quiz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.course.Exercise;
import orchlab.engine.quiz.Question;
import orchlab.engine.quiz.QuestionCheckKind;
import orchlab.engine.quiz.Quiz;
import orchlab.engine.quiz.QuizAnswers;

/**
 * The quiz form of an exercise whose kind answers in a form: one item per question with the learner's choice(s) or
 * text, saved to the workspace's {@code answers.yaml} (what {@code lab check --workspace} grades too), and after
 * Check the verdict and explanation of each answer. JavaFX properties only; runs on the caller's thread.
 */
public final class QuizViewModel {

    /** One question in the form. */
    public static final class Item {
        private final Question question;
        private final ObservableSet<String> picked = FXCollections.observableSet(new LinkedHashSet<>());
        private final StringProperty text = new SimpleStringProperty("");
        private final ObjectProperty<Feedback> feedback = new SimpleObjectProperty<>();

        Item(Question question) {
            this.question = question;
        }

        public Question question() {
            return question;
        }

        /** The choice ids picked (one at most for a single-choice question). */
        public ObservableSet<String> picked() {
            return picked;
        }

        /** The free-text answer of a text question. */
        public StringProperty textProperty() {
            return text;
        }

        /** The verdict after Check; {@code null} before, or after the answer changed. */
        public ReadOnlyObjectProperty<Feedback> feedbackProperty() {
            return feedback;
        }

        Question.Answer answer() {
            return question.type() == Question.Type.TEXT
                    ? (text.get().isBlank() ? Question.Answer.NONE : Question.Answer.of(text.get()))
                    : new Question.Answer(List.copyOf(picked));
        }

        boolean answered() {
            return !answer().values().isEmpty();
        }
    }

    /** What Check said about one answer: right or not, and the explanation (never the right choice of a wrong answer). */
    public record Feedback(boolean right, String message) {
    }

    private final ObservableList<Item> items = FXCollections.observableArrayList();
    private final IntegerProperty answered = new SimpleIntegerProperty();
    private final StringProperty error = new SimpleStringProperty("");
    private Path answersFile;

    /** Shows the exercise's questions with the answers already in {@code workspace/answers.yaml}. */
    public void open(Exercise exercise, Path workspace) {
        answersFile = workspace.resolve(QuestionCheckKind.ANSWERS_FILE);
        QuizAnswers saved;
        try {
            saved = QuizAnswers.read(answersFile);
            error.set("");
        } catch (QuizAnswers.UnreadableAnswersException e) {
            saved = QuizAnswers.empty();
            error.set(e.getMessage() + " — the form starts empty; saving replaces the file");
        }
        items.clear();
        for (Question q : Quiz.questions(exercise)) {
            Item item = new Item(q);
            List<String> values = saved.answer(q.id()).values();
            if (q.type() == Question.Type.TEXT) {
                item.text.set(String.join(" ", values));
            } else {
                values.stream().flatMap(v -> List.of(v.split("[,\\s]+")).stream()).filter(v -> !v.isBlank())
                        .map(v -> v.strip().toLowerCase(java.util.Locale.ROOT))
                        .filter(v -> q.choice(v).isPresent()).forEach(item.picked::add);
            }
            item.picked.addListener((javafx.collections.SetChangeListener<String>) c -> changed(item));
            item.text.addListener((o, a, b) -> changed(item));
            items.add(item);
        }
        count();
    }

    /** Picks (or, for a multiple-choice question, toggles) a choice. A single choice replaces the previous one. */
    public void choose(String questionId, String choiceId, boolean selected) {
        Item item = item(questionId).orElseThrow(() -> new IllegalArgumentException("no question " + questionId));
        if (item.question.type() == Question.Type.SINGLE && selected) {
            item.picked.retainAll(Set.of(choiceId));
            item.picked.add(choiceId);
        } else if (selected) {
            item.picked.add(choiceId);
        } else {
            item.picked.remove(choiceId);
        }
    }

    /** Writes {@code answers.yaml} (atomically) from the form. */
    public void save() throws IOException {
        Map<String, Question.Answer> answers = new LinkedHashMap<>();
        for (Item item : items) {
            answers.put(item.question.id(), item.answer());
        }
        QuizAnswers.write(answersFile, items.stream().map(Item::question).toList(), answers);
        error.set("");
    }

    /** Shows each question's result from a check report (matched by check id = question id). */
    public void show(CheckReport report) {
        for (CheckResult result : report.checks()) {
            item(result.id()).ifPresent(item -> item.feedback.set(new Feedback(result instanceof CheckResult.Passed, result.message())));
        }
    }

    private void changed(Item item) {
        item.feedback.set(null);
        count();
    }

    private void count() {
        answered.set((int) items.stream().filter(Item::answered).count());
    }

    private Optional<Item> item(String id) {
        return items.stream().filter(i -> i.question.id().equals(id)).findFirst();
    }

    public ObservableList<Item> items() {
        return items;
    }

    /** How many questions have an answer. */
    public ReadOnlyIntegerProperty answeredProperty() {
        return answered;
    }

    /** Why the saved answers could not be read, or empty. */
    public StringProperty errorProperty() {
        return error;
    }
}
