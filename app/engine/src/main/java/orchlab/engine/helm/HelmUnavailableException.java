package orchlab.engine.helm;

/** Helm cannot run here at all (its native library does not load on this machine, or no cluster to talk to). */
public final class HelmUnavailableException extends Exception {
    public HelmUnavailableException(String message) {
        super(message);
    }
}
