package orchlab.desktop.start;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the first frame shows before the course is read: the course's title and its modules' titles, taken from
 * {@code lessons/course.yaml} by a line scan (no YAML parser, no validation — that is the engine's job a moment
 * later). A course it cannot scan (a {@code .zip} pack, flow-style YAML, no file) gives its folder or file name and no
 * modules: the skeleton then shows placeholder rows.
 *
 * @param title   the course title, or the course folder's name
 * @param modules the modules' titles in order (may be empty)
 */
public record CourseOutline(String title, List<String> modules) {
    /** A course.yaml is a few kilobytes; a bigger one is not scanned here. */
    private static final long MAX_BYTES = 256 * 1024;
    private static final Pattern TITLE = Pattern.compile("^title:\\s*(.*)$");
    private static final Pattern ITEM = Pattern.compile("^(\\s*)-\\s+(.*)$");
    private static final Pattern KEY_TITLE = Pattern.compile("^(\\s*)title:\\s*(.*)$");

    public CourseOutline {
        modules = List.copyOf(modules);
    }

    /** The outline of the course folder (or pack file) {@code course}. */
    public static CourseOutline read(Path course) {
        String fallback = course.getFileName() == null ? "OrchLab" : course.getFileName().toString();
        Path yaml = course.resolve("lessons").resolve("course.yaml");
        try {
            if (!Files.isRegularFile(yaml) || Files.size(yaml) > MAX_BYTES) {
                return new CourseOutline(fallback, List.of());
            }
            return scan(Files.readAllLines(yaml, StandardCharsets.UTF_8), fallback);
        } catch (IOException | RuntimeException e) {
            return new CourseOutline(fallback, List.of());
        }
    }

    static CourseOutline scan(List<String> lines, String fallback) {
        String title = null;
        List<String> modules = new ArrayList<>();
        boolean inModules = false;
        int contentColumn = -1;
        for (String line : lines) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            // a sequence may sit at its key's own indentation ("modules:" then "- id: ...")
            boolean topLevel = !Character.isWhitespace(line.charAt(0)) && line.charAt(0) != '-';
            if (topLevel) {
                inModules = line.startsWith("modules:");
                Matcher t = TITLE.matcher(line);
                if (title == null && t.matches()) {
                    title = scalar(t.group(1)).orElse(null);
                }
                continue;
            }
            if (!inModules) {
                continue;
            }
            Matcher item = ITEM.matcher(line);
            if (item.matches() && (contentColumn < 0 || item.group(1).length() + 2 == contentColumn)) {
                contentColumn = item.group(1).length() + 2;
                Matcher t = KEY_TITLE.matcher(item.group(2));
                if (t.matches()) {
                    scalar(t.group(2)).ifPresent(modules::add);
                }
                continue;
            }
            Matcher t = KEY_TITLE.matcher(line);
            if (t.matches() && t.group(1).length() == contentColumn) {
                scalar(t.group(2)).ifPresent(modules::add);
            }
        }
        return new CourseOutline(title == null ? fallback : title, modules);
    }

    /** A plain, single- or double-quoted scalar; empty for anything else (a block or flow value). */
    private static Optional<String> scalar(String raw) {
        String v = raw.strip();
        if (v.startsWith("\"") && v.lastIndexOf('"') > 0) {
            return Optional.of(v.substring(1, v.lastIndexOf('"')).replace("\\\"", "\""));
        }
        if (v.startsWith("'") && v.lastIndexOf('\'') > 0) {
            return Optional.of(v.substring(1, v.lastIndexOf('\'')).replace("''", "'"));
        }
        int comment = v.indexOf(" #");
        if (comment >= 0) {
            v = v.substring(0, comment).strip();
        }
        if (v.isEmpty() || "|>[{&*!".indexOf(v.charAt(0)) >= 0) {
            return Optional.empty();
        }
        return Optional.of(v);
    }
}
