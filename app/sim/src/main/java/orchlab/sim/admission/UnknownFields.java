package orchlab.sim.admission;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Finds fields a built-in kind does not have, using fabric8's typed model: the object is read into the model
 * class (e.g. {@code io.fabric8.kubernetes.api.model.apps.Deployment}) with the model's catch-all
 * "additional properties" switched off, and every property Jackson cannot place is reported with its path
 * ({@code spec.template.spec.containers[0].imagePullPolice}) — the same path format the real server prints.
 */
public final class UnknownFields {

    /** A problem found while reading the object into the typed model. */
    public record Finding(String path, boolean unknown, String message) {
    }

    private static final ObjectMapper STRICT = new ObjectMapper()
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES);

    static {
        // Go's encoding/json puts no bool or number into a string field (a ConfigMap's `debug_mode: false`, a label
        // `version: 1.0`): the API server refuses them, where Jackson would quietly turn them into text
        STRICT.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
    }

    private UnknownFields() {
    }

    private static final ThreadLocal<List<Finding>> FINDINGS = new ThreadLocal<>();
    /** One mapper for all checks (copying a mapper per call would throw away its deserializer caches). */
    private static final ObjectMapper MAPPER = STRICT.copy().addHandler(new DeserializationProblemHandler() {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            String parent = path(p.getParsingContext().getParent());
            FINDINGS.get().add(new Finding(parent.isEmpty() ? propertyName : parent + "." + propertyName, true,
                    "unknown field"));
            p.skipChildren();
            return true;
        }
    });

    /** Unknown fields and type mismatches of {@code object} against {@code modelClass}. */
    public static List<Finding> find(JsonNode object, Class<?> modelClass) {
        List<Finding> findings = new ArrayList<>();
        JsonNode checked = object;
        if (object.path("metadata").has("managedFields")) {
            checked = object.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) checked.path("metadata")).remove("managedFields");
        }
        FINDINGS.set(findings);
        try {
            MAPPER.treeToValue(checked, modelClass);
        } catch (JsonMappingException e) {
            findings.add(new Finding(path(e.getPath()), false, goMessage(e)));
        } catch (IOException | IllegalArgumentException e) {
            findings.add(new Finding("", false, e.getMessage()));
        } finally {
            FINDINGS.remove();
        }
        return findings;
    }

    /**
     * The API server's words for a value of the wrong type (it decodes with Go's encoding/json):
     * {@code json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32} — never a
     * Java type name.
     */
    static String goMessage(JsonMappingException e) {
        List<JsonMappingException.Reference> refs = e.getPath();
        String found = jsonKind(e);
        String goType = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null
                ? goType(m.getTargetType()) : "the expected type";
        if (refs.isEmpty()) {
            return "json: cannot unmarshal " + found + " into Go value of type " + goType;
        }
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
        }
        JsonMappingException.Reference last = null;
        for (JsonMappingException.Reference ref : refs) {
            // the struct that holds the field: a map's entry (ConfigMap.data.debug_mode) names the struct around the map
            if (ref.getFieldName() != null && !(ref.getFrom() instanceof java.util.Map<?, ?>)) {
                last = ref;
            }
        }
        Object from = last == null ? null : last.getFrom();
        String struct = from == null ? "" : (from instanceof Class<?> c ? c : from.getClass()).getSimpleName();
        return "json: cannot unmarshal " + found + " into Go struct field " + struct + "." + field + " of type " + goType;
    }

    private static String jsonKind(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f && f.getValue() != null) {
            Object v = f.getValue();
            return v instanceof String ? "string" : v instanceof Boolean ? "bool" : v instanceof Number ? "number" : "object";
        }
        if (e.getProcessor() instanceof JsonParser p && p.currentToken() != null) {
            return switch (p.currentToken()) {
                case START_ARRAY, END_ARRAY -> "array";
                case START_OBJECT, END_OBJECT, FIELD_NAME -> "object";
                case VALUE_STRING -> "string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
                case VALUE_TRUE, VALUE_FALSE -> "bool";
                default -> "value";
            };
        }
        return "value";
    }

    private static String goType(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "int32";
        }
        if (type == Long.class || type == long.class) {
            return "int64";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "bool";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Double.class || type == double.class) {
            return "float64";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "map[string]string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "[]interface {}";
        }
        return "v1." + type.getSimpleName();
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }
}
