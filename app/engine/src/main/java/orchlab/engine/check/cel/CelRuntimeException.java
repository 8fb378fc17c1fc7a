package orchlab.engine.check.cel;

/** A CEL expression failed while running (no such key, wrong type, too slow). */
public final class CelRuntimeException extends Exception {
    public CelRuntimeException(String message) {
        super(message);
    }
}
