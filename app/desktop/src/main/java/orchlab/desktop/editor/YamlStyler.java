package orchlab.desktop.editor;

import java.util.Collection;
import java.util.regex.Pattern;
import org.fxmisc.richtext.model.StyleSpans;

/**
 * Highlights YAML (and JSON, which is YAML): keys, quoted strings, plain scalars, numbers, booleans and
 * null (YAML 1.1 as Kubernetes reads it, so {@code yes}/{@code no}/{@code on}/{@code off} show as booleans),
 * comments, {@code ---}/{@code ...}, {@code %} directives, list dashes, anchors, aliases, tags, flow
 * collections, and block scalar indicators ({@code |}, {@code >-}) with their content.
 *
 * <p>A line scanner, not a parser: it follows the few states that span lines (block scalar content,
 * quoted scalars and flow collections continued on the next line) and styles invalid YAML as well as it
 * can, so half-typed text still reads; the linter reports what is wrong.
 */
public final class YamlStyler implements Styler {
    private static final Pattern NUMBER = Pattern.compile(
            "[-+]?(?:\\d[\\d_]*(?:\\.[\\d_]*)?(?:[eE][-+]?\\d+)?|\\.\\d[\\d_]*(?:[eE][-+]?\\d+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|\\.(?:inf|Inf|INF))"
                    + "|\\.(?:nan|NaN|NAN)");
    private static final Pattern LITERAL = Pattern.compile(
            "true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|null|Null|NULL|~");
    private static final String FLOW_SPECIAL = ",[]{}";

    @Override
    public StyleSpans<Collection<String>> style(String text) {
        if (text == null || text.isEmpty()) {
            return Spans.plain(text);
        }
        return new Run(text).run();
    }

    private static final class Run {
        private final String t;
        private final int n;
        private final Spans spans;
        /** indentation a block scalar's content must exceed, or -1 outside block scalars */
        private int blockParent = -1;
        /** the quote of a quoted scalar continued from an earlier line, or 0 */
        private char quote;
        /** nesting depth of a flow collection continued from an earlier line */
        private int flow;
        private int lineStart;

        Run(String text) {
            this.t = text;
            this.n = text.length();
            this.spans = new Spans(n);
        }

        StyleSpans<Collection<String>> run() {
            int start = 0;
            while (start <= n) {
                int end = t.indexOf('\n', start);
                if (end < 0) {
                    end = n;
                }
                lineStart = start;
                line(start, end > start && t.charAt(end - 1) == '\r' ? end - 1 : end);
                start = end + 1;
            }
            return spans.create();
        }

        private void line(int a, int b) {
            int indent = a;
            while (indent < b && t.charAt(indent) == ' ') {
                indent++;
            }
            int first = skipBlank(a, b);
            boolean blank = first == b;
            if (blockParent >= 0) {
                if (blank || indent - a > blockParent) {
                    spans.add(first, b, Tokens.STRING);
                    return;
                }
                blockParent = -1;
            }
            if (quote != 0) {
                int end = closeQuote(quote, a, b);
                if (end < 0) {
                    spans.add(first, b, Tokens.STRING);
                    return;
                }
                spans.add(first, end, Tokens.STRING);
                quote = 0;
                if (flow > 0) {
                    flow(end, b);
                } else {
                    value(end, b, indent - a);
                }
                return;
            }
            if (flow > 0) {
                flow(a, b);
                return;
            }
            if (blank) {
                return;
            }
            if (first == a && (startsWith(a, b, "---") || startsWith(a, b, "...")) && (a + 3 == b || isBlank(t.charAt(a + 3)))) {
                spans.add(a, a + 3, Tokens.DOCUMENT);
                value(a + 3, b, 0);
                return;
            }
            char c = t.charAt(first);
            if (c == '%' && first == a) {
                spans.add(a, b, Tokens.DIRECTIVE);
                return;
            }
            if (c == '#') {
                spans.add(first, b, Tokens.COMMENT);
                return;
            }
            int p = first;
            int parent = indent - a;
            while (p < b && (t.charAt(p) == '-' || t.charAt(p) == '?') && (p + 1 == b || isBlank(t.charAt(p + 1)))) {
                spans.add(p, p + 1, Tokens.PUNCTUATION);
                parent = p - a;
                p = skipBlank(p + 1, b);
            }
            int colon = keyColon(p, b);
            if (colon >= 0) {
                spans.add(p, trimEnd(p, colon), Tokens.KEY);
                spans.add(colon, colon + 1, Tokens.PUNCTUATION);
                value(colon + 1, b, p - a);
            } else {
                value(p, b, parent);
            }
        }

