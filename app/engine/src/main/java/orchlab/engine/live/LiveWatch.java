package orchlab.engine.live;

import java.util.Optional;

/**
 * What a view asks of a running watch besides its {@link LiveListener} calls: details of one object, and stopping.
 * {@link NamespaceWatch} is the implementation; the interface lets views be tested without a cluster.
 */
public interface LiveWatch extends AutoCloseable {

    String namespace();

    /** The object as {@code kubectl get -o yaml} shows it (no managedFields, Secret values hidden). */
    String yaml(String kind, String name) throws LiveException;

    /** The last {@code tailLines} lines of the pod's log (all when {@code <= 0}); the default container when empty. */
    String logs(String pod, Optional<String> container, int tailLines) throws LiveException;

    /** Stops watching; no listener call starts after this returns. */
    @Override
    void close();
}
