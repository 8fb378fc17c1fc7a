package orchlab.engine.manifest;

/**
 * A mistake in a file the learner is editing, for editor underlines and file checks.
 *
 * @param path   the field path inside the object ({@code spec.replica}), empty for syntax errors
 * @param line   1-based line; 0 when unknown
 * @param column 1-based column; 0 when unknown
 */
public record LintIssue(String file, int line, int column, String path, String message, boolean error) {

    /** {@code deployment.yaml:7:3: unknown field "replica" in Deployment spec (did you mean "replicas"?)} */
    public String format() {
        String where = line <= 0 ? file : column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
        return where + ": " + message;
    }
}
