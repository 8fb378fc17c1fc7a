package orchlab.engine.docker.dockerfile;

/**
 * A here-document attached to RUN, COPY or ADD ({@code RUN <<EOF ... EOF}).
 *
 * @param delimiter the word after {@code <<} (quotes removed)
 * @param body      the lines between the instruction and the delimiter line
 * @param startLine first body line (1-based)
 * @param endLine   the delimiter line, or the last line of the file when it is not closed
 */
public record Heredoc(String delimiter, String body, int startLine, int endLine) {
}
