package orchlab.engine.lint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.docker.dockerfile.Dockerfile;
import orchlab.engine.docker.dockerfile.DockerfileRules;
import orchlab.engine.docker.dockerfile.RuleViolation;
import orchlab.engine.lint.LintMark.Severity;
import orchlab.engine.manifest.LintIssue;
import orchlab.engine.manifest.ManifestLinter;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/**
 * Lints a workspace file while the learner types, for editor underlines.
 *
 * <ul>
 *   <li>{@code *.yaml}, {@code *.yml}: tabs in indentation (every such line; when they stop the file from
 *       parsing, it is read again with the tabs as spaces so the other mistakes still show), YAML syntax, keys written twice;
 *       documents that have both {@code apiVersion} and {@code kind} are also checked as Kubernetes objects by
 *       {@link ManifestLinter} (unknown fields with a suggestion, values of the wrong type). Other YAML
 *       (docker-compose.yaml, Chart.yaml, values.yaml) gets the YAML checks only. Files with Go template
 *       actions ({@code {{ ... }}}, Helm templates) are not valid YAML before rendering: they get the tab check only.</li>
 *   <li>{@code Dockerfile}, {@code *.Dockerfile}, {@code Dockerfile.*}: {@link Dockerfile#parse} and
 *       {@link DockerfileRules} (the rules on by default, or the given ids; parse problems, rule DL1000, always).</li>
 *   <li>anything else: no marks.</li>
 * </ul>
 *
 * <p>Never throws, whatever the text: an internal failure becomes one {@link Severity#INFO} mark with
 * source {@value #INTERNAL} saying the file could not be checked. Thread-safe: one instance may lint from
 * several background threads at once.
 */
public final class WorkspaceLinter {
    /** Source of the mark that replaces a linter failure. */
    public static final String INTERNAL = "internal";
    /** Source of YAML syntax marks. */
    public static final String YAML = "yaml";
    /** Source of Kubernetes schema marks. */
    public static final String KUBERNETES = "kubernetes";

    static final String TAB_MESSAGE = "Tab character in the indentation: YAML indents with spaces only, replace the tab with spaces.";

    private final ManifestLinter manifests;

    public WorkspaceLinter() {
        this(new ManifestLinter());
    }

    public WorkspaceLinter(ManifestLinter manifests) {
        this.manifests = manifests;
    }

    /** The kind of file a name is, for linting and highlighting. */
    public enum FileKind {
        YAML, DOCKERFILE, OTHER;

        /** By the last path segment: {@code deploy/web.yaml}, {@code Dockerfile}, {@code api.Dockerfile}, {@code Dockerfile.dev}. */
        public static FileKind of(String fileName) {
            if (fileName == null) {
                return OTHER;
            }
            String name = fileName;
            int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
            if (slash >= 0) {
                name = name.substring(slash + 1);
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
                return YAML;
            }
            if (lower.equals("dockerfile") || lower.endsWith(".dockerfile") || lower.startsWith("dockerfile.")) {
                return DOCKERFILE;
            }
            return OTHER;
        }
    }

    /** Marks for a file; Dockerfiles are checked with the rules that are on by default. Sorted by position. */
    public List<LintMark> lint(String fileName, String text) {
        return lint(fileName, text, null);
    }

    /**
     * Marks for a file, sorted by line and column.
     *
     * @param dockerfileRuleIds the Dockerfile rules to run (an exercise's list); {@code null} or empty for the
     *                          default rules; ignored for YAML
     */
    public List<LintMark> lint(String fileName, String text, Set<String> dockerfileRuleIds) {
        String source = text == null ? "" : text;
        try {
            List<LintMark> marks = switch (FileKind.of(fileName)) {
                case YAML -> lintYaml(fileName, source);
                case DOCKERFILE -> lintDockerfile(source, dockerfileRuleIds);
                case OTHER -> List.of();
            };
            List<LintMark> sorted = new ArrayList<>(marks);
            sorted.sort(Comparator.comparingInt(LintMark::line).thenComparingInt(LintMark::column));
            return List.copyOf(sorted);
        } catch (RuntimeException | StackOverflowError e) {
            return List.of(new LintMark(1, 1, 0, Severity.INFO,
                    "The lab could not check " + fileName + " while you type (" + e.getClass().getSimpleName()
                            + "); the checks still run when you apply or check it.", INTERNAL));
        }
    }

    // ---------------------------------------------------------------- YAML

