package orchlab.engine.lint;

import java.util.Objects;

/**
 * A problem in a file the learner is editing, placed where an editor underlines it.
 *
 * @param line      1-based line
 * @param column    1-based column of the first marked character
 * @param endColumn 1-based column just after the last marked character (exclusive); 0 marks to the end of the line
 * @param severity  how serious it is
 * @param message   a sentence for the tooltip: {@code unknown field "replica" in Deployment spec (did you mean "replicas"?)}
 * @param source    who found it: {@code yaml} (syntax), {@code kubernetes} (schema), or a Dockerfile rule id ({@code DL3025})
 */
public record LintMark(int line, int column, int endColumn, Severity severity, String message, String source) {

    /** How serious a mark is; the editor draws errors and warnings differently. */
    public enum Severity {
        /** the file will not apply or build as written */
        ERROR,
        /** works, but is a known mistake or bad practice */
        WARNING,
        /** worth knowing */
        INFO
    }

    public LintMark {
        if (line < 1) {
            throw new IllegalArgumentException("line is 1-based: " + line);
        }
        if (column < 1) {
            throw new IllegalArgumentException("column is 1-based: " + column);
        }
        if (endColumn != 0 && endColumn <= column) {
            throw new IllegalArgumentException("endColumn " + endColumn + " must be after column " + column + " (or 0)");
        }
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
    }

    /** Whether the mark runs to the end of its line. */
    public boolean toEndOfLine() {
        return endColumn == 0;
    }

    /** {@code deployment.yaml:6:3: unknown field "replica" ...}, for logs and lists. */
    public String describe(String fileName) {
        return fileName + ":" + line + ":" + column + ": " + message;
    }
}
