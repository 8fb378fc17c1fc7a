package orchlab.engine.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Problems;
import orchlab.engine.course.Suggestions;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/**
 * Wrong-answer fixtures of an exercise: {@code exercises/<id>/wrong/<name>/} holds files applied exactly like
 * {@code solution/}, and an {@code expect.yaml} (never applied) that says how the checks must judge them:
 *
 * <pre>
 * why: "replicas is 2, the task asks 3"   # one sentence, shown in the table
 * fail: [three-replicas]                  # ids of checks that MUST fail (others may pass or fail)
 * fields: [spec.replicas]                 # optional: paths that must appear among those checks' failing fields
 * base: solution                          # optional: start from solution/ (or starter/), this folder's files over it
 * </pre>
 *
 * An answer the lab must refuse before any check runs (a chart whose template does not parse, a Dockerfile that does
 * not build) says so instead of {@code fail:}: {@code rejected: "templates/deployment.yaml:8"} — the text the refusal
 * must contain.
 *
 * {@code lab course test} applies each one after setup and requires the exercise to fail as declared: checks tested
 * against wrong answers, not only against the right one.
 */
public final class WrongAnswers {
    public static final String FOLDER = "wrong";
    /** {@code right/<name>/}: an equivalent correct answer (envFrom for env, 0.25 for 250m...) that must pass. */
    public static final String RIGHT_FOLDER = "right";
    public static final String EXPECT = "expect.yaml";
    private static final List<String> KEYS = List.of("why", "fail", "fields", "rejected", "base");
    /** The keys a right answer's optional expect.yaml may hold: it is judged by every check, so only these. */
    private static final List<String> RIGHT_KEYS = List.of("why", "base");
    /** The folders a fixture may start from ({@code base:}). */
    private static final Set<String> BASES = Set.of("solution", "starter");

    private WrongAnswers() {
    }

