package orchlab.engine.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.course.YamlFields;

/**
 * {@code kind: question} — one question of a quiz, graded from the learner's {@code answers.yaml}. Reads a file
 * only: it does not wait, and needs no sandbox.
 *
 * <pre>
 * - id: portability
 *   title: Portability
 *   kind: question
 *   question: Which sentence describes what an image carries?
 *   choices:                      # a, b, c… in this order; `multiple: true` when several are right
 *     - text: The app and everything it needs except the kernel
 *       correct: true
 *       explain: An image holds the app, its runtime and libraries; containers share the host's kernel.
 *     - text: A whole virtual machine with its own kernel
 *       explain: That is a VM image. A container image has no kernel of its own.
 * - id: unit
 *   title: The unit Kubernetes schedules
 *   kind: question
 *   question: What is the smallest object Kubernetes schedules onto a node?
 *   accept: [pod, pods]           # case, spacing, quotes, a full stop, a leading article do not matter
 *   explain: A Pod — one or more containers that share a network namespace.
 *   otherwise: Kubernetes never schedules a bare container, nor a Deployment (that manages Pods).
 * </pre>
 */
public final class QuestionCheckKind implements CheckKind {
    /** The file in the learner's workspace that holds the answers. */
    public static final String ANSWERS_FILE = "answers.yaml";

    @Override
    public String name() {
        return "question";
    }

    @Override
    public String summary() {
        return "a quiz question (single or multiple choice, or short text) graded from the workspace's answers.yaml";
    }

    @Override
    public Set<String> keys() {
        return Set.of("question", "choices", "multiple", "accept", "explain", "otherwise");
    }

    @Override
    public SandboxKind needs() {
        return null;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        return read(spec, problems).map(Prepared::new).orElse(null);
    }

    /** The question a check describes, or empty after adding every mistake to {@code problems}, located. */
    public static Optional<Question> read(CheckSpec spec, Problems problems) {
        YamlFields fields = new YamlFields(spec.source(), spec.pointer(), problems, "question " + spec.id());
        int before = problems.size();
        Optional<String> text = fields.string("question", true);
        boolean hasChoices = fields.has("choices");
        boolean hasAccept = fields.has("accept");
        if (hasChoices == hasAccept) {
            problems.error(spec.location(), "question " + spec.id() + " needs either 'choices' (single or multiple choice) or 'accept' (short text answers), "
                    + (hasChoices ? "not both" : "found neither"));
            return Optional.empty();
        }
        if (hasChoices) {
            return readChoices(spec, fields, problems, text, before);
        }
        for (String key : List.of("multiple")) {
            if (fields.has(key)) {
                problems.error(spec.locate(key), "'" + key + "' is only for questions with 'choices'", "remove it");
            }
        }
        List<String> accepted = fields.strings("accept", true);
        if (fields.has("accept") && accepted.stream().allMatch(String::isBlank)) {
            problems.error(spec.locate("accept"), "'accept' needs at least one non-empty answer");
        }
        Optional<String> explain = fields.string("explain", true);
        Optional<String> otherwise = fields.string("otherwise", true);
        if (problems.size() > before || text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question(spec.id(), spec.title(), text.get(), Question.Type.TEXT, List.of(), accepted,
                explain.orElse(""), otherwise.orElse("")));
    }

