package orchlab.engine.check.cel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between JSON trees and CEL runtime values. */
final class CelValues {
    static final Object NULL = com.google.protobuf.NullValue.NULL_VALUE;

    private CelValues() {
    }

    static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NULL;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                map.put(e.getKey(), fromJson(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode item : node) {
                list.add(fromJson(item));
            }
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    static String render(Object value) {
        if (value == null || value == NULL) {
            return "null";
        }
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        return String.valueOf(value);
    }

    /** CEL's messages carry internal prefixes; keep what a person needs. */
    static String readable(String message) {
        if (message == null) {
            return "evaluation failed";
        }
        String m = message.replaceFirst("^evaluation error[^:]*:\\s*", "");
        return m.replaceAll("\\s+", " ").trim();
    }
}
