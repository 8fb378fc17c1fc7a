package orchlab.engine.check;

import java.util.List;

/** A validated check, ready to run against a sandbox. Implementations are immutable and thread-safe. */
public interface PreparedCheck {

    /**
     * Looks once. Returns what was found, and — through {@link Outcome#convergence()} — whether waiting could still
     * change a failing answer; throws {@link CheckUnavailableException} when the sandbox cannot answer (so the engine
     * reports an error, not a wrong answer).
     */
    Outcome attempt(CheckContext context) throws CheckUnavailableException, InterruptedException;

    /** Whether trying again can change the answer (live state) or not (a file's text). */
    default boolean polls() {
        return true;
    }

    /**
     * Called once, when the final answer is a failure: what the sandbox says about the objects involved (for a
     * cluster, their last events). Looked up once rather than on every attempt. Never throws: no evidence is better
     * than no answer.
     */
    default List<String> evidence(CheckContext context, Outcome failed) throws InterruptedException {
        return List.of();
    }
}
