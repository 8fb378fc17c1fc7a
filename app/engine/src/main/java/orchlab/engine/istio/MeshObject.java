package orchlab.engine.istio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import orchlab.engine.yaml.YamlDoc;

/**
 * An object the analyzers look at: a Kubernetes or Istio object as JSON, read from the cluster or from a file (then
 * {@code doc} knows the line of every field).
 */
public record MeshObject(JsonNode json, Optional<YamlDoc> doc) {

    public static MeshObject live(JsonNode json) {
        return new MeshObject(json, Optional.empty());
    }

    public String kind() {
        return json.path("kind").asText("");
    }

    public String group() {
        String apiVersion = json.path("apiVersion").asText("");
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public String name() {
        return json.path("metadata").path("name").asText("");
    }

    public String namespace() {
        return json.path("metadata").path("namespace").asText("");
    }

    public boolean is(String group, String kind) {
        return group().equals(group) && kind().equals(kind);
    }

    /** {@code VirtualService shop/my-app}, as istioctl names objects. */
    public String describe() {
        return kind() + " " + (namespace().isEmpty() ? name() : namespace() + "/" + name());
    }

    /** {@code file.yaml:24} for a field path like {@code spec.http[0].route}, or the object's own line; empty for live objects. */
    public String origin(String fieldPath) {
        if (doc.isEmpty()) {
            return "";
        }
        var location = doc.get().locateKey(pointer(fieldPath));
        return location.line() > 0 ? location.file() + ":" + location.line() : location.file();
    }

    /** The JSON pointer of a field path ({@code spec.http[0].route} → {@code /spec/http/0/route}). */
    public static String pointer(String fieldPath) {
        if (fieldPath.isEmpty()) {
            return "";
        }
        StringBuilder p = new StringBuilder();
        for (String part : fieldPath.split("\\.")) {
            int bracket = part.indexOf('[');
            String key = bracket < 0 ? part : part.substring(0, bracket);
            p.append('/').append(key.replace("~", "~0").replace("/", "~1"));
            if (bracket >= 0) {
                for (String idx : part.substring(bracket + 1).split("\\]\\[?")) {
                    if (!idx.isEmpty()) {
                        p.append('/').append(idx);
                    }
                }
            }
        }
        return p.toString();
    }
}
