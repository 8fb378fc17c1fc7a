package orchlab.sim.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import orchlab.sim.api.Json;

/**
 * HorizontalPodAutoscaler between {@code autoscaling/v2} (how it is stored) and {@code autoscaling/v1}, as the API
 * server converts it: v1's {@code targetCPUUtilizationPercentage} is v2's {@code Resource} metric for {@code cpu} with a
 * {@code Utilization} target, {@code currentCPUUtilizationPercentage} its current value. What v1 cannot express (other
 * metrics, {@code behavior}, status conditions and other current metrics) travels in the annotations the API server
 * uses for it ({@code autoscaling.alpha.kubernetes.io/metrics}, {@code .../behavior}, {@code .../conditions},
 * {@code .../current-metrics}), so an object read and written back at v1 keeps them. The values are v2 JSON (the API
 * server writes the metrics annotations in the older v2beta1 shape).
 */
public final class HpaConversion {

    public static final String V1 = "autoscaling/v1";
    public static final String V2 = "autoscaling/v2";
    private static final String PREFIX = "autoscaling.alpha.kubernetes.io/";

    private HpaConversion() {
    }

    public static boolean converts(String kind, String from, String to) {
        return kind.equals("HorizontalPodAutoscaler") && !from.equals(to)
                && (from.equals(V1) || from.equals(V2)) && (to.equals(V1) || to.equals(V2));
    }

    /** A converted copy of {@code hpa} at {@code apiVersion}. */
    public static ObjectNode convert(ObjectNode hpa, String apiVersion) {
        return apiVersion.equals(V1) ? toV1(hpa) : toV2(hpa);
    }

    private static ObjectNode toV1(ObjectNode v2) {
        ObjectNode v1 = base(v2, V1);
        ObjectNode annotations = Json.object();
        JsonNode spec = v2.path("spec");
        ObjectNode spec1 = v1.putObject("spec");
        copy(spec, spec1, "scaleTargetRef", "minReplicas", "maxReplicas");
        ArrayNode others = Json.array();
        for (JsonNode metric : spec.path("metrics")) {
            if (isCpuUtilization(metric) && !spec1.has("targetCPUUtilizationPercentage")) {
                spec1.put("targetCPUUtilizationPercentage", metric.path("resource").path("target").path("averageUtilization").asInt());
            } else {
                others.add(metric);
            }
        }
        if (!others.isEmpty()) {
            annotations.put(PREFIX + "metrics", Json.write(others));
        }
        if (spec.has("behavior")) {
            annotations.put(PREFIX + "behavior", Json.write(spec.get("behavior")));
        }
        JsonNode status = v2.path("status");
        if (status.isObject()) {
            ObjectNode status1 = v1.putObject("status");
            copy(status, status1, "observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas");
            ArrayNode otherCurrent = Json.array();
            for (JsonNode metric : status.path("currentMetrics")) {
                if (metric.path("type").asText().equals("Resource") && metric.path("resource").path("name").asText().equals("cpu")
                        && metric.path("resource").path("current").has("averageUtilization")
                        && !status1.has("currentCPUUtilizationPercentage")) {
                    status1.put("currentCPUUtilizationPercentage",
                            metric.path("resource").path("current").path("averageUtilization").asInt());
                } else {
                    otherCurrent.add(metric);
                }
            }
            if (!otherCurrent.isEmpty()) {
                annotations.put(PREFIX + "current-metrics", Json.write(otherCurrent));
            }
            if (status.path("conditions").size() > 0) {
                annotations.put(PREFIX + "conditions", Json.write(status.get("conditions")));
            }
        }
        if (!annotations.isEmpty()) {
            Json.with(v1, "metadata.annotations").setAll(annotations);
        }
        return v1;
    }

    private static ObjectNode toV2(ObjectNode v1) {
        ObjectNode v2 = base(v1, V2);
        ObjectNode annotations = v2.path("metadata").path("annotations") instanceof ObjectNode a ? a : null;
        JsonNode spec = v1.path("spec");
        ObjectNode spec2 = v2.putObject("spec");
        copy(spec, spec2, "scaleTargetRef", "minReplicas", "maxReplicas");
        ArrayNode metrics = Json.array();
        if (spec.has("targetCPUUtilizationPercentage")) {
            ObjectNode cpu = metrics.addObject();
            cpu.put("type", "Resource");
            ObjectNode resource = cpu.putObject("resource");
            resource.put("name", "cpu");
            resource.putObject("target").put("type", "Utilization")
                    .put("averageUtilization", spec.path("targetCPUUtilizationPercentage").asInt());
        }
        take(annotations, "metrics").ifPresent(m -> m.forEach(metrics::add));
        if (!metrics.isEmpty()) {
            spec2.set("metrics", metrics);
        }
        take(annotations, "behavior").ifPresent(b -> spec2.set("behavior", b));
        JsonNode status = v1.path("status");
        ArrayNode conditions = take(annotations, "conditions").filter(JsonNode::isArray).map(c -> (ArrayNode) c).orElse(null);
        ArrayNode current = Json.array();
        if (status.has("currentCPUUtilizationPercentage")) {
            ObjectNode cpu = current.addObject();
            cpu.put("type", "Resource");
            ObjectNode resource = cpu.putObject("resource");
            resource.put("name", "cpu");
            resource.putObject("current").put("averageUtilization", status.path("currentCPUUtilizationPercentage").asInt());
        }
        take(annotations, "current-metrics").ifPresent(m -> m.forEach(current::add));
        if (status.isObject()) {
            ObjectNode status2 = v2.putObject("status");
            copy(status, status2, "observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas");
            if (!current.isEmpty()) {
                status2.set("currentMetrics", current);
            }
            if (conditions != null) {
                status2.set("conditions", conditions);
            }
        }
        if (annotations != null && annotations.isEmpty()) {
            ((ObjectNode) v2.get("metadata")).remove("annotations");
        }
        return v2;
    }

    private static boolean isCpuUtilization(JsonNode metric) {
        return metric.path("type").asText().equals("Resource") && metric.path("resource").path("name").asText().equals("cpu")
                && metric.path("resource").path("target").path("type").asText().equals("Utilization");
    }

    private static ObjectNode base(ObjectNode from, String apiVersion) {
        ObjectNode to = Json.object();
        to.put("apiVersion", apiVersion);
        to.put("kind", "HorizontalPodAutoscaler");
        if (from.has("metadata")) {
            to.set("metadata", from.get("metadata").deepCopy());
        }
        return to;
    }

    private static java.util.Optional<JsonNode> take(ObjectNode annotations, String name) {
        if (annotations == null || !annotations.has(PREFIX + name)) {
            return java.util.Optional.empty();
        }
        String text = annotations.remove(PREFIX + name).asText();
        try {
            return java.util.Optional.of(Json.MAPPER.readTree(text));
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            if (from.has(field)) {
                to.set(field, from.get(field).deepCopy());
            }
        }
    }
}
