package orchlab.sim.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import orchlab.sim.admission.Quantities;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.ApiRequest;
import orchlab.sim.api.ApiResponse;
import orchlab.sim.api.Json;
import orchlab.sim.store.Selectors;

/**
 * {@code metrics.k8s.io/v1beta1} as metrics-server serves it through the API aggregation layer: {@code NodeMetrics}
 * ({@code /nodes}, {@code /nodes/NAME}) and {@code PodMetrics} ({@code /pods}, {@code /namespaces/NS/pods[/NAME]}),
 * read from the last sample of {@link ResourceUsage}; {@code labelSelector} and {@code fieldSelector} filter lists.
 * CPU is written in nanocores, memory in bytes (canonical quantities, as metrics-server writes them). A Pod without
 * metrics yet is absent from lists, and its GET answers {@code podmetrics.metrics.k8s.io "NS/NAME" not found}.
 */
public final class MetricsApi {

    private static final String PREFIX = "/apis/metrics.k8s.io/v1beta1";
    private static final Pattern NODES = Pattern.compile(Pattern.quote(PREFIX) + "/nodes(?:/([^/]+))?/?");
    private static final Pattern PODS = Pattern.compile(Pattern.quote(PREFIX) + "(?:/namespaces/([^/]+))?/pods(?:/([^/]+))?/?");

    private final ResourceUsage usage;
    private final Supplier<Instant> clock;

    public MetricsApi(ResourceUsage usage, Supplier<Instant> clock) {
        this.usage = usage;
        this.clock = clock;
    }

    /** The answer for a metrics.k8s.io resource path; empty for every other path (discovery is answered elsewhere). */
    public Optional<ApiResponse> handle(ApiRequest request) {
        String path = request.path();
        Matcher nodes = NODES.matcher(path);
        Matcher pods = PODS.matcher(path);
        boolean isNodes = nodes.matches();
        boolean isPods = !isNodes && pods.matches();
        if (!isNodes && !isPods) {
            return Optional.empty();
        }
        try {
            if (!request.method().equals("GET")) {
                throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
            }
            ResourceUsage.Sample sample = usage.sample();
            return Optional.of(isNodes ? nodes(request, sample, decode(nodes.group(1)))
                    : pods(request, sample, decode(pods.group(1)), decode(pods.group(2))));
        } catch (ApiException e) {
            return Optional.of(ApiResponse.error(e));
        }
    }

    private static String decode(String part) {
        return part == null ? null : java.net.URLDecoder.decode(part, java.nio.charset.StandardCharsets.UTF_8);
    }

    private ApiResponse nodes(ApiRequest request, ResourceUsage.Sample sample, String name) {
        if (name != null) {
            return sample.nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                    .map(n -> ApiResponse.json(200, node(n)))
                    .orElseThrow(() -> notFound("nodemetrics", name));
        }
        Predicate<Map<String, String>> labels = Selectors.parseLabelSelector(request.param("labelSelector").orElse(null));
        Predicate<JsonNode> fields = Selectors.parseFieldSelector(request.param("fieldSelector").orElse(null));
        ArrayNode items = Json.array();
        sample.nodes().stream().map(this::node).filter(o -> labels.test(labelsOf(o)) && fields.test(o)).forEach(items::add);
        return ApiResponse.json(200, list("NodeMetricsList", items));
    }

    private ApiResponse pods(ApiRequest request, ResourceUsage.Sample sample, String namespace, String name) {
        if (name != null) {
            return sample.pod(namespace, name).map(p -> ApiResponse.json(200, pod(p)))
                    .orElseThrow(() -> notFound("podmetrics", namespace + "/" + name));
        }
        Predicate<Map<String, String>> labels = Selectors.parseLabelSelector(request.param("labelSelector").orElse(null));
        Predicate<JsonNode> fields = Selectors.parseFieldSelector(request.param("fieldSelector").orElse(null));
        ArrayNode items = Json.array();
        sample.pods().values().stream()
                .filter(p -> namespace == null || p.namespace().equals(namespace))
                .sorted(java.util.Comparator.comparing(ResourceUsage.PodUsage::namespace).thenComparing(ResourceUsage.PodUsage::name))
                .map(this::pod).filter(o -> labels.test(labelsOf(o)) && fields.test(o)).forEach(items::add);
        return ApiResponse.json(200, list("PodMetricsList", items));
    }

    private static ApiException notFound(String resource, String name) {
        return new ApiException(404, "NotFound", resource + ".metrics.k8s.io \"" + name + "\" not found",
                "metrics.k8s.io", resource, name, List.of());
    }

    private static Map<String, String> labelsOf(JsonNode object) {
        Map<String, String> labels = new HashMap<>();
        object.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static ObjectNode list(String kind, ArrayNode items) {
        ObjectNode list = Json.object();
        list.put("kind", kind);
        list.put("apiVersion", "metrics.k8s.io/v1beta1");
        list.putObject("metadata");
        list.set("items", items);
        return list;
    }

    private ObjectNode metadata(ObjectNode object, String kind, String name, JsonNode labels) {
        object.put("kind", kind);
        object.put("apiVersion", "metrics.k8s.io/v1beta1");
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("name", name);
        metadata.put("creationTimestamp", clock.get().truncatedTo(ChronoUnit.SECONDS).toString());
        if (labels != null && labels.isObject() && !labels.isEmpty()) {
            metadata.set("labels", labels.deepCopy());
        }
        return metadata;
    }

    private ObjectNode node(ResourceUsage.NodeUsage n) {
        ObjectNode o = Json.object();
        metadata(o, "NodeMetrics", n.name(), n.labels());
        o.put("timestamp", n.timestamp().toString());
        o.put("window", duration(n.window()));
        o.set("usage", usage(n.nanoCores(), n.memoryBytes()));
        return o;
    }

    private ObjectNode pod(ResourceUsage.PodUsage p) {
        ObjectNode o = Json.object();
        ObjectNode metadata = metadata(o, "PodMetrics", p.name(), p.labels());
        metadata.put("namespace", p.namespace());
        o.put("timestamp", p.timestamp().toString());
        o.put("window", duration(p.window()));
        ArrayNode containers = o.putArray("containers");
        for (ResourceUsage.ContainerUsage c : p.containers()) {
            ObjectNode container = containers.addObject();
            container.put("name", c.name());
            container.set("usage", usage(c.nanoCores(), c.memoryBytes()));
        }
        return o;
    }

    private static ObjectNode usage(long nanoCores, long memoryBytes) {
        ObjectNode usage = Json.object();
        usage.put("cpu", cpu(nanoCores));
        usage.put("memory", new Quantities(BigDecimal.valueOf(memoryBytes), true).toString());
        return usage;
    }

    /** CPU as metrics-server writes it: a quantity scaled to nanocores, in its canonical form ({@code 1m}, {@code 2500n}). */
    static String cpu(long nanoCores) {
        return new Quantities(BigDecimal.valueOf(nanoCores, 9), false).toString();
    }

    /** A duration as Go's {@code time.Duration} prints it for these windows ({@code 15s}, {@code 12.5s}). */
    static String duration(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + "s";
    }
}
