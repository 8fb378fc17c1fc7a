package orchlab.sim.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import orchlab.sim.admission.Quantities;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceCatalog;
import orchlab.sim.api.ResourceType;
import orchlab.sim.registry.ImageCatalog;
import orchlab.sim.registry.ImageInfo;
import orchlab.sim.registry.PodProcesses;
import orchlab.sim.registry.SimulatedProcess;
import orchlab.sim.store.ObjectStore;

/**
 * The simulated cluster's resource usage, on its clock, as metrics-server would report it (nothing really runs, so
 * the numbers are <b>simulated</b>; app/docs/sim.md, "Resource usage", gives them):
 * <ul>
 *   <li>every running container uses its image's idle CPU and memory ({@link ImageInfo.Usage}, 1m and 4 MiB by
 *       default);</li>
 *   <li>every HTTP request a container answers through the sim's HTTP simulation (the Service proxy, a Pod's
 *       {@code wget}/{@code curl}, port-forward) costs its image's CPU time per request;</li>
 *   <li>a container whose command is a request loop ({@code while sleep 0.01; do wget -q -O- http://svc; done})
 *       sends {@link SimulatedProcess.LoadLoop#requestsPerSecond()} requests to each URL for as long as it runs,
 *       spread evenly over the ready endpoints of the Service it names (or the Pod whose IP it names);</li>
 *   <li>CPU is capped at the container's CPU limit (throttled), or at the node's 4 cores.</li>
 * </ul>
 * Like metrics-server ({@code --metric-resolution=15s}), usage is sampled every 15 s of the clock (at multiples of
 * 15 s): a sample is the average over its window, the 15 s before it, or — for a container started 10 to 15 s before
 * the sample — the time since it started. A container younger than 10 s at the last sample has no metrics yet.
 */
public final class ResourceUsage {

    /** metrics-server's default {@code --metric-resolution}. */
    public static final Duration RESOLUTION = Duration.ofSeconds(15);
    /** metrics-server's {@code freshContainerMinMetricsResolution}: a younger container has no sample yet. */
    static final Duration FRESH_MINIMUM = Duration.ofSeconds(10);
    /** What the node itself uses besides its Pods (kubelet, container runtime, the system). */
    static final long NODE_SYSTEM_MILLICORES = 50;
    static final long NODE_SYSTEM_MEMORY = 512L << 20;
    private static final Duration REQUEST_MEMORY = Duration.ofSeconds(60);

    /** One container's usage in a sample. */
    public record ContainerUsage(String name, long nanoCores, long memoryBytes) {
    }

    /** One Pod's sample: its running containers' usage averaged over {@code window} ending at {@code timestamp}. */
    public record PodUsage(String namespace, String name, JsonNode labels, Instant timestamp, Duration window,
                           List<ContainerUsage> containers) {
        public long nanoCores() {
            return containers.stream().mapToLong(ContainerUsage::nanoCores).sum();
        }

        public long memoryBytes() {
            return containers.stream().mapToLong(ContainerUsage::memoryBytes).sum();
        }

        /** The Pod's usage of {@code resource} ({@code cpu} in millicores, {@code memory} in bytes × 1000). */
        public long milliValue(String resource) {
            return resource.equals("cpu") ? nanoCores() / 1_000_000 : memoryBytes() * 1000;
        }
    }

    /** The node's sample: its Pods and the system. */
    public record NodeUsage(String name, JsonNode labels, Instant timestamp, Duration window, long nanoCores, long memoryBytes) {
    }

    /** Everything sampled at one moment. */
    public record Sample(Instant at, Map<String, PodUsage> pods, List<NodeUsage> nodes) {
        /** A Pod's usage, if it has metrics in this sample. */
        public Optional<PodUsage> pod(String namespace, String name) {
            return Optional.ofNullable(pods.get(namespace + "/" + name));
        }
    }

    private final ObjectStore store;
    private final ResourceType pods;
    private final ResourceType services;
    private final ResourceType endpoints;
    private final ResourceType nodes;
    private final ResourceType configMaps;
    private final ResourceType secrets;
    private final ImageCatalog images;
    private final Supplier<Instant> clock;
    /** Times of the requests each container answered (key: Pod UID / container), the last minute's; a request counts
     *  in the first sample after it (a sample's window includes its start, not its own moment). */
    private final Map<String, Deque<Instant>> requests = new HashMap<>();
    private Sample last;

    public ResourceUsage(ObjectStore store, ResourceCatalog catalog, ImageCatalog images, Supplier<Instant> clock) {
        this.store = store;
        this.pods = catalog.require("", "pods");
        this.services = catalog.require("", "services");
        this.endpoints = catalog.require("", "endpoints");
        this.nodes = catalog.require("", "nodes");
        this.configMaps = catalog.require("", "configmaps");
        this.secrets = catalog.require("", "secrets");
        this.images = images;
        this.clock = clock;
    }

