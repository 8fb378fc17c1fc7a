package orchlab.engine.helm;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message from Helm (a lint finding or an error) with the chart file and line it names, when it names one.
 *
 * @param file path inside the chart ({@code templates/deployment.yaml}, {@code Chart.yaml}); empty when Helm gives none
 * @param line 1-based line in that file, when Helm gives one
 */
public record HelmMessage(Severity severity, String file, OptionalInt line, String text) {

    public enum Severity { INFO, WARNING, ERROR }

    // template: web/templates/bad.yaml:6:15: executing ...      (Go template execution error)
    private static final Pattern TEMPLATE_AT = Pattern.compile("template: [^/\\s:]+/([^:\\s]+):(\\d+)(?::\\d+)?:");
    // parse error at (web/templates/bad.yaml:6): unexpected "}" in operand
    private static final Pattern PARSE_AT = Pattern.compile("parse error at \\([^/\\s:]+/([^:\\s]+):(\\d+)\\)");
    // YAML parse error on web/templates/bad.yaml: error converting YAML to JSON: yaml: line 7: ...
    private static final Pattern YAML_ON = Pattern.compile("YAML parse error on [^/\\s:]+/([^:\\s]+):");
    private static final Pattern YAML_LINE = Pattern.compile("yaml: line (\\d+):");
    // [ERROR] templates/bad.yaml: unable to parse YAML ...      (lint: severity, file, text)
    private static final Pattern LINT = Pattern.compile("^\\[(INFO|WARNING|ERROR)\\]\\s*([^:]*):\\s*(.*)$", Pattern.DOTALL);

    /** Parses one line of {@code helm lint} output ({@code [ERROR] templates/: template: web/templates/x.yaml:6:15: ...}). */
    public static HelmMessage parseLint(String raw) {
        Matcher m = LINT.matcher(raw.strip());
        if (!m.matches()) {
            return locate(Severity.ERROR, raw.strip()).orElse(new HelmMessage(Severity.ERROR, "", OptionalInt.empty(), raw.strip()));
        }
        Severity severity = Severity.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        String file = m.group(2).strip();
        String text = clean(m.group(3));
        Optional<HelmMessage> located = locate(severity, text);
        if (located.isPresent() && !located.get().file().isEmpty()) {
            return located.get();
        }
        return new HelmMessage(severity, file, located.flatMap(l -> l.line().isPresent() ? Optional.of(l.line()) : Optional.empty())
                .orElse(OptionalInt.empty()), text);
    }

    /** The file and line a Helm error text names, when it names one. */
    static Optional<HelmMessage> locate(Severity severity, String text) {
        for (Pattern p : new Pattern[] {TEMPLATE_AT, PARSE_AT}) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                return Optional.of(new HelmMessage(severity, m.group(1), OptionalInt.of(Integer.parseInt(m.group(2))), text));
            }
        }
        Matcher yamlLine = YAML_LINE.matcher(text);
        OptionalInt line = yamlLine.find() ? OptionalInt.of(Integer.parseInt(yamlLine.group(1))) : OptionalInt.empty();
        Matcher on = YAML_ON.matcher(text);
        if (on.find()) {
            return Optional.of(new HelmMessage(severity, on.group(1), line, text));
        }
        return line.isPresent() ? Optional.of(new HelmMessage(severity, "", line, text)) : Optional.empty();
    }

    /** Helm's text without its advice to rerun with --debug, on one line. */
    static String clean(String text) {
        return text.replace("Use --debug flag to render out invalid YAML", "").replaceAll("\\s*\\n\\s*", " ").strip();
    }

    /** {@code templates/deployment.yaml:12}, or the file alone, or empty. */
    public String where() {
        if (file.isEmpty()) {
            return "";
        }
        return line.isPresent() ? file + ":" + line.getAsInt() : file;
    }

    /** As a learner reads it: {@code [ERROR] templates/deployment.yaml:12: ...}. */
    @Override
    public String toString() {
        String where = where();
        return "[" + severity + "] " + (where.isEmpty() ? "" : where + ": ") + text;
    }
}