    private static Optional<Question> readChoices(CheckSpec spec, YamlFields fields, Problems problems, Optional<String> text,
                                                  int before) {
        for (String key : List.of("accept", "explain", "otherwise")) {
            if (fields.has(key)) {
                problems.error(spec.locate(key), "'" + key + "' is only for short-text questions (with 'accept'); a choice explains itself with its own 'explain'",
                        "move it into the choices");
            }
        }
        JsonNode list = spec.get("choices");
        if (!list.isArray() || list.size() < 2) {
            problems.error(spec.locate("choices"), "'choices' must be a list of at least two choices, found " + YamlFields.typeName(list));
            return Optional.empty();
        }
        List<Question.Choice> choices = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String pointer = spec.pointer() + "/choices/" + i;
            YamlFields choice = new YamlFields(spec.source(), pointer, problems, "choice " + Question.letter(i));
            if (!choice.requireObject()) {
                continue;
            }
            choice.allowOnly(Set.of("text", "correct", "explain"));
            Optional<String> choiceText = choice.string("text", true);
            Optional<String> explain = choice.string("explain", true);
            JsonNode correct = choice.node().path("correct");
            if (!correct.isMissingNode() && !correct.isBoolean()) {
                problems.error(choice.locate("correct"), "'correct' must be true or false, found " + YamlFields.typeName(correct));
            }
            choices.add(new Question.Choice(Question.letter(i), choiceText.orElse(""), correct.asBoolean(false), explain.orElse("")));
        }
        long right = choices.stream().filter(Question.Choice::correct).count();
        JsonNode multipleNode = spec.get("multiple");
        if (!multipleNode.isMissingNode() && !multipleNode.isBoolean()) {
            problems.error(spec.locate("multiple"), "'multiple' must be true or false, found " + YamlFields.typeName(multipleNode));
        }
        boolean multiple = multipleNode.asBoolean(right > 1);
        if (right == 0 && choices.size() == list.size()) {
            problems.error(spec.locate("choices"), "question " + spec.id() + " has no right choice", "mark the right one with 'correct: true'");
        }
        if (right > 1 && !multiple) {
            problems.error(spec.locate("multiple"), "question " + spec.id() + " has " + right + " right choices but says 'multiple: false'",
                    "mark one choice right, or remove 'multiple: false'");
        }
        if (problems.size() > before || text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question(spec.id(), spec.title(), text.get(), multiple ? Question.Type.MULTIPLE : Question.Type.SINGLE,
                choices, List.of(), "", ""));
    }

    private record Prepared(Question question) implements PreparedCheck {
        @Override
        public boolean polls() {
            return false;
        }

        @Override
        public Outcome attempt(CheckContext context) {
            Path file = context.workspace().resolve(ANSWERS_FILE);
            QuizAnswers answers;
            try {
                answers = QuizAnswers.read(file);
            } catch (QuizAnswers.UnreadableAnswersException e) {
                return Outcome.fail(ANSWERS_FILE, e.getMessage());
            }
            if (!answers.exists()) {
                return Outcome.notFound(ANSWERS_FILE, ANSWERS_FILE + " not found in your workspace — answer the questions first");
            }
            return outcome(question, answers.answer(question.id()));
        }
    }

    /** The check result for one graded answer: what was given, whether it is right, and the explanations. */
    static Outcome outcome(Question question, Question.Answer answer) {
        String where = ANSWERS_FILE + ": " + question.id();
        Question.Grade grade = question.grade(answer);
        if (!grade.answered()) {
            return Outcome.notFound(where, "not answered yet",
                    List.of(FieldFailure.missing(question.id(), expected(question))));
        }
        String given = String.join(", ", grade.given());
        String why = String.join(" ", grade.explanations());
        if (grade.right()) {
            return Outcome.pass(where, "right (" + given + ") — " + why);
        }
        StringBuilder message = new StringBuilder("not right (" + given + ")");
        if (!grade.unknown().isEmpty()) {
            message.append(" — no choice ").append(String.join(", ", grade.unknown())).append("; the choices are ")
                    .append(String.join(", ", question.choices().stream().map(Question.Choice::id).toList()));
        }
        if (question.type() == Question.Type.SINGLE && grade.given().size() > 1) {
            message.append(" — pick one choice only");
        }
        if (question.type() == Question.Type.MULTIPLE && grade.missed() > 0 && grade.unknown().isEmpty()) {
            message.append(" — ").append(grade.missed()).append(grade.missed() == 1 ? " right choice is" : " right choices are")
                    .append(" missing");
        }
        if (!why.isEmpty()) {
            message.append(" — ").append(why);
        }
        return Outcome.fail(where, message.toString(), List.of(FieldFailure.different(question.id(), expected(question), given)));
    }

    private static String expected(Question question) {
        return switch (question.type()) {
            case SINGLE -> "one right choice";
            case MULTIPLE -> "every right choice";
            case TEXT -> "an accepted answer";
        };
    }
}
