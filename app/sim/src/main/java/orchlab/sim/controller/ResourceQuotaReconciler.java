package orchlab.sim.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import orchlab.sim.api.Json;
import orchlab.sim.store.StoreEvent;

/**
 * The ResourceQuota controller: keeps each quota's {@code status.hard} (its {@code spec.hard}) and {@code status.used}
 * (what the namespace's objects cost, counted as the admission plugin counts them) up to date whenever a quota or
 * an object in its namespace changes, so {@code kubectl describe quota} shows used/hard.
 */
public final class ResourceQuotaReconciler implements Reconciler {

    static final String NAME = "resourcequota";
    private final SimContext ctx;

    public ResourceQuotaReconciler(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        String kind = event.kind();
        if (event.namespace() != null && !kind.equals("Event") && !kind.equals("Lease")) {
            enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), ""));
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        ctx.list(ctx.quotas.type(), null, o -> true)
                .forEach(q -> enqueue.accept(new ControllerManager.Key(NAME, Json.namespace(q), "")));
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        for (ObjectNode quota : ctx.list(ctx.quotas.type(), key.namespace(), o -> true)) {
            ObjectNode status = SimContext.statusOf(quota);
            ObjectNode counted = ctx.quotas.status(quota);
            status.setAll(counted);
            ctx.writeStatus(ctx.quotas.type(), quota, status);
        }
    }
}
