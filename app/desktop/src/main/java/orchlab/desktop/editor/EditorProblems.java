package orchlab.desktop.editor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import orchlab.engine.course.Problem;
import orchlab.engine.lint.LintMark;
import orchlab.engine.yaml.Location;

/**
 * What the open editors underline, as rows of the Problems list: one {@link Problem} per lint mark, located at the
 * file (as the workspace names it), line and column, in the order the files were opened. FX thread only.
 */
public final class EditorProblems {
    private final Map<String, List<Problem>> byFile = new LinkedHashMap<>();
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final ObservableList<Problem> view = FXCollections.unmodifiableObservableList(problems);

    /** Every open file's problems, file by file, each file's sorted by line. */
    public ObservableList<Problem> problems() {
        return view;
    }

    /** A file's marks as the editor last applied them (replacing its earlier ones). */
    public void set(String file, List<LintMark> marks) {
        List<Problem> rows = new ArrayList<>(marks.size());
        for (LintMark mark : marks) {
            rows.add(problem(file, mark));
        }
        if (rows.equals(byFile.get(file))) {
            return;
        }
        byFile.put(file, List.copyOf(rows));
        rebuild();
    }

    /** The file's editor closed: its problems go. */
    public void clear(String file) {
        if (byFile.remove(file) != null) {
            rebuild();
        }
    }

    /**
     * A mark as a Problems row: {@code my-app-chart/templates/deployment.yaml:8:1: error: ... (helm lint)}; Istio's
     * and the Dockerfile rules' codes are named, notes count as warnings (the list has errors and warnings only).
     */
    static Problem problem(String file, LintMark mark) {
        Location at = new Location(file, mark.line(), mark.column());
        String source = mark.source();
        String message = switch (source) {
            case "yaml", "kubernetes", "internal" -> mark.message();
            default -> source.startsWith("IST") ? "[" + source + "] " + mark.message() : mark.message() + " (" + source + ")";
        };
        return mark.severity() == LintMark.Severity.ERROR ? Problem.error(at, message, "") : Problem.warning(at, message, "");
    }

    private void rebuild() {
        List<Problem> all = new ArrayList<>();
        byFile.values().forEach(all::addAll);
        problems.setAll(all);
    }
}
