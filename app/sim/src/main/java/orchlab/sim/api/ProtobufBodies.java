package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Kubernetes protobuf request bodies ({@code application/vnd.kubernetes.protobuf}) as the JSON a client would
 * have sent. kubectl's typed clients ({@code kubectl create namespace|deployment|configmap|secret|service},
 * {@code kubectl run}, ...) and Helm (namespace creation, release Secrets) send protobuf and have no fallback to JSON.
 *
 * <p>The wire format is the 4-byte magic {@code k8s\0} followed by a {@code runtime.Unknown} envelope whose
 * {@code typeMeta} names the kind and whose {@code raw} bytes are the object. The message schemas are the ones the
 * Kubernetes Java client project generates from Kubernetes' {@code generated.proto} files
 * ({@code io.kubernetes:client-java-proto}); this class only maps them to JSON the way the Go types marshal:
 * {@code Time} as RFC 3339, {@code Quantity} and {@code IntOrString} as their scalar, {@code RawExtension} and
 * {@code FieldsV1} as embedded JSON, bytes as base64.
 *
 * <p>Embedded Go structs ({@code json:",inline"}, e.g. {@code Volume.volumeSource},
 * {@code ConfigMapKeySelector.localObjectReference}, {@code IngressRule.ingressRuleValue}) are a message field in
 * protobuf but merged into their parent in JSON. Which fields are embedded is read from fabric8's typed model of the
 * kind (the JSON shape the rest of the sim validates against): a message field the model does not have, whose own
 * fields the model does have, is embedded. Kinds without a typed model in the sim keep such fields nested.
 *
 * <p>Zero values: Kubernetes' Go protobuf encoder writes every non-pointer field, even when it is empty, while
 * Go's JSON encoder omits empty fields ({@code omitempty}), and a real API server cannot tell an empty non-pointer
 * field from a missing one. So empty strings, zeros, {@code false} and zero times are left out, except for the
 * pointer fields in {@link #ZERO_IS_MEANINGFUL}, where an explicit zero differs from "not set" (for example
 * {@code replicas: 0}, {@code maxUnavailable: 0}, {@code gracePeriodSeconds: 0}).
 */
public final class ProtobufBodies {

    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

    /** Pointer fields of the Kubernetes API whose zero value means something else than leaving them out. */
    static final Set<String> ZERO_IS_MEANINGFUL = Set.of("replicas", "parallelism", "completions", "backoffLimit",
            "revisionHistoryLimit", "successfulJobsHistoryLimit", "failedJobsHistoryLimit", "activeDeadlineSeconds",
            "terminationGracePeriodSeconds", "gracePeriodSeconds", "ttlSecondsAfterFinished", "startingDeadlineSeconds",
            "storageClassName", "automountServiceAccountToken", "allocateLoadBalancerNodePorts", "enableServiceLinks",
            "maxSurge", "maxUnavailable", "minAvailable", "minReplicas", "orphanDependents");

    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339_MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * proto package (e.g. {@code k8s.io.api.apps.v1}) → its file; built when the first protobuf body arrives (the
     * descriptors are ~250 protobuf classes and hundreds of milliseconds cold: a sim that only ever sees JSON, or
     * asks {@link #isProtobuf} on every request, never builds them).
     */
    private static final class Descriptors {
        static final Map<String, FileDescriptor> BY_PACKAGE = new HashMap<>();

        static {
            for (FileDescriptor file : List.of(V1.getDescriptor(), V1Apps.getDescriptor(), V1Batch.getDescriptor(),
                    V1Networking.getDescriptor(), V1Policy.getDescriptor(), V1Rbac.getDescriptor(), V1Storage.getDescriptor(),
                    V1Autoscaling.getDescriptor(), V1Scheduling.getDescriptor(), V1Certificates.getDescriptor(),
                    V1Admissionregistration.getDescriptor(), V1Authentication.getDescriptor(), V1Authorization.getDescriptor(),
                    Meta.getDescriptor())) {
                BY_PACKAGE.put(file.getPackage(), file);
            }
        }
    }

    private ProtobufBodies() {
    }

    /** Whether a {@code Content-Type} header names Kubernetes protobuf. */
    public static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(MEDIA_TYPE);
    }

    /**
     * The JSON text of a protobuf-encoded Kubernetes object.
     *
     * @throws ApiException 415 when the body is not a Kubernetes protobuf object or names a kind (or carries a
     *                      field) the simulated cluster does not know
     */
    public static String toJson(byte[] body) {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw refused("the body does not start with the Kubernetes protobuf prefix");
        }
        Runtime.Unknown envelope;
        try {
            envelope = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
        } catch (InvalidProtocolBufferException e) {
            throw refused("the body is not a valid Kubernetes protobuf envelope (" + e.getMessage() + ")");
        }
        if (!envelope.getContentEncoding().isEmpty()) {
            throw refused("content encoding " + envelope.getContentEncoding() + " is not supported");
        }
        String apiVersion = envelope.getTypeMeta().getApiVersion();
        String kind = envelope.getTypeMeta().getKind();
        Descriptor descriptor = descriptorFor(apiVersion, kind)
                .orElseThrow(() -> refused("the simulated cluster cannot read " + kind + " (" + apiVersion + ") sent as protobuf"));
        DynamicMessage message;
        try {
            message = DynamicMessage.parseFrom(descriptor, envelope.getRaw());
        } catch (InvalidProtocolBufferException e) {
            throw refused("the " + kind + " in the body is not valid protobuf (" + e.getMessage() + ")");
        }
        ObjectNode json = NODES.objectNode();
        json.put("apiVersion", apiVersion);
        json.put("kind", kind);
        json.setAll(object(message, kind, Models.of(apiVersion, kind)));
        return Json.write(json);
    }

