package orchlab.sim.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import orchlab.sim.api.ApiException.Cause;
import orchlab.sim.api.Json;
import orchlab.sim.store.Selectors;

/**
 * The validation rules learners meet every day, with the real server's field paths and wording: names
 * (RFC 1123 / RFC 1035), labels, required fields, selector vs. template labels, ports, restart policies, and
 * fields that cannot change after creation.
 */
public final class Validator {

    static final String DNS1123_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Set<String> DNS1035_KINDS = Set.of("Service");
    private static final Set<String> DNS1123_LABEL_KINDS = Set.of("Namespace");

    private final List<Cause> causes = new ArrayList<>();

    private Validator() {
    }

    /** Problems with a new object. */
    public static List<Cause> validateCreate(JsonNode object) {
        Validator v = new Validator();
        v.object(object);
        return v.causes;
    }

    /** Problems with an update, including changes to fields that are immutable. */
    public static List<Cause> validateUpdate(JsonNode object, JsonNode old) {
        Validator v = new Validator();
        v.object(object);
        v.immutables(object, old);
        return v.causes;
    }

    private void required(String field) {
        causes.add(new Cause("FieldValueRequired", field, "Required value"));
    }

    private void invalid(String field, String value, String detail) {
        causes.add(new Cause("FieldValueInvalid", field, "Invalid value: " + value + ": " + detail));
    }

