package orchlab.engine.quiz;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One question of a quiz: single choice, multiple choice, or a short free-text answer matched against accepted
 * answers ignoring case and spacing. Every answer has an explanation, shown after Check.
 *
 * @param id        the check id; the key of the answer in {@code answers.yaml}
 * @param title     short label (the check's title)
 * @param text      the question, Markdown
 * @param type      how it is answered
 * @param choices   the choices, in order; their ids are {@code a}, {@code b}, {@code c}… (empty for text questions)
 * @param accepted  accepted free-text answers (empty for choice questions)
 * @param explainRight    for a text question: the explanation shown for an accepted answer
 * @param explainOtherwise for a text question: the explanation shown for any other answer
 */
public record Question(String id, String title, String text, Type type, List<Choice> choices, List<String> accepted,
                       String explainRight, String explainOtherwise) {

    public enum Type { SINGLE, MULTIPLE, TEXT }

    /** One choice: its letter id, its text, whether it is right, and why. */
    public record Choice(String id, String text, boolean correct, String explanation) {
    }

    public Question {
        choices = List.copyOf(choices);
        accepted = List.copyOf(accepted);
    }

    /** The letter id of the choice at {@code index}: a, b, … z, then aa, ab…. */
    public static String letter(int index) {
        return index < 26 ? String.valueOf((char) ('a' + index)) : letter(index / 26 - 1) + letter(index % 26);
    }

    public Optional<Choice> choice(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return choices.stream().filter(c -> c.id().equals(wanted)).findFirst();
    }

    /**
     * How free-text answers are compared: lower case, spaces trimmed and collapsed, surrounding quotes or backticks,
     * a closing full stop (or ! ? ; : ,) and one leading article (a, an, the) dropped.
     */
    public static String normalize(String text) {
        String normal = text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        // what a person adds around a short answer without changing it: quotes or backticks, a full stop, an article
        normal = normal.replaceAll("^[\"'`]+|[\"'`]+$", "").replaceAll("[.!?;:,]+$", "").strip();
        normal = normal.replaceAll("^[\"'`]+|[\"'`]+$", "").strip();
        return normal.replaceFirst("^(a|an|the) (?=\\S)", "");
    }

    /**
     * Grades one answer.
     *
     * @param answer the learner's answer: a choice id, a list of choice ids (or one string of ids separated by
     *               commas or spaces) for a multiple-choice question, any text for a text question
     */
    public Grade grade(Answer answer) {
        return switch (type) {
            case TEXT -> gradeText(answer);
            case SINGLE, MULTIPLE -> gradeChoices(answer);
        };
    }

    private Grade gradeText(Answer answer) {
        String given = String.join(" ", answer.values());
        if (given.isBlank()) {
            return Grade.unanswered();
        }
        String normal = normalize(given);
        boolean right = accepted.stream().map(Question::normalize).anyMatch(normal::equals);
        return new Grade(true, right, List.of(given.strip()), List.of(), List.of(right ? explainRight : explainOtherwise), 0);
    }

    private Grade gradeChoices(Answer answer) {
        Set<String> picked = new LinkedHashSet<>();
        for (String value : answer.values()) {
            for (String part : value.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    picked.add(part.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (picked.isEmpty()) {
            return Grade.unanswered();
        }
        List<String> unknown = new ArrayList<>();
        List<String> explanations = new ArrayList<>();
        boolean right = true;
        for (String id : picked) {
            Optional<Choice> choice = choice(id);
            if (choice.isEmpty()) {
                unknown.add(id);
                right = false;
            } else {
                explanations.add(choice.get().id() + ": " + choice.get().explanation());
                right &= choice.get().correct();
            }
        }
        if (type == Type.SINGLE && picked.size() > 1) {
            right = false;
        }
        int missed = (int) choices.stream().filter(c -> c.correct() && !picked.contains(c.id())).count();
        right &= missed == 0;
        return new Grade(true, right, List.copyOf(picked), unknown, explanations, missed);
    }

    /** A learner's answer as read from {@code answers.yaml}: one value, or several for a multiple-choice question. */
    public record Answer(List<String> values) {
        public Answer {
            values = List.copyOf(values);
        }

        public static Answer of(String... values) {
            return new Answer(List.of(values));
        }

        public static final Answer NONE = new Answer(List.of());
    }

    /**
     * The verdict on one answer.
     *
     * @param answered     false when nothing was given
     * @param right        whether the answer is right
     * @param given        what was given (choice ids, or the text)
     * @param unknown      choice ids given that the question does not have
     * @param explanations the explanation of every answer given (for choices: {@code "b: why"})
     * @param missed       right choices not picked (multiple choice); how many, never which
     */
    public record Grade(boolean answered, boolean right, List<String> given, List<String> unknown,
                        List<String> explanations, int missed) {
        static Grade unanswered() {
            return new Grade(false, false, List.of(), List.of(), List.of(), 0);
        }
    }
}