    private List<LintMark> lintYaml(String fileName, String text) {
        Lines lines = new Lines(text);
        List<LintMark> marks = new ArrayList<>();
        Set<Integer> tabLines = new HashSet<>();
        for (int n = 1; n <= lines.count(); n++) {
            String line = lines.get(n);
            int indentEnd = indentEnd(line);
            int tab = line.indexOf('\t');
            if (tab >= 0 && tab < indentEnd) {
                tabLines.add(n);
                marks.add(new LintMark(n, tab + 1, indentEnd + 1, Severity.ERROR, TAB_MESSAGE, YAML));
            }
        }
        if (text.contains("{{")) {
            return marks;
        }
        try {
            marks.addAll(documentMarks(YamlDoc.parseAll(fileName, text), lines));
            return marks;
        } catch (YamlSyntaxException e) {
            if (!tabLines.isEmpty()) {
                Optional<List<LintMark>> asSpaces = withTabsAsSpaces(fileName, lines, tabLines);
                if (asSpaces.isPresent()) {
                    marks.addAll(asSpaces.get());
                    return marks;
                }
            }
            Location at = e.location();
            int line = lines.clamp(at.line());
            if (!tabLines.contains(line)) {
                marks.add(tokenMark(lines, line, at.column(), Severity.ERROR, sentence(e.getMessage()), YAML));
            }
            return marks;
        }
    }

    /** Duplicate keys in any YAML document; Kubernetes schema issues in documents with apiVersion and kind. */
    private List<LintMark> documentMarks(List<YamlDoc> docs, Lines lines) {
        List<LintMark> marks = new ArrayList<>();
        for (YamlDoc doc : docs) {
            for (String pointer : doc.duplicateKeys()) {
                Location at = doc.locateKey(pointer);
                String key = pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
                marks.add(tokenMark(lines, lines.clamp(at.line()), at.column(), Severity.WARNING,
                        "The key \"" + key + "\" is written twice in the same mapping; only this later value counts. Remove one of them.",
                        YAML));
            }
            if (isKubernetesObject(doc.root())) {
                for (LintIssue issue : manifests.lint(doc)) {
                    marks.add(tokenMark(lines, lines.clamp(issue.line()), issue.column(),
                            issue.error() ? Severity.ERROR : Severity.WARNING, sentence(issue.message()), KUBERNETES));
                }
            }
        }
        return marks;
    }

