package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * OpenAPI schemas of the built-in kinds, derived from fabric8's typed model (the classes admission already reads
 * objects into): one definition per model class, named like the real server's ({@code io.k8s.api.apps.v1.DeploymentSpec},
 * {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}), properties with their JSON types, {@code $ref}s between
 * them, and {@code x-kubernetes-group-version-kind} on each kind. The model carries no documentation, so fields have no
 * descriptions; each kind's description says so and where the reference is.
 */
public final class OpenApiSchemas {

    private static final String MODEL = "io.fabric8.kubernetes.api.model";
    private static final Set<String> META = Set.of("ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement",
            "OwnerReference", "ManagedFieldsEntry", "Condition", "Status", "StatusDetails", "StatusCause", "FieldsV1",
            "DeleteOptions", "Preconditions", "Time", "MicroTime", "Duration", "APIResource", "GroupVersionForDiscovery");
    static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    /** Definition name to its schema (v2 style: {@code $ref: #/definitions/...}); sorted for stable output. */
    private final Map<String, ObjectNode> definitions = new TreeMap<>();

    /** Builds the definitions for the given kinds ({@code ResourceType} to fabric8 model class). */
    public OpenApiSchemas(Map<ResourceType, Class<?>> kinds) {
        ObjectNode intOrString = Json.object();
        intOrString.put("type", "string");
        intOrString.put("format", "int-or-string");
        intOrString.put("description", "IntOrString is a type that can hold an int32 or a string.");
        definitions.put(INT_OR_STRING, intOrString);
        ObjectNode quantity = Json.object();
        quantity.put("type", "string");
        quantity.put("description", "Quantity is a fixed-point representation of a number (e.g. 100m, 1.5Gi).");
        definitions.put(QUANTITY, quantity);
        kinds.forEach((type, model) -> {
            String name = definitionName(model);
            ObjectNode schema = define(model);
            schema.put("description", type.kind() + " (" + type.apiVersion() + "). The simulated cluster derives its schemas "
                    + "from a typed model without field descriptions: see https://kubernetes.io/docs/reference/kubernetes-api/ "
                    + "for what each field means.");
            ArrayNode gvks = schema.withArray("x-kubernetes-group-version-kind");
            ObjectNode gvk = gvks.addObject();
            gvk.put("group", type.group());
            gvk.put("kind", type.kind());
            gvk.put("version", type.version());
            definitions.put(name, schema);
        });
    }

    public Map<String, ObjectNode> definitions() {
        return definitions;
    }

    /** The definition name of a kind's model class. */
    public static String definitionName(Class<?> model) {
        String pkg = model.getPackageName();
        String simple = model.getSimpleName();
        if (pkg.equals(MODEL)) {
            if (simple.equals("IntOrString")) {
                return INT_OR_STRING;
            }
            if (simple.equals("Quantity")) {
                return QUANTITY;
            }
            return (META.contains(simple) ? "io.k8s.apimachinery.pkg.apis.meta.v1." : "io.k8s.api.core.v1.") + simple;
        }
        if (pkg.startsWith(MODEL + ".")) {
            String rest = pkg.substring(MODEL.length() + 1);
            if (!rest.matches(".*\\.v\\d.*")) {
                rest = rest + ".v1";
            }
            if (rest.startsWith("apiextensions.")) {
                return "io.k8s.apiextensions-apiserver.pkg.apis." + rest + "." + simple;
            }
            return "io.k8s.api." + rest + "." + simple;
        }
        return pkg + "." + simple;
    }

