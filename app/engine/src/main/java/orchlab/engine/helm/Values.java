package orchlab.engine.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** Helm's values coalescing for the common case: maps merge key by key, anything else from the user replaces. */
final class Values {
    private Values() {
    }

    static JsonNode merge(JsonNode base, JsonNode overrides) {
        if (overrides == null || overrides.isMissingNode() || overrides.isNull()) {
            return base == null ? JsonNodeFactory.instance.objectNode() : base.deepCopy();
        }
        if (base == null || !base.isObject() || !overrides.isObject()) {
            return overrides.deepCopy();
        }
        ObjectNode merged = ((ObjectNode) base).deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                merged.remove(e.getKey()); // helm: a null value deletes the chart's default
            } else {
                merged.set(e.getKey(), merge(merged.get(e.getKey()), e.getValue()));
            }
        }
        return merged;
    }
}
