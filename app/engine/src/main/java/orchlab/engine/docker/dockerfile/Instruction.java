package orchlab.engine.docker.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * One Dockerfile instruction after continuation lines are joined and comments inside them dropped.
 *
 * @param keyword   upper-case instruction ({@code RUN}); as written when it is not a known instruction
 * @param line      1-based line where the instruction starts
 * @param endLine   1-based line where it ends (last continuation line or here-document delimiter)
 * @param flags     leading {@code --name=value} options (for FROM, RUN, COPY, ADD, HEALTHCHECK), in order
 * @param arguments the text after the keyword and the flags, continuation lines joined with a space
 * @param execForm  the JSON array when the arguments are written in exec (JSON) form, else empty
 * @param heredocs  here-documents that follow the instruction
 */
public record Instruction(String keyword, int line, int endLine, List<Flag> flags, String arguments,
                          Optional<List<String>> execForm, List<Heredoc> heredocs) {

    public Instruction {
        flags = List.copyOf(flags);
        execForm = execForm.map(List::copyOf);
        heredocs = List.copyOf(heredocs);
    }

    public boolean is(String name) {
        return keyword.equalsIgnoreCase(name);
    }

    /** Whether the arguments are a JSON array ({@code CMD ["python", "app.py"]}). */
    public boolean isExecForm() {
        return execForm.isPresent();
    }

    /** Whether the arguments start like a JSON array but are not valid JSON ({@code CMD ['python', 'app.py']}). */
    public boolean looksLikeBrokenExecForm() {
        return execForm.isEmpty() && arguments.startsWith("[");
    }

    /** The value of the first flag named {@code name} ({@code from} for {@code --from=build}). */
    public Optional<String> flag(String name) {
        return flags.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Flag::value).findFirst();
    }

    /**
     * The words of the arguments: the exec-form array, or the shell-form text split on blanks
     * (good enough for paths and image names; shell quoting is not interpreted).
     */
    public List<String> words() {
        if (execForm.isPresent()) {
            return execForm.get();
        }
        String trimmed = arguments.trim();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    /** How the instruction reads in messages: {@code CMD python app.py}. */
    public String text() {
        StringBuilder sb = new StringBuilder(keyword);
        for (Flag flag : flags) {
            sb.append(" --").append(flag.name());
            if (!flag.value().isEmpty()) {
                sb.append('=').append(flag.value());
            }
        }
        if (!arguments.isEmpty()) {
            sb.append(' ').append(arguments);
        }
        return sb.toString();
    }
}
