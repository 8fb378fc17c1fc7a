package orchlab.engine.check;

/**
 * A check could not look at the sandbox at all (cluster unreachable, Docker down, no permission).
 * The result becomes an error with this message, not a failure of the learner's work.
 */
public class CheckUnavailableException extends Exception {
    public CheckUnavailableException(String message) {
        super(message);
    }

    public CheckUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
