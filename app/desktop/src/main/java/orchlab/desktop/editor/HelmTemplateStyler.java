package orchlab.desktop.editor;

import java.util.Collection;
import java.util.Set;
import org.fxmisc.richtext.model.StyleSpans;

/**
 * Highlights a Helm chart template: the YAML around the Go template actions as {@link YamlStyler} does, and each
 * action ({@code {{ ... }}}) in its own colours on a shaded background: its braces, the trim markers {@code {{-} and
 * {@code -}}}, keywords ({@code if}, {@code range}, {@code end}, {@code define}, ...), functions ({@code include},
 * {@code toYaml}, {@code nindent}, ...), fields ({@code .Values.app.name}), variables ({@code $name}), strings, the
 * pipe and assignment operators, and comments ({@code {{/* ... *}{@literal /}}}) as one muted span.
 *
 * <p>The YAML is styled with every action blanked out (same length, newlines kept), so an action never breaks the
 * YAML styling around it; then the actions' spans replace the YAML's where they lie. An action may span lines (as Go
 * allows); one not closed before the next {@code {{} (the learner is typing) runs to the end of its line. Text of a {@code .tpl} file outside actions is usually just
 * whitespace; it gets the YAML styling too.
 */
public final class HelmTemplateStyler implements Styler {
    private static final Set<String> KEYWORDS = Set.of("if", "else", "end", "range", "with", "define", "template", "block",
            "break", "continue");
    private static final Set<String> LITERALS = Set.of("true", "false", "nil");

    private final Styler yaml;

    public HelmTemplateStyler(Styler yaml) {
        this.yaml = yaml;
    }

    @Override
    public StyleSpans<Collection<String>> style(String text) {
        if (text == null || text.isEmpty()) {
            return Spans.plain(text);
        }
        char[] blanked = text.toCharArray();
        Spans actions = new Spans(text.length());
        boolean any = false;
        int from = 0;
        while (true) {
            int open = text.indexOf("{{", from);
            if (open < 0) {
                break;
            }
            any = true;
            int close = text.indexOf(text.startsWith("/*", skipTrim(text, open + 2)) ? "*/" : "}}", open + 2);
            if (close >= 0 && text.charAt(close) == '*') {
                close = text.indexOf("}}", close);
            }
            int nextOpen = text.indexOf("{{", open + 2);
            if (close >= 0 && nextOpen >= 0 && nextOpen < close && !text.startsWith("/*", skipTrim(text, open + 2))) {
                close = -1; // "{{ .a }" followed later by "{{ .b }}": the first is the one not closed yet
            }
            int end;
            if (close < 0) {
                int newline = text.indexOf('\n', open);
                end = newline < 0 ? text.length() : newline;
                if (nextOpen >= 0 && nextOpen < end) {
                    end = nextOpen;
                }
            } else {
                end = close + 2;
            }
            action(text, open, end, close >= 0, actions);
            for (int i = open; i < end; i++) {
                if (blanked[i] != '\n' && blanked[i] != '\r') {
                    blanked[i] = 'x';
                }
            }
            from = end;
        }
        StyleSpans<Collection<String>> base = yaml.style(new String(blanked));
        if (!any) {
            return base;
        }
        return base.overlay(actions.create(), (y, a) -> a.isEmpty() ? y : a);
    }

    /** Where an action's body starts: after {@code {{}, a trim marker and blanks. */
    private static int skipTrim(String t, int inner) {
        int i = inner;
        if (i < t.length() && t.charAt(i) == '-') {
            i++;
        }
        while (i < t.length() && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Styles one action {@code [open, end)}; {@code closed} when it ends with its {@code }}}. */
    private static void action(String t, int open, int end, boolean closed, Spans out) {
        int inner = open + 2;
        int innerEnd = closed ? end - 2 : end;
        boolean trimLeft = inner < innerEnd && t.charAt(inner) == '-' && (inner + 1 >= innerEnd || Character.isWhitespace(t.charAt(inner + 1)));
        boolean trimRight = closed && innerEnd - 1 > inner && t.charAt(innerEnd - 1) == '-' && Character.isWhitespace(t.charAt(innerEnd - 2));
        int bodyStart = trimLeft ? inner + 1 : inner;
        int bodyEnd = trimRight ? innerEnd - 1 : innerEnd;
        String body = t.substring(bodyStart, Math.max(bodyStart, bodyEnd)).strip();
        if (body.startsWith("/*")) {
            out.add(open, end, Tokens.TEMPLATE_COMMENT);
            return;
        }
        out.add(open, inner, Tokens.TEMPLATE_DELIM);
        if (trimLeft) {
            out.add(inner, inner + 1, Tokens.TEMPLATE_TRIM);
        }
        body(t, bodyStart, Math.max(bodyStart, bodyEnd), out);
        if (trimRight) {
            out.add(innerEnd - 1, innerEnd, Tokens.TEMPLATE_TRIM);
        }
        if (closed) {
            out.add(innerEnd, end, Tokens.TEMPLATE_DELIM);
        }
    }

    /** The pipeline inside an action: words, fields, variables, strings, numbers and operators. */
    private static void body(String t, int a, int b, Spans out) {
        int i = a;
        while (i < b) {
            char c = t.charAt(i);
            if (Character.isWhitespace(c)) {
                int j = i;
                while (j < b && Character.isWhitespace(t.charAt(j))) {
                    j++;
                }
                out.add(i, j, Tokens.TEMPLATE);
                i = j;
            } else if (c == '"' || c == '`' || c == '\'') {
                int j = i + 1;
                while (j < b && t.charAt(j) != c) {
                    j += c != '`' && t.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(b, j + 1);
                out.add(i, j, Tokens.TEMPLATE_STRING);
                i = j;
            } else if (c == '|' || c == '(' || c == ')' || c == ',' || c == '=' || (c == ':' && i + 1 < b && t.charAt(i + 1) == '=')) {
                int j = c == ':' ? i + 2 : i + 1;
                out.add(i, j, Tokens.TEMPLATE_OPERATOR);
                i = j;
            } else if (c == '.' || c == '$') {
                int j = i + 1;
                while (j < b && (isWord(t.charAt(j)) || t.charAt(j) == '.')) {
                    j++;
                }
                out.add(i, j, c == '$' ? Tokens.TEMPLATE_VARIABLE : Tokens.TEMPLATE_FIELD);
                i = j;
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < b && Character.isDigit(t.charAt(i + 1)))) {
                int j = i + 1;
                while (j < b && (Character.isLetterOrDigit(t.charAt(j)) || t.charAt(j) == '.' || t.charAt(j) == '_')) {
                    j++;
                }
                out.add(i, j, Tokens.TEMPLATE_NUMBER);
                i = j;
            } else if (isWord(c)) {
                int j = i;
                while (j < b && isWord(t.charAt(j))) {
                    j++;
                }
                String word = t.substring(i, j);
                String style = KEYWORDS.contains(word) ? Tokens.TEMPLATE_KEYWORD
                        : LITERALS.contains(word) ? Tokens.TEMPLATE_NUMBER
                        : Tokens.TEMPLATE_FUNCTION;
                out.add(i, j, style);
                i = j;
            } else {
                out.add(i, i + 1, Tokens.TEMPLATE);
                i++;
            }
        }
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
