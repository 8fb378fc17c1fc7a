package orchlab.sim.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.StoreEvent;

/**
 * CustomResourceDefinitions: accepted names and the {@code Established} condition (what Helm and
 * {@code kubectl wait --for condition=established} look for); when a CRD is deleted its objects go too.
 * The kinds themselves are registered in discovery synchronously when the CRD is stored.
 */
public final class CrdReconciler implements Reconciler {

    static final String NAME = "crd";
    private final SimContext ctx;

    public CrdReconciler(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        if (event.kind().equals("CustomResourceDefinition")) {
            String prefix = event.type().equals("DELETED") ? "deleted:" + event.object().path("spec").path("group").asText() + ":"
                    + event.object().path("spec").path("names").path("kind").asText() : event.name();
            enqueue.accept(new ControllerManager.Key(NAME, null, prefix));
        }
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        if (key.name().startsWith("deleted:")) {
            String[] parts = key.name().split(":");
            for (ResourceType type : ctx.catalog.all()) {
                if (type.custom() && type.group().equals(parts[1]) && type.kind().equals(parts[2])) {
                    return;
                }
            }
            ApiServices.prune(ctx, parts[1]);
            return;
        }
        Optional<ObjectNode> found = ctx.get(ctx.crds, null, key.name());
        if (found.isEmpty()) {
            return;
        }
        ObjectNode crd = found.get();
        ObjectNode status = SimContext.statusOf(crd);
        status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
        String now = ctx.timestamp();
        SimContext.setCondition(status, "NamesAccepted", "True", "NoConflicts", "no conflicts found", now);
        SimContext.setCondition(status, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted", now);
        com.fasterxml.jackson.databind.node.ArrayNode stored = status.putArray("storedVersions");
        crd.path("spec").path("versions").forEach(v -> {
            if (v.path("storage").asBoolean(false)) {
                stored.add(v.path("name").asText());
            }
        });
        crd.path("spec").path("versions").forEach(v -> {
            if (v.path("served").asBoolean(true)) {
                ApiServices.ensure(ctx, crd.path("spec").path("group").asText(), v.path("name").asText(), "true");
            }
        });
        ObjectNode before = crd.path("status") instanceof ObjectNode o ? o.deepCopy() : Json.object();
        before.remove("conditions");
        ObjectNode after = status.deepCopy();
        after.remove("conditions");
        if (!before.equals(after) || !crd.path("status").has("conditions")) {
            ctx.writeStatus(ctx.crds, crd, status);
        }
    }
}
