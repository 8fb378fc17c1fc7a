package orchlab.sim.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a {@code sh -c} script into words and operators, and expands {@code $VAR} in a word. */
public final class ShellWords {

    /** Stands for a {@code $} that was single-quoted (never expanded). */
    private static final char LITERAL_DOLLAR = '\u0001';
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\?|\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*)|\\(hostname\\))");

    private ShellWords() {
    }

    public static boolean isOperator(String token) {
        return token.equals(";") || token.equals("\n") || token.equals("&&") || token.equals("||") || token.equals("|")
                || token.equals("&");
    }

    public static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                end = end < 0 ? text.length() : end;
                word.append(text.substring(i + 1, end).replace('$', LITERAL_DOLLAR));
                inWord = true;
                i = end + 1;
                continue;
            }
            if (c == '"') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != '"') {
                    if (text.charAt(j) == '\\' && j + 1 < text.length() && "\"\\$`".indexOf(text.charAt(j + 1)) >= 0) {
                        j++;
                        word.append(text.charAt(j) == '$' ? LITERAL_DOLLAR : text.charAt(j));
                    } else {
                        word.append(text.charAt(j));
                    }
                    j++;
                }
                inWord = true;
                i = j + 1;
                continue;
            }
            if (c == '\\' && i + 1 < text.length()) {
                if (text.charAt(i + 1) != '\n') {
                    word.append(text.charAt(i + 1) == '$' ? LITERAL_DOLLAR : text.charAt(i + 1));
                    inWord = true;
                }
                i += 2;
                continue;
            }
            if (c == '#' && !inWord) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                inWord = flush(tokens, word, inWord);
                i++;
                continue;
            }
            if (c == '\n' || c == ';') {
                inWord = flush(tokens, word, inWord);
                tokens.add(String.valueOf(c));
                i++;
                continue;
            }
            if (c == '&' || c == '|') {
                inWord = flush(tokens, word, inWord);
                if (c == '&' && i + 1 < text.length() && text.charAt(i + 1) == '>') {
                    tokens.add("&>");
                    i += 2;
                } else if (i + 1 < text.length() && text.charAt(i + 1) == c) {
                    tokens.add("" + c + c);
                    i += 2;
                } else {
                    tokens.add(String.valueOf(c));
                    i++;
                }
                continue;
            }
            if (c == '>' || c == '<') {
                String fd = "";
                if (inWord && word.length() == 1 && Character.isDigit(word.charAt(0))) {
                    fd = word.toString();
                    word.setLength(0);
                    inWord = false;
                } else {
                    inWord = flush(tokens, word, inWord);
                }
                StringBuilder op = new StringBuilder(fd).append(c);
                i++;
                if (c == '>' && i < text.length() && text.charAt(i) == '>') {
                    op.append('>');
                    i++;
                }
                if (i + 1 < text.length() && text.charAt(i) == '&' && Character.isDigit(text.charAt(i + 1))) {
                    op.append('&').append(text.charAt(i + 1));
                    i += 2;
                }
                tokens.add(op.toString());
                continue;
            }
            word.append(c);
            inWord = true;
            i++;
        }
        flush(tokens, word, inWord);
        return tokens;
    }

    private static boolean flush(List<String> tokens, StringBuilder word, boolean inWord) {
        if (inWord) {
            tokens.add(word.toString());
            word.setLength(0);
        }
        return false;
    }

    public static String expand(String word, Map<String, String> vars, Map<String, String> env, String hostname, int status) {
        Matcher m = VARIABLE.matcher(word);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(1).equals("?")) {
                value = String.valueOf(status);
            } else if (m.group(1).equals("(hostname)")) {
                value = hostname;
            } else {
                String name = m.group(2) != null ? m.group(2) : m.group(3);
                value = vars.containsKey(name) ? vars.get(name) : env.containsKey(name) ? env.get(name)
                        : name.equals("HOSTNAME") ? hostname : "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString().replace(LITERAL_DOLLAR, '$');
    }
}