    private void unsupported(String field, String value, String supported) {
        causes.add(new Cause("FieldValueNotSupported", field, "Unsupported value: \"" + value + "\": supported values: "
                + supported));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private void object(JsonNode object) {
        String kind = object.path("kind").asText();
        metadata(kind, object.path("metadata"));
        JsonNode spec = object.path("spec");
        switch (kind) {
            case "Pod" -> podSpec("spec", spec, Set.of("Always", "OnFailure", "Never"));
            case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet" -> workload(kind, spec);
            case "ReplicationController" -> replicationController(spec);
            case "Job" -> job("spec", spec);
            case "CronJob" -> {
                if (spec.path("schedule").asText("").isBlank()) {
                    required("spec.schedule");
                } else if (!CronSchedule.valid(spec.path("schedule").asText())) {
                    invalid("spec.schedule", quote(spec.path("schedule").asText()), "unparseable cron expression");
                }
                job("spec.jobTemplate.spec", spec.path("jobTemplate").path("spec"));
            }
            case "Service" -> service(spec);
            case "ConfigMap", "Secret" -> dataKeys(object);
            case "PersistentVolumeClaim" -> {
                if (spec.path("accessModes").size() == 0) {
                    required("spec.accessModes");
                }
                if (spec.path("resources").path("requests").path("storage").isMissingNode()
                        && spec.path("volumeName").isMissingNode()) {
                    required("spec.resources[storage]");
                }
            }
            case "Ingress" -> ingress(spec);
            case "PodDisruptionBudget" -> disruptionBudget(spec); // simpolicy
            default -> { }
        }
    }

    /** {@code ValidatePodDisruptionBudgetSpec}: at most one of the two, each a non-negative integer or a percentage up to 100%. */
    private void disruptionBudget(JsonNode spec) {
        if (spec.hasNonNull("minAvailable") && spec.hasNonNull("maxUnavailable")) {
            causes.add(new Cause("FieldValueInvalid", "spec", "Invalid value: {\"minAvailable\":" + spec.path("minAvailable")
                    + ",\"maxUnavailable\":" + spec.path("maxUnavailable") + "}: minAvailable and maxUnavailable cannot be both set"));
        }
        for (String field : List.of("minAvailable", "maxUnavailable")) {
            JsonNode value = spec.path(field);
            if (value.isNumber() && value.asLong() < 0) {
                invalid("spec." + field, value.asText(), "must be greater than or equal to 0");
            } else if (value.isTextual()) {
                String text = value.asText();
                if (!text.matches("[0-9]+%")) {
                    invalid("spec." + field, quote(text), "a valid percent string must be a numeric string followed by an ending '%' "
                            + "(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
                } else if (Long.parseLong(text.substring(0, text.length() - 1)) > 100) {
                    invalid("spec." + field, quote(text), "must not be greater than 100%");
                }
            }
        }
    }

    private void metadata(String kind, JsonNode metadata) {
        String name = metadata.path("name").asText("");
        if (name.isEmpty()) {
            if (metadata.path("generateName").asText("").isEmpty()) {
                causes.add(new Cause("FieldValueRequired", "metadata.name", "Required value: name or generateName is required"));
            }
        } else if (DNS1035_KINDS.contains(kind)) {
            if (!name.matches(DNS1035_LABEL) || name.length() > 63) {
                invalid("metadata.name", quote(name), "a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                        + "start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
                        + "'abc-123', regex used for validation is '" + DNS1035_LABEL + "')");
            }
        } else if (DNS1123_LABEL_KINDS.contains(kind)) {
            if (!name.matches(DNS1123_LABEL) || name.length() > 63) {
                invalid("metadata.name", quote(name), "a lowercase RFC 1123 label must consist of lower case alphanumeric "
                        + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
                        + "'123-abc', regex used for validation is '" + DNS1123_LABEL + "')");
            }
        } else if (!kind.equals("Event") && !kind.contains("Role") && (!name.matches(DNS1123_SUBDOMAIN) || name.length() > 253)) {
            invalid("metadata.name", quote(name), "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                    + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
                    + "regex used for validation is '" + DNS1123_SUBDOMAIN + "')");
        }
        labels("metadata.labels", metadata.path("labels"));
    }

    private void labels(String field, JsonNode labels) {
        labels.fields().forEachRemaining(e -> {
            String key = e.getKey();
            String keyName = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
            if (!QUALIFIED_NAME.matcher(keyName).matches() || keyName.length() > 63) {
                invalid(field, quote(key), "name part must consist of alphanumeric characters, '-', '_' or '.', and must "
                        + "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
                        + "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
            }
            String value = e.getValue().asText();
            if (!e.getValue().isTextual()) {
                invalid(field, quote(value), "label values must be strings");
            } else if (!LABEL_VALUE.matcher(value).matches() || value.length() > 63) {
                invalid(field, quote(value), "a valid label must be an empty string or consist of alphanumeric characters, "
                        + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
                        + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
            }
        });
    }

    private void workload(String kind, JsonNode spec) {
        if (spec.has("replicas") && spec.path("replicas").asInt() < 0) {
            invalid("spec.replicas", spec.path("replicas").asText(), "must be greater than or equal to 0");
        }
        JsonNode selector = spec.path("selector");
        if (selector.isMissingNode() || selector.isNull()) {
            required("spec.selector");
        } else if (Selectors.isEmpty(selector)) {
            invalid("spec.selector", "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}",
                    "empty selector is invalid for deployment");
        }
        JsonNode template = spec.path("template");
        Map<String, String> templateLabels = Json.stringMap(template.path("metadata").path("labels"));
        if (!selector.isMissingNode() && !Selectors.isEmpty(selector) && !Selectors.matches(selector, templateLabels)) {
            invalid("spec.template.metadata.labels", goMap(templateLabels), "`selector` does not match template `labels`");
        }
        labels("spec.template.metadata.labels", template.path("metadata").path("labels"));
        Set<String> policies = kind.equals("Deployment") || kind.equals("DaemonSet") || kind.equals("StatefulSet")
                || kind.equals("ReplicaSet") ? Set.of("Always") : Set.of("Always", "OnFailure", "Never");
        // a StatefulSet's containers may mount its volumeClaimTemplates: the controller adds one volume per claim
        // (named after the template) to each Pod it creates
        Set<String> claims = new HashSet<>();
        if (kind.equals("StatefulSet")) {
            spec.path("volumeClaimTemplates").forEach(c -> claims.add(c.path("metadata").path("name").asText("")));
            statefulSet(spec);
        }
        podSpec("spec.template.spec", template.path("spec"), policies, claims);
        if (kind.equals("Deployment")) {
            JsonNode rolling = spec.path("strategy").path("rollingUpdate");
            String type = spec.path("strategy").path("type").asText("RollingUpdate");
            if (!type.equals("RollingUpdate") && !type.equals("Recreate")) {
                unsupported("spec.strategy.type", type, "\"Recreate\", \"RollingUpdate\"");
            }
            if (type.equals("RollingUpdate") && isZero(rolling.path("maxSurge")) && isZero(rolling.path("maxUnavailable"))) {
                invalid("spec.strategy.rollingUpdate.maxUnavailable", "0", "may not be 0 when `maxSurge` is 0");
            }
        }
    }

    /**
     * What ValidateStatefulSetSpec (kubernetes pkg/apis/apps/validation/validation.go) adds for a StatefulSet, in its
     * words: the pod management policy, the update strategy and its partition, the claim retention policy,
     * {@code ordinals.start} and {@code minReadySeconds}.
     */
    private void statefulSet(JsonNode spec) {
        String policy = spec.path("podManagementPolicy").asText("OrderedReady");
        if (!policy.equals("OrderedReady") && !policy.equals("Parallel")) {
            invalid("spec.podManagementPolicy", quote(policy), "must be 'OrderedReady' or 'Parallel'");
        }
        JsonNode strategy = spec.path("updateStrategy");
        String type = strategy.path("type").asText("RollingUpdate");
        JsonNode rolling = strategy.path("rollingUpdate");
        if (type.equals("OnDelete") && rolling.isObject()) {
            invalid("spec.updateStrategy.rollingUpdate", "apps.RollingUpdateStatefulSetStrategy{Partition:"
                    + rolling.path("partition").asInt(0) + "}", "only allowed for updateStrategy 'RollingUpdate'");
        } else if (type.equals("RollingUpdate") && rolling.path("partition").asInt(0) < 0) {
            invalid("spec.updateStrategy.rollingUpdate.partition", rolling.path("partition").asText(), "must be greater than or equal to 0");
        } else if (!type.equals("RollingUpdate") && !type.equals("OnDelete")) {
            invalid("spec.updateStrategy", "apps.StatefulSetUpdateStrategy{Type:" + quote(type) + "}",
                    "must be 'RollingUpdate' or 'OnDelete'");
        }
        JsonNode retention = spec.path("persistentVolumeClaimRetentionPolicy");
        for (String when : new String[] {"whenDeleted", "whenScaled"}) {
            String value = retention.path(when).asText("Retain");
            if (!value.equals("Retain") && !value.equals("Delete")) {
                unsupported("spec.persistentVolumeClaimRetentionPolicy." + when, value, "\"Delete\", \"Retain\"");
            }
        }
        if (spec.path("ordinals").path("start").asInt(0) < 0) {
            invalid("spec.ordinals.start", spec.path("ordinals").path("start").asText(), "must be greater than or equal to 0");
        }
        if (spec.path("minReadySeconds").asInt(0) < 0) {
            invalid("spec.minReadySeconds", spec.path("minReadySeconds").asText(), "must be greater than or equal to 0");
        }
    }

    /** A ReplicationController's selector is a plain label map (defaulted from the template's labels). */
    private void replicationController(JsonNode spec) {
        if (spec.has("replicas") && spec.path("replicas").asInt() < 0) {
            invalid("spec.replicas", spec.path("replicas").asText(), "must be greater than or equal to 0");
        }
        Map<String, String> selector = Json.stringMap(spec.path("selector"));
        JsonNode template = spec.path("template");
        if (selector.isEmpty()) {
            required("spec.selector");
        }
        if (template.isMissingNode() || template.isNull()) {
            required("spec.template");
            return;
        }
        Map<String, String> templateLabels = Json.stringMap(template.path("metadata").path("labels"));
        if (!selector.isEmpty() && !selector.entrySet().stream().allMatch(e -> e.getValue().equals(templateLabels.get(e.getKey())))) {
            invalid("spec.template.metadata.labels", goMap(templateLabels), "`selector` does not match template `labels`");
        }
        labels("spec.template.metadata.labels", template.path("metadata").path("labels"));
        podSpec("spec.template.spec", template.path("spec"), Set.of("Always"));
    }

    private static boolean isZero(JsonNode n) {
        return !n.isMissingNode() && (n.asText().equals("0") || n.asText().equals("0%"));
    }

    private static String goMap(Map<String, String> map) {
        StringBuilder b = new StringBuilder("map[string]string{");
        int i = 0;
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(map).entrySet()) {
            if (i++ > 0) {
                b.append(", ");
            }
            b.append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
        }
        return b.append('}').toString();
    }

    private void job(String field, JsonNode spec) {
        JsonNode podSpec = spec.path("template").path("spec");
        String policy = podSpec.path("restartPolicy").asText("");
        if (policy.isEmpty() || policy.equals("Always")) {
            unsupported(field + ".template.spec.restartPolicy", policy, "\"OnFailure\", \"Never\"");
        }
        podSpec(field + ".template.spec", podSpec, Set.of("OnFailure", "Never", "Always", ""));
        for (String f : new String[] {"parallelism", "completions", "backoffLimit"}) {
            if (spec.has(f) && spec.path(f).asInt() < 0) {
                invalid(field + "." + f, spec.path(f).asText(), "must be greater than or equal to 0");
            }
        }
    }

    private void podSpec(String field, JsonNode spec, Set<String> restartPolicies) {
        podSpec(field, spec, restartPolicies, Set.of());
    }

    private void podSpec(String field, JsonNode spec, Set<String> restartPolicies, Set<String> claimVolumes) {
        JsonNode containers = spec.path("containers");
        if (containers.size() == 0) {
            required(field + ".containers");
        }
        String policy = spec.path("restartPolicy").asText("Always");
        if (!policy.isEmpty() && !restartPolicies.contains(policy)) {
            List<String> supported = restartPolicies.stream().filter(p -> !p.isEmpty()).sorted().map(Validator::quote).toList();
            unsupported(field + ".restartPolicy", policy, String.join(", ", supported));
        }
        Set<String> names = new HashSet<>();
        containers(field + ".initContainers", spec.path("initContainers"), names);
        containers(field + ".containers", containers, names);
        Set<String> volumes = new HashSet<>();
        int i = 0;
        for (JsonNode volume : spec.path("volumes")) {
            String name = volume.path("name").asText("");
            if (name.isEmpty()) {
                required(field + ".volumes[" + i + "].name");
            } else if (!volumes.add(name)) {
                causes.add(new Cause("FieldValueDuplicate", field + ".volumes[" + i + "].name", "Duplicate value: " + quote(name)));
            }
            i++;
        }
        volumes.addAll(claimVolumes);
        i = 0;
        for (JsonNode container : containers) {
            int j = 0;
            for (JsonNode mount : container.path("volumeMounts")) {
                String name = mount.path("name").asText("");
                if (!name.isEmpty() && !volumes.contains(name)) {
                    causes.add(new Cause("FieldValueNotFound", field + ".containers[" + i + "].volumeMounts[" + j + "].name",
                            "Not found: " + quote(name)));
                }
                if (mount.path("mountPath").asText("").isEmpty()) {
                    required(field + ".containers[" + i + "].volumeMounts[" + j + "].mountPath");
                }
                j++;
            }
            i++;
        }
    }

    private void containers(String field, JsonNode containers, Set<String> names) {
        int i = 0;
        for (JsonNode container : containers) {
            String at = field + "[" + i + "]";
            String name = container.path("name").asText("");
            if (name.isEmpty()) {
                required(at + ".name");
            } else if (!name.matches(DNS1123_LABEL) || name.length() > 63) {
                invalid(at + ".name", quote(name), "a lowercase RFC 1123 label must consist of lower case alphanumeric "
                        + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
                        + "'123-abc', regex used for validation is '" + DNS1123_LABEL + "')");
            } else if (!names.add(name)) {
                causes.add(new Cause("FieldValueDuplicate", at + ".name", "Duplicate value: " + quote(name)));
            }
            if (container.path("image").asText("").isBlank()) {
                required(at + ".image");
            }
            int j = 0;
            Set<String> portNames = new HashSet<>();
            for (JsonNode port : container.path("ports")) {
                int number = port.path("containerPort").asInt(0);
                if (number < 1 || number > 65535) {
                    invalid(at + ".ports[" + j + "].containerPort", port.path("containerPort").asText("0"),
                            "must be between 1 and 65535, inclusive");
                }
                String portName = port.path("name").asText("");
                if (!portName.isEmpty() && !portNames.add(portName)) {
                    causes.add(new Cause("FieldValueDuplicate", at + ".ports[" + j + "].name", "Duplicate value: " + quote(portName)));
                }
                protocol(at + ".ports[" + j + "].protocol", port);
                j++;
            }
            resourceRequirements(at + ".resources", container.path("resources"));
            for (String probe : new String[] {"readinessProbe", "livenessProbe", "startupProbe"}) {
                JsonNode p = container.path(probe);
                if (!p.isMissingNode() && p.path("initialDelaySeconds").asInt(0) < 0) {
                    invalid(at + "." + probe + ".initialDelaySeconds", p.path("initialDelaySeconds").asText(),
                            "must be greater than or equal to 0");
                }
            }
            i++;
        }
    }

    /**
     * {@code ValidateResourceRequirements} (pkg/apis/core/validation/validation.go): a request may not exceed the limit of
     * the same resource.
     */
    private void resourceRequirements(String field, JsonNode resources) {
        JsonNode limits = resources.path("limits");
        resources.path("requests").fields().forEachRemaining(request -> {
            JsonNode limit = limits.path(request.getKey());
            if (limit.isValueNode() && request.getValue().isValueNode()
                    && Quantities.parse(request.getValue()).compareTo(Quantities.parse(limit)) > 0) {
                invalid(field + ".requests[" + request.getKey() + "]", quote(request.getValue().asText()),
                        "must be less than or equal to " + request.getKey() + " limit of " + limit.asText());
            }
        });
    }

    private void protocol(String field, JsonNode port) {
        String protocol = port.path("protocol").asText("TCP");
        if (!Set.of("TCP", "UDP", "SCTP").contains(protocol)) {
            unsupported(field, protocol, "\"SCTP\", \"TCP\", \"UDP\"");
        }
    }

    private void service(JsonNode spec) {
        String type = spec.path("type").asText("ClusterIP");
        if (!Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName").contains(type)) {
            unsupported("spec.type", type, "\"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
        }
        JsonNode ports = spec.path("ports");
        boolean headless = "None".equals(spec.path("clusterIP").asText());
        if (type.equals("ExternalName")) {
            if (spec.path("externalName").asText("").isEmpty()) {
                required("spec.externalName");
            }
        } else if (ports.size() == 0 && !headless) {
            required("spec.ports");
        }
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode port : ports) {
            String at = "spec.ports[" + i + "]";
            int number = port.path("port").asInt(0);
            if (number < 1 || number > 65535) {
                invalid(at + ".port", port.path("port").asText("0"), "must be between 1 and 65535, inclusive");
            }
            String name = port.path("name").asText("");
            if (ports.size() > 1 && name.isEmpty()) {
                required(at + ".name");
            } else if (!name.isEmpty() && !names.add(name)) {
                causes.add(new Cause("FieldValueDuplicate", at + ".name", "Duplicate value: " + quote(name)));
            }
            JsonNode target = port.path("targetPort");
            if (target.isInt() && (target.asInt() < 1 || target.asInt() > 65535)) {
                invalid(at + ".targetPort", target.asText(), "must be between 1 and 65535, inclusive");
            }
            if (port.has("nodePort") && port.path("nodePort").asInt() != 0) {
                int nodePort = port.path("nodePort").asInt();
                if (type.equals("ClusterIP")) {
                    causes.add(new Cause("FieldValueForbidden", at + ".nodePort", "Forbidden: may not be used when `type` is 'ClusterIP'"));
                } else if (nodePort < 30000 || nodePort > 32767) {
                    invalid(at + ".nodePort", String.valueOf(nodePort), "provided port is not in the valid range. The range of valid ports is 30000-32767");
                }
            }
            protocol(at + ".protocol", port);
            i++;
        }
    }

    private void dataKeys(JsonNode object) {
        for (String field : new String[] {"data", "stringData", "binaryData"}) {
            object.path(field).fieldNames().forEachRemaining(key -> {
                if (!CONFIG_KEY.matcher(key).matches() || key.length() > 253) {
                    invalid(field, quote(key), "a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
                            + "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
                }
            });
        }
        if (object.path("kind").asText().equals("Secret")) {
            object.path("data").fields().forEachRemaining(e -> {
                try {
                    java.util.Base64.getDecoder().decode(e.getValue().asText());
                } catch (IllegalArgumentException ex) {
                    invalid("data[" + e.getKey() + "]", "\"<value>\"", "illegal base64 data (use stringData for plain text)");
                }
            });
        }
    }

    private void ingress(JsonNode spec) {
        int i = 0;
        for (JsonNode rule : spec.path("rules")) {
            int j = 0;
            for (JsonNode path : rule.path("http").path("paths")) {
                String at = "spec.rules[" + i + "].http.paths[" + j + "]";
                String pathType = path.path("pathType").asText("");
                if (pathType.isEmpty()) {
                    required(at + ".pathType");
                } else if (!Set.of("Exact", "Prefix", "ImplementationSpecific").contains(pathType)) {
                    unsupported(at + ".pathType", pathType, "\"Exact\", \"ImplementationSpecific\", \"Prefix\"");
                }
                if (path.path("backend").path("service").isMissingNode() && path.path("backend").path("resource").isMissingNode()) {
                    required(at + ".backend");
                }
                j++;
            }
            i++;
        }
    }

    private void immutables(JsonNode object, JsonNode old) {
        String kind = object.path("kind").asText();
        switch (kind) {
            case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet" -> {
                if (!Objects.equals(old.path("spec").path("selector"), object.path("spec").path("selector"))) {
                    invalid("spec.selector", "v1.LabelSelector{MatchLabels:" + goMap(Json.stringMap(object.path("spec")
                            .path("selector").path("matchLabels"))) + ", MatchExpressions:[]v1.LabelSelectorRequirement(nil)}",
                            "field is immutable");
                }
                if (kind.equals("StatefulSet")) {
                    for (String f : new String[] {"serviceName", "volumeClaimTemplates", "podManagementPolicy"}) {
                        if (!Objects.equals(old.path("spec").path(f), object.path("spec").path(f))) {
                            causes.add(new Cause("FieldValueForbidden", "spec", "Forbidden: updates to statefulset spec for "
                                    + "fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', "
                                    + "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
                            break;
                        }
                    }
                }
            }
            case "Job" -> {
                if (!Objects.equals(withoutLabels(old.path("spec").path("template")), withoutLabels(object.path("spec").path("template")))) {
                    invalid("spec.template", "core.PodTemplateSpec{...}", "field is immutable");
                }
                if (!Objects.equals(old.path("spec").path("selector"), object.path("spec").path("selector"))) {
                    invalid("spec.selector", "v1.LabelSelector{...}", "field is immutable");
                }
                if (!Objects.equals(old.path("spec").path("completions"), object.path("spec").path("completions"))) {
                    invalid("spec.completions", object.path("spec").path("completions").asText(), "field is immutable");
                }
            }
            case "Service" -> {
                String oldIp = old.path("spec").path("clusterIP").asText("");
                String newIp = object.path("spec").path("clusterIP").asText("");
                if (!oldIp.isEmpty() && !oldIp.equals(newIp) && !object.path("spec").path("type").asText().equals("ExternalName")) {
                    invalid("spec.clusterIPs[0]", "[]string{\"" + newIp + "\"}", "may not change once set");
                }
            }
            case "PersistentVolumeClaim" -> {
                JsonNode o = old.path("spec").deepCopy();
                JsonNode n = object.path("spec").deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) o).remove(List.of("resources", "volumeName"));
                ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove(List.of("resources", "volumeName"));
                if (!o.equals(n) && old.has("spec") && object.has("spec")) {
                    causes.add(new Cause("FieldValueForbidden", "spec", "Forbidden: spec is immutable after creation except "
                            + "resources.requests and volumeAttributesClassName for bound claims"));
                }
            }
            case "Pod" -> {
                JsonNode o = old.path("spec").deepCopy();
                JsonNode n = object.path("spec").deepCopy();
                stripMutablePodFields(o);
                stripMutablePodFields(n);
                if (!o.equals(n)) {
                    causes.add(new Cause("FieldValueForbidden", "spec", "Forbidden: pod updates may not change fields other "
                            + "than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                            + "`spec.tolerations` (only additions to existing tolerations),"
                            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"));
                }
            }
            case "ConfigMap", "Secret" -> {
                if (old.path("immutable").asBoolean(false) && (!Objects.equals(old.path("data"), object.path("data"))
                        || !Objects.equals(old.path("binaryData"), object.path("binaryData")))) {
                    causes.add(new Cause("FieldValueForbidden", "data", "Forbidden: field is immutable when `immutable` is set"));
                }
            }
            default -> { }
        }
    }

    private static JsonNode withoutLabels(JsonNode template) {
        JsonNode copy = template.deepCopy();
        if (copy.path("metadata") instanceof com.fasterxml.jackson.databind.node.ObjectNode m) {
            m.remove("labels");
        }
        return copy;
    }

    private static void stripMutablePodFields(JsonNode spec) {
        if (spec instanceof com.fasterxml.jackson.databind.node.ObjectNode s) {
            s.remove(List.of("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "nodeName"));
            for (String list : new String[] {"containers", "initContainers"}) {
                for (JsonNode c : s.path(list)) {
                    if (c instanceof com.fasterxml.jackson.databind.node.ObjectNode container) {
                        container.remove("image");
                    }
                }
            }
        }
    }
}
