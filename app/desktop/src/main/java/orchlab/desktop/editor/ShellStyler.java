package orchlab.desktop.editor;

import java.util.Collection;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fxmisc.richtext.model.StyleSpans;

/**
 * Highlights shell commands in lesson code blocks: the command word (also after pipes, {@code &&},
 * {@code ;}, {@code $(}, and after {@code VAR=value} assignments and {@code sudo}), reserved words,
 * {@code -f}/{@code --flags}, quoted strings, {@code $VAR}/{@code ${VAR}} (also inside double quotes),
 * comments, pipes and redirections, and line continuations.
 *
 * <p>The {@linkplain #console() console} flavour reads a transcript: lines starting with a prompt
 * ({@code $ }, {@code user@host:~$ }) are commands, the other lines are output.
 */
public final class ShellStyler implements Styler {
    private static final Set<String> RESERVED = Set.of("if", "then", "else", "elif", "fi", "for", "while", "until", "do",
            "done", "case", "esac", "in", "function", "select", "time", "!", "{", "}");
    /** reserved words after which a plain word (a name, a list) follows, not a command */
    private static final Set<String> RESERVED_BEFORE_WORDS = Set.of("for", "case", "select", "in", "function");
    /** commands whose first argument is itself a command */
    private static final Set<String> PREFIX_COMMANDS = Set.of("sudo", "exec", "nohup", "env", "command", "builtin", "xargs", "watch");
    private static final Pattern PROMPT = Pattern.compile("(?:[\\w.-]+@[\\w.-]+(?::[^$#\\s]*)?)?[$#] |\\$$|> ");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=");

    private final boolean console;

    /** Highlights a script ({@code bash}, {@code sh}): every line is shell. */
    public ShellStyler() {
        this(false);
    }

    private ShellStyler(boolean console) {
        this.console = console;
    }

    /** Highlights a console transcript ({@code console}): prompt lines are commands, other lines output. */
    public static ShellStyler console() {
        return new ShellStyler(true);
    }

    @Override
    public StyleSpans<Collection<String>> style(String text) {
        if (text == null || text.isEmpty()) {
            return Spans.plain(text);
        }
        return new Run(text, console).run();
    }

    private static final class Run {
        private final String t;
        private final int n;
        private final Spans spans;
        private final boolean console;
        /** quote of a string continued from an earlier line, or 0 */
        private char quote;
        /** whether the previous line ended with a backslash */
        private boolean continued;
        private boolean expectCommand = true;
        /** words left until the {@code in} of {@code for x in ...} / {@code case x in} */
        private int wordsBeforeIn;

        Run(String text, boolean console) {
            this.t = text;
            this.n = text.length();
            this.spans = new Spans(n);
            this.console = console;
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
            int p = a;
            boolean command = quote != 0 || continued;
            if (console && !command) {
                Matcher m = PROMPT.matcher(t).region(a, b);
                if (m.lookingAt()) {
                    spans.add(a, m.end(), Tokens.PROMPT);
                    p = m.end();
                } else {
                    if (a < b) {
                        spans.add(a, b, Tokens.OUTPUT);
                    }
                    return;
                }
            }
            if (!continued && quote == 0) {
                expectCommand = true;
            }
            continued = false;
            if (quote != 0) {
                p = quoted(quote, p, p, b);
                if (quote != 0) {
                    return;
                }
            }
            words(p, b);
        }

        private void words(int p, int b) {
            while (p < b) {
                char c = t.charAt(p);
                if (c == ' ' || c == '\t' || c == '\r') {
                    p++;
                } else if (c == '#' && (p == 0 || Character.isWhitespace(t.charAt(p - 1)))) {
                    spans.add(p, b, Tokens.COMMENT);
                    return;
                } else if (c == '\\' && restBlank(p + 1, b)) {
                    spans.add(p, p + 1, Tokens.OPERATOR);
                    continued = true;
                    return;
                } else if (c == '\\') {
                    p = Math.min(b, p + 2);
                    expectCommand = false;
                } else if (c == '\'' || c == '"') {
                    p = quoted(c, p, p + 1, b);
                    expectCommand = false;
                    if (quote != 0) {
                        return;
                    }
                } else if (c == '$') {
                    p = dollar(p, b);
                } else if (c == '`') {
                    spans.add(p, p + 1, Tokens.OPERATOR);
                    expectCommand = true;
                    p++;
                } else if ("|&;()".indexOf(c) >= 0) {
                    int end = p + 1;
                    if (end < b && (t.charAt(end) == c || (c == '|' && t.charAt(end) == '&'))) {
                        end++;
                    }
                    spans.add(p, end, Tokens.OPERATOR);
                    expectCommand = c != ')';
                    p = end;
                } else if (c == '>' || c == '<' || (Character.isDigit(c) && p + 1 < b && (t.charAt(p + 1) == '>' || t.charAt(p + 1) == '<')
                        && (p == 0 || !isWordChar(t.charAt(p - 1))))) {
                    p = redirection(p, b);
                } else {
                    p = word(p, b);
                }
            }
        }

