package orchlab.sim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a Swagger 2.0 document in the protobuf form client-go asks {@code /openapi/v2} for
 * ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}, the messages of gnostic's
 * {@code openapiv2/OpenAPIv2.proto}). client-go reads nothing else there. Only what kubectl's schema validation
 * and {@code explain} read is encoded: the document's version and info, paths with their operations' ids and vendor
 * extensions, and definitions (references, types, formats, descriptions, required fields, properties, items,
 * additional properties, allOf and vendor extensions, whose values gnostic carries as YAML text).
 */
public final class OpenApiV2Proto {

    /** The content type the real server answers with (the {@code @} of the requested type is not valid in a media type). */
    public static final String MEDIA_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private OpenApiV2Proto() {
    }

    /** The {@code openapi.v2.Document} message for a Swagger 2.0 JSON document. */
    public static byte[] document(JsonNode swagger) {
        return message(out -> {
            string(out, 1, swagger.path("swagger").asText("2.0"));
            JsonNode info = swagger.path("info");
            out.writeByteArray(2, message(i -> {
                string(i, 1, info.path("title").asText(""));
                string(i, 2, info.path("version").asText(""));
            }));
            out.writeByteArray(8, message(paths -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = swagger.path("paths").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> path = it.next();
                    paths.writeByteArray(2, message(named -> {
                        string(named, 1, path.getKey());
                        named.writeByteArray(2, pathItem(path.getValue()));
                    }));
                }
            }));
            out.writeByteArray(9, message(definitions -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = swagger.path("definitions").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> definition = it.next();
                    definitions.writeByteArray(1, namedSchema(definition.getKey(), definition.getValue()));
                }
            }));
        });
    }

    private static byte[] pathItem(JsonNode item) {
        String[] methods = {null, null, "get", "put", "post", "delete", "options", "head", "patch"};
        return message(out -> {
            for (int field = 2; field < methods.length; field++) {
                JsonNode operation = item.get(methods[field]);
                if (operation != null) {
                    out.writeByteArray(field, message(op -> {
                        string(op, 5, operation.path("operationId").asText(""));
                        vendorExtensions(op, 13, operation);
                    }));
                }
            }
        });
    }

    private static byte[] namedSchema(String name, JsonNode schema) {
        return message(out -> {
            string(out, 1, name);
            out.writeByteArray(2, schema(schema));
        });
    }

    private static byte[] schema(JsonNode schema) {
        return message(out -> {
            string(out, 1, schema.path("$ref").asText(""));
            string(out, 2, schema.path("format").asText(""));
            string(out, 4, schema.path("description").asText(""));
            for (JsonNode required : schema.path("required")) {
                out.writeString(19, required.asText());
            }
            JsonNode additional = schema.get("additionalProperties");
            if (additional != null) {
                out.writeByteArray(21, message(a -> {
                    if (additional.isBoolean()) {
                        a.writeBool(2, additional.asBoolean());
                    } else {
                        a.writeByteArray(1, schema(additional));
                    }
                }));
            }
            if (schema.has("type")) {
                out.writeByteArray(22, message(t -> t.writeString(1, schema.path("type").asText())));
            }
            if (schema.has("items")) {
                out.writeByteArray(23, message(items -> items.writeByteArray(1, schema(schema.get("items")))));
            }
            for (JsonNode all : schema.path("allOf")) {
                out.writeByteArray(24, schema(all));
            }
            if (schema.path("properties").isObject()) {
                out.writeByteArray(25, message(properties -> {
                    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> property = it.next();
                        properties.writeByteArray(1, namedSchema(property.getKey(), property.getValue()));
                    }
                }));
            }
            vendorExtensions(out, 31, schema);
        });
    }

    private static void vendorExtensions(CodedOutputStream out, int field, JsonNode node) throws IOException {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getKey().startsWith("x-")) {
                continue;
            }
            String yaml = yaml(entry.getValue());
            out.writeByteArray(field, message(named -> {
                string(named, 1, entry.getKey());
                named.writeByteArray(2, message(any -> string(any, 2, yaml)));
            }));
        }
    }

    private static String yaml(JsonNode value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void string(CodedOutputStream out, int field, String value) throws IOException {
        if (!value.isEmpty()) {
            out.writeBytes(field, ByteString.copyFromUtf8(value));
        }
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