    /** A container answered one HTTP request now (called by the sim's HTTP simulation). */
    public synchronized void requestServed(JsonNode pod, String container) {
        Instant now = clock.get();
        Deque<Instant> times = requests.computeIfAbsent(Json.uid(pod) + "/" + container, k -> new ArrayDeque<>());
        times.addLast(now);
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(REQUEST_MEMORY))) {
            times.removeFirst();
        }
    }

    /** The moment of the last sample: the clock rounded down to a multiple of {@link #RESOLUTION}. */
    public Instant lastSampleTime() {
        long period = RESOLUTION.toMillis();
        long now = clock.get().toEpochMilli();
        return Instant.ofEpochMilli(Math.floorDiv(now, period) * period);
    }

    /**
     * The last sample. It is taken from the cluster as it is when first asked for after its moment and kept until
     * the next one, as metrics-server keeps its last scrape.
     */
    public synchronized Sample sample() {
        Instant at = lastSampleTime();
        if (last == null || !last.at().equals(at)) {
            last = take(at);
            requests.values().removeIf(d -> d.isEmpty() || d.peekLast().isBefore(at.minus(REQUEST_MEMORY)));
        }
        return last;
    }

    private record Running(ObjectNode pod, JsonNode container, Instant started) {
    }

    private Sample take(Instant at) {
        List<Running> running = new ArrayList<>();
        for (ObjectNode pod : store.list(pods, null)) {
            if (!"Running".equals(pod.path("status").path("phase").asText())) {
                continue;
            }
            for (JsonNode container : pod.path("spec").path("containers")) {
                startedAt(pod, container.path("name").asText()).filter(s -> !s.isAfter(at))
                        .ifPresent(s -> running.add(new Running(pod, container, s)));
            }
        }
        // the CPU seconds each container (Pod UID / container) spent on load-loop requests in its window
        Map<String, Double> loadSeconds = new HashMap<>();
        for (Running generator : running) {
            Optional<SimulatedProcess.LoadLoop> load = process(generator.pod(), generator.container()).load();
            if (load.isEmpty()) {
                continue;
            }
            for (String url : load.get().urls()) {
                List<Target> targets = targets(generator.pod(), url);
                if (targets.isEmpty()) {
                    continue;
                }
                double perTarget = load.get().requestsPerSecond() / targets.size();
                for (Target target : targets) {
                    Optional<Running> served = running.stream().filter(r -> Json.uid(r.pod()).equals(Json.uid(target.pod()))
                            && r.container().path("name").asText().equals(target.container())).findFirst();
                    if (served.isEmpty()) {
                        continue;
                    }
                    Duration window = window(served.get().started(), at);
                    Instant from = later(at.minus(window), generator.started());
                    double seconds = Math.max(0, Duration.between(from, at).toMillis() / 1000.0);
                    double cost = usageOf(served.get().container()).cpuSecondsPerRequest();
                    loadSeconds.merge(key(target.pod(), target.container()), perTarget * seconds * cost, Double::sum);
                }
            }
        }
        Map<String, PodUsage> sampled = new LinkedHashMap<>();
        Map<String, long[]> perNode = new HashMap<>();
        for (Running r : running) {
            Duration age = Duration.between(r.started(), at);
            String node = r.pod().path("spec").path("nodeName").asText("");
            ImageInfo.Usage usage = usageOf(r.container());
            Duration window = window(r.started(), at);
            double windowSeconds = window.toMillis() / 1000.0;
            String key = key(r.pod(), r.container().path("name").asText());
            double cpuSeconds = usage.idleMilliCores() / 1000.0 * windowSeconds + loadSeconds.getOrDefault(key, 0.0)
                    + requestsIn(key, at.minus(window), at) * usage.cpuSecondsPerRequest();
            long nanoCores = windowSeconds <= 0 ? usage.idleMilliCores() * 1_000_000 : Math.round(cpuSeconds / windowSeconds * 1e9);
            nanoCores = Math.min(nanoCores, cpuCap(r.container()));
            long memory = usage.idleMemoryBytes();
            long[] total = perNode.computeIfAbsent(node, n -> new long[2]);
            total[0] += nanoCores;
            total[1] += memory;
            if (age.compareTo(FRESH_MINIMUM) < 0) {
                continue; // metrics-server has no two points for it yet
            }
            String podKey = Json.namespace(r.pod()) + "/" + Json.name(r.pod());
            PodUsage before = sampled.get(podKey);
            List<ContainerUsage> containers = new ArrayList<>(before == null ? List.of() : before.containers());
            containers.add(new ContainerUsage(r.container().path("name").asText(), nanoCores, memory));
            Duration podWindow = before == null ? window : before.window();
            sampled.put(podKey, new PodUsage(Json.namespace(r.pod()), Json.name(r.pod()),
                    r.pod().path("metadata").path("labels"), at, podWindow, List.copyOf(containers)));
        }
        List<NodeUsage> nodeUsage = new ArrayList<>();
        for (ObjectNode node : store.list(nodes, null)) {
            long[] total = perNode.getOrDefault(Json.name(node), new long[2]);
            nodeUsage.add(new NodeUsage(Json.name(node), node.path("metadata").path("labels"), at, RESOLUTION,
                    total[0] + NODE_SYSTEM_MILLICORES * 1_000_000, total[1] + NODE_SYSTEM_MEMORY));
        }
        return new Sample(at, Map.copyOf(sampled), List.copyOf(nodeUsage));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The sample's window for a container: 15 s, or the time since it started when that is shorter. */
    private static Duration window(Instant started, Instant at) {
        Duration age = Duration.between(started, at);
        return age.compareTo(RESOLUTION) < 0 ? age : RESOLUTION;
    }

    private int requestsIn(String key, Instant from, Instant to) {
        Deque<Instant> times = requests.get(key);
        if (times == null) {
            return 0;
        }
        int n = 0;
        for (Instant t : times) {
            if (!t.isBefore(from) && t.isBefore(to)) {
                n++;
            }
        }
        return n;
    }

    private static String key(JsonNode pod, String container) {
        return Json.uid(pod) + "/" + container;
    }

    private ImageInfo.Usage usageOf(JsonNode container) {
        return images.find(container.path("image").asText("")).map(ImageInfo::usage).orElse(ImageInfo.Usage.DEFAULT);
    }

    /** A container's CPU limit in nanocores, or the node's 4 cores. */
    private static long cpuCap(JsonNode container) {
        JsonNode limit = container.path("resources").path("limits").path("cpu");
        if (!limit.isMissingNode()) {
            long cap = Quantities.parse(limit).value().movePointRight(9).longValue();
            if (cap > 0) {
                return cap;
            }
        }
        return 4_000_000_000L;
    }

    private static Optional<Instant> startedAt(JsonNode pod, String container) {
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            if (cs.path("name").asText().equals(container) && cs.path("state").has("running")) {
                try {
                    return Optional.of(Instant.parse(cs.path("state").path("running").path("startedAt").asText()));
                } catch (java.time.format.DateTimeParseException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private SimulatedProcess process(ObjectNode pod, JsonNode container) {
        return PodProcesses.of(images, pod, container, (kind, name) -> store.get(kind.equals("Secret") ? secrets : configMaps,
                Json.namespace(pod), name), Duration.ZERO);
    }

    /** A container that answers a load loop's requests. */
    private record Target(ObjectNode pod, String container) {
    }

    /**
     * Where a load loop's URL lands: the ready endpoints of the Service it names (by name as the Pod's resolver
     * searches it, or by ClusterIP), or the Pod whose IP it names; only containers whose process listens on the port.
     */
    private List<Target> targets(ObjectNode from, String url) {
        URI uri;
        try {
            uri = URI.create(url.contains("://") ? url : "http://" + url);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        String host = uri.getHost();
        if (host == null) {
            return List.of();
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        host = host.toLowerCase(java.util.Locale.ROOT).replaceFirst("\\.$", "");
        Optional<ObjectNode> service = Optional.empty();
        if (host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
            String ip = host;
            service = store.list(services, null, s -> ip.equals(s.path("spec").path("clusterIP").asText())).stream().findFirst();
            if (service.isEmpty()) {
                return store.list(pods, null, p -> ip.equals(p.path("status").path("podIP").asText())).stream()
                        .map(p -> listening(p, port)).flatMap(Optional::stream).toList();
            }
        } else {
            String[] parts = host.replaceFirst("\\.svc\\.cluster\\.local$", "").replaceFirst("\\.svc$", "").split("\\.");
            if (parts.length <= 2) {
                service = store.get(services, parts.length == 2 ? parts[1] : Json.namespace(from), parts[0]);
            }
        }
        if (service.isEmpty()) {
            return List.of();
        }
        String portName = null;
        for (JsonNode p : service.get().path("spec").path("ports")) {
            if (p.path("port").asInt() == port) {
                portName = p.path("name").asText("");
            }
        }
        if (portName == null) {
            return List.of();
        }
        List<Target> targets = new ArrayList<>();
        Optional<ObjectNode> ep = store.get(endpoints, Json.namespace(service.get()), Json.name(service.get()));
        for (JsonNode subset : ep.map(e -> e.path("subsets")).orElse(Json.array())) {
            for (JsonNode p : subset.path("ports")) {
                if (!portName.isEmpty() && !p.path("name").asText("").equals(portName)) {
                    continue;
                }
                for (JsonNode address : subset.path("addresses")) {
                    store.get(pods, Json.namespace(service.get()), address.path("targetRef").path("name").asText(""))
                            .flatMap(pod -> listening(pod, p.path("port").asInt())).ifPresent(targets::add);
                }
                break;
            }
        }
        return targets;
    }

    /** The container of {@code pod} that answers on {@code port}, unless its process is known not to listen there. */
    private Optional<Target> listening(ObjectNode pod, int port) {
        JsonNode chosen = pod.path("spec").path("containers").path(0);
        for (JsonNode c : pod.path("spec").path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (p.path("containerPort").asInt() == port) {
                    chosen = c;
                }
            }
        }
        if (chosen.isMissingNode()) {
            return Optional.empty();
        }
        SimulatedProcess process = process(pod, chosen);
        if (process.known() && (!process.serving() || !process.ports().contains(port))) {
            return Optional.empty();
        }
        return Optional.of(new Target(pod, chosen.path("name").asText()));
    }
}