        private int word(int p, int b) {
            if (expectCommand) {
                Matcher assignment = ASSIGNMENT.matcher(t).region(p, b);
                if (assignment.lookingAt()) {
                    spans.add(p, assignment.end() - 1, Tokens.VARIABLE);
                    int end = plainEnd(assignment.end(), b);
                    return end;
                }
            }
            if (t.charAt(p) == '-' && p + 1 < b && !isSpecial(t.charAt(p + 1))) {
                int end = p + 1;
                while (end < b && !isSpecial(t.charAt(end)) && t.charAt(end) != '=') {
                    end++;
                }
                spans.add(p, end, Tokens.FLAG);
                return end;
            }
            int end = plainEnd(p, b);
            if (wordsBeforeIn > 0) {
                wordsBeforeIn--;
                if (t.startsWith("in", p) && end - p == 2) {
                    spans.add(p, end, Tokens.KEYWORD);
                    wordsBeforeIn = 0;
                    return end;
                }
            }
            if (expectCommand) {
                String word = t.substring(p, end);
                if (RESERVED.contains(word)) {
                    spans.add(p, end, Tokens.KEYWORD);
                    expectCommand = !RESERVED_BEFORE_WORDS.contains(word);
                    if (word.equals("for") || word.equals("case") || word.equals("select")) {
                        wordsBeforeIn = 2;
                    }
                } else {
                    spans.add(p, end, Tokens.COMMAND);
                    expectCommand = PREFIX_COMMANDS.contains(word);
                }
            }
            return end;
        }

        /** End of a plain word: up to a blank, a quote, {@code $} or an operator. */
        private int plainEnd(int p, int b) {
            int end = p;
            while (end < b && !isSpecial(t.charAt(end))) {
                end++;
            }
            return Math.max(end, Math.min(p + 1, b));
        }

        /** A quoted string whose content starts at {@code from}; {@code $VAR} inside double quotes stays a variable. */
        private int quoted(char q, int open, int from, int b) {
            int k = from;
            int styledFrom = open;
            while (k < b) {
                char c = t.charAt(k);
                if (q == '"' && c == '\\') {
                    k += 2;
                } else if (c == q) {
                    spans.add(styledFrom, k + 1, Tokens.STRING);
                    quote = 0;
                    return k + 1;
                } else if (q == '"' && c == '$' && k + 1 < b && (t.charAt(k + 1) == '{' || Character.isLetter(t.charAt(k + 1)) || t.charAt(k + 1) == '_')) {
                    spans.add(styledFrom, k, Tokens.STRING);
                    k = dollar(k, b);
                    styledFrom = k;
                } else {
                    k++;
                }
            }
            spans.add(styledFrom, b, Tokens.STRING);
            quote = q;
            return b;
        }

        private int dollar(int p, int b) {
            if (p + 1 >= b) {
                return p + 1;
            }
            char next = t.charAt(p + 1);
            if (next == '(') {
                spans.add(p, p + 2, Tokens.OPERATOR);
                expectCommand = true;
                return p + 2;
            }
            int end;
            if (next == '{') {
                int close = t.indexOf('}', p + 2);
                end = close < 0 || close >= b ? b : close + 1;
            } else if (Character.isLetter(next) || next == '_') {
                end = p + 2;
                while (end < b && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '_')) {
                    end++;
                }
            } else if (Character.isDigit(next) || "?@#*!$-".indexOf(next) >= 0) {
                end = p + 2;
            } else {
                return p + 1;
            }
            spans.add(p, end, Tokens.VARIABLE);
            if (expectCommand) {
                expectCommand = false;
            }
            return end;
        }

        private int redirection(int p, int b) {
            int end = p;
            while (end < b && Character.isDigit(t.charAt(end))) {
                end++;
            }
            while (end < b && (t.charAt(end) == '>' || t.charAt(end) == '<')) {
                end++;
            }
            if (end < b && t.charAt(end) == '&') {
                end++;
                while (end < b && (Character.isDigit(t.charAt(end)) || t.charAt(end) == '-')) {
                    end++;
                }
            }
            spans.add(p, Math.max(end, p + 1), Tokens.OPERATOR);
            return Math.max(end, p + 1);
        }

        private boolean restBlank(int p, int b) {
            for (int k = p; k < b; k++) {
                if (!Character.isWhitespace(t.charAt(k))) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isSpecial(char c) {
            return c == ' ' || c == '\t' || c == '\r' || "'\"$`|&;()<>".indexOf(c) >= 0;
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-';
        }
    }
}
