package orchlab.desktop.editor;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import orchlab.engine.docker.dockerfile.Dockerfile;
import org.fxmisc.richtext.model.StyleSpans;

/**
 * Highlights a Dockerfile the way the builder reads it: parser directives ({@code # syntax=},
 * {@code # escape=}) at the very top, comment lines (also between continuation lines), instructions
 * (any case) at the start of an instruction but not on continuation lines, {@code ONBUILD}'s inner
 * instruction, {@code --flags}, quoted strings, {@code $VAR}/{@code ${VAR}}, the JSON-array (exec) form,
 * shell operators, the line-continuation character (backslash or the {@code # escape=} one) and
 * here-documents, whose bodies stay plain up to their delimiter line.
 */
public final class DockerfileStyler implements Styler {
    private static final Set<String> EXEC_FORM = Set.of("RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME", "HEALTHCHECK");
    private static final Set<String> WITH_HEREDOCS = Set.of("RUN", "COPY", "ADD");
    private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
    private static final Pattern DIRECTIVE = Pattern.compile("#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(\\S*)\\s*");
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");

    @Override
    public StyleSpans<Collection<String>> style(String text) {
        if (text == null || text.isEmpty()) {
            return Spans.plain(text);
        }
        return new Run(text).run();
    }

    private record PendingHeredoc(String delimiter, boolean stripTabs) {
    }

