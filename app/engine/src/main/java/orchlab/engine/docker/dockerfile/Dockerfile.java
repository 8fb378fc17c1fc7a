package orchlab.engine.docker.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import orchlab.engine.course.Suggestions;

/**
 * A parsed Dockerfile: parser directives, instructions with their line numbers, and build stages.
 *
 * <p>Follows the Dockerfile reference: parser directives ({@code # syntax=}, {@code # escape=})
 * only at the very top; the escape character (backslash, or backtick after {@code # escape=`})
 * at the end of a line continues the instruction, and comment or blank lines inside a continued
 * instruction are dropped; arguments that are a JSON array of strings are the exec form,
 * anything else (including broken JSON) the shell form; here-documents after RUN, COPY and ADD
 * are attached to their instruction. Parsing never fails: what makes no sense becomes a
 * {@link ParseProblem} at its line, so an editor can underline it while the learner types.
 */
public final class Dockerfile {
    /** Every instruction the Dockerfile reference knows. */
    public static final Set<String> INSTRUCTIONS = Set.of("FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE",
            "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL",
            "HEALTHCHECK", "SHELL");
    private static final Set<String> WITH_FLAGS = Set.of("FROM", "RUN", "COPY", "ADD", "HEALTHCHECK");
    private static final Set<String> WITH_EXEC_FORM = Set.of("RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME");
    private static final Set<String> WITH_HEREDOCS = Set.of("RUN", "COPY", "ADD");
    private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)\\s*([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, String> directives;
    private final char escape;
    private final List<Instruction> instructions;
    private final List<Instruction> globalArgs;
    private final List<Stage> stages;
    private final List<ParseProblem> problems;
    private final int lineCount;

    private Dockerfile(Map<String, String> directives, char escape, List<Instruction> instructions,
                       List<Instruction> globalArgs, List<Stage> stages, List<ParseProblem> problems, int lineCount) {
        this.directives = Collections.unmodifiableMap(directives);
        this.escape = escape;
        this.instructions = List.copyOf(instructions);
        this.globalArgs = List.copyOf(globalArgs);
        this.stages = List.copyOf(stages);
        this.problems = List.copyOf(problems);
        this.lineCount = lineCount;
    }

    /** Parses Dockerfile text; never throws. */
    public static Dockerfile parse(String text) {
        return new Parser(text).parse();
    }

    /** Parser directives from the top of the file ({@code syntax}, {@code escape}, {@code check}), lower-case keys. */
    public Map<String, String> directives() {
        return directives;
    }

    /** The line-continuation character: {@code \} unless {@code # escape=`}. */
    public char escape() {
        return escape;
    }

    public List<Instruction> instructions() {
        return instructions;
    }

    /** ARG instructions before the first FROM (usable in FROM lines). */
    public List<Instruction> globalArgs() {
        return globalArgs;
    }

    public List<Stage> stages() {
        return stages;
    }

    /** The stage the built image comes from (the last one), if there is any FROM. */
    public Optional<Stage> finalStage() {
        return stages.isEmpty() ? Optional.empty() : Optional.of(stages.get(stages.size() - 1));
    }

    /** The stage with this {@code AS} name (case-insensitive), if any. */
    public Optional<Stage> stage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return stages.stream().filter(s -> s.name().map(lower::equals).orElse(false)).findFirst();
    }

    public List<ParseProblem> problems() {
        return problems;
    }

    /** Number of physical lines. */
    public int lineCount() {
        return lineCount;
    }

    /** The stage an instruction belongs to, if it comes after a FROM. */
    public Optional<Stage> stageOf(Instruction instruction) {
        for (Stage stage : stages) {
            if (stage.from() == instruction || stage.instructions().contains(instruction)) {
                return Optional.of(stage);
            }
        }
        return Optional.empty();
    }

    private static final class Parser {
        private final String[] lines;
        private final Map<String, String> directives = new LinkedHashMap<>();
        private final List<Instruction> instructions = new ArrayList<>();
        private final List<ParseProblem> problems = new ArrayList<>();
        private char escape = '\\';
        private int next;

        Parser(String text) {
            String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
            String[] split = t.split("\r\n|\r|\n", -1);
            if (split.length > 0 && split[split.length - 1].isEmpty()) {
                split = java.util.Arrays.copyOf(split, split.length - 1);
            }
            this.lines = split;
        }

        Dockerfile parse() {
            readDirectives();
            while (next < lines.length) {
                String trimmed = lines[next].trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    next++;
                    continue;
                }
                readInstruction();
            }
            return assemble();
        }

        private void readDirectives() {
            while (next < lines.length) {
                Matcher m = DIRECTIVE.matcher(lines[next].trim());
                if (!m.matches()) {
                    return;
                }
                String name = m.group(1).toLowerCase(Locale.ROOT);
                if (!DIRECTIVES.contains(name)) {
                    return; // an unknown directive is a comment, and a comment ends the directives
                }
                if (directives.containsKey(name)) {
                    problems.add(new ParseProblem(next + 1, "parser directive '" + name + "' is given twice",
                            "keep one '# " + name + "=' line"));
                } else {
                    directives.put(name, m.group(2));
                }
                if (name.equals("escape")) {
                    String value = m.group(2);
                    if (value.equals("\\") || value.equals("`")) {
                        escape = value.charAt(0);
                    } else {
                        problems.add(new ParseProblem(next + 1, "invalid escape character '" + value + "'",
                                "use '# escape=\\' or '# escape=`'"));
                    }
                }
                next++;
            }
        }

        private void readInstruction() {
            int start = next;
            StringBuilder logical = new StringBuilder();
            String current = lines[next];
            while (true) {
                String stripped = stripTrailing(current);
                if (!stripped.isEmpty() && stripped.charAt(stripped.length() - 1) == escape) {
                    logical.append(stripped, 0, stripped.length() - 1);
                    next++;
                    while (next < lines.length && (lines[next].trim().isEmpty() || lines[next].trim().startsWith("#"))) {
                        next++;
                    }
                    if (next >= lines.length) {
                        next--;
                        break;
                    }
                    current = lines[next];
                } else {
                    logical.append(stripped);
                    break;
                }
            }
            int endLine = next + 1;
            next++;

            String text = logical.toString().stripLeading();
            int space = indexOfBlank(text);
            String word = space < 0 ? text : text.substring(0, space);
            String rest = space < 0 ? "" : text.substring(space).strip();
            String keyword = word.toUpperCase(Locale.ROOT);
            if (!INSTRUCTIONS.contains(keyword)) {
                problems.add(new ParseProblem(start + 1, "unknown instruction '" + word + "'", suggest(keyword)));
                keyword = word;
            }

            List<Flag> flags = new ArrayList<>();
            if (WITH_FLAGS.contains(keyword)) {
                while (rest.startsWith("--")) {
                    int end = indexOfBlank(rest);
                    String token = end < 0 ? rest : rest.substring(0, end);
                    rest = end < 0 ? "" : rest.substring(end).strip();
                    int eq = token.indexOf('=');
                    flags.add(eq < 0 ? new Flag(token.substring(2), "") : new Flag(token.substring(2, eq), token.substring(eq + 1)));
                }
            }

            Optional<List<String>> exec = Optional.empty();
            if (WITH_EXEC_FORM.contains(keyword) && rest.startsWith("[")) {
                exec = jsonArray(rest);
            }

            List<Heredoc> heredocs = new ArrayList<>();
            if (WITH_HEREDOCS.contains(keyword) && exec.isEmpty()) {
                Matcher m = HEREDOC.matcher(rest);
                while (m.find()) {
                    heredocs.add(readHeredoc(m.group(3), !m.group(1).isEmpty(), start + 1));
                }
                if (!heredocs.isEmpty()) {
                    endLine = heredocs.get(heredocs.size() - 1).endLine();
                }
            }

            if (rest.isEmpty() && INSTRUCTIONS.contains(keyword) && heredocs.isEmpty()) {
                problems.add(new ParseProblem(start + 1, keyword + " needs arguments", example(keyword)));
            }
            instructions.add(new Instruction(keyword, start + 1, endLine, flags, rest, exec, heredocs));
        }

        private Heredoc readHeredoc(String delimiter, boolean stripTabs, int instructionLine) {
            int first = next;
            StringBuilder body = new StringBuilder();
            while (next < lines.length) {
                String line = lines[next];
                String compare = stripTabs ? line.replaceFirst("^\t+", "") : line;
                if (compare.equals(delimiter)) {
                    Heredoc doc = new Heredoc(delimiter, body.toString(), first + 1, next + 1);
                    next++;
                    return doc;
                }
                if (body.length() > 0) {
                    body.append('\n');
                }
                body.append(compare);
                next++;
            }
            problems.add(new ParseProblem(instructionLine, "here-document <<" + delimiter + " is never closed",
                    "end it with a line that reads exactly " + delimiter));
            return new Heredoc(delimiter, body.toString(), first + 1, Math.max(first + 1, lines.length));
        }

        private Dockerfile assemble() {
            List<Instruction> globalArgs = new ArrayList<>();
            List<Stage> stages = new ArrayList<>();
            Instruction from = null;
            List<Instruction> body = new ArrayList<>();
            Map<String, Integer> names = new LinkedHashMap<>();
            for (Instruction instruction : instructions) {
                if (instruction.is("FROM")) {
                    if (from != null) {
                        stages.add(stage(stages.size(), from, body, names));
                    }
                    from = instruction;
                    body = new ArrayList<>();
                } else if (from == null) {
                    if (instruction.is("ARG")) {
                        globalArgs.add(instruction);
                    } else if (INSTRUCTIONS.contains(instruction.keyword())) {
                        problems.add(new ParseProblem(instruction.line(), instruction.keyword() + " before the first FROM",
                                "only ARG may come before FROM; start the stage with FROM <image>"));
                    }
                } else {
                    body.add(instruction);
                }
            }
            if (from != null) {
                stages.add(stage(stages.size(), from, body, names));
            } else {
                problems.add(new ParseProblem(1, "no FROM instruction", "start with FROM <image>, e.g. FROM python:3.12-slim"));
            }
            problems.sort(java.util.Comparator.comparingInt(ParseProblem::line));
            return new Dockerfile(directives, escape, instructions, globalArgs, stages, problems, lines.length);
        }

        private Stage stage(int index, Instruction from, List<Instruction> body, Map<String, Integer> names) {
            List<String> words = from.words();
            Optional<String> name = Optional.empty();
            String image = words.isEmpty() ? "" : words.get(0);
            if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
                String n = words.get(2).toLowerCase(Locale.ROOT);
                name = Optional.of(n);
                Integer earlier = names.putIfAbsent(n, from.line());
                if (earlier != null) {
                    problems.add(new ParseProblem(from.line(), "stage name '" + n + "' is already used on line " + earlier,
                            "give each stage its own name"));
                }
            } else if (words.size() > 1) {
                problems.add(new ParseProblem(from.line(), "FROM expects 'image [AS name]' but got '" + from.arguments() + "'",
                        "write FROM <image>:<tag> AS <name>"));
            }
            return new Stage(index, name, from, ImageRef.parse(image), body);
        }

        private static Optional<List<String>> jsonArray(String text) {
            try {
                JsonNode node = JSON.readTree(text);
                if (node == null || !node.isArray()) {
                    return Optional.empty();
                }
                List<String> items = new ArrayList<>();
                for (JsonNode item : node) {
                    if (!item.isTextual()) {
                        return Optional.empty();
                    }
                    items.add(item.textValue());
                }
                return Optional.of(items);
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        }

        private static String stripTrailing(String s) {
            return s.stripTrailing();
        }

        private static int indexOfBlank(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.isWhitespace(s.charAt(i))) {
                    return i;
                }
            }
            return -1;
        }

        private static String suggest(String keyword) {
            String best = null;
            int bestDistance = 3;
            for (String known : INSTRUCTIONS) {
                int d = Suggestions.distance(keyword, known);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = known;
                }
            }
            return best == null ? "use one of FROM, RUN, COPY, WORKDIR, USER, EXPOSE, CMD, ..." : "did you mean " + best + "?";
        }

        private static String example(String keyword) {
            return switch (keyword) {
                case "FROM" -> "e.g. FROM python:3.12-slim";
                case "CMD" -> "e.g. CMD [\"python\", \"app.py\"]";
                case "USER" -> "e.g. USER app";
                case "WORKDIR" -> "e.g. WORKDIR /app";
                case "COPY" -> "e.g. COPY app.py .";
                default -> "write what " + keyword + " should do after the keyword";
            };
        }
    }
}
