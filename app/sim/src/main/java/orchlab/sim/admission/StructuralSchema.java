package orchlab.sim.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.ObjectStore;

/**
 * What a real API server does with a custom resource whose CRD version has a structural schema
 * (<a href="https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#field-pruning">pruning</a>,
 * <a href="https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation">field validation</a>):
 * {@code null} values of non-nullable fields are dropped; fields the schema does not declare are unknown —
 * rejected with {@code fieldValidation=Strict} (what {@code kubectl apply} sends), pruned with a warning by
 * default ({@code Warn}), pruned silently with {@code Ignore}; then every remaining value must have its schema's
 * type and one of its enum values, or the request is {@code Invalid} (422) listing every bad field.
 * Subtrees marked {@code x-kubernetes-preserve-unknown-fields} are kept as they are.
 */
public final class StructuralSchema {

    /** A field that is not declared in the schema, or a value the schema does not allow. */
    public record Finding(String path, boolean unknown, String message) {
    }

    private StructuralSchema() {
    }

    /**
     * Applies field validation for a custom resource whose CRD is in the store; nothing happens when the CRD has
     * no schema for the version.
     *
     * @return warnings for the client
     */
    static List<String> admit(ObjectStore store, ResourceType type, ObjectNode object, String mode) {
        Optional<JsonNode> schema = schemaOf(store, type);
        if (schema.isEmpty()) {
            return List.of();
        }
        List<Finding> findings = validate(schema.get(), object);
        List<String> unknown = findings.stream().filter(Finding::unknown).map(Finding::path).toList();
        String prefix = type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind() + ": ";
        if (!unknown.isEmpty() && mode.equalsIgnoreCase("Strict")) {
            String message = unknown.stream().map(p -> "unknown field \"" + p + "\"").collect(Collectors.joining(", "));
            throw ApiException.badRequest(prefix + "strict decoding error: " + message,
                    unknown.stream().map(p -> new ApiException.Cause("FieldValueInvalid", p, "unknown field \"" + p + "\"")).toList());
        }
        List<ApiException.Cause> invalid = findings.stream().filter(f -> !f.unknown())
                .map(f -> new ApiException.Cause("FieldValueInvalid", f.path(), f.message())).toList();
        if (!invalid.isEmpty()) {
            String name = Json.name(object);
            throw ApiException.invalid(type.group(), type.kind(), (name != null ? name : ""), invalid);
        }
        unknown.forEach(path -> Admission.remove(object, path));
        return mode.equalsIgnoreCase("Ignore") ? List.of() : unknown.stream().map(p -> "unknown field \"" + p + "\"").toList();
    }

    private static Optional<JsonNode> schemaOf(ObjectStore store, ResourceType type) {
        ResourceType crds = new ResourceType("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
                "customresourcedefinitions", "customresourcedefinition", false, List.of(), List.of(), java.util.Set.of(), false);
        return store.get(crds, null, type.plural() + "." + type.group()).flatMap(crd -> {
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (version.path("name").asText().equals(type.version())) {
                    JsonNode schema = version.path("schema").path("openAPIV3Schema");
                    return schema.isObject() ? Optional.of(schema) : Optional.empty();
                }
            }
            return Optional.empty();
        });
    }

    /**
     * Every unknown field and every invalid value of a custom resource (apiVersion, kind and metadata are the API
     * server's, not the schema's). Drops {@code null} values of non-nullable fields from the object, as pruning does.
     */
    public static List<Finding> validate(JsonNode rootSchema, ObjectNode object) {
        List<Finding> findings = new ArrayList<>();
        JsonNode properties = rootSchema.path("properties");
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals("apiVersion") || name.equals("kind") || name.equals("metadata")) {
                continue;
            }
            if (field.getValue().isNull() && !properties.path(name).path("nullable").asBoolean(false)) {
                fields.remove();
            } else if (properties.has(name)) {
                check(properties.get(name), field.getValue(), name, findings);
            } else if (!rootSchema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                findings.add(new Finding(name, true, "field not declared in schema"));
            }
        }
        return findings;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<Finding> findings) {
        String type = schema.path("type").asText("");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (!type.isEmpty() && !hasType(value, type)) {
            findings.add(new Finding(path, false, "Invalid value: \"" + typeOf(value) + "\": " + path
                    + " in body must be of type " + type + ": \"" + typeOf(value) + "\""));
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            List<String> allowed = new ArrayList<>();
            schema.get("enum").forEach(v -> allowed.add("\"" + v.asText() + "\""));
            findings.add(new Finding(path, false, "Unsupported value: " + Json.write(value) + ": supported values: "
                    + String.join(", ", allowed)));
            return;
        }
        if (value instanceof ObjectNode object) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode fieldSchema = properties.has(field.getKey()) ? properties.get(field.getKey())
                        : additional.isObject() ? additional : null;
                String child = path + "." + field.getKey();
                if (field.getValue().isNull() && (fieldSchema == null || !fieldSchema.path("nullable").asBoolean(false))) {
                    fields.remove();
                } else if (fieldSchema != null) {
                    check(fieldSchema, field.getValue(), child, findings);
                } else if (!preserve) {
                    findings.add(new Finding(child, true, "field not declared in schema"));
                }
            }
        } else if (value.isArray() && schema.path("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", findings);
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static String typeOf(JsonNode value) {
        if (value.isObject()) {
            return "object";
        } else if (value.isArray()) {
            return "array";
        } else if (value.isTextual()) {
            return "string";
        } else if (value.isIntegralNumber()) {
            return "integer";
        } else if (value.isNumber()) {
            return "number";
        } else if (value.isBoolean()) {
            return "boolean";
        }
        return "null";
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
