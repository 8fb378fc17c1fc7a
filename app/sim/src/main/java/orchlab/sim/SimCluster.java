package orchlab.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import orchlab.sim.admission.Admission;
import orchlab.sim.admission.SidecarInjector;
import orchlab.sim.api.ApiServer;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceCatalog;
import orchlab.sim.api.ResourceHandler;
import orchlab.sim.api.ResourceType;
import orchlab.sim.api.TableConverter;
import orchlab.sim.controller.ControllerManager;
import orchlab.sim.controller.CrdReconciler;
import orchlab.sim.controller.DeploymentReconciler;
import orchlab.sim.controller.GarbageCollector;
import orchlab.sim.controller.HorizontalPodAutoscalerReconciler;
import orchlab.sim.controller.JobReconciler;
import orchlab.sim.controller.NamespaceReconciler;
import orchlab.sim.controller.PodLifecycle;
import orchlab.sim.controller.ReplicaSetReconciler;
import orchlab.sim.controller.ServiceReconciler;
import orchlab.sim.controller.SimContext;
import orchlab.sim.controller.StorageReconciler;
import orchlab.sim.controller.WorkloadReconcilers;
import orchlab.sim.store.ObjectStore;
import orchlab.sim.store.StoreEvent;

/**
 * The simulated cluster, wired: object store, API server on 127.0.0.1, controllers, the objects a fresh k3s
 * cluster starts with, and saving/restoring all objects as JSON.
 */
public final class SimCluster implements AutoCloseable {

    private final SimSettings settings;
    private final ResourceCatalog catalog = new ResourceCatalog();
    private final ObjectStore store = new ObjectStore();
    private final ControllerManager controllers;
    private final SimContext context;
    private final ApiServer server;
    private final orchlab.sim.metrics.ResourceUsage usage;
    /** gitops: the Git repositories the simulated Argo CD may read (see {@link #gitRepositories()}). */
    private final orchlab.sim.argocd.GitRepositories gitRepositories = new orchlab.sim.argocd.GitRepositories();
    private final orchlab.sim.argocd.ApplicationController applications;

    /** How long each step of the start took, in order ({@link #startPhases()}). */
    private final Map<String, Long> phases = new LinkedHashMap<>();

