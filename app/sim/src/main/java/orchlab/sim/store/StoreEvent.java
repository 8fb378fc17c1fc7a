package orchlab.sim.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change in the store, in the order it happened.
 *
 * @param type            {@code ADDED}, {@code MODIFIED} or {@code DELETED}
 * @param resourceVersion the resource version the change produced (unique and increasing)
 * @param object          the object after the change; for {@code DELETED} the last state, with the deletion's version
 * @param previous        the object before the change, null for {@code ADDED}
 */
public record StoreEvent(String type, long resourceVersion, ObjectNode object, ObjectNode previous) {

    public String apiVersion() {
        return object.path("apiVersion").asText();
    }

    public String kind() {
        return object.path("kind").asText();
    }

    public String namespace() {
        return object.path("metadata").path("namespace").asText(null);
    }

    public String name() {
        return object.path("metadata").path("name").asText();
    }
}
