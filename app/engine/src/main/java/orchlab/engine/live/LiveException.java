package orchlab.engine.live;

/** A YAML or log request could not be answered; the message is one sentence for the learner. */
public class LiveException extends Exception {
    public LiveException(String message) {
        super(message);
    }

    public LiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
