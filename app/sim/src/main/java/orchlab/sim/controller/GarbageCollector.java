package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.StoreEvent;

/**
 * Cascading deletion through {@code ownerReferences}: when an owner is gone, its dependents are deleted
 * (background propagation); an owner deleted in the foreground (finalizer {@code foregroundDeletion}) stays,
 * marked, until its dependents are gone, then its finalizer is removed.
 */
public final class GarbageCollector implements Reconciler {

    static final String NAME = "garbage-collector";
    private static final String FOREGROUND = "foregroundDeletion";
    private final SimContext ctx;
    /**
     * UIDs of owners being deleted in the foreground, kept from the change feed: a dependent's change concerns the
     * collector only when its owner is one of them (looking every owner up on every change was a scan per event).
     */
    private final java.util.Set<String> foregroundOwners = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public GarbageCollector(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        String kind = event.apiVersion() + "/" + event.kind();
        String uid = Json.uid(event.object());
        if (event.type().equals("DELETED")) {
            foregroundOwners.remove(uid);
            enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), "deleted:" + uid));
        } else if (hasForeground(event.object()) && event.object().path("metadata").hasNonNull("deletionTimestamp")) {
            foregroundOwners.add(uid);
            enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), "foreground:" + kind + ":" + event.name()));
        } else if (uid != null) {
            foregroundOwners.remove(uid);
        }
        for (JsonNode ref : event.object().path("metadata").path("ownerReferences")) {
            // a dependent changed or is gone: its foreground-deleting owner may now be free to go
            if (foregroundOwners.contains(ref.path("uid").asText())) {
                enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), "owner:" + ref.path("uid").asText()));
            }
        }
    }

    private static boolean hasForeground(JsonNode object) {
        for (JsonNode f : object.path("metadata").path("finalizers")) {
            if (f.asText().equals(FOREGROUND)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        String id = key.name();
        if (id.startsWith("deleted:")) {
            String uid = id.substring("deleted:".length());
            for (ResourceType type : ctx.catalog.all()) {
                for (ObjectNode dependent : ctx.store.listOwnedBy(type, key.namespace(), uid, o -> true)) {
                    if (!dependent.path("metadata").hasNonNull("deletionTimestamp")) {
                        ctx.store.delete(type, Json.namespace(dependent), Json.name(dependent));
                    }
                }
            }
        } else if (id.startsWith("foreground:")) {
            String[] parts = id.split(":", 3);
            String kindKey = parts[1];
            String name = parts[2];
            for (ResourceType type : ctx.catalog.all()) {
                if ((type.apiVersion() + "/" + type.kind()).equals(kindKey)) {
                    ctx.get(type, key.namespace(), name).ifPresent(owner -> foreground(type, owner));
                }
            }
        } else if (id.startsWith("owner:")) {
            String uid = id.substring("owner:".length());
            for (ResourceType type : ctx.catalog.all()) {
                for (ObjectNode owner : ctx.list(type, key.namespace(), o -> uid.equals(Json.uid(o)) && hasForeground(o)
                        && o.path("metadata").hasNonNull("deletionTimestamp"))) {
                    foreground(type, owner);
                }
            }
        }
    }

    private void foreground(ResourceType ownerType, ObjectNode owner) {
        String uid = Json.uid(owner);
        boolean remaining = false;
        for (ResourceType type : ctx.catalog.all()) {
            List<ObjectNode> dependents = ctx.store.listOwnedBy(type, Json.namespace(owner), uid, o -> true);
            for (ObjectNode dependent : dependents) {
                remaining = true;
                if (!dependent.path("metadata").hasNonNull("deletionTimestamp")) {
                    ObjectNode copy = dependent.deepCopy();
                    if (!hasForeground(copy) && hasDependents(Json.uid(copy), Json.namespace(copy))) {
                        Json.metadata(copy).withArray("finalizers").add(FOREGROUND);
                        ctx.store.update(type, copy);
                    }
                    ctx.store.delete(type, Json.namespace(dependent), Json.name(dependent));
                }
            }
        }
        if (!remaining) {
            Optional<ObjectNode> fresh = ctx.get(ownerType, Json.namespace(owner), Json.name(owner));
            if (fresh.isPresent()) {
                ObjectNode copy = fresh.get().deepCopy();
                ArrayNode finalizers = (ArrayNode) copy.path("metadata").path("finalizers");
                for (int i = finalizers.size() - 1; i >= 0; i--) {
                    if (finalizers.get(i).asText().equals(FOREGROUND)) {
                        finalizers.remove(i);
                    }
                }
                ctx.store.update(ownerType, copy);
            }
        }
    }

    private boolean hasDependents(String uid, String namespace) {
        for (ResourceType type : ctx.catalog.all()) {
            if (!ctx.store.listOwnedBy(type, namespace, uid, o -> true).isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
