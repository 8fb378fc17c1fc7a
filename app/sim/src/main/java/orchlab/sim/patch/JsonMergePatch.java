package orchlab.sim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** RFC 7386 JSON merge patch ({@code application/merge-patch+json}): maps merge, null deletes, lists replace. */
public final class JsonMergePatch {

    private JsonMergePatch() {
    }

    public static ObjectNode apply(ObjectNode original, JsonNode patch) {
        ObjectNode result = original.deepCopy();
        merge(result, patch);
        return result;
    }

    private static void merge(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode child) {
                merge(child, value);
            } else if (value.isObject()) {
                ObjectNode child = target.putObject(e.getKey());
                merge(child, value);
            } else {
                target.set(e.getKey(), value);
            }
        }
    }
}
