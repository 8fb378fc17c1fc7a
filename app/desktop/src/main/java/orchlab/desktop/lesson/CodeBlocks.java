package orchlab.desktop.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a lesson's code block is something the learner can run in the terminal, and which command lines
 * that means. Pure: no JavaFX.
 *
 * <p>Rules:
 * <ul>
 *   <li>A block whose language is a shell ({@link #SHELL_LANGUAGES}) is runnable when it holds at least one command.</li>
 *   <li>A block without a language is runnable when every command in it starts with a well-known command-line tool
 *       ({@link #KNOWN_COMMANDS}), e.g. {@code kubectl}, {@code docker}, {@code helm}, {@code curl}.</li>
 *   <li>Any other language ({@code yaml}, {@code dockerfile}, ...) is never runnable.</li>
 * </ul>
 * Commands are extracted by dropping blank lines and comment lines, stripping a leading {@code $ } prompt and trailing
 * {@code # comments}, joining backslash-continued lines into one line, and keeping here-documents
 * ({@code cat <<EOF ... EOF}) together with their command. When the first line carries a {@code $ } prompt, lines
 * without one are the commands' output (as in a {@code console} block) and are not sent.
 */
public final class CodeBlocks {
    /** Info-string languages that mean "this is typed at a shell prompt". */
    public static final Set<String> SHELL_LANGUAGES =
            Set.of("bash", "sh", "shell", "console", "zsh", "shell-session", "shellsession", "terminal");

    /** First words that make a block without a language look like commands. */
    public static final Set<String> KNOWN_COMMANDS = Set.of(
            "kubectl", "docker", "docker-compose", "helm", "istioctl", "curl", "wget", "echo", "cat", "ls", "cd",
            "pwd", "mkdir", "cp", "mv", "touch", "grep", "export", "watch", "printf", "kind", "k3d", "minikube",
            "kubectx", "kubens", "sleep", "which", "env", "lab", "orchlab");

    private static final Pattern HEREDOC = Pattern.compile("(?<!<)<<(?!<)-?\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\1");
    private static final String PROMPT = "$ ";

    private CodeBlocks() {
    }

    /** The language of a fenced block's info string: its first word, lower-case; "" when there is none. */
    public static String language(String info) {
        if (info == null) {
            return "";
        }
        String trimmed = info.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        String first = trimmed.split("\\s+", 2)[0];
        if (first.startsWith("{") && first.endsWith("}")) { // {.bash} style
            first = first.substring(1, first.length() - 1);
        }
        if (first.startsWith(".")) {
            first = first.substring(1);
        }
        return first.toLowerCase(Locale.ROOT);
    }

    /** Whether the block gets a "Run in terminal" button. */
    public static boolean isRunnable(String language, String code) {
        String lang = language(language);
        List<String> commands = extract(code);
        if (commands.isEmpty()) {
            return false;
        }
        if (SHELL_LANGUAGES.contains(lang)) {
            return true;
        }
        if (!lang.isEmpty()) {
            return false;
        }
        return commands.stream().allMatch(CodeBlocks::startsWithKnownCommand);
    }

    /**
     * The commands the "Run in terminal" button sends, one element per command (a here-document stays inside its
     * command, separated by newlines). Empty when the block is not runnable.
     */
    public static List<String> commandsOf(String language, String code) {
        return isRunnable(language, code) ? extract(code) : List.of();
    }

    private static boolean startsWithKnownCommand(String command) {
        String first = command.strip().split("\\s+", 2)[0];
        return KNOWN_COMMANDS.contains(first);
    }

    /**
     * A lesson is pack content, so what the terminal receives is printable text only: control characters (escape
     * sequences, Ctrl-C/D/Z, backspace, C1 controls such as CSI) and the Unicode controls that reorder or hide text
     * (bidi overrides and isolates, zero-width characters) are dropped; a tab becomes a space, so the shell completes
     * nothing; line breaks stay as separators between commands.
     */
    static String printable(String code) {
        StringBuilder out = new StringBuilder(code.length());
        for (int k = 0; k < code.length(); k++) {
            char c = code.charAt(k);
            if (c == '\n' || c == '\r') {
                out.append(c);
            } else if (c == '\t') {
                out.append(' ');
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                    || (c >= '\u200b' && c <= '\u200f') || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
                continue;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static List<String> extract(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        String code = printable(raw);
        String[] lines = code.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        boolean prompted = false; // a block that starts with a "$ " prompt shows commands and their output
        for (String line : lines) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                prompted = isPrompt(line);
                break;
            }
        }
        List<String> commands = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            i++;
            if (prompted && !isPrompt(line)) {
                continue; // output of the previous command
            }
            String text = prompted ? stripPrompt(line) : stripPrompt(line).strip();
            if (text.isBlank() || text.stripLeading().startsWith("#")) {
                continue;
            }
            String command = text.strip();
            // a backslash at the end of a line continues the command on the next one
            while (command.endsWith("\\") && i < lines.length) {
                String next = lines[i];
                i++;
                if (prompted && next.stripLeading().startsWith("> ")) {
                    next = next.stripLeading().substring(2);
                }
                String head = command.substring(0, command.length() - 1);
                boolean gap = head.isEmpty() || Character.isWhitespace(head.charAt(head.length() - 1))
                        || (!next.isEmpty() && Character.isWhitespace(next.charAt(0)));
                command = head.stripTrailing() + (gap && !head.isBlank() ? " " : "") + next.strip();
            }
            String single = stripTrailingComment(command).strip();
            if (single.isEmpty()) {
                continue;
            }
            Matcher heredoc = HEREDOC.matcher(single);
            if (heredoc.find()) {
                String terminator = heredoc.group(2);
                boolean dashed = single.substring(heredoc.start()).startsWith("<<-");
                StringBuilder withBody = new StringBuilder(single);
                while (i < lines.length) {
                    String body = lines[i];
                    i++;
                    withBody.append('\n').append(body);
                    String end = dashed ? body.stripLeading() : body;
                    if (end.strip().equals(terminator)) {
                        break;
                    }
                }
                commands.add(withBody.toString());
            } else {
                commands.add(single);
            }
        }
        return List.copyOf(commands);
    }

    private static boolean isPrompt(String line) {
        String s = line.stripLeading();
        return s.startsWith(PROMPT) || s.equals("$");
    }

    private static String stripPrompt(String line) {
        String s = line.stripLeading();
        if (s.startsWith(PROMPT)) {
            return s.substring(PROMPT.length());
        }
        if (s.equals("$")) {
            return "";
        }
        return line;
    }

    /** Drops a {@code # comment} that starts after whitespace outside quotes; {@code ${#x}} and {@code a#b} stay. */
    static String stripTrailingComment(String command) {
        boolean single = false;
        boolean dbl = false;
        for (int k = 0; k < command.length(); k++) {
            char c = command.charAt(k);
            if (c == '\\' && !single) {
                k++;
                continue;
            }
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && k > 0 && Character.isWhitespace(command.charAt(k - 1))) {
                return command.substring(0, k).stripTrailing();
            }
        }
        return command;
    }
}
