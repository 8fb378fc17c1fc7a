package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import orchlab.sim.store.Selectors;

/**
 * Server-side printing ({@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}): the columns
 * {@code kubectl get} shows for each kind, with {@code -o wide} columns at priority 1, computed the way the
 * real server's printers compute them (READY 1/1, STATUS ContainerCreating, PORT(S) 80:30080/TCP, ...).
 */
public final class TableConverter {

    private record Column(String name, int priority, Function<JsonNode, Object> cell) {
    }

    private final Function<ResourceType, Optional<JsonNode>> crdLookup;

    /** @param crdLookup finds the CustomResourceDefinition of a custom kind, for its printer columns */
    public TableConverter(Function<ResourceType, Optional<JsonNode>> crdLookup) {
        this.crdLookup = crdLookup;
    }

    public ObjectNode table(ResourceType type, List<ObjectNode> items, ApiRequest request, long resourceVersion) {
        List<Column> columns = columns(type);
        ObjectNode table = Json.object();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", String.valueOf(resourceVersion));
        ArrayNode defs = table.putArray("columnDefinitions");
        for (Column c : columns) {
            ObjectNode d = defs.addObject();
            d.put("name", c.name());
            d.put("type", c.name().equals("Restarts") ? "integer" : "string");
            d.put("format", c.name().equals("Name") ? "name" : "");
            d.put("description", c.name());
            d.put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        String include = request.query().getOrDefault("includeObject", "Metadata");
        for (ObjectNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Column c : columns) {
                Object v = c.cell().apply(item);
                if (v instanceof Integer i) {
                    cells.add(i);
                } else {
                    cells.add(v == null ? "" : v.toString());
                }
            }
            if (include.equals("Object")) {
                row.set("object", item);
            } else if (!include.equals("None")) {
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", item.path("metadata").deepCopy());
            }
        }
        return table;
    }

