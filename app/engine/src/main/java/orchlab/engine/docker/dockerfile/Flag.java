package orchlab.engine.docker.dockerfile;

/**
 * A {@code --name=value} option of an instruction ({@code COPY --from=build}, {@code RUN --mount=...}).
 * {@code value} is empty for a bare {@code --link}.
 */
public record Flag(String name, String value) {
}
