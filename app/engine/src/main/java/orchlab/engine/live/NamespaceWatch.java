package orchlab.engine.live;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientImpl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.Sandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one namespace with fabric8 informers (one list, then a watch per kind; no polling) and tells a
 * {@link LiveListener} what is there: coalesced snapshots of the objects, the namespace's events, and a sentence
 * when the cluster cannot be reached. Also answers the detail requests of the cluster view: an object's YAML and a
 * pod's log. All listener calls come from one background thread; nothing the listener or the cluster does escapes
 * as an exception from there.
 */
public final class NamespaceWatch implements LiveWatch {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceWatch.class);

    /** A burst of changes (a rollout touches dozens of objects) becomes one snapshot after this many ms. */
    static final long COALESCE_MILLIS = 100;
    /** While the cluster does not answer, how often the watch looks whether its informers are watching again. */
    static final long RECOVERY_CHECK_MILLIS = 1000;
    /** How long {@link #close()} lets first listings that are still in flight end before it closes anyway. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    /** The watched kinds, in the order snapshots list them. */
    static final List<WatchedKind<?>> KINDS = List.of(
            new WatchedKind<>("Deployment", "Deployments", Deployment.class),
            new WatchedKind<>("StatefulSet", "StatefulSets", StatefulSet.class),
            new WatchedKind<>("DaemonSet", "DaemonSets", DaemonSet.class),
            new WatchedKind<>("ReplicaSet", "ReplicaSets", ReplicaSet.class),
            new WatchedKind<>("CronJob", "CronJobs", CronJob.class),
            new WatchedKind<>("Job", "Jobs", Job.class),
            new WatchedKind<>("Pod", "Pods", Pod.class),
            new WatchedKind<>("Service", "Services", Service.class),
            new WatchedKind<>("Ingress", "Ingresses", Ingress.class),
            new WatchedKind<>("ConfigMap", "ConfigMaps", ConfigMap.class),
            new WatchedKind<>("Secret", "Secrets", Secret.class),
            new WatchedKind<>("PersistentVolumeClaim", "PersistentVolumeClaims", PersistentVolumeClaim.class));

    /** The kinds a snapshot can hold, in snapshot order. */
    public static List<String> kinds() {
        return KINDS.stream().map(WatchedKind::kind).toList();
    }

    record WatchedKind<T extends HasMetadata>(String kind, String plural, Class<T> type) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final LiveListener listener;
    private final String server;
    private final ScheduledExecutorService delivery;
    private volatile Thread deliveryThread;
    private final Map<String, LiveObject> objects = new ConcurrentHashMap<>();
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    private final Set<SharedIndexInformer<?>> givenUp = ConcurrentHashMap.newKeySet();
    /** Per informer: done when its first list-and-watch has ended, answered or failed ({@link #close()} waits for it). */
    private final Map<SharedIndexInformer<?>, CompletableFuture<Void>> firstAttempts = new ConcurrentHashMap<>();
    private final Duration closeWait;
    private final AtomicBoolean snapshotPending = new AtomicBoolean();
    private volatile boolean synced;
    private volatile boolean closed;
    private SharedIndexInformer<Event> events;

    // only touched on the delivery thread
    private boolean eventsSynced;
    private final Map<String, String> deliveredEvents = new HashMap<>();
    private String lastProblem;
    private final List<String> refusals = new ArrayList<>();
    private ScheduledFuture<?> recoveryCheck;

    private NamespaceWatch(KubernetesClient client, String namespace, LiveListener listener, Duration closeWait) {
        this.client = client;
        this.closeWait = closeWait;
        this.namespace = namespace;
        this.listener = listener;
        this.server = client.getMasterUrl() == null ? "the configured address" : stripSlash(client.getMasterUrl().toString());
        this.delivery = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "orchlab-live-" + namespace);
            t.setDaemon(true);
            deliveryThread = t;
            return t;
        });
    }

    /**
     * Starts watching; returns at once. The first {@link LiveListener#objects} call comes when every kind has
     * been listed (possibly empty); if the cluster does not answer, {@link LiveListener#problem} says so and the
     * watch keeps retrying.
     */
    public static NamespaceWatch open(KubernetesAccess access, String namespace, LiveListener listener) {
        return open(access, namespace, listener, CLOSE_WAIT);
    }

    /** As {@link #open(KubernetesAccess, String, LiveListener)}, with another bound for {@link #close()}'s wait. */
    static NamespaceWatch open(KubernetesAccess access, String namespace, LiveListener listener, Duration closeWait) {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(listener, "listener");
        NamespaceWatch watch = new NamespaceWatch(ownClient(access.client()), namespace, listener, closeWait);
        watch.start();
        return watch;
    }

    /**
     * The watch's own client, on the sandbox client's configuration but without the HTTP client's request retries:
     * the informers retry by themselves (with backoff), and the learner hears about an unreachable cluster in
     * seconds instead of after the HTTP retries (20 s and more). Closed with the watch.
     *
     * <p>Closing it does not kill its threads under a request still in flight (fabric8 shuts the JDK HttpClient's
     * and its own task executor down at once, and the request then fails with a {@code RejectedExecutionException}
     * that the informer's {@code Reflector} logs at ERROR): both are pools of daemon threads that end by themselves
     * once idle for 60 s, so a request still in flight when the watch closes ends as the server answers it.
     */
    private static KubernetesClient ownClient(KubernetesClient sandboxClient) {
        Config config = new ConfigBuilder(sandboxClient.getConfiguration()).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new LettingRequestsEnd())
                .withTaskExecutorSupplier(() -> Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "orchlab-live-client");
                    t.setDaemon(true);
                    return t;
                })).build();
    }

    /** fabric8's JDK HttpClient factory, except that closing a client leaves its executor to end when idle. */
    private static final class LettingRequestsEnd extends JdkHttpClientFactory {
        @Override
        protected void closeHttpClient(JdkHttpClientImpl client) {
            // the executor is a cached pool of daemon threads: idle ones end after 60 s; in-flight requests finish
        }
    }

    /** A watch on the sandbox's cluster; empty when the sandbox has no Kubernetes (a Docker sandbox). */
    public static Optional<NamespaceWatch> open(Sandbox sandbox, String namespace, LiveListener listener) {
        return sandbox.kubernetes().map(access -> open(access, namespace, listener));
    }

    @Override
    public String namespace() {
        return namespace;
    }

    /** The current objects, in snapshot order (kind, then name). */
    public List<LiveObject> snapshot() {
        List<LiveObject> list = new ArrayList<>(objects.values());
        list.sort(ORDER);
        return List.copyOf(list);
    }

    private static final Comparator<LiveObject> ORDER = Comparator
            .comparingInt((LiveObject o) -> kindIndex(o.kind()))
            .thenComparing(LiveObject::name);

    private static int kindIndex(String kind) {
        for (int i = 0; i < KINDS.size(); i++) {
            if (KINDS.get(i).kind().equals(kind)) {
                return i;
            }
        }
        return KINDS.size();
    }

    // ---- informers ---------------------------------------------------------------------------------------------

    private void start() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (WatchedKind<?> kind : KINDS) {
            starts.add(startInformer(kind));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).whenComplete((v, t) -> {
            synced = true;
            submit(this::deliverSnapshot);
        });

        events = client.v1().events().inNamespace(namespace).runnableInformer(0);
        events.addEventHandler(new ResourceEventHandler<Event>() {
            @Override
            public void onAdd(Event e) {
                submit(() -> eventSeen(e));
            }

            @Override
            public void onUpdate(Event old, Event e) {
                submit(() -> eventSeen(e));
            }

            @Override
            public void onDelete(Event e, boolean unknownFinalState) {
                submit(() -> deliveredEvents.remove(eventKey(e)));
            }
        });
        events.exceptionHandler((started, t) -> retry(events, "list Events", t));
        startTracked(events).whenComplete((v, t) -> submit(this::eventsListed));
    }

    private <T extends HasMetadata> CompletableFuture<Void> startInformer(WatchedKind<T> kind) {
        SharedIndexInformer<T> informer = client.resources(kind.type()).inNamespace(namespace).runnableInformer(0);
        if (kind.type() == Secret.class) {
            // only what the view shows is kept: no data, no annotations (last-applied holds the values too)
            informer.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, kind.type(),
                    client.getKubernetesSerialization(), "metadata.uid", "metadata.creationTimestamp",
                    "metadata.deletionTimestamp", "metadata.ownerReferences", "type", "kind", "apiVersion"));
        }
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                put(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                put(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                if (obj != null && obj.getMetadata() != null) {
                    objects.remove(key(kind.kind(), obj.getMetadata().getName()));
                    changed();
                }
            }

            private void put(T obj) {
                try {
                    LiveObject live = LiveObjects.of(obj);
                    // the reduced Secret store gives back objects without kind; the informer's kind is the truth
                    if (!live.kind().equals(kind.kind())) {
                        live = new LiveObject(kind.kind(), live.apiVersion(), live.namespace(), live.name(), live.uid(),
                                live.status(), live.health(), live.ready(), live.restarts(), live.created(), live.ownerUid(),
                                live.detail());
                    }
                    objects.put(key(kind.kind(), live.name()), live);
                    changed();
                } catch (RuntimeException e) {
                    LOG.warn("cannot show {} {}", kind.kind(), obj.getMetadata() == null ? "?" : obj.getMetadata().getName(), e);
                }
            }
        });
        informer.exceptionHandler((started, t) -> retry(informer, "list " + kind.plural(), t));
        informers.put(kind.type(), informer);
        return startTracked(informer).handle((v, t) -> null);
    }

    /** Starts the informer, noting when its first list-and-watch has ended (see {@link #close()}). */
    private CompletableFuture<Void> startTracked(SharedIndexInformer<?> informer) {
        CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
        firstAttempts.put(informer, firstAttempt);
        CompletableFuture<Void> started = informer.start().toCompletableFuture();
        started.whenComplete((v, t) -> firstAttempt.complete(null));
        return started;
    }

    /** The informers' exception handler: say what is wrong once, retry what retrying can fix. */
    private boolean retry(SharedIndexInformer<?> informer, String what, Throwable error) {
        CompletableFuture<Void> firstAttempt = firstAttempts.get(informer);
        if (firstAttempt != null) {
            firstAttempt.complete(null);
        }
        if (closed) {
            return false;
        }
        LiveProblems.Problem problem = LiveProblems.describe(error, server, what, namespace);
        LOG.debug("watch of {} in {}: {}", what, namespace, problem.message(), error);
        switch (problem.kind()) {
            case UNREACHABLE -> {
                submit(() -> report(problem.message(), true));
                return true;
            }
            case NOT_SERVED -> {
                givenUp.add(informer);
                return false;
            }
            default -> {
                givenUp.add(informer);
                submit(() -> {
                    refusals.add(problem.message());
                    report(problem.message(), false);
                });
                return false;
            }
        }
    }

    private void changed() {
        if (synced && !closed && snapshotPending.compareAndSet(false, true)) {
            try {
                delivery.schedule(this::deliverSnapshot, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    // ---- on the delivery thread --------------------------------------------------------------------------------

    private void deliverSnapshot() {
        snapshotPending.set(false);
        List<LiveObject> snapshot = snapshot();
        call(() -> listener.objects(snapshot));
    }

    private void eventsListed() {
        if (eventsSynced) {
            return;
        }
        List<Event> listed = new ArrayList<>(events.getIndexer().list());
        listed.sort(Comparator.comparing(LiveObjects::lastSeen)
                .thenComparing(e -> LiveObjects.instant(e.getFirstTimestamp()))
                .thenComparing(e -> e.getMetadata() == null || e.getMetadata().getName() == null ? "" : e.getMetadata().getName()));
        eventsSynced = true;
        listed.forEach(this::eventSeen);
    }

    private void eventSeen(Event e) {
        if (!eventsSynced || e == null || e.getMetadata() == null) {
            return;
        }
        String version = Objects.requireNonNullElse(e.getMetadata().getResourceVersion(), "");
        String previous = deliveredEvents.put(eventKey(e), version);
        if (version.equals(previous)) {
            return;
        }
        LiveEvent live = LiveObjects.event(e);
        call(() -> listener.event(live));
    }

    private static String eventKey(Event e) {
        if (e.getMetadata() == null) {
            return "";
        }
        return e.getMetadata().getUid() != null ? e.getMetadata().getUid() : String.valueOf(e.getMetadata().getName());
    }

    private void report(String message, boolean unreachable) {
        if (!message.equals(lastProblem)) {
            lastProblem = message;
            call(() -> listener.problem(message));
        }
        if (unreachable && recoveryCheck == null) {
            recoveryCheck = delivery.scheduleWithFixedDelay(this::checkRecovered, RECOVERY_CHECK_MILLIS,
                    RECOVERY_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Not a poll of the cluster: only whether the informers' own watches are up again. */
    private void checkRecovered() {
        List<SharedIndexInformer<?>> all = new ArrayList<>(informers.values());
        all.add(events);
        boolean watching = all.stream().filter(i -> !givenUp.contains(i)).allMatch(SharedIndexInformer::isWatching);
        if (!watching || closed) {
            return;
        }
        recoveryCheck.cancel(false);
        recoveryCheck = null;
        lastProblem = null;
        call(listener::resolved);
        if (!refusals.isEmpty()) {
            report(refusals.get(refusals.size() - 1), false);
        }
        deliverSnapshot();
    }

    private void submit(Runnable task) {
        if (closed) {
            return;
        }
        try {
            delivery.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("cluster view update failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void call(Runnable listenerCall) {
        if (closed) {
            return;
        }
        try {
            listenerCall.run();
        } catch (RuntimeException e) {
            LOG.warn("a cluster view listener failed", e);
        }
    }

    // ---- details -----------------------------------------------------------------------------------------------

    /**
     * The object as {@code kubectl get -o yaml} shows it, read fresh from the server, without
     * {@code metadata.managedFields}; a Secret's values (and its last-applied annotation) read {@code <hidden>}.
     *
     * @param kind one of {@link #kinds()}, e.g. {@code Deployment}
     * @throws LiveException with a sentence for the learner when the object is gone or the cluster does not answer
     */
    @Override
    public String yaml(String kind, String name) throws LiveException {
        WatchedKind<?> watched = KINDS.stream().filter(k -> k.kind().equalsIgnoreCase(kind)).findFirst()
                .orElseThrow(() -> new LiveException("The cluster view does not show " + kind + " objects; try kubectl get "
                        + kind.toLowerCase(Locale.ROOT) + " " + name + " -o yaml in the terminal."));
        HasMetadata object;
        try {
            object = client.resources(watched.type()).inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new LiveException(LiveProblems.describe(e, server, "read " + watched.kind() + " " + name, namespace).message(), e);
        }
        if (object == null) {
            throw new LiveException(watched.kind() + " " + name + " is not in namespace " + namespace
                    + " (any more) — it may just have been deleted.");
        }
        return LiveYaml.render(object, client.getKubernetesSerialization());
    }

    /**
     * The last {@code tailLines} lines of a pod's log (all when {@code tailLines <= 0}). Without a container the
     * pod's default one is read ({@code kubectl.kubernetes.io/default-container}, else the first), as kubectl does.
     *
     * @throws LiveException with a sentence for the learner: the pod is gone, its container has not started, ...
     */
    @Override
    public String logs(String pod, Optional<String> container, int tailLines) throws LiveException {
        String chosen = container.filter(c -> !c.isBlank()).orElseGet(() -> defaultContainer(pod));
        PodResource resource = client.pods().inNamespace(namespace).withName(pod);
        try {
            String text;
            if (chosen == null) {
                text = tailLines > 0 ? resource.tailingLines(tailLines).getLog() : resource.getLog();
            } else {
                text = tailLines > 0 ? resource.inContainer(chosen).tailingLines(tailLines).getLog()
                        : resource.inContainer(chosen).getLog();
            }
            return text == null ? "" : text;
        } catch (KubernetesClientException e) {
            int code = LiveProblems.code(e);
            if (code == 404) {
                throw new LiveException("Pod " + pod + " is not in namespace " + namespace + " (any more) — it may just have been deleted.", e);
            }
            if (code == 400) {
                String why = LiveProblems.serverMessage(e).orElse("the cluster refused the request");
                throw new LiveException("Pod " + pod + " has no log to show: " + (why.endsWith(".") ? why : why + "."), e);
            }
            throw new LiveException(LiveProblems.describe(e, server, "read the log of Pod " + pod, namespace).message(), e);
        }
    }

    private String defaultContainer(String podName) {
        SharedIndexInformer<?> informer = informers.get(Pod.class);
        Object cached = informer == null ? null : informer.getIndexer().getByKey(namespace + "/" + podName);
        if (!(cached instanceof Pod pod) || pod.getSpec() == null || pod.getSpec().getContainers() == null
                || pod.getSpec().getContainers().isEmpty()) {
            return null;
        }
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (annotations != null && annotations.get("kubectl.kubernetes.io/default-container") != null) {
            return annotations.get("kubectl.kubernetes.io/default-container");
        }
        return pod.getSpec().getContainers().get(0).getName();
    }

    /**
     * Stops the informers and closes the watch's own client; no listener call starts after this returns.
     *
     * <p>Informers still in their first list-and-watch are let finish it before they are stopped, for at most
     * {@link #CLOSE_WAIT}. fabric8's {@code Reflector} (kubernetes-client 7.4,
     * {@code informers/impl/cache/Reflector.java}: {@code stop()}, {@code listSyncAndWatch()}, {@code onException()})
     * does not cancel a list or watch request in flight when its informer stops, and {@code stop()} completes the
     * informer's start and {@code stopped()} futures at once, so neither tells when that request ends; a request that
     * fails, even after the stop, is logged at ERROR ("listSyncAndWatch failed for …, will stop"). So the watch lets
     * the first listings end while the cluster still serves them (the caller may stop the cluster next), then stops
     * the informers (an established watch closes quietly; a retry waiting for its backoff is cancelled), then closes
     * the client — which leaves a request still in flight past the bound to end as the server answers it
     * ({@link #ownClient}). A cluster that does not answer holds closing up for the bound only.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        awaitFirstAttempts();
        for (SharedIndexInformer<?> informer : informers.values()) {
            stopQuietly(informer);
        }
        stopQuietly(events);
        delivery.shutdownNow();
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the watch's client", e);
        }
        if (Thread.currentThread() != deliveryThread) {
            try {
                delivery.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitFirstAttempts() {
        try {
            CompletableFuture.allOf(firstAttempts.values().toArray(CompletableFuture[]::new))
                    .get(closeWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.debug("closing the watch of {} while a first listing is still in flight", namespace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the futures only ever complete normally
        }
    }

    private static void stopQuietly(SharedIndexInformer<?> informer) {
        if (informer == null) {
            return;
        }
        try {
            informer.stop();
        } catch (RuntimeException e) {
            LOG.debug("stopping an informer", e);
        }
    }

    /** How many objects the informer of this kind holds (tests: whether a listing answered after close() reached it). */
    int held(Class<? extends HasMetadata> type) {
        SharedIndexInformer<?> informer = informers.get(type);
        return informer == null ? 0 : informer.getIndexer().list().size();
    }

    private static String key(String kind, String name) {
        return kind + "/" + name;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "NamespaceWatch[" + namespace + " at " + server + ", " + objects.size() + " objects]";
    }
}
