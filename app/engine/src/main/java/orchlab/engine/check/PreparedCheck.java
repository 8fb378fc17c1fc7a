package orchlab.engine.check;

/** A validated check, ready to run against a sandbox. Implementations are immutable and thread-safe. */
public interface PreparedCheck {

    /**
     * Looks once. Returns what was found; throws {@link CheckUnavailableException} when the
     * sandbox cannot answer (so the engine reports an error, not a wrong answer).
     */
    Outcome attempt(CheckContext context) throws CheckUnavailableException, InterruptedException;

    /** Whether trying again can change the answer (live state) or not (a file's text). */
    default boolean polls() {
        return true;
    }
}
