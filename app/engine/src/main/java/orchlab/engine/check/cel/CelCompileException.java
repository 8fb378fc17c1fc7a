package orchlab.engine.check.cel;

import java.util.List;
import java.util.stream.Collectors;

/** A CEL expression that does not compile; each issue has a 1-based line and column inside the expression. */
public final class CelCompileException extends Exception {
    private final List<Issue> issues;

    public CelCompileException(String expression, List<Issue> issues) {
        super(issues.stream().map(Issue::toString).collect(Collectors.joining("; ")));
        this.issues = List.copyOf(issues);
    }

    public List<Issue> issues() {
        return issues;
    }

    /** One compiler message at a place inside the expression. */
    public record Issue(int line, int column, String message) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + message;
        }
    }
}