        /** The {@code :} ending a block mapping key that starts at {@code p}, or -1. */
        private int keyColon(int p, int b) {
            if (p >= b) {
                return -1;
            }
            char c = t.charAt(p);
            if (c == '"' || c == '\'') {
                int end = closeQuote(c, p + 1, b);
                if (end < 0) {
                    return -1;
                }
                int k = skipBlank(end, b);
                return k < b && t.charAt(k) == ':' && (k + 1 == b || isBlank(t.charAt(k + 1))) ? k : -1;
            }
            if ("[{|>!&*#%@`,]}".indexOf(c) >= 0) {
                return -1;
            }
            for (int k = p; k < b; k++) {
                char ch = t.charAt(k);
                if (ch == ':' && (k + 1 == b || isBlank(t.charAt(k + 1)))) {
                    return k;
                }
                if (ch == '#' && k > p && isBlank(t.charAt(k - 1))) {
                    return -1;
                }
            }
            return -1;
        }

        /** Styles a value (after a key, a dash, or alone) from {@code p} to the end of the line. */
        private void value(int p, int b, int parent) {
            p = skipBlank(p, b);
            while (p < b) {
                char c = t.charAt(p);
                if (c == '#' && (p == lineStart || isBlank(t.charAt(p - 1)))) {
                    spans.add(p, b, Tokens.COMMENT);
                    return;
                }
                if (c == '&' || c == '*' || c == '!') {
                    int end = wordEnd(p, b, false);
                    spans.add(p, end, c == '!' ? Tokens.TAG : Tokens.ANCHOR);
                    p = skipBlank(end, b);
                    continue;
                }
                if (c == '|' || c == '>') {
                    int k = p + 1;
                    while (k < b && (t.charAt(k) == '-' || t.charAt(k) == '+' || Character.isDigit(t.charAt(k)))) {
                        k++;
                    }
                    if (k == b || isBlank(t.charAt(k))) {
                        spans.add(p, k, Tokens.BLOCK);
                        blockParent = Math.max(parent, 0);
                        int rest = skipBlank(k, b);
                        if (rest < b && t.charAt(rest) == '#') {
                            spans.add(rest, b, Tokens.COMMENT);
                        }
                        return;
                    }
                }
                if (c == '"' || c == '\'') {
                    int end = closeQuote(c, p + 1, b);
                    if (end < 0) {
                        spans.add(p, b, Tokens.STRING);
                        quote = c;
                        return;
                    }
                    spans.add(p, end, Tokens.STRING);
                    p = skipBlank(end, b);
                    continue;
                }
                if (c == '[' || c == '{') {
                    flow(p, b);
                    return;
                }
                int end = p + 1;
                while (end < b && !(t.charAt(end) == '#' && isBlank(t.charAt(end - 1)))) {
                    end++;
                }
                end = trimEnd(p, end);
                spans.add(p, end, scalar(p, end));
                p = skipBlank(end, b);
            }
        }

