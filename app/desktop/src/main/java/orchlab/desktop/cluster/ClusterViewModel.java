package orchlab.desktop.cluster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import orchlab.engine.helm.HelmClient;
import orchlab.engine.helm.HelmException;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.helm.ReleaseSummary;
import orchlab.engine.live.LiveEvent;
import orchlab.engine.live.LiveException;
import orchlab.engine.live.LiveListener;
import orchlab.engine.live.LiveObject;
import orchlab.engine.live.LiveWatch;
import orchlab.engine.live.NamespaceWatch;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.Sandbox;

/**
 * State of the cluster view: the watched namespace's objects (flat and as a tree), its events, and the YAML and
 * log of the selected object. Fed by a {@link LiveWatch} (an informer-based {@link NamespaceWatch} in the app).
 * <p>
 * Threading: call every method on the FX thread. Watch callbacks, which come from the watch's own thread, are
 * handed to {@code fxExecutor}; opening and closing watches and reading YAML and logs run on {@code background}.
 * A callback of a watch that was replaced by {@link #watch} is ignored.
 */
public final class ClusterViewModel implements AutoCloseable {

    /** Older events are dropped beyond this many. */
    public static final int MAX_EVENTS = 500;
    /** How much of a pod's log is shown. */
    public static final int LOG_TAIL_LINES = 500;

    /**
     * Opens a watch of a namespace that reports to the listener; empty when there is no Kubernetes to watch (a
     * Docker sandbox). In the app: {@code (ns, listener) -> NamespaceWatch.open(sandbox, ns, listener)}.
     */
    @FunctionalInterface
    public interface WatchOpener {
        Optional<? extends LiveWatch> open(String namespace, LiveListener listener);
    }

    /**
     * Lists the Helm releases of a namespace as {@code helm list} does (in the app: real Helm in-process over the
     * sandbox's kubeconfig). Reads the releases' records, never shows their Secret's data.
     */
    @FunctionalInterface
    public interface ReleaseLister {
        List<ReleaseSummary> list(String namespace) throws Exception;
    }

    /** Helm's release records: {@code sh.helm.release.v1.NAME.vN} Secrets (or ConfigMaps with Helm's configmap driver). */
    static final String RELEASE_RECORD_PREFIX = "sh.helm.release.v1.";

    private final Executor fx;
    private final Executor background;
    private final WatchOpener opener;
    private final ReleaseLister releaseLister;
    private final ObservableList<ReleaseSummary> releases = FXCollections.observableArrayList();
    private final ObservableList<ReleaseSummary> releasesView = FXCollections.unmodifiableObservableList(releases);
    private final ReadOnlyStringWrapper releasesProblem = new ReadOnlyStringWrapper(this, "releasesProblem", "");
    private boolean releasesReading;
    private boolean releasesAgain;

    private final ObservableList<LiveObject> objects = FXCollections.observableArrayList();
    private final ObservableList<LiveObject> objectsView = FXCollections.unmodifiableObservableList(objects);
    private final ObservableList<ClusterGroup> groups = FXCollections.observableArrayList();
    private final ObservableList<ClusterGroup> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ObservableList<LiveEvent> events = FXCollections.observableArrayList();
    private final ObservableList<LiveEvent> eventsView = FXCollections.unmodifiableObservableList(events);
    private final ReadOnlyStringWrapper namespace = new ReadOnlyStringWrapper(this, "namespace", "");
    private final ReadOnlyObjectWrapper<LiveObject> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyStringWrapper selectedYaml = new ReadOnlyStringWrapper(this, "selectedYaml", "");
    private final ReadOnlyStringWrapper logs = new ReadOnlyStringWrapper(this, "logs", "");
    private final ReadOnlyBooleanWrapper logsAvailable = new ReadOnlyBooleanWrapper(this, "logsAvailable");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", NOTHING_WATCHED);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final BooleanProperty simulated = new SimpleBooleanProperty(this, "simulated");

    static final String NOTHING_WATCHED = "Open a Kubernetes exercise to see its namespace here.";
    static final String SIMULATED_NOTE = "simulated cluster — containers do not really run";

    // FX thread only
    private LiveWatch current;
    private long generation;
    private long yamlRequest;
    private long logsRequest;