    private static final class Run {
        private final String t;
        private final int n;
        private final Spans spans;
        private final Deque<PendingHeredoc> heredocs = new ArrayDeque<>();
        private final Deque<PendingHeredoc> lineHeredocs = new ArrayDeque<>();
        private char escape = '\\';
        private boolean directives = true;
        private boolean continued;
        private boolean json;
        private String keyword = "";

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
                line(start, end > start && t.charAt(end - 1) == '\r' ? end - 1 : end);
                start = end + 1;
            }
            return spans.create();
        }

        private void line(int a, int b) {
            if (!heredocs.isEmpty()) {
                PendingHeredoc doc = heredocs.peek();
                int from = a;
                if (doc.stripTabs()) {
                    while (from < b && t.charAt(from) == '\t') {
                        from++;
                    }
                }
                if (t.substring(from, b).equals(doc.delimiter())) {
                    spans.add(from, b, Tokens.OPERATOR);
                    heredocs.pop();
                }
                return;
            }
            int first = skipBlank(a, b);
            if (directives) {
                Matcher m = DIRECTIVE.matcher(t).region(a, b);
                if (m.matches() && DIRECTIVES.contains(m.group(1).toLowerCase(Locale.ROOT))) {
                    spans.add(a, b, Tokens.DIRECTIVE);
                    if (m.group(1).equalsIgnoreCase("escape") && m.group(2).equals("`")) {
                        escape = '`';
                    }
                    return;
                }
                directives = false;
            }
            if (first == b) {
                return;
            }
            if (t.charAt(first) == '#') {
                spans.add(first, b, Tokens.COMMENT);
                return;
            }
            int end = b;
            while (end > first && isBlank(t.charAt(end - 1))) {
                end--;
            }
            boolean continues = t.charAt(end - 1) == escape;
            int argsEnd = continues ? end - 1 : end;
            int p = first;
            if (!continued) {
                json = false;
                p = instruction(p, argsEnd);
                if (keyword.equals("ONBUILD")) {
                    p = instruction(skipBlank(p, argsEnd), argsEnd);
                }
                p = flags(p, argsEnd);
                int args = skipBlank(p, argsEnd);
                json = args < argsEnd && t.charAt(args) == '[' && EXEC_FORM.contains(keyword);
            }
            arguments(p, argsEnd);
            if (continues) {
                spans.add(end - 1, end, Tokens.OPERATOR);
            }
            continued = continues;
            if (!continues) {
                heredocs.addAll(lineHeredocs);
                lineHeredocs.clear();
            }
        }

        /** Styles the instruction word at {@code p} when it is one; returns where its arguments start. */
        private int instruction(int p, int b) {
            int end = p;
            while (end < b && Character.isLetter(t.charAt(end))) {
                end++;
            }
            String word = t.substring(p, end).toUpperCase(Locale.ROOT);
            keyword = word;
            if (end > p && Dockerfile.INSTRUCTIONS.contains(word) && (end == b || isBlank(t.charAt(end)))) {
                spans.add(p, end, Tokens.KEYWORD);
            }
            return end;
        }

        /** Styles the leading {@code --name=value} options; returns where the rest starts. */
        private int flags(int p, int b) {
            int k = skipBlank(p, b);
            while (k + 1 < b && t.charAt(k) == '-' && t.charAt(k + 1) == '-') {
                int end = wordEnd(k, b);
                spans.add(k, end, Tokens.FLAG);
                k = skipBlank(end, b);
            }
            return k;
        }

        private void arguments(int p, int b) {
            while (p < b) {
                char c = t.charAt(p);
                if (isBlank(c)) {
                    p++;
                } else if (json && (c == '[' || c == ']' || c == ',')) {
                    spans.add(p, p + 1, Tokens.PUNCTUATION);
                    p++;
                } else if (c == '"') {
                    p = doubleQuoted(p, b);
                } else if (c == '\'' && !json) {
                    int close = t.indexOf('\'', p + 1);
                    int end = close < 0 || close >= b ? b : close + 1;
                    spans.add(p, end, Tokens.STRING);
                    p = end;
                } else if (c == '$') {
                    p = variable(p, b);
                } else if (c == '<' && p + 1 < b && t.charAt(p + 1) == '<' && WITH_HEREDOCS.contains(keyword)) {
                    Matcher m = HEREDOC.matcher(t).region(p, b);
                    if (m.lookingAt()) {
                        spans.add(p, m.end(), Tokens.OPERATOR);
                        lineHeredocs.add(new PendingHeredoc(m.group(3), !m.group(1).isEmpty()));
                        p = m.end();
                    } else {
                        spans.add(p, p + 2, Tokens.OPERATOR);
                        p += 2;
                    }
                } else if (!json && (c == '&' || c == '|' || c == ';' || c == '>' || c == '<')) {
                    int end = p + 1;
                    while (end < b && end < p + 2 && "&|>".indexOf(t.charAt(end)) >= 0) {
                        end++;
                    }
                    spans.add(p, end, Tokens.OPERATOR);
                    p = end;
                } else if (c == '-' && p + 1 < b && t.charAt(p + 1) == '-' && (p == 0 || Character.isWhitespace(t.charAt(p - 1)))) {
                    int end = p + 2;
                    while (end < b && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '-' || t.charAt(end) == '_')) {
                        end++;
                    }
                    spans.add(p, end, Tokens.FLAG);
                    p = end;
                } else {
                    int end = p + 1;
                    while (end < b && !isBlank(t.charAt(end)) && "\"'$&|;<>".indexOf(t.charAt(end)) < 0
                            && !(json && (t.charAt(end) == ',' || t.charAt(end) == ']'))) {
                        end++;
                    }
                    p = end;
                }
            }
        }

        /** A double-quoted string; variables inside it are styled as variables. Returns the index after it. */
        private int doubleQuoted(int p, int b) {
            int k = p + 1;
            int from = p;
            while (k < b) {
                char c = t.charAt(k);
                if (c == '\\') {
                    k += 2;
                } else if (c == '"') {
                    spans.add(from, k + 1, Tokens.STRING);
                    return k + 1;
                } else if (c == '$' && !json && k + 1 < b && (t.charAt(k + 1) == '{' || isName(t.charAt(k + 1)))) {
                    spans.add(from, k, Tokens.STRING);
                    k = variable(k, b);
                    from = k;
                } else {
                    k++;
                }
            }
            spans.add(from, b, Tokens.STRING);
            return b;
        }

        private int variable(int p, int b) {
            int end = p + 1;
            if (end < b && t.charAt(end) == '{') {
                int close = t.indexOf('}', end);
                end = close < 0 || close >= b ? b : close + 1;
            } else {
                while (end < b && isName(t.charAt(end))) {
                    end++;
                }
            }
            if (end > p + 1) {
                spans.add(p, end, Tokens.VARIABLE);
            }
            return end;
        }

        private int wordEnd(int p, int b) {
            int end = p;
            while (end < b && !isBlank(t.charAt(end))) {
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

        private static boolean isName(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t' || c == '\r';
        }
    }
}