        /** Styles the inside of a flow collection ({@code [a, b]}, {@code {app: web}}, JSON) up to the end of the line. */
        private void flow(int p, int b) {
            while (p < b) {
                char c = t.charAt(p);
                if (isBlank(c)) {
                    p++;
                } else if (c == '[' || c == '{') {
                    flow++;
                    spans.add(p, p + 1, Tokens.PUNCTUATION);
                    p++;
                } else if (c == ']' || c == '}') {
                    flow = Math.max(0, flow - 1);
                    spans.add(p, p + 1, Tokens.PUNCTUATION);
                    p++;
                    if (flow == 0) {
                        value(p, b, 0);
                        return;
                    }
                } else if (c == ',' || c == ':' || c == '?') {
                    spans.add(p, p + 1, Tokens.PUNCTUATION);
                    p++;
                } else if (c == '#' && (p == lineStart || isBlank(t.charAt(p - 1)))) {
                    spans.add(p, b, Tokens.COMMENT);
                    return;
                } else if (c == '"' || c == '\'') {
                    int end = closeQuote(c, p + 1, b);
                    if (end < 0) {
                        spans.add(p, b, Tokens.STRING);
                        quote = c;
                        return;
                    }
                    int k = skipBlank(end, b);
                    spans.add(p, end, k < b && t.charAt(k) == ':' ? Tokens.KEY : Tokens.STRING);
                    p = end;
                } else if (c == '&' || c == '*' || c == '!') {
                    int end = wordEnd(p, b, true);
                    spans.add(p, end, c == '!' ? Tokens.TAG : Tokens.ANCHOR);
                    p = end;
                } else {
                    int end = p + 1;
                    while (end < b) {
                        char e = t.charAt(end);
                        if (FLOW_SPECIAL.indexOf(e) >= 0 || (e == '#' && isBlank(t.charAt(end - 1)))
                                || (e == ':' && (end + 1 == b || isBlank(t.charAt(end + 1)) || FLOW_SPECIAL.indexOf(t.charAt(end + 1)) >= 0))) {
                            break;
                        }
                        end++;
                    }
                    int stop = trimEnd(p, end);
                    boolean key = end < b && t.charAt(end) == ':';
                    spans.add(p, stop, key ? Tokens.KEY : scalar(p, stop));
                    p = end;
                }
            }
        }

        private String scalar(int from, int to) {
            if (to <= from) {
                return null;
            }
            if (to - from <= 5 && LITERAL.matcher(t).region(from, to).matches()) {
                return Tokens.LITERAL;
            }
            char first = t.charAt(from);
            boolean numeric = Character.isDigit(first) || first == '-' || first == '+' || first == '.';
            if (numeric && NUMBER.matcher(t).region(from, to).matches()) {
                return Tokens.NUMBER;
            }
            return Tokens.VALUE;
        }

        /**
         * Index just after the closing quote of a scalar whose content starts at {@code from}, or -1 when the
         * line ends first. Double quotes take backslash escapes, single quotes are doubled to escape.
         */
        private int closeQuote(char q, int from, int b) {
            for (int k = from; k < b; k++) {
                char c = t.charAt(k);
                if (q == '"' && c == '\\') {
                    k++;
                } else if (c == q) {
                    if (q == '\'' && k + 1 < b && t.charAt(k + 1) == '\'') {
                        k++;
                    } else {
                        return k + 1;
                    }
                }
            }
            return -1;
        }

        private int wordEnd(int p, int b, boolean inFlow) {
            int end = p + 1;
            while (end < b && !isBlank(t.charAt(end)) && !(inFlow && FLOW_SPECIAL.indexOf(t.charAt(end)) >= 0)) {
                end++;
            }
            return end;
        }

        private int skipBlank(int p, int b) {
            while (p < b && isBlank(t.charAt(p))) {
                p++;
            }
            return p;
        }

        private int trimEnd(int from, int to) {
            while (to > from && isBlank(t.charAt(to - 1))) {
                to--;
            }
            return to;
        }

        private boolean startsWith(int a, int b, String prefix) {
            return b - a >= prefix.length() && t.startsWith(prefix, a);
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t' || c == '\r';
        }
    }
}