    /**
     * @param fxExecutor runs a task on the FX thread ({@code Platform::runLater}; {@code Runnable::run} in tests)
     * @param background runs blocking work: opening/closing watches, reading YAML and logs
     * @param opener     opens a watch of a namespace
     */
    public ClusterViewModel(Executor fxExecutor, Executor background, WatchOpener opener) {
        this(fxExecutor, background, opener, ns -> List.of());
    }

    /**
     * @param releases lists a namespace's Helm releases; asked on {@code background} whenever a snapshot holds Helm's
     *                 release records (a release was installed, upgraded, rolled back or changed status)
     */
    public ClusterViewModel(Executor fxExecutor, Executor background, WatchOpener opener, ReleaseLister releases) {
        Objects.requireNonNull(fxExecutor, "fxExecutor");
        // a read that finishes after the window (or a test) has stopped its UI thread has no one to show it to
        this.fx = task -> {
            try {
                fxExecutor.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // dropped: the answer is no longer wanted
            }
        };
        Objects.requireNonNull(background, "background");
        // and a read asked for (a release listing queued behind the last snapshot) after the app stopped its
        // background threads is not made: it reached the FX thread's uncaught handler when the lab window closed
        this.background = task -> {
            try {
                background.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // dropped: the app is closing
            }
        };
        this.opener = Objects.requireNonNull(opener, "opener");
        this.releaseLister = Objects.requireNonNull(releases, "releases");
    }

    /** A view model on a sandbox's cluster; {@link #simulatedProperty()} follows {@link Sandbox#simulated()}. */
    public static ClusterViewModel forSandbox(Sandbox sandbox, Executor fxExecutor, Executor background) {
        ClusterViewModel vm = new ClusterViewModel(fxExecutor, background, (ns, listener) -> NamespaceWatch.open(sandbox, ns, listener),
                ns -> helmList(Optional.of(sandbox), ns));
        vm.simulated.set(sandbox.simulated());
        return vm;
    }

    /** {@code helm list -n NAMESPACE} with real Helm over the sandbox's cluster; none without a Kubernetes sandbox. */
    public static List<ReleaseSummary> helmList(Optional<Sandbox> sandbox, String namespace) throws HelmException, HelmUnavailableException {
        Optional<KubernetesAccess> kube = sandbox.flatMap(Sandbox::kubernetes);
        if (kube.isEmpty()) {
            return List.of();
        }
        return new HelmClient(kube, namespace).list();
    }

    // ---- what the view shows -----------------------------------------------------------------------------------

    /** The objects of the namespace in snapshot order (kind, then name). */
    public ObservableList<LiveObject> objects() {
        return objectsView;
    }

    /** The same objects as a tree: groups by kind, owned objects under their owner. */
    public ObservableList<ClusterGroup> groups() {
        return groupsView;
    }

    /** The namespace's events, oldest first, newest last, at most {@link #MAX_EVENTS}; a repeat replaces its earlier entry. */
    public ObservableList<LiveEvent> events() {
        return eventsView;
    }

