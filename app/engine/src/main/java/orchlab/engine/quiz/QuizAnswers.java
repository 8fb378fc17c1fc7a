package orchlab.engine.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orchlab.engine.workspace.Workspaces;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/**
 * A learner's {@code answers.yaml}: question id → answer (a choice id like {@code b}, a list of choice ids like
 * {@code [a, c]}, or a short text). What {@code lab check --workspace DIR} grades and what the app's quiz form writes.
 */
public final class QuizAnswers {
    private final boolean exists;
    private final Map<String, Question.Answer> answers;

    private QuizAnswers(boolean exists, Map<String, Question.Answer> answers) {
        this.exists = exists;
        this.answers = Map.copyOf(answers);
    }

    public static QuizAnswers empty() {
        return new QuizAnswers(false, Map.of());
    }

    /** Reads the answers; a missing file is {@link #exists()} false, a malformed one an exception naming the line. */
    public static QuizAnswers read(Path file) throws UnreadableAnswersException {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        String name = file.getFileName().toString();
        YamlDoc doc;
        try {
            doc = YamlDoc.parse(name, Files.readString(file));
        } catch (YamlSyntaxException e) {
            throw new UnreadableAnswersException(e.getMessage());
        } catch (IOException e) {
            throw new UnreadableAnswersException("cannot read " + name + ": " + e.getMessage());
        }
        JsonNode root = doc.root();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return new QuizAnswers(true, Map.of());
        }
        if (!root.isObject()) {
            throw new UnreadableAnswersException(doc.locate("") + ": " + name
                    + " must map each question id to its answer (like 'portability: b'), not be a list or a text");
        }
        Map<String, Question.Answer> map = new LinkedHashMap<>();
        var fields = root.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            JsonNode value = entry.getValue();
            List<String> values = new ArrayList<>();
            if (value.isArray()) {
                for (JsonNode item : value) {
                    if (item.isContainerNode()) {
                        throw new UnreadableAnswersException(doc.locate("/" + entry.getKey()) + ": the answer to "
                                + entry.getKey() + " must be a choice id, a list of choice ids or a text");
                    }
                    values.add(item.asText());
                }
            } else if (value.isObject()) {
                throw new UnreadableAnswersException(doc.locate("/" + entry.getKey()) + ": the answer to "
                        + entry.getKey() + " must be a choice id, a list of choice ids or a text, not a mapping");
            } else if (!value.isNull()) {
                values.add(value.asText());
            }
            map.put(entry.getKey(), new Question.Answer(values));
        }
        return new QuizAnswers(true, map);
    }

    public boolean exists() {
        return exists;
    }

    public Question.Answer answer(String questionId) {
        return answers.getOrDefault(questionId, Question.Answer.NONE);
    }

    /**
     * Writes answers in the questions' order (atomically): single choices and texts as one value, multiple choices
     * as a list; unanswered questions as an empty value, so the file shows what is left.
     */
    public static void write(Path file, List<Question> questions, Map<String, Question.Answer> answers) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
        ObjectNode root = yaml.createObjectNode();
        for (Question q : questions) {
            Question.Answer a = answers.getOrDefault(q.id(), Question.Answer.NONE);
            if (q.type() == Question.Type.MULTIPLE) {
                ArrayNode list = root.putArray(q.id());
                a.values().forEach(list::add);
            } else if (a.values().isEmpty()) {
                root.putNull(q.id());
            } else {
                root.put(q.id(), String.join(" ", a.values()));
            }
        }
        Workspaces.writeAtomically(file, yaml.writeValueAsString(root));
    }

    /** {@code answers.yaml} is not valid YAML or not a mapping; the message names the line. */
    public static final class UnreadableAnswersException extends Exception {
        public UnreadableAnswersException(String message) {
            super(message);
        }
    }
}
