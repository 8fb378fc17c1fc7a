package orchlab.engine.sandbox;

/**
 * A sandbox cannot be started, reached or used. The message is one sentence for the learner that
 * says what is wrong and what to do ("Docker is not running — start Docker Desktop or ...").
 */
public class SandboxException extends Exception {
    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