    public ReadOnlyStringProperty namespaceProperty() {
        return namespace.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LiveObject> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected object's YAML, or a {@code #} comment saying why there is none. */
    public ReadOnlyStringProperty selectedYamlProperty() {
        return selectedYaml.getReadOnlyProperty();
    }

    /** The selected pod's log (last {@link #LOG_TAIL_LINES} lines), or a sentence saying why there is none. */
    public ReadOnlyStringProperty logsProperty() {
        return logs.getReadOnlyProperty();
    }

    /** True when the selection is a Pod, which has logs. */
    public ReadOnlyBooleanProperty logsAvailableProperty() {
        return logsAvailable.getReadOnlyProperty();
    }

    /**
     * The namespace's Helm releases as {@code helm list} shows them (name, revision, chart-version, app version,
     * status, updated), newest state; empty when the namespace has none.
     */
    public ObservableList<ReleaseSummary> releases() {
        return releasesView;
    }

    /** A sentence when the releases cannot be listed (Helm cannot run here); empty when all is well. */
    public ReadOnlyStringProperty releasesProblemProperty() {
        return releasesProblem.getReadOnlyProperty();
    }

    /** A sentence when the cluster cannot be watched; empty when all is well. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What to show instead of the tree when it is empty (loading, empty namespace, no Kubernetes); empty otherwise. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** True once the namespace has been listed. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** True when containers do not really run (the simulated cluster); the view says so. */
    public BooleanProperty simulatedProperty() {
        return simulated;
    }

    /** The note the view shows while {@link #simulatedProperty()} is true. */
    public String simulatedNote() {
        return SIMULATED_NOTE;
    }

    // ---- actions -----------------------------------------------------------------------------------------------

    /** Watches this namespace from now on; the previous watch is closed and everything it showed cleared. */
    public void watch(String ns) {
        Objects.requireNonNull(ns, "namespace");
        closeCurrent();
        long gen = ++generation;
        clearShown(ns, "Reading namespace " + ns + " …");
        background.execute(() -> {
            Optional<? extends LiveWatch> opened;
            try {
                opened = opener.open(ns, new Listener(gen));
            } catch (RuntimeException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                fx.execute(() -> {
                    if (gen == generation) {
                        problem.set("The cluster view cannot watch namespace " + ns + ": " + why);
                        placeholder.set("");
                    }
                });
                return;
            }
            fx.execute(() -> {
                if (gen != generation) {
                    opened.ifPresent(w -> background.execute(w::close));
                    return;
                }
                if (opened.isEmpty()) {
                    placeholder.set("This sandbox has no Kubernetes cluster, so there are no objects to show.");
                    return;
                }
                current = opened.get();
                LiveObject sel = selected.get();
                if (sel != null) {
                    loadDetails(sel);
                }
            });
        });
    }

    /**
     * Watches nothing (the open exercise has no namespace: a Docker exercise, a quiz, another course): the previous
     * namespace's objects, events and selection are cleared and the placeholder says why.
     */
    public void unwatch(String why) {
        generation++;
        closeCurrent();
        clearShown("", why);
    }

    /** Nothing of the namespace shown before stays: objects, events, releases, selection, problems. */
    private void clearShown(String ns, String placeholderText) {
        namespace.set(ns);
        objects.clear();
        groups.clear();
        events.clear();
        releases.clear();
        releasesProblem.set("");
        clearSelection();
        problem.set("");
        loaded.set(false);
        placeholder.set(placeholderText);
    }

    /** Shows this object's YAML (and log, for a Pod); {@code null} clears the selection. */
    public void select(LiveObject object) {
        if (object == null) {
            clearSelection();
            return;
        }
        LiveObject before = selected.get();
        selected.set(object);
        boolean pod = object.kind().equals("Pod");
        logsAvailable.set(pod);
        if (before == null || !ClusterNode.key(before).equals(ClusterNode.key(object))) {
            selectedYaml.set("# reading " + object.label() + " …");
            logs.set(pod ? "reading the log of " + object.label() + " …" : "");
        }
        loadDetails(object);
    }

    /** Reads the selected pod's log again. */
    public void refreshLogs() {
        LiveObject sel = selected.get();
        if (sel != null && sel.kind().equals("Pod")) {
            loadLogs(sel);
        }
    }

    /** Stops watching. */
    @Override
    public void close() {
        generation++;
        closeCurrent();
    }

    // ---- inside ------------------------------------------------------------------------------------------------

    private void clearSelection() {
        yamlRequest++;
        logsRequest++;
        selected.set(null);
        selectedYaml.set("");
        logs.set("");
        logsAvailable.set(false);
    }

    private void closeCurrent() {
        LiveWatch w = current;
        current = null;
        if (w != null) {
            background.execute(w::close);
        }
    }

    private void loadDetails(LiveObject object) {
        loadYaml(object);
        if (object.kind().equals("Pod")) {
            loadLogs(object);
        }
    }

    private void loadYaml(LiveObject object) {
        LiveWatch w = current;
        if (w == null) {
            return; // the watch is still opening; it loads the selection when it is there
        }
        long request = ++yamlRequest;
        background.execute(() -> {
            String text;
            try {
                text = w.yaml(object.kind(), object.name());
            } catch (LiveException e) {
                text = "# " + e.getMessage();
            } catch (RuntimeException e) {
                text = "# " + object.label() + " cannot be read: " + e.getMessage();
            }
            String shown = text;
            fx.execute(() -> {
                if (request == yamlRequest) {
                    selectedYaml.set(shown);
                }
            });
        });
    }

    private void loadLogs(LiveObject pod) {
        LiveWatch w = current;
        if (w == null) {
            return;
        }
        long request = ++logsRequest;
        background.execute(() -> {
            String text;
            try {
                text = w.logs(pod.name(), Optional.empty(), LOG_TAIL_LINES);
                if (text.isEmpty()) {
                    text = pod.label() + " has written nothing to its log yet.";
                }
            } catch (LiveException e) {
                text = e.getMessage();
            } catch (RuntimeException e) {
                text = "The log of " + pod.label() + " cannot be read: " + e.getMessage();
            }
            String shown = text;
            fx.execute(() -> {
                if (request == logsRequest) {
                    logs.set(shown);
                }
            });
        });
    }

    /**
     * What every namespace holds without anyone asking (the {@code kube-root-ca.crt} ConfigMap the cluster puts
     * in each namespace) is left out, so that the tree shows the learner's objects and "No objects yet" is true
     * of a fresh namespace. kubectl in the terminal still shows it.
     */
    static boolean shown(LiveObject object) {
        return !(object.kind().equals("ConfigMap") && object.name().equals("kube-root-ca.crt"));
    }

    /** Whether an object is one of Helm's release records. */
    static boolean isReleaseRecord(LiveObject object) {
        return (object.kind().equals("Secret") || object.kind().equals("ConfigMap")) && object.name().startsWith(RELEASE_RECORD_PREFIX);
    }

    /**
     * Lists the releases again (on {@code background}); while a listing runs, one more is queued, not one per
     * snapshot, so a burst of changes costs at most two listings.
     */
    private void refreshReleases() {
        if (releasesReading) {
            releasesAgain = true;
            return;
        }
        releasesReading = true;
        long gen = generation;
        String ns = namespace.get();
        background.execute(() -> {
            List<ReleaseSummary> listed = null;
            String why = "";
            try {
                listed = List.copyOf(releaseLister.list(ns));
            } catch (Exception e) {
                why = "Helm releases cannot be listed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            List<ReleaseSummary> result = listed;
            String problemText = why;
            fx.execute(() -> {
                releasesReading = false;
                if (gen == generation) {
                    if (result != null) {
                        releases.setAll(result);
                    }
                    releasesProblem.set(problemText);
                }
                if (releasesAgain) {
                    releasesAgain = false;
                    if (loaded.get()) {
                        refreshReleases();
                    }
                }
            });
        });
    }

    private void snapshot(List<LiveObject> all) {
        if (all.stream().anyMatch(ClusterViewModel::isReleaseRecord)) {
            refreshReleases();
        } else if (!releases.isEmpty() || !releasesProblem.get().isEmpty()) {
            releases.clear();
            releasesProblem.set("");
        }
        List<LiveObject> snapshot = all.stream().filter(ClusterViewModel::shown).toList();
        objects.setAll(snapshot);
        groups.setAll(ClusterTree.build(snapshot));
        loaded.set(true);
        placeholder.set(snapshot.isEmpty() ? "No objects in namespace " + namespace.get()
                + " yet — apply your YAML or use kubectl in the terminal." : "");
        LiveObject sel = selected.get();
        if (sel == null) {
            return;
        }
        Optional<LiveObject> now = snapshot.stream().filter(o -> ClusterNode.key(o).equals(ClusterNode.key(sel))).findFirst();
        if (now.isEmpty()) {
            yamlRequest++;
            logsRequest++;
            selected.set(null);
            logsAvailable.set(false);
            selectedYaml.set("# " + sel.label() + " was deleted.");
        } else if (!now.get().equals(sel)) {
            selected.set(now.get());
            loadYaml(now.get());
        }
    }

    private void event(LiveEvent e) {
        events.removeIf(old -> old.type().equals(e.type()) && old.reason().equals(e.reason())
                && old.object().equals(e.object()) && old.message().equals(e.message()));
        events.add(e);
        if (events.size() > MAX_EVENTS) {
            events.remove(0, events.size() - MAX_EVENTS);
        }
    }

    /** Hands the watch's calls to the FX thread, for as long as its watch is the current one. */
    private final class Listener implements LiveListener {
        private final long gen;

        Listener(long gen) {
            this.gen = gen;
        }

        @Override
        public void objects(List<LiveObject> snapshot) {
            fx.execute(() -> {
                if (gen == generation) {
                    snapshot(snapshot);
                }
            });
        }

        @Override
        public void event(LiveEvent e) {
            fx.execute(() -> {
                if (gen == generation) {
                    ClusterViewModel.this.event(e);
                }
            });
        }

        @Override
        public void problem(String message) {
            fx.execute(() -> {
                if (gen == generation) {
                    problem.set(message);
                }
            });
        }

        @Override
        public void resolved() {
            fx.execute(() -> {
                if (gen == generation) {
                    problem.set("");
                }
            });
        }
    }
}