    private SimCluster(SimSettings settings, Clock clock, Optional<Path> restoreFrom, boolean threaded,
            Optional<Path> certificateFolder) throws IOException {
        // the certificate (read from the state folder, or a key pair and Bouncy Castle's builder) is made ready on
        // another thread while the store fills
        this(settings, clock, restoreFrom, threaded, CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            if (certificateFolder.isEmpty()) {
                return new Timed<>("tls (in parallel, new)", (System.nanoTime() - start) / 1_000_000,
                        ApiServer.Endpoint.loopback(settings.port()));
            }
            ServingCertificate.Kept kept = ServingCertificate.in(certificateFolder.get(), java.time.Instant.now());
            return new Timed<>("tls (in parallel, " + kept.origin() + ")", (System.nanoTime() - start) / 1_000_000,
                    ApiServer.Endpoint.loopback(settings.port(), kept.tls()));
        }));
    }

    private SimCluster(SimSettings settings, Clock clock, Optional<Path> restoreFrom, boolean threaded,
            CompletableFuture<Timed<ApiServer.Endpoint>> endpointLater) throws IOException {
        long start = System.nanoTime();
        long mark = start;
        this.settings = settings;
        store.storageTypes(catalog::storageTypeOf);
        store.addListener(this::registerCustomResources);
        this.controllers = new ControllerManager(store, clock);
        this.context = new SimContext(store, catalog, settings, controllers);
        controllers.register(new NamespaceReconciler(context));
        controllers.register(new PodLifecycle(context));
        controllers.register(new ReplicaSetReconciler(context));
        controllers.register(ReplicaSetReconciler.replicationControllers(context));
        controllers.register(new DeploymentReconciler(context));
        controllers.register(new ServiceReconciler(context));
        controllers.register(new GarbageCollector(context));
        controllers.register(new CrdReconciler(context));
        controllers.register(new JobReconciler(context));
        controllers.register(new StorageReconciler(context));
        // simulated resource usage (metrics.k8s.io and the HPA read it; the HTTP simulation feeds it)
        this.usage = new orchlab.sim.metrics.ResourceUsage(store, catalog, context.images, context::now);
        controllers.register(new HorizontalPodAutoscalerReconciler(context, usage));
        controllers.register(new orchlab.sim.controller.ResourceQuotaReconciler(context));
        controllers.register(new orchlab.sim.controller.TaintEvictionReconciler(context));
        // simpolicy: PodDisruptionBudget status (the eviction API reads it)
        controllers.register(new orchlab.sim.controller.DisruptionReconciler(context));
        WorkloadReconcilers.registerAll(context, controllers);
        this.applications = new orchlab.sim.argocd.ApplicationController(context, gitRepositories); // gitops: Argo CD
        controllers.register(applications);
        boolean restored = false;
        if (restoreFrom.isPresent() && Files.isRegularFile(restoreFrom.get())) {
            restored = restore(restoreFrom.get());
        }
        mark = phase("store and controllers", mark);
        if (!restored) {
            Bootstrap.create(context);
        }
        mark = phase(restored ? "restore" : "bootstrap objects", mark);
        if (settings.istioApi()) {
            IstioApi.register(context);
            orchlab.sim.argocd.ArgoCdApi.register(context); // gitops: Argo CD's Application and AppProject CRDs
        }
        mark = phase("istio api", mark);
        ApiServer.Endpoint endpoint;
        try {
            Timed<ApiServer.Endpoint> made = endpointLater.join();
            phases.put(made.phase(), made.millis());
            endpoint = made.value();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        mark = phase("waiting for tls", mark);
        TableConverter tables = new TableConverter(this::crdOf);
        ResourceHandler resources = new ResourceHandler(store, catalog,
                new Admission(store, catalog.require("", "services"), catalog.require("networking.k8s.io", "ingressclasses"),
                        new SidecarInjector(store, catalog.require("", "namespaces")), context.quotas)
                        .withPodSecurity(context.podSecurity), tables);
        orchlab.sim.api.ServiceProxyHandler proxy = new orchlab.sim.api.ServiceProxyHandler(store, catalog, context.images);
        this.server = new ApiServer(endpoint, store, catalog, resources, tables,
                new orchlab.sim.api.PodLogHandler(store, catalog, context.images, context::now, settings.podStartDelay()),
                proxy, new orchlab.sim.api.PodStreams(store, catalog, context.images, proxy, context::processEndedThroughAttach));
        server.disruptionClock(context::now); // simpolicy: disruptedPods on the sim's clock
        proxy.onAnswered(usage::requestServed);
        applications.useApi(() -> resources); // gitops: syncs go through admission like kubectl apply --server-side
        server.aggregate(new orchlab.sim.metrics.MetricsApi(usage, context::now)::handle);
        if (restored) {
            controllers.resyncAll(store);
        }
        if (threaded) {
            controllers.start();
        }
        mark = phase("api server", mark);
        phases.put("total", (mark - start) / 1_000_000);
        if (Boolean.getBoolean("orchlab.sim.startTrace")) {
            System.err.println("sim start: " + phases.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " ms")
                    .collect(java.util.stream.Collectors.joining(", ")) + "; JVM up "
                    + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
        }
    }

    private long phase(String name, long since) {
        long now = System.nanoTime();
        phases.put(name, (now - since) / 1_000_000);
        return now;
    }

    private record Timed<T>(String phase, long millis, T value) {
    }

    /**
     * How long each step of this cluster's start took, in milliseconds and in order (the certificate is made in
     * parallel with the steps before "waiting for tls"); {@code -Dorchlab.sim.startTrace=true} prints them on start.
     */
    public Map<String, Long> startPhases() {
        return java.util.Collections.unmodifiableMap(phases);
    }

    /** Starts a cluster whose controllers run on their own thread (kubectl tests), with a new certificate. */
    public static SimCluster start(SimSettings settings, Optional<Path> restoreFrom) throws IOException {
        return new SimCluster(settings, Clock.systemUTC(), restoreFrom, true, Optional.empty());
    }

    /**
     * Starts a cluster whose controllers run on their own thread (the product), serving with the certificate kept in
     * {@code stateDir} by an earlier start when it is still usable, else with a new one kept there
     * ({@link ServingCertificate}).
     */
    public static SimCluster start(SimSettings settings, Optional<Path> restoreFrom, Path stateDir) throws IOException {
        return new SimCluster(settings, Clock.systemUTC(), restoreFrom, true, Optional.of(stateDir));
    }

    /**
     * Starts a cluster served at another endpoint than 127.0.0.1 with a self-signed certificate (the k3s test
     * stand-in serves all addresses with k3s-like certificates; {@code settings.port()} is not used).
     */
    public static SimCluster start(SimSettings settings, ApiServer.Endpoint endpoint) throws IOException {
        return new SimCluster(settings, Clock.systemUTC(), Optional.empty(), true,
                CompletableFuture.completedFuture(new Timed<>("tls (given)", 0, endpoint)));
    }

    /** Starts a cluster whose controllers run only when the caller says so ({@link #reconcile()}): for unit tests. */
    public static SimCluster manual(SimSettings settings, Clock clock) throws IOException {
        SimCluster cluster = new SimCluster(settings, clock, Optional.empty(), false, Optional.empty());
        cluster.reconcile();
        return cluster;
    }

    private void registerCustomResources(StoreEvent event) {
        if (!event.kind().equals("CustomResourceDefinition")) {
            return;
        }
        if (event.type().equals("DELETED")) {
            catalog.unregisterCustomResource(event.object());
        } else {
            catalog.registerCustomResource(event.object());
        }
    }

    private Optional<JsonNode> crdOf(ResourceType type) {
        return store.get(catalog.require("apiextensions.k8s.io", "customresourcedefinitions"), null,
                type.plural() + "." + type.group()).map(o -> o);
    }

    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    public ObjectStore store() {
        return store;
    }

    public ResourceCatalog catalog() {
        return catalog;
    }

    public ControllerManager controllers() {
        return controllers;
    }

    public SimContext context() {
        return context;
    }

    public SimSettings settings() {
        return settings;
    }

    /**
     * The Git repositories the simulated Argo CD reads: {@code serve(repoURL, folder)} lets an Application whose
     * {@code spec.source.repoURL} is that URL read the repository in that folder (committed content only).
     */
    public orchlab.sim.argocd.GitRepositories gitRepositories() {
        return gitRepositories;
    }

    public ApiServer server() {
        return server;
    }

    /** The simulated resource usage that metrics.k8s.io serves and HPAs read. */
    public orchlab.sim.metrics.ResourceUsage usage() {
        return usage;
    }

    /** Manual mode: lets every controller run until nothing is left to do at the current clock time. */
    public void reconcile() {
        controllers.runUntilIdle();
    }

    /**
     * Writes every object to {@code file} atomically, readable by its owner only: a temporary file beside it, synced
     * to disk, then moved over the old one, so that the file always holds a complete state even if the process dies while writing.
     */
    public synchronized void save(Path file) throws IOException {
        ObjectNode state = Json.object();
        state.put("kind", "OrchLabSimState");
        state.put("version", 1);
        ArrayNode items = state.putArray("items");
        store.all().forEach(items::add);
        Files.createDirectories(file.toAbsolutePath().getParent());
        // owner-only (0600): the state holds Secrets
        PrivateFiles.write(file.toAbsolutePath(), Json.write(state).getBytes(StandardCharsets.UTF_8));
    }

    private boolean restore(Path file) throws IOException {
        ObjectNode state = Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
        if (!"OrchLabSimState".equals(state.path("kind").asText())) {
            return false;
        }
        List<JsonNode> items = new java.util.ArrayList<>();
        state.path("items").forEach(items::add);
        // CRDs first, so that their kinds are known when custom resources come back
        items.sort(java.util.Comparator.comparing(i -> !i.path("kind").asText().equals("CustomResourceDefinition")));
        for (JsonNode item : items) {
            catalog.forKind(item.path("apiVersion").asText(), item.path("kind").asText())
                    .ifPresent(type -> store.restore(type, (ObjectNode) item));
        }
        store.resetHistory();
        return true;
    }

    @Override
    public void close() {
        server.close();
        controllers.close();
    }
}