    /**
     * kubectl's {@code formatHPAMetrics}: per spec metric {@code cpu: 46%/50%} (Utilization), {@code memory: 2Mi/1Mi}
     * (AverageValue), {@code <unknown>} for a current value not known yet; two at most, then {@code + N more...}.
     */
    static String hpaTargets(JsonNode hpa) {
        JsonNode v2 = hpa.path("apiVersion").asText().equals(orchlab.sim.store.HpaConversion.V1) && hpa instanceof
                com.fasterxml.jackson.databind.node.ObjectNode o ? orchlab.sim.store.HpaConversion.convert(o.deepCopy(),
                orchlab.sim.store.HpaConversion.V2) : hpa;
        JsonNode specs = v2.path("spec").path("metrics");
        if (specs.isEmpty()) {
            // what the API server defaults an autoscaling/v2 HPA without metrics to
            specs = Json.parseObject("{\"m\":[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":"
                    + "{\"type\":\"Utilization\",\"averageUtilization\":80}}}]}").path("m");
        }
        JsonNode statuses = v2.path("status").path("currentMetrics");
        List<String> list = new java.util.ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            JsonNode spec = specs.get(i);
            JsonNode status = statuses.path(i);
            String type = spec.path("type").asText();
            switch (type) {
                case "Resource", "ContainerResource" -> {
                    String field = type.equals("Resource") ? "resource" : "containerResource";
                    JsonNode target = spec.path(field).path("target");
                    JsonNode current = status.path(field).path("current");
                    String name = spec.path(field).path("name").asText();
                    if (target.has("averageValue")) {
                        list.add(name + ": " + current.path("averageValue").asText("<unknown>") + "/" + target.path("averageValue").asText());
                    } else {
                        list.add(name + ": " + (current.has("averageUtilization") ? current.path("averageUtilization").asInt() + "%" : "<unknown>")
                                + "/" + (target.has("averageUtilization") ? target.path("averageUtilization").asInt() + "%" : "<auto>"));
                    }
                }
                case "Pods" -> list.add(status.path("pods").path("current").path("averageValue").asText("<unknown>") + "/"
                        + spec.path("pods").path("target").path("averageValue").asText());
                case "Object", "External" -> {
                    String field = type.equals("Object") ? "object" : "external";
                    JsonNode target = spec.path(field).path("target");
                    JsonNode current = status.path(field).path("current");
                    boolean average = target.has("averageValue");
                    String key = average ? "averageValue" : "value";
                    list.add(current.path(key).asText("<unknown>") + "/" + target.path(key).asText() + (average ? " (avg)" : ""));
                }
                default -> list.add("<unknown type>");
            }
        }
        if (list.size() > 2) {
            return String.join(", ", list.subList(0, 2)) + " + " + (list.size() - 2) + " more...";
        }
        return String.join(", ", list);
    }

    private static Column col(String name, Function<JsonNode, Object> cell) {
        return new Column(name, 0, cell);
    }

    private static Column wide(String name, Function<JsonNode, Object> cell) {
        return new Column(name, 1, cell);
    }

    private List<Column> columns(ResourceType type) {
        Column name = col("Name", o -> o.path("metadata").path("name").asText());
        Column age = col("Age", o -> age(o.path("metadata").path("creationTimestamp").asText()));
        Column containers = wide("Containers", o -> join(template(o).path("containers"), "name"));
        Column images = wide("Images", o -> join(template(o).path("containers"), "image"));
        Column selector = wide("Selector", o -> Selectors.toString(o.path("spec").path("selector")));
        return switch (type.kind()) {
            case "Pod" -> List.of(name, col("Ready", TableConverter::podReady), col("Status", PodStatusText::of),
                    col("Restarts", o -> restarts(o)), age, wide("IP", o -> text(o, "status.podIP", "<none>")),
                    wide("Node", o -> text(o, "spec.nodeName", "<none>")), wide("Nominated Node", o -> "<none>"),
                    wide("Readiness Gates", o -> "<none>"));
            case "Deployment" -> List.of(name,
                    col("Ready", o -> i(o, "status.readyReplicas") + "/" + i(o, "spec.replicas")),
                    col("Up-to-date", o -> i(o, "status.updatedReplicas")),
                    col("Available", o -> i(o, "status.availableReplicas")), age, containers, images, selector);
            case "ReplicaSet", "ReplicationController" -> List.of(name, col("Desired", o -> i(o, "spec.replicas")),
                    col("Current", o -> i(o, "status.replicas")), col("Ready", o -> i(o, "status.readyReplicas")), age,
                    containers, images, selector);
            case "StatefulSet" -> List.of(name,
                    col("Ready", o -> i(o, "status.readyReplicas") + "/" + i(o, "spec.replicas")), age, containers, images);
            case "DaemonSet" -> List.of(name, col("Desired", o -> i(o, "status.desiredNumberScheduled")),
                    col("Current", o -> i(o, "status.currentNumberScheduled")), col("Ready", o -> i(o, "status.numberReady")),
                    col("Up-to-date", o -> i(o, "status.updatedNumberScheduled")),
                    col("Available", o -> i(o, "status.numberAvailable")),
                    col("Node Selector", o -> mapText(template(o).path("nodeSelector"))), age, containers, images, selector);
            case "Service" -> List.of(name, col("Type", o -> text(o, "spec.type", "ClusterIP")),
                    col("Cluster-IP", o -> text(o, "spec.clusterIP", "<none>")), col("External-IP", TableConverter::externalIp),
                    col("Port(s)", TableConverter::servicePorts), age,
                    wide("Selector", o -> mapText(o.path("spec").path("selector"))));
            case "Endpoints" -> List.of(name, col("Endpoints", TableConverter::endpoints), age);
            case "ConfigMap" -> List.of(name, col("Data", o -> o.path("data").size() + o.path("binaryData").size()), age);
            case "Secret" -> List.of(name, col("Type", o -> o.path("type").asText("Opaque")),
                    col("Data", o -> o.path("data").size()), age);
            case "Namespace" -> List.of(name, col("Status", o -> text(o, "status.phase", "Active")), age);
            case "Node" -> List.of(name, col("Status", o -> o.path("spec").path("unschedulable").asBoolean(false)
                            ? "Ready,SchedulingDisabled" : "Ready"), col("Roles", TableConverter::roles), age,
                    col("Version", o -> text(o, "status.nodeInfo.kubeletVersion", "")),
                    wide("Internal-IP", o -> address(o, "InternalIP")), wide("External-IP", o -> "<none>"),
                    wide("OS-Image", o -> text(o, "status.nodeInfo.osImage", "")),
                    wide("Kernel-Version", o -> text(o, "status.nodeInfo.kernelVersion", "")),
                    wide("Container-Runtime", o -> text(o, "status.nodeInfo.containerRuntimeVersion", "")));
            case "Event" -> List.of(col("Last Seen", o -> age(text(o, "lastTimestamp", text(o, "metadata.creationTimestamp", "")))),
                    col("Type", o -> text(o, "type", "Normal")), col("Reason", o -> text(o, "reason", "")),
                    col("Object", o -> o.path("involvedObject").path("kind").asText().toLowerCase(java.util.Locale.ROOT)
                            + "/" + o.path("involvedObject").path("name").asText()),
                    col("Message", o -> text(o, "message", "")),
                    wide("Subobject", o -> text(o, "involvedObject.fieldPath", "")),
                    wide("Source", o -> text(o, "source.component", "")),
                    wide("First Seen", o -> age(text(o, "firstTimestamp", ""))), wide("Count", o -> i(o, "count")),
                    wide("Name", o -> text(o, "metadata.name", "")));
            case "Job" -> List.of(name, col("Status", TableConverter::jobStatus),
                    col("Completions", o -> i(o, "status.succeeded") + "/" + i(o, "spec.completions")),
                    col("Duration", TableConverter::jobDuration), age, containers, images, selector);
            case "CronJob" -> List.of(name, col("Schedule", o -> text(o, "spec.schedule", "")),
                    col("Timezone", o -> text(o, "spec.timeZone", "<none>")), col("Suspend", o -> text(o, "spec.suspend", "False")
                            .equals("true") ? "True" : "False"), col("Active", o -> o.path("status").path("active").size()),
                    col("Last Schedule", o -> o.path("status").has("lastScheduleTime")
                            ? age(text(o, "status.lastScheduleTime", "")) : "<none>"), age,
                    wide("Containers", o -> join(o.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                            .path("containers"), "name")),
                    wide("Images", o -> join(o.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                            .path("containers"), "image")), wide("Selector", o -> "<none>"));
            case "PersistentVolumeClaim" -> List.of(name, col("Status", o -> text(o, "status.phase", "Pending")),
                    col("Volume", o -> text(o, "spec.volumeName", "")), col("Capacity", o -> text(o, "status.capacity.storage", "")),
                    col("Access Modes", o -> accessModes(o.path("status").path("accessModes"))),
                    col("StorageClass", o -> text(o, "spec.storageClassName", "")), col("VolumeAttributesClass", o -> "<unset>"), age,
                    wide("VolumeMode", o -> text(o, "spec.volumeMode", "Filesystem")));
            case "PersistentVolume" -> List.of(name, col("Capacity", o -> text(o, "spec.capacity.storage", "")),
                    col("Access Modes", o -> accessModes(o.path("spec").path("accessModes"))),
                    col("Reclaim Policy", o -> text(o, "spec.persistentVolumeReclaimPolicy", "")),
                    col("Status", o -> text(o, "status.phase", "")),
                    col("Claim", o -> o.path("spec").has("claimRef") ? text(o, "spec.claimRef.namespace", "") + "/"
                            + text(o, "spec.claimRef.name", "") : ""),
                    col("StorageClass", o -> text(o, "spec.storageClassName", "")), col("VolumeAttributesClass", o -> "<unset>"),
                    col("Reason", o -> text(o, "status.reason", "")), age, wide("VolumeMode", o -> text(o, "spec.volumeMode", "Filesystem")));
            case "StorageClass" -> List.of(col("Name", o -> o.path("metadata").path("name").asText()
                            + ("true".equals(o.path("metadata").path("annotations").path("storageclass.kubernetes.io/is-default-class")
                            .asText()) ? " (default)" : "")),
                    col("Provisioner", o -> text(o, "provisioner", "")), col("ReclaimPolicy", o -> text(o, "reclaimPolicy", "Delete")),
                    col("VolumeBindingMode", o -> text(o, "volumeBindingMode", "Immediate")),
                    col("AllowVolumeExpansion", o -> text(o, "allowVolumeExpansion", "false")), age);
            case "Ingress" -> List.of(name, col("Class", o -> text(o, "spec.ingressClassName", "<none>")),
                    col("Hosts", TableConverter::ingressHosts),
                    col("Address", o -> join(o.path("status").path("loadBalancer").path("ingress"), "ip")),
                    col("Ports", o -> o.path("spec").path("tls").size() > 0 ? "80, 443" : "80"), age);
            case "IngressClass" -> List.of(name, col("Controller", o -> text(o, "spec.controller", "")),
                    col("Parameters", o -> "<none>"), age);
            case "ServiceAccount" -> List.of(name, col("Secrets", o -> o.path("secrets").size()), age);
            case "HorizontalPodAutoscaler" -> List.of(name,
                    col("Reference", o -> text(o, "spec.scaleTargetRef.kind", "") + "/" + text(o, "spec.scaleTargetRef.name", "")),
                    col("Targets", TableConverter::hpaTargets), col("MinPods", o -> i(o, "spec.minReplicas")),
                    col("MaxPods", o -> i(o, "spec.maxReplicas")), col("Replicas", o -> i(o, "status.currentReplicas")), age);
            case "EndpointSlice" -> List.of(name, col("AddressType", o -> text(o, "addressType", "IPv4")),
                    col("Ports", o -> join(o.path("ports"), "port")), col("Endpoints", TableConverter::sliceEndpoints), age);
            case "APIService" -> List.of(name, col("Service", o -> o.path("spec").path("service").isObject()
                            ? text(o, "spec.service.namespace", "") + "/" + text(o, "spec.service.name", "") : "Local"),
                    col("Available", TableConverter::apiServiceAvailable), age);
            case "PodDisruptionBudget" -> List.of(name, col("Min Available", o -> intOrPercent(o, "minAvailable")),
                    col("Max Unavailable", o -> intOrPercent(o, "maxUnavailable")),
                    col("Allowed Disruptions", o -> i(o, "status.disruptionsAllowed")), age);
            case "ResourceQuota" -> List.of(name, age, col("Request", o -> quotaColumn(o, false)),
                    col("Limit", o -> quotaColumn(o, true)));
            case "CustomResourceDefinition" -> List.of(name,
                    col("Created At", o -> o.path("metadata").path("creationTimestamp").asText()));
            default -> type.custom() ? customColumns(type, name, age) : List.of(name, age);
        };
    }

    /** {@code printPodDisruptionBudget}: the value as written, {@code N/A} when the field is not set. */
    private static String intOrPercent(JsonNode pdb, String field) {
        JsonNode value = pdb.path("spec").path(field);
        return value.isMissingNode() || value.isNull() ? "N/A" : value.asText();
    }

    private static String apiServiceAvailable(JsonNode service) {
        for (JsonNode c : service.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Available")) {
                String status = c.path("status").asText();
                return status.equals("True") ? status : status + " (" + c.path("reason").asText() + ")";
            }
        }
        return "Unknown";
    }

    /** {@code printResourceQuota}: {@code pods: 1/2, requests.cpu: 500m/1}, limits.* in their own column. */
    private static String quotaColumn(JsonNode quota, boolean limits) {
        List<String> parts = new ArrayList<>();
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        quota.path("status").path("hard").fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            if (k.startsWith("limits") == limits) {
                parts.add(k + ": " + quota.path("status").path("used").path(k).asText("0") + "/"
                        + quota.path("status").path("hard").path(k).asText());
            }
        }
        return String.join(", ", parts);
    }

    private List<Column> customColumns(ResourceType type, Column name, Column age) {
        List<Column> columns = new ArrayList<>(List.of(name));
        boolean hasAge = false;
        Optional<JsonNode> crd = crdLookup.apply(type);
        if (crd.isPresent()) {
            for (JsonNode version : crd.get().path("spec").path("versions")) {
                if (!version.path("name").asText().equals(type.version())) {
                    continue;
                }
                for (JsonNode c : version.path("additionalPrinterColumns")) {
                    String path = c.path("jsonPath").asText().replaceFirst("^\\.", "");
                    String colName = c.path("name").asText();
                    boolean date = c.path("type").asText().equals("date");
                    hasAge |= path.equals("metadata.creationTimestamp");
                    columns.add(new Column(colName, c.path("priority").asInt(0),
                            o -> date ? age(text(o, path, "")) : text(o, path, "")));
                }
            }
        }
        if (!hasAge) {
            columns.add(age);
        }
        return columns;
    }

    private static JsonNode template(JsonNode o) {
        return o.path("spec").path("template").path("spec");
    }

    private static String text(JsonNode o, String path, String fallback) {
        String v = Json.text(o, path);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static int i(JsonNode o, String path) {
        return Json.at(o, path).asInt(0);
    }

    private static String join(JsonNode list, String field) {
        List<String> values = new ArrayList<>();
        list.forEach(e -> values.add(e.path(field).asText()));
        return values.isEmpty() ? "<none>" : String.join(",", values);
    }

    private static String mapText(JsonNode map) {
        if (map.size() == 0) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        map.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        return String.join(",", parts);
    }

    private static String podReady(JsonNode pod) {
        int total = pod.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            if (s.path("ready").asBoolean()) {
                ready++;
            }
        }
        return ready + "/" + total;
    }

    private static int restarts(JsonNode pod) {
        return PodStatusText.restarts(pod);
    }

    private static String externalIp(JsonNode svc) {
        String type = text(svc, "spec.type", "ClusterIP");
        if (type.equals("ExternalName")) {
            return text(svc, "spec.externalName", "<none>");
        }
        List<String> ips = new ArrayList<>();
        svc.path("spec").path("externalIPs").forEach(ip -> ips.add(ip.asText()));
        if (type.equals("LoadBalancer")) {
            svc.path("status").path("loadBalancer").path("ingress").forEach(i -> ips.add(i.path("ip").asText(i.path("hostname").asText())));
            if (ips.isEmpty()) {
                return "<pending>";
            }
        }
        return ips.isEmpty() ? "<none>" : String.join(",", ips);
    }

    private static String servicePorts(JsonNode svc) {
        List<String> ports = new ArrayList<>();
        for (JsonNode p : svc.path("spec").path("ports")) {
            String text = p.path("port").asText();
            if (p.path("nodePort").asInt(0) != 0) {
                text += ":" + p.path("nodePort").asText();
            }
            ports.add(text + "/" + p.path("protocol").asText("TCP"));
        }
        return ports.isEmpty() ? "<none>" : String.join(",", ports);
    }

    private static String endpoints(JsonNode ep) {
        List<String> list = new ArrayList<>();
        for (JsonNode subset : ep.path("subsets")) {
            for (JsonNode address : subset.path("addresses")) {
                if (subset.path("ports").size() == 0) {
                    list.add(address.path("ip").asText());
                }
                for (JsonNode port : subset.path("ports")) {
                    list.add(address.path("ip").asText() + ":" + port.path("port").asText());
                }
            }
        }
        if (list.isEmpty()) {
            return "<none>";
        }
        if (list.size() > 3) {
            return String.join(",", list.subList(0, 3)) + " + " + (list.size() - 3) + " more...";
        }
        return String.join(",", list);
    }

    private static String sliceEndpoints(JsonNode slice) {
        List<String> list = new ArrayList<>();
        slice.path("endpoints").forEach(e -> e.path("addresses").forEach(a -> list.add(a.asText())));
        return list.isEmpty() ? "<unset>" : String.join(",", list);
    }

    private static String roles(JsonNode node) {
        List<String> roles = new ArrayList<>();
        node.path("metadata").path("labels").fieldNames().forEachRemaining(k -> {
            if (k.startsWith("node-role.kubernetes.io/")) {
                roles.add(k.substring("node-role.kubernetes.io/".length()));
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode a : node.path("status").path("addresses")) {
            if (a.path("type").asText().equals(type)) {
                return a.path("address").asText();
            }
        }
        return "<none>";
    }

    private static String accessModes(JsonNode modes) {
        Map<String, String> shortNames = Map.of("ReadWriteOnce", "RWO", "ReadOnlyMany", "ROX", "ReadWriteMany", "RWX",
                "ReadWriteOncePod", "RWOP");
        List<String> list = new ArrayList<>();
        modes.forEach(m -> list.add(shortNames.getOrDefault(m.asText(), m.asText())));
        return String.join(",", list);
    }

    private static String jobStatus(JsonNode job) {
        for (JsonNode c : job.path("status").path("conditions")) {
            if (c.path("status").asText().equals("True")) {
                switch (c.path("type").asText()) {
                    case "Complete" -> {
                        return "Complete";
                    }
                    case "Failed" -> {
                        return "Failed";
                    }
                    case "Suspended" -> {
                        return "Suspended";
                    }
                    default -> { }
                }
            }
        }
        return "Running";
    }

    private static String jobDuration(JsonNode job) {
        String start = Json.text(job, "status.startTime");
        if (start == null) {
            return "";
        }
        String end = Json.text(job, "status.completionTime");
        try {
            Instant s = Instant.parse(start);
            Instant e = end == null ? Instant.now() : Instant.parse(end);
            return human(Duration.between(s, e));
        } catch (DateTimeParseException ex) {
            return "";
        }
    }

    private static String ingressHosts(JsonNode ing) {
        List<String> hosts = new ArrayList<>();
        ing.path("spec").path("rules").forEach(r -> hosts.add(r.path("host").asText("*")));
        return hosts.isEmpty() ? "*" : String.join(",", hosts);
    }

    static String age(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return "<unknown>";
        }
        try {
            return human(Duration.between(Instant.parse(timestamp), Instant.now()));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    /** kubectl's human duration: 5s, 3m20s, 45m, 2h10m, 3d4h, ... */
    static String human(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        long minutes = seconds / 60;
        long hours = minutes / 60;
        long days = hours / 24;
        if (seconds < 120) {
            return seconds + "s";
        } else if (minutes < 10) {
            return minutes + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
        } else if (minutes < 180) {
            return minutes + "m";
        } else if (hours < 8) {
            return hours + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            return days + "d" + (hours % 24 == 0 ? "" : hours % 24 + "h");
        }
        return days + "d";
    }

    /** Unused hook kept for symmetry with real printers that need two inputs. */
    static <A, B> BiFunction<A, B, String> none() {
        return (a, b) -> "";
    }
}
