package orchlab.engine.check.toolkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import orchlab.engine.check.FieldFailure;

/**
 * The one HTTP expectation of every kind that probes HTTP ({@code http}, {@code docker-http}): the status the answer
 * must have (default 200) and a text its body must contain (optional). Two spellings load as the same thing, so no
 * pack breaks:
 *
 * <pre>
 * expect: {status: 200, bodyContains: Hello}    # nested
 * status: 200                                    # or beside the check's other keys
 * bodyContains: Hello
 * </pre>
 *
 * @param bodyContains empty when the body is not checked
 */
public record HttpExpectation(int status, String bodyContains) {
    /** The keys a kind that reads an HTTP expectation accepts, in both spellings. */
    public static final Set<String> KEYS = Set.of("expect", "status", "bodyContains");
    private static final Set<String> EXPECT_KEYS = Set.of("status", "bodyContains");
    public static final HttpExpectation OK = new HttpExpectation(200, "");

    /** Reads {@code expect: {status, bodyContains}} or {@code status} and {@code bodyContains} beside it; not both. */
    public static HttpExpectation read(CheckSettings s) {
        CheckSettings from = s;
        if (s.has("expect")) {
            if (s.has("status") || s.has("bodyContains")) {
                s.error(s.has("status") ? "status" : "bodyContains", "write status and bodyContains either under 'expect:' or"
                        + " beside the check's other keys, not both", "e.g. expect: {status: 200, bodyContains: Hello}");
                return OK;
            }
            from = s.child("expect");
            if (!from.requireMapping("expect")) {
                return OK;
            }
            from.allowOnly(EXPECT_KEYS, "expect");
        }
        int status = from.integer("status", 100, 599).orElse(200);
        String body = from.text("bodyContains").orElse("");
        return new HttpExpectation(status, body);
    }

    /** Every way the answer differs: {@code status: expected 200, found 503 "no endpoints..."}, {@code body: ...}. */
    public List<FieldFailure> judge(int code, String body) {
        List<FieldFailure> failures = new ArrayList<>();
        boolean bodyWrong = !bodyContains.isEmpty() && !body.contains(bodyContains);
        if (code != status) {
            // the body says why (an error page, "no endpoints"): shown here unless the body's own line shows it
            failures.add(FieldFailure.different("status", String.valueOf(status), bodyWrong ? String.valueOf(code) : code + " " + excerpt(body)));
        }
        if (bodyWrong) {
            failures.add(FieldFailure.different("body", "text containing \"" + bodyContains + "\"", excerpt(body)));
        }
        return failures;
    }

    /** The failure when no answer came at all ({@code status: expected 200, found no answer}). */
    public FieldFailure noAnswer() {
        return FieldFailure.different("status", String.valueOf(status), "no answer");
    }

    /** A body in one line of at most 120 characters, quoted; {@code an empty body} when there is none. */
    public static String excerpt(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        if (oneLine.isEmpty()) {
            return "an empty body";
        }
        return "\"" + (oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine) + "\"";
    }
}
