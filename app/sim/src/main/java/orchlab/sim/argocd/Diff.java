package orchlab.sim.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Whether a live object matches its manifest, as Argo CD's default diff judges it for a plain manifest: every field
 * the manifest writes must be present and equal in the live object; fields only the live object has (defaults the API
 * server filled in, {@code status}, metadata the server or controllers set) do not count. Lists must have the same
 * length and match element by element. The manifest's {@code status} and the server-owned metadata are ignored.
 */
final class Diff {

    /** Metadata fields the server sets or that are not part of the desired state. */
    private static final Set<String> IGNORED_METADATA = Set.of("namespace", "uid", "resourceVersion", "generation",
            "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds",
            "ownerReferences", "finalizers");

    private Diff() {
    }

    static boolean contains(JsonNode live, JsonNode desired) {
        for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (key.equals("status")) {
                continue;
            }
            if (key.equals("metadata")) {
                if (!metadataMatches(live.path("metadata"), field.getValue())) {
                    return false;
                }
                continue;
            }
            if (!matches(live.get(key), field.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean metadataMatches(JsonNode live, JsonNode desired) {
        for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (IGNORED_METADATA.contains(field.getKey())) {
                continue;
            }
            if (!matches(live.get(field.getKey()), field.getValue())) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(JsonNode live, JsonNode desired) {
        if (desired == null || desired.isNull()) {
            return live == null || live.isNull();
        }
        if (live == null || live.isNull()) {
            // an empty map or list in the manifest is the same as none
            return (desired.isObject() || desired.isArray()) && desired.isEmpty();
        }
        if (desired.isObject()) {
            if (!live.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!matches(live.get(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!live.isArray() || live.size() != desired.size()) {
                return false;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (!matches(live.get(i), desired.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isNumber() && live.isNumber()) {
            return desired.decimalValue().compareTo(live.decimalValue()) == 0;
        }
        return desired.asText().equals(live.asText()) && desired.isTextual() == live.isTextual()
                || desired.isBoolean() && live.isBoolean() && desired.asBoolean() == live.asBoolean();
    }
}
