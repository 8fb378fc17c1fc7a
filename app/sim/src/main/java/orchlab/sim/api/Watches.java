package orchlab.sim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;
import orchlab.sim.store.StoreEvent;

/** What a watch selects: one kind, optionally one namespace, plus label and field selectors. */
public record Watches(ResourceType type, String namespace, Predicate<ObjectNode> filter) {

    public boolean matches(StoreEvent event) {
        ObjectNode object = event.object();
        if (!object.path("apiVersion").asText().equals(type.apiVersion()) || !object.path("kind").asText().equals(type.kind())) {
            return false;
        }
        if (namespace != null && type.namespaced() && !namespace.equals(Json.namespace(object))) {
            return false;
        }
        return filter.test(object);
    }
}
