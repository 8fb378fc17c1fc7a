package orchlab.desktop.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import orchlab.engine.course.Problem;
import orchlab.engine.lint.HelmLint;
import orchlab.engine.lint.LintMark;
import orchlab.engine.lint.LintMark.Severity;
import org.junit.jupiter.api.Test;

/** The open editors' underlines as rows of the Problems list. */
class EditorProblemsTest {

    @Test
    void eachMarkIsARowAtItsFileLineAndColumnNamingWhoFoundIt() {
        EditorProblems problems = new EditorProblems();
        problems.set("telemetry.yaml", List.of(new LintMark(7, 7, 0, Severity.WARNING, "The Telemetry default ... will be ignored.", "IST0157")));
        problems.set("my-app-chart/templates/deployment.yaml",
                List.of(new LintMark(8, 1, 0, Severity.ERROR, "template: ... unexpected \"}\" in operand", HelmLint.SOURCE),
                        new LintMark(9, 3, 0, Severity.INFO, "a note", "DL3025")));

        assertThat(problems.problems()).extracting(Problem::format).containsExactly(
                "telemetry.yaml:7:7: warning: [IST0157] The Telemetry default ... will be ignored.",
                "my-app-chart/templates/deployment.yaml:8:1: error: template: ... unexpected \"}\" in operand (helm lint)",
                "my-app-chart/templates/deployment.yaml:9:3: warning: a note (DL3025)");
    }

    @Test
    void aFilesNewMarksReplaceItsOldOnesAndAClosedFilesGo() {
        EditorProblems problems = new EditorProblems();
        problems.set("a.yaml", List.of(new LintMark(1, 1, 0, Severity.ERROR, "old", "yaml")));
        problems.set("b.yaml", List.of(new LintMark(2, 1, 0, Severity.ERROR, "other", "yaml")));

        problems.set("a.yaml", List.of(new LintMark(3, 1, 0, Severity.ERROR, "new", "yaml")));
        assertThat(problems.problems()).extracting(Problem::format).containsExactly("a.yaml:3:1: error: new", "b.yaml:2:1: error: other");

        problems.clear("a.yaml");
        assertThat(problems.problems()).extracting(Problem::format).containsExactly("b.yaml:2:1: error: other");
    }
}
