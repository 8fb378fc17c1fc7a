package orchlab.engine.docker.dockerfile;

/** Something the parser could not make sense of, at a 1-based line, with how to fix it (may be empty). */
public record ParseProblem(int line, String message, String fix) {
}