    static Optional<Descriptor> descriptorFor(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        String shortGroup = group.isEmpty() ? "core" : group.split("\\.")[0];
        for (String pkg : List.of("k8s.io.api." + shortGroup + "." + version, META.substring(0, META.length() - 1))) {
            FileDescriptor file = Descriptors.BY_PACKAGE.get(pkg);
            Descriptor d = file == null ? null : file.findMessageTypeByName(kind);
            if (d != null) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    private static ObjectNode object(Message message, String path, Models.Model model) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            throw refused("the simulated cluster does not know field number "
                    + message.getUnknownFields().asMap().keySet().iterator().next() + " of " + path
                    + " (its protobuf schemas are older than the client)");
        }
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            String name = field.getName();
            String fieldPath = path + "." + name;
            if (model.isEmbedded(field)) {
                node.setAll(object((Message) entry.getValue(), path, model));
                continue;
            }
            Models.Model child = model.child(name);
            JsonNode value;
            if (field.isMapField()) {
                ObjectNode map = NODES.objectNode();
                for (Object e : (List<?>) entry.getValue()) {
                    Message kv = (Message) e;
                    FieldDescriptor keyField = kv.getDescriptorForType().findFieldByName("key");
                    FieldDescriptor valueField = kv.getDescriptorForType().findFieldByName("value");
                    JsonNode v = single(valueField, kv.getField(valueField), fieldPath, true, child);
                    map.set(String.valueOf(kv.getField(keyField)), v == null ? NODES.nullNode() : v);
                }
                value = map;
            } else if (field.isRepeated()) {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (List<?>) entry.getValue()) {
                    JsonNode v = single(field, item, fieldPath, true, child);
                    array.add(v == null ? NODES.nullNode() : v);
                }
                value = array;
            } else {
                value = single(field, entry.getValue(), fieldPath, ZERO_IS_MEANINGFUL.contains(name), child);
            }
            if (value != null) {
                node.set(name, value);
            }
        }
        return node;
    }

    /** One value as JSON, or {@code null} to leave the field out (an empty value of a non-pointer field). */
    private static JsonNode single(FieldDescriptor field, Object value, String path, boolean keepZero, Models.Model model) {
        switch (field.getJavaType()) {
            case STRING -> {
                String s = (String) value;
                return s.isEmpty() && !keepZero ? null : NODES.textNode(s);
            }
            case INT, LONG -> {
                long n = ((Number) value).longValue();
                return n == 0 && !keepZero ? null : NODES.numberNode(n);
            }
            case FLOAT, DOUBLE -> {
                double d = ((Number) value).doubleValue();
                return d == 0 && !keepZero ? null : NODES.numberNode(d);
            }
            case BOOLEAN -> {
                boolean b = (Boolean) value;
                return !b && !keepZero ? null : NODES.booleanNode(b);
            }
            case BYTE_STRING -> {
                return NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            }
            case MESSAGE -> {
                return message((Message) value, path, keepZero, model);
            }
            default -> throw refused("the simulated cluster cannot read field " + path + " sent as protobuf");
        }
    }

    private static JsonNode message(Message m, String path, boolean keepZero, Models.Model model) {
        String type = m.getDescriptorForType().getFullName();
        switch (type) {
            case META + "Time" -> {
                long seconds = (Long) field(m, "seconds");
                return seconds == 0 && (Integer) field(m, "nanos") == 0 ? null
                        : NODES.textNode(RFC3339.format(Instant.ofEpochSecond(seconds)));
            }
            case META + "MicroTime" -> {
                long seconds = (Long) field(m, "seconds");
                int nanos = (Integer) field(m, "nanos");
                return seconds == 0 && nanos == 0 ? null
                        : NODES.textNode(RFC3339_MICRO.format(Instant.ofEpochSecond(seconds, nanos)));
            }
            case META + "Duration" -> {
                return NODES.textNode(goDuration((Long) field(m, "duration")));
            }
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> {
                String q = (String) field(m, "string");
                return q.isEmpty() ? null : NODES.textNode(q);
            }
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> {
                long kind = ((Number) field(m, "type")).longValue();
                if (kind == 1) {
                    String s = (String) field(m, "strVal");
                    return s.isEmpty() && !keepZero ? null : NODES.textNode(s);
                }
                int n = (Integer) field(m, "intVal");
                return n == 0 && !keepZero ? null : NODES.numberNode(n);
            }
            case "k8s.io.apimachinery.pkg.runtime.RawExtension", META + "FieldsV1" -> {
                ByteString raw = (ByteString) m.getField(m.getDescriptorForType().getFields().get(0));
                if (raw.isEmpty()) {
                    return null;
                }
                if (raw.size() >= MAGIC.length && Arrays.equals(raw.substring(0, MAGIC.length).toByteArray(), MAGIC)) {
                    return Json.parseObject(toJson(raw.toByteArray()));
                }
                try {
                    return Json.MAPPER.readTree(raw.toString(StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    throw refused("field " + path + " holds neither JSON nor a protobuf object");
                }
            }
            default -> {
                return object(m, path, model);
            }
        }
    }

    private static Object field(Message m, String name) {
        return m.getField(m.getDescriptorForType().findFieldByName(name));
    }

    /** Go's {@code time.Duration.String()} (e.g. {@code 1h0m0s}, {@code 1.5s}, {@code 300ms}). */
    static String goDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000) {
            return sign + n + "ns";
        }
        if (n < 1_000_000) {
            return sign + trim(n / 1e3) + "µs";
        }
        if (n < 1_000_000_000) {
            return sign + trim(n / 1e6) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long minutes = n / 60_000_000_000L % 60;
        double seconds = (n % 60_000_000_000L) / 1e9;
        StringBuilder out = new StringBuilder(sign);
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(trim(seconds)).append('s').toString();
    }

    private static String trim(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static ApiException refused(String why) {
        return new ApiException(415, "UnsupportedMediaType", "the OrchLab simulated cluster could not read this "
                + MEDIA_TYPE + " request: " + why + ". Write the object as YAML and use 'kubectl apply -f' or "
                + "'kubectl create -f' (JSON) instead.", null, null, null, List.of());
    }

    /** The JSON shape of the Kubernetes types, from fabric8's typed model (Jackson's view of its classes). */
    static final class Models {

        private static final Set<String> SCALAR_MESSAGES = Set.of(META + "Time", META + "MicroTime", META + "Duration",
                META + "FieldsV1", "k8s.io.apimachinery.pkg.api.resource.Quantity",
                "k8s.io.apimachinery.pkg.util.intstr.IntOrString", "k8s.io.apimachinery.pkg.runtime.RawExtension");
        private static final Map<Class<?>, Model> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        private Models() {
        }

        /** The model of a kind the sim validates strictly ({@link orchlab.sim.admission.TypedModels}); others: none. */
        static Model of(String apiVersion, String kind) {
            return orchlab.sim.admission.TypedModels.forKind(apiVersion, kind).map(Models::of).orElse(Model.NONE);
        }

        static Model of(Class<?> type) {
            return CACHE.computeIfAbsent(type, t -> {
                com.fasterxml.jackson.databind.JavaType javaType = Json.MAPPER.constructType(t);
                Map<String, com.fasterxml.jackson.databind.JavaType> properties = new HashMap<>();
                Json.MAPPER.getSerializationConfig().introspect(javaType).findProperties()
                        .forEach(p -> properties.put(p.getName(), p.getPrimaryType()));
                return new Model(properties);
            });
        }

        record Model(Map<String, com.fasterxml.jackson.databind.JavaType> properties) {
            static final Model NONE = new Model(null);

            /** A message field that Go embeds: the model lacks it but has the fields of its message. */
            boolean isEmbedded(FieldDescriptor field) {
                if (properties == null || field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE
                        || properties.containsKey(field.getName())
                        || SCALAR_MESSAGES.contains(field.getMessageType().getFullName())) {
                    return false;
                }
                return field.getMessageType().getFields().stream().anyMatch(f -> properties.containsKey(f.getName()));
            }

            Model child(String name) {
                if (properties == null || !properties.containsKey(name)) {
                    return NONE;
                }
                com.fasterxml.jackson.databind.JavaType type = properties.get(name);
                while (type.isContainerType() && type.getContentType() != null) {
                    type = type.getContentType();
                }
                Class<?> raw = type.getRawClass();
                return raw.getName().startsWith("io.fabric8.") ? Models.of(raw) : NONE;
            }
        }
    }
}
