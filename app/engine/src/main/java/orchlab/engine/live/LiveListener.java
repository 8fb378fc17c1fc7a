package orchlab.engine.live;

import java.util.List;

/**
 * Receives what a {@link NamespaceWatch} sees. Calls come from one background thread of the watch, one at a
 * time and in order; never from the caller's thread. An exception thrown here is caught and dropped.
 */
public interface LiveListener {

    /**
     * The whole current list of objects, sorted by kind then name. Delivered once when the first listing is in
     * (also when the namespace is empty) and then after changes, coalesced: a burst of changes gives one call.
     */
    void objects(List<LiveObject> snapshot);

    /**
     * An event: first the ones already there, oldest first, then each new or updated one (an update is a repeat
     * with a higher {@link LiveEvent#count()}).
     */
    void event(LiveEvent e);

    /**
     * One sentence for the learner when the cluster cannot be watched ("The cluster at https://127.0.0.1:6443
     * does not answer — is the sandbox running?"); the watch keeps retrying. Never a stack trace.
     */
    void problem(String message);

    /** The cluster answers again after a {@link #problem}; the snapshot that follows is current. */
    default void resolved() {
    }
}
