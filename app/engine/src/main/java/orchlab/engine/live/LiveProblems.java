package orchlab.engine.live;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** One sentence for the learner about a failed list, watch, get or log call. */
final class LiveProblems {

    /** What went wrong, and whether retrying can help. */
    record Problem(String message, Kind kind) {
    }

    enum Kind {
        /** The server does not answer: retry, and say so until it answers again. */
        UNREACHABLE,
        /** The server refuses this request (401/403): retrying will not help until someone changes access. */
        REFUSED,
        /** The server does not serve this kind (404 on a list): leave it out without a word. */
        NOT_SERVED,
        /** Something else the server answered. */
        OTHER
    }

    private LiveProblems() {
    }

    /**
     * @param server    the API server URL
     * @param what      what was being done, for the sentence: "list Pods", "read the log of Pod web-1"
     * @param namespace the namespace watched
     */
    static Problem describe(Throwable error, String server, String what, String namespace) {
        Optional<KubernetesClientException> answered = answered(error);
        if (answered.isEmpty()) {
            return new Problem("The cluster at " + server + " does not answer — is the sandbox running?", Kind.UNREACHABLE);
        }
        KubernetesClientException e = answered.get();
        int code = e.getCode();
        if (code == 401) {
            return new Problem("The cluster at " + server + " does not accept the lab's credentials (401 Unauthorized) — "
                    + "check the kubeconfig or restart the sandbox.", Kind.REFUSED);
        }
        if (code == 403) {
            return new Problem("The cluster at " + server + " does not allow you to " + what + " in namespace " + namespace
                    + " (403 Forbidden) — the view shows what it may see; ask for read access to that namespace.", Kind.REFUSED);
        }
        if (code == 404) {
            return new Problem("The cluster at " + server + " does not serve what is needed to " + what + " (404).", Kind.NOT_SERVED);
        }
        if (code >= 500 || code == 429) {
            return new Problem("The cluster at " + server + " is busy or failing (" + code + ") — the view retries by itself.",
                    Kind.UNREACHABLE);
        }
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return new Problem("The cluster at " + server + " answered " + code + " when asked to " + what + ": "
                + sentence(detail), Kind.OTHER);
    }

    /** The server's own message, e.g. why a log cannot be read; empty when the server did not answer. */
    static Optional<String> serverMessage(Throwable error) {
        return answered(error).map(e -> e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : e.getMessage());
    }

    static int code(Throwable error) {
        return answered(error).map(KubernetesClientException::getCode).orElse(0);
    }

    /** The client exception that carries an HTTP answer, if the server answered at all. */
    private static Optional<KubernetesClientException> answered(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() > 0) {
                return Optional.of(k);
            }
            if (t instanceof WatcherException w) {
                KubernetesClientException k = w.asClientException();
                if (k != null && k.getCode() > 0) {
                    return Optional.of(k);
                }
            }
            if (t instanceof IOException || t instanceof TimeoutException) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String sentence(String text) {
        String s = text == null || text.isBlank() ? "no reason given" : text.strip();
        return s.endsWith(".") ? s : s + ".";
    }
}