    /** Defines {@code model} and every class it reaches; returns the schema of {@code model}. */
    private ObjectNode define(Class<?> model) {
        String name = definitionName(model);
        ObjectNode existing = definitions.get(name);
        if (existing != null) {
            return existing;
        }
        ObjectNode schema = Json.object();
        definitions.put(name, schema);
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        // plain reflection over the model's @JsonProperty fields: Jackson's bean introspection costs ~4 ms a class
        for (Class<?> c = model; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field field : c.getDeclaredFields()) {
                com.fasterxml.jackson.annotation.JsonProperty json = field.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                if (json == null || java.lang.reflect.Modifier.isStatic(field.getModifiers())
                        || field.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonIgnore.class)) {
                    continue;
                }
                String property = json.value().isEmpty() ? field.getName() : json.value();
                if (!properties.has(property)) {
                    properties.set(property, schemaOf(field.getGenericType()));
                }
            }
        }
        if (properties.isEmpty()) {
            schema.remove("properties");
        }
        return schema;
    }

    private ObjectNode schemaOf(java.lang.reflect.Type generic) {
        Class<?> raw = raw(generic);
        ObjectNode schema = Json.object();
        if (raw == String.class) {
            schema.put("type", "string");
        } else if (raw == Integer.class || raw == int.class || raw == Short.class) {
            schema.put("type", "integer").put("format", "int32");
        } else if (raw == Long.class || raw == long.class) {
            schema.put("type", "integer").put("format", "int64");
        } else if (raw == Boolean.class || raw == boolean.class) {
            schema.put("type", "boolean");
        } else if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            schema.put("type", "number").put("format", "double");
        } else if (Map.class.isAssignableFrom(raw)) {
            schema.put("type", "object");
            schema.set("additionalProperties", schemaOf(typeArgument(generic, 1)));
        } else if (raw == byte[].class) {
            schema.put("type", "string").put("format", "byte");
        } else if (Collection.class.isAssignableFrom(raw)) {
            schema.put("type", "array");
            schema.set("items", schemaOf(typeArgument(generic, 0)));
        } else if (raw.isArray()) {
            schema.put("type", "array");
            schema.set("items", schemaOf(raw.getComponentType()));
        } else if (raw.getName().startsWith("io.fabric8.") && !raw.isInterface() && !raw.isEnum()
                && !java.lang.reflect.Modifier.isAbstract(raw.getModifiers())) {
            define(raw);
            schema.put("$ref", "#/definitions/" + definitionName(raw));
        } else if (raw.isEnum()) {
            schema.put("type", "string");
        } else {
            // free-form values (RawExtension, JSON in CRD schemas, KubernetesResource)
            schema.put("type", "object");
            schema.put("x-kubernetes-preserve-unknown-fields", true);
        }
        return schema;
    }

    private static Class<?> raw(java.lang.reflect.Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof java.lang.reflect.ParameterizedType p) {
            return raw(p.getRawType());
        }
        if (type instanceof java.lang.reflect.WildcardType w && w.getUpperBounds().length > 0) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static java.lang.reflect.Type typeArgument(java.lang.reflect.Type type, int index) {
        if (type instanceof java.lang.reflect.ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    /** Names of the definitions {@code roots} reach through {@code $ref}, roots included. */
    public Set<String> reachable(Collection<String> roots) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name) || !definitions.containsKey(name)) {
                continue;
            }
            collectRefs(definitions.get(name), todo);
        }
        seen.retainAll(definitions.keySet());
        return seen;
    }

    private static void collectRefs(JsonNode node, Deque<String> into) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                String text = ref.asText();
                into.push(text.substring(text.lastIndexOf('/') + 1));
            }
            node.elements().forEachRemaining(child -> collectRefs(child, into));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, into));
        }
    }

    /**
     * The OpenAPI v3 form of a definition: {@code #/components/schemas/} references, a field that references another
     * schema wrapped in {@code allOf} as the real server does, int-or-string as {@code x-kubernetes-int-or-string}.
     */
    public static JsonNode toV3(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        rewriteV3(copy, false);
        return copy;
    }

    private static void rewriteV3(JsonNode node, boolean property) {
        if (node instanceof ObjectNode object) {
            if (object.has("$ref")) {
                String ref = object.get("$ref").asText().replace("#/definitions/", "#/components/schemas/");
                object.remove("$ref");
                if (property) {
                    object.putArray("allOf").addObject().put("$ref", ref);
                } else {
                    object.put("$ref", ref);
                }
            }
            if ("int-or-string".equals(object.path("format").asText())) {
                object.remove("type");
                object.remove("format");
                object.put("x-kubernetes-int-or-string", true);
            }
            if (object.get("properties") instanceof ObjectNode properties) {
                properties.elements().forEachRemaining(p -> rewriteV3(p, true));
            }
            for (String child : new String[] {"items", "additionalProperties"}) {
                if (object.has(child)) {
                    rewriteV3(object.get(child), false);
                }
            }
            if (object.get("allOf") instanceof ArrayNode all) {
                all.forEach(a -> rewriteV3(a, false));
            }
        }
    }
}