    /** One wrong answer: its folder, why it is wrong, which checks must fail and which field paths they must name. */
    public record WrongAnswer(String name, Path dir, String why, List<String> fail, List<String> fields, String rejected,
                              boolean right, Optional<Path> base) {
        public WrongAnswer {
            fail = List.copyOf(fail);
            fields = List.copyOf(fields);
            rejected = rejected == null ? "" : rejected;
        }

        public WrongAnswer(String name, Path dir, String why, List<String> fail, List<String> fields, String rejected,
                           boolean right) {
            this(name, dir, why, fail, fields, rejected, right, Optional.empty());
        }

        public WrongAnswer(String name, Path dir, String why, List<String> fail, List<String> fields, String rejected) {
            this(name, dir, why, fail, fields, rejected, false);
        }

        public WrongAnswer(String name, Path dir, String why, List<String> fail, List<String> fields) {
            this(name, dir, why, fail, fields, "", false);
        }

        /** Whether the lab must refuse this answer when it is applied, before any check runs. */
        public boolean mustBeRejected() {
            return !rejected.isEmpty();
        }

        /** {@code wrong/replicas-two}, {@code right/env-from}. */
        public String label() {
            return (right ? RIGHT_FOLDER : FOLDER) + "/" + name;
        }

        /**
         * The files to apply, copied to {@code target}: the {@code base:} folder's files (when it names one), then this
         * folder's files except {@code expect.yaml} over them — a file of the same path replaces the base's.
         */
        public Path stage(Path target) throws IOException {
            Files.createDirectories(target);
            if (base.isPresent()) {
                copyFiles(base.get(), target, false);
            }
            copyFiles(dir, target, true);
            return target;
        }

        private static void copyFiles(Path from, Path target, boolean skipExpect) throws IOException {
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    Path rel = from.relativize(file);
                    if (skipExpect && rel.toString().equals(EXPECT)) {
                        continue;
                    }
                    Path out = target.resolve(rel.toString());
                    Files.createDirectories(out.getParent());
                    Files.copy(file, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Reads and validates every fixture of the exercise; problems (bad keys, unknown check ids, a missing
     * expect.yaml, a fixture with nothing to apply) are reported at their file and line, and such fixtures left out.
     *
     * @param display how a path is shown in messages (relative to the pack)
     */
    public static List<WrongAnswer> read(Exercise exercise, Problems problems, java.util.function.Function<Path, String> display) {
        List<Path> folders = entries(exercise.dir().resolve(FOLDER), "wrong", problems, display);
        Set<String> ids = new LinkedHashSet<>();
        exercise.checks().forEach(c -> ids.add(c.id()));
        List<WrongAnswer> out = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                problems.error(Location.ofFile(display.apply(folder)), "wrong/ holds one folder per wrong answer, not files",
                        "move it into wrong/<name>/ next to an expect.yaml");
                continue;
            }
            read(folder, ids, problems, display).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The exercise's equivalent right answers: each folder under {@code right/} holds files applied exactly like
     * {@code solution/} that must pass every check — the answers a learner may write differently and still be right.
     */
    public static List<WrongAnswer> readRight(Exercise exercise, Problems problems, java.util.function.Function<Path, String> display) {
        List<WrongAnswer> out = new ArrayList<>();
        for (Path folder : entries(exercise.dir().resolve(RIGHT_FOLDER), "right", problems, display)) {
            Path expectFile = folder.resolve(EXPECT);
            if (!Files.isDirectory(folder) || !hasFilesBesides(folder, expectFile)) {
                problems.error(Location.ofFile(display.apply(folder)), "right/ holds one folder per equivalent right answer,"
                        + " each with files laid out like solution/", "move it into right/<name>/");
                continue;
            }
            Optional<Path> base = Optional.empty();
            String why = "an equivalent right answer";
            if (Files.isRegularFile(expectFile)) {
                Optional<YamlDoc> doc = parseExpect(expectFile, problems, display);
                if (doc.isEmpty()) {
                    continue;
                }
                int before = problems.size();
                unknownKeys(doc.get(), RIGHT_KEYS, problems, " of a right answer (it must pass every check)");
                base = base(doc.get(), exercise.dir(), problems, display);
                JsonNode whyNode = doc.get().root().path("why");
                if (whyNode.isTextual() && !whyNode.asText().isBlank()) {
                    why = whyNode.asText();
                }
                if (problems.size() != before) {
                    continue;
                }
            }
            out.add(new WrongAnswer(folder.getFileName().toString(), folder, why, List.of(), List.of(), "", true, base));
        }
        return out;
    }

    private static Optional<YamlDoc> parseExpect(Path expectFile, Problems problems, java.util.function.Function<Path, String> display) {
        YamlDoc doc;
        try {
            doc = YamlDoc.parse(display.apply(expectFile), Files.readString(expectFile));
        } catch (YamlSyntaxException e) {
            problems.error(e.location(), e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            problems.error(Location.ofFile(display.apply(expectFile)), "cannot read: " + e.getMessage());
            return Optional.empty();
        }
        if (!doc.root().isObject()) {
            problems.error(doc.locate(""), "expect.yaml must be a mapping with why: and fail:");
            return Optional.empty();
        }
        return Optional.of(doc);
    }

    private static void unknownKeys(YamlDoc doc, List<String> keys, Problems problems, String context) {
        Iterator<Map.Entry<String, JsonNode>> it = doc.root().fields();
        while (it.hasNext()) {
            String key = it.next().getKey();
            if (!keys.contains(key)) {
                problems.error(doc.locateKey("/" + key), "unknown key '" + key + "' in expect.yaml" + context,
                        Suggestions.didYouMean(key, keys));
            }
        }
    }

    /** {@code base: solution|starter}: the exercise folder the fixture starts from; absent when not given. */
    private static Optional<Path> base(YamlDoc doc, Path exerciseDir, Problems problems,
                                       java.util.function.Function<Path, String> display) {
        JsonNode node = doc.root().path("base");
        if (node.isMissingNode()) {
            return Optional.empty();
        }
        if (!node.isTextual() || !BASES.contains(node.asText())) {
            problems.error(doc.locate("/base"), "'base' names the folder this answer starts from: solution or starter, found "
                    + node, "base: solution");
            return Optional.empty();
        }
        Path folder = exerciseDir.resolve(node.asText());
        if (!Files.isDirectory(folder)) {
            problems.error(doc.locate("/base"), "this exercise has no " + node.asText() + "/ folder to start from",
                    "remove 'base:' and put every file of the answer in this folder");
            return Optional.empty();
        }
        return Optional.of(folder);
    }

    /** The entries of {@code wrong/} or {@code right/}, sorted; none when the folder is absent or unreadable. */
    private static List<Path> entries(Path root, String which, Problems problems, java.util.function.Function<Path, String> display) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.sorted().toList();
        } catch (IOException e) {
            problems.error(Location.ofFile(display.apply(root)), "cannot list the " + which + " answers: " + e.getMessage());
            return List.of();
        }
    }

    /** Whether the folder holds a file to apply other than {@code except} (expect.yaml), or any file when null. */
    private static boolean hasFilesBesides(Path folder, Path except) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).anyMatch(p -> !p.equals(except));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<WrongAnswer> read(Path folder, Set<String> ids, Problems problems,
                                              java.util.function.Function<Path, String> display) {
        String name = folder.getFileName().toString();
        Path expectFile = folder.resolve(EXPECT);
        if (!Files.isRegularFile(expectFile)) {
            problems.error(Location.ofFile(display.apply(folder)), "wrong answer '" + name + "' has no expect.yaml",
                    "add wrong/" + name + "/expect.yaml with why: and fail: [check ids]");
            return Optional.empty();
        }
        if (!hasFilesBesides(folder, expectFile)) {
            problems.error(Location.ofFile(display.apply(folder)), "wrong answer '" + name + "' has nothing to apply besides expect.yaml",
                    "put the wrong files next to expect.yaml, laid out like solution/");
            return Optional.empty();
        }
        Optional<YamlDoc> parsed = parseExpect(expectFile, problems, display);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        YamlDoc doc = parsed.get();
        JsonNode root = doc.root();
        int before = problems.size();
        unknownKeys(doc, KEYS, problems, "");
        Optional<Path> base = base(doc, folder.getParent().getParent(), problems, display);
        JsonNode why = root.path("why");
        if (!why.isTextual() || why.asText().isBlank()) {
            problems.error(doc.locate(why.isMissingNode() ? "" : "/why"), "expect.yaml needs 'why:' — one sentence on what is wrong",
                    "why: \"replicas is 2, the task asks 3\"");
        }
        JsonNode rejected = root.path("rejected");
        if (!rejected.isMissingNode()) {
            if (!rejected.isTextual() || rejected.asText().isBlank()) {
                problems.error(doc.locate("/rejected"), "'rejected' must be the text the lab's refusal contains",
                        "rejected: \"templates/deployment.yaml:8\"");
            }
            for (String key : List.of("fail", "fields")) {
                if (root.has(key)) {
                    problems.error(doc.locateKey("/" + key), "a rejected answer never reaches the checks: '" + key
                            + "' cannot be judged", "remove '" + key + ":' or 'rejected:'");
                }
            }
            if (problems.size() != before || !why.isTextual() || why.asText().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new WrongAnswer(name, folder, why.asText(), List.of(), List.of(), rejected.asText(), false, base));
        }
        List<String> fail = strings(doc, "fail", problems);
        if (root.has("fail") && fail.isEmpty() && problems.size() == before) {
            problems.error(doc.locate("/fail"), "'fail' must name at least one check that must fail");
        } else if (!root.has("fail")) {
            problems.error(doc.locate(""), "expect.yaml needs 'fail:' — the ids of the checks this answer must fail (or 'rejected:' when the lab refuses it)",
                    "fail: [" + String.join(", ", ids.stream().limit(1).toList()) + "]");
        }
        for (int i = 0; i < fail.size(); i++) {
            if (!ids.contains(fail.get(i))) {
                problems.error(doc.locate("/fail/" + i), "no check '" + fail.get(i) + "' in this exercise",
                        Suggestions.didYouMean(fail.get(i), ids));
            }
        }
        List<String> fields = root.has("fields") ? strings(doc, "fields", problems) : List.of();
        if (problems.size() != before) {
            return Optional.empty();
        }
        return Optional.of(new WrongAnswer(name, folder, why.asText(), fail, fields, "", false, base));
    }

    private static List<String> strings(YamlDoc doc, String key, Problems problems) {
        JsonNode node = doc.root().path(key);
        if (node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.error(doc.locate("/" + key), "'" + key + "' must be a list, like [a, b]");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual() || node.get(i).asText().isBlank()) {
                problems.error(doc.locate("/" + key + "/" + i), "'" + key + "' lists text, found " + node.get(i));
            } else {
                out.add(node.get(i).asText());
            }
        }
        return out;
    }
}
