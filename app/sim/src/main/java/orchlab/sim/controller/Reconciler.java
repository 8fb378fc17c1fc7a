package orchlab.sim.controller;

import java.util.function.Consumer;
import orchlab.sim.store.StoreEvent;

/** A small controller loop for one kind: turns store changes into work items and converges one object per item. */
public interface Reconciler {

    /** Name used in work items. */
    String name();

    /** Queues the work a store change causes. Runs inside the store lock: only enqueue, never read or write. */
    void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue);

    /** Converges one object toward its desired state. */
    void reconcile(ControllerManager.Key key);

    /** Queues every object of this controller's kind (used after restoring saved state). */
    default void resync(Consumer<ControllerManager.Key> enqueue) {
    }
}
