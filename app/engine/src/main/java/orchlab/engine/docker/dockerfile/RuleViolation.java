package orchlab.engine.docker.dockerfile;

import java.util.Optional;

/**
 * One place where a Dockerfile breaks a rule.
 *
 * @param ruleId   {@code DL3025}, {@code OL1001}, ...
 * @param line     1-based line of the offending instruction (where an editor underlines)
 * @param message  what is wrong, short: {@code CMD in shell form}
 * @param fix      what to do: {@code use ["python", "app.py"]}
 * @param expected what the rule wants, for expected/found reports: {@code exec form ["python", "app.py"]}
 * @param found    what the file has ({@code shell form: python app.py}); empty when something is missing
 *                 (no USER at all)
 */
public record RuleViolation(String ruleId, Severity severity, int line, String message, String fix,
                            String expected, Optional<String> found) {

    /** {@code Dockerfile:9 CMD in shell form — use ["python", "app.py"]}. */
    public String describe(String file) {
        return file + ":" + line + " " + message + (fix.isEmpty() ? "" : " — " + fix);
    }
}