    /**
     * When tabs in the indentation are why a file does not parse, the other mistakes (a misspelt field) should
     * still show. Reads the file again with each indenting tab expanded to the next tab stop (2, 4 or 8 wide),
     * keeps the reading that parses with the fewest marks, and maps the columns back to the original lines.
     */
    private Optional<List<LintMark>> withTabsAsSpaces(String fileName, Lines lines, Set<Integer> tabLines) {
        List<LintMark> best = null;
        for (int width : new int[] {2, 4, 8}) {
            StringBuilder expanded = new StringBuilder();
            for (int n = 1; n <= lines.count(); n++) {
                String line = lines.get(n);
                expanded.append(tabLines.contains(n) ? expandIndent(line, width) : line);
                if (n < lines.count()) {
                    expanded.append('\n');
                }
            }
            Lines expandedLines = new Lines(expanded.toString());
            List<LintMark> found;
            try {
                found = documentMarks(YamlDoc.parseAll(fileName, expanded.toString()), expandedLines);
            } catch (YamlSyntaxException e) {
                continue;
            }
            if (best == null || found.size() < best.size()) {
                List<LintMark> mapped = new ArrayList<>(found.size());
                for (LintMark mark : found) {
                    mapped.add(tabLines.contains(mark.line()) ? remap(mark, lines.get(mark.line()), expandedLines.get(mark.line())) : mark);
                }
                best = mapped;
                if (best.isEmpty()) {
                    break;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static String expandIndent(String line, int width) {
        int end = indentEnd(line);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < end; i++) {
            if (line.charAt(i) == '\t') {
                do {
                    sb.append(' ');
                } while (sb.length() % width != 0);
            } else {
                sb.append(' ');
            }
        }
        return sb.append(line, end, line.length()).toString();
    }

    /** A mark found on a tab-expanded line, moved to the same characters of the original line. */
    private static LintMark remap(LintMark mark, String original, String expanded) {
        int shift = indentEnd(original) - indentEnd(expanded);
        int column = Math.max(indentEnd(original) + 1, mark.column() + shift);
        int end = mark.endColumn() == 0 ? 0 : mark.endColumn() + shift;
        return new LintMark(mark.line(), column, end > column ? end : 0, mark.severity(), mark.message(), mark.source());
    }

    private static int indentEnd(String line) {
        int end = 0;
        while (end < line.length() && (line.charAt(end) == ' ' || line.charAt(end) == '\t')) {
            end++;
        }
        return end;
    }

    private static boolean isKubernetesObject(JsonNode root) {
        return root.isObject() && root.hasNonNull("apiVersion") && root.hasNonNull("kind");
    }

    /** Capitalised, for a tooltip; the engine's messages start in lower case to be embeddable. */
    private static String sentence(String message) {
        String m = message == null || message.isBlank() ? "This line has a problem." : message.strip();
        return Character.toUpperCase(m.charAt(0)) + m.substring(1);
    }

    /**
     * A mark over the YAML token that starts at {@code column} (a key, a quoted or plain scalar, a flow
     * collection on one line); the line's text from its first non-blank when the column is unknown or blank.
     */
    static LintMark tokenMark(Lines lines, int line, int column, Severity severity, String message, String source) {
        String text = lines.get(line);
        int start = column - 1;
        if (column <= 0 || start >= text.length() || Character.isWhitespace(text.charAt(start))) {
            return new LintMark(line, lines.firstNonBlank(line), 0, severity, message, source);
        }
        int end = tokenEnd(text, start);
        return new LintMark(line, start + 1, end >= text.length() ? 0 : end + 1, severity, message, source);
    }

    /** Index just after the YAML token starting at {@code start} (at least {@code start + 1}). */
    static int tokenEnd(String text, int start) {
        char first = text.charAt(start);
        int n = text.length();
        if (first == '"' || first == '\'') {
            for (int i = start + 1; i < n; i++) {
                char c = text.charAt(i);
                if (first == '"' && c == '\\') {
                    i++;
                } else if (c == first) {
                    if (first == '\'' && i + 1 < n && text.charAt(i + 1) == '\'') {
                        i++;
                    } else {
                        return i + 1;
                    }
                }
            }
            return n;
        }
        if (first == '[' || first == '{') {
            char close = first == '[' ? ']' : '}';
            int depth = 0;
            for (int i = start; i < n; i++) {
                char c = text.charAt(i);
                if (c == first) {
                    depth++;
                } else if (c == close && --depth == 0) {
                    return i + 1;
                }
            }
            return n;
        }
        boolean inFlow = text.lastIndexOf('{', start) >= 0 || text.lastIndexOf('[', start) >= 0;
        int end = start + 1;
        while (end < n) {
            char c = text.charAt(end);
            if (c == ':' && (end + 1 == n || text.charAt(end + 1) == ' ' || text.charAt(end + 1) == '\t')) {
                break;
            }
            if (c == '#' && Character.isWhitespace(text.charAt(end - 1))) {
                break;
            }
            if (inFlow && (c == ',' || c == ']' || c == '}')) {
                break;
            }
            end++;
        }
        while (end > start + 1 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    // ---------------------------------------------------------------- Dockerfile

    private static List<LintMark> lintDockerfile(String text, Set<String> ruleIds) {
        Lines lines = new Lines(text);
        Dockerfile dockerfile = Dockerfile.parse(text);
        List<RuleViolation> violations;
        if (ruleIds == null || ruleIds.isEmpty()) {
            violations = DockerfileRules.check(dockerfile);
        } else {
            Set<String> ids = new HashSet<>(ruleIds);
            ids.add("DL1000");
            violations = DockerfileRules.check(dockerfile, ids);
        }
        List<LintMark> marks = new ArrayList<>();
        for (RuleViolation v : violations) {
            int line = lines.clamp(v.line());
            String message = sentence(v.message()) + (v.fix().isBlank() ? "" : " — " + v.fix().strip());
            marks.add(new LintMark(line, lines.firstNonBlank(line), 0, severity(v.severity()), message, v.ruleId()));
        }
        return marks;
    }

    private static Severity severity(orchlab.engine.docker.dockerfile.Severity severity) {
        return switch (severity) {
            case ERROR -> Severity.ERROR;
            case WARNING -> Severity.WARNING;
            case INFO, STYLE -> Severity.INFO;
        };
    }

    // ---------------------------------------------------------------- lines

    /** The physical lines of a text (split on LF, a trailing CR dropped), 1-based. */
    static final class Lines {
        private final String[] lines;

        Lines(String text) {
            this.lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].endsWith("\r")) {
                    lines[i] = lines[i].substring(0, lines[i].length() - 1);
                }
            }
        }

        int count() {
            return lines.length;
        }

        String get(int line) {
            return lines[clamp(line) - 1];
        }

        /** {@code line} within the text: unknown (0) or negative lines become 1, lines past the end the last one. */
        int clamp(int line) {
            return Math.max(1, Math.min(line, lines.length));
        }

        /** 1-based column of the first non-blank character, 1 for a blank line. */
        int firstNonBlank(int line) {
            String text = get(line);
            for (int i = 0; i < text.length(); i++) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    return i + 1;
                }
            }
            return 1;
        }
    }
}
