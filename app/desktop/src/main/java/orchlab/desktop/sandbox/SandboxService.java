package orchlab.desktop.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import orchlab.desktop.settings.Settings;
import orchlab.engine.LabDirs;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxHealth;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;
import orchlab.engine.sandbox.SandboxProviders;

/**
 * The sandboxes the app has open: one Kubernetes sandbox (k3s, the simulated cluster, or a cluster the
 * learner chose by kubeconfig) and one Docker engine. Opens them on demand, as Settings say; with
 * {@code auto} it picks k3s when Docker and the k3s image are there, else the simulated cluster, and
 * says why in one sentence. No JavaFX: callers run it off the FX thread and listen for status.
 */
public final class SandboxService implements AutoCloseable {

    /** Status changes and progress of long operations (k3s start). Called on the thread doing the work. */
    public interface Listener {
        void status(SandboxStatus status);

        default void progress(SandboxKind kind, double fraction, String message) {
        }
    }

    private final SandboxProviders providers;
    private final LabDirs dirs;
    private final Supplier<Settings> settings;
    private final Map<String, String> simSettings;
    /** The open course's own images for the simulated cluster ({@code sim-images.yaml}), if it has any. */
    private volatile Optional<Path> courseImages = Optional.empty();
    /** The course images the open simulated cluster was started with. */
    private Optional<Path> simStartedWith = Optional.empty();
    private final Map<SandboxKind, Sandbox> open = new EnumMap<>(SandboxKind.class);
    private final Map<SandboxKind, SandboxStatus> status = new EnumMap<>(SandboxKind.class);
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** One start at a time per kind: the status bar and an exercise asking at once get the same sandbox. */
    private final Map<SandboxKind, Object> starting = new EnumMap<>(Map.of(SandboxKind.KUBERNETES, new Object(),
            SandboxKind.DOCKER, new Object()));

    /**
     * @param simSettings settings for the simulated cluster ({@code persist=true} in the app so the
     *                    learner's objects come back tomorrow; {@code podStartDelay=0} in tests)
     */
    public SandboxService(SandboxProviders providers, LabDirs dirs, Supplier<Settings> settings, Map<String, String> simSettings) {
        this.providers = providers;
        this.dirs = dirs;
        this.settings = settings;
        this.simSettings = Map.copyOf(simSettings);
        for (SandboxKind kind : SandboxKind.values()) {
            status.put(kind, SandboxStatus.stopped(kind));
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public synchronized SandboxStatus status(SandboxKind kind) {
        return status.get(kind);
    }

    /** The open sandbox of this kind, if any (never starts one). */
    public synchronized Optional<Sandbox> current(SandboxKind kind) {
        return Optional.ofNullable(open.get(kind));
    }

    /** The sandbox of this kind, started or connected now if none is open. */
    /** The open cluster, if any: what the terminal's kubectl and the cluster view use. */
    public Optional<Sandbox> currentCluster() {
        return current(SandboxKind.KUBERNETES);
    }

    /** The connected Docker engine, if any: what the terminal's docker uses. */
    public Optional<Sandbox> currentDocker() {
        return current(SandboxKind.DOCKER);
    }

    public Sandbox require(SandboxKind kind) throws SandboxException {
        synchronized (starting.get(kind)) {
            Optional<Sandbox> sandbox = current(kind);
            if (sandbox.isPresent()) {
                return sandbox.get();
            }
            return startLocked(kind);
        }
    }

    /** Starts the sandbox of this kind that Settings name (closing the one open before). */
    public Sandbox start(SandboxKind kind) throws SandboxException {
        synchronized (starting.get(kind)) {
            return startLocked(kind);
        }
    }

    private Sandbox startLocked(SandboxKind kind) throws SandboxException {
        stop(kind);
        Choice choice = choose(kind);
        publish(new SandboxStatus(kind, SandboxStatus.State.STARTING, choice.provider.type(),
                "Starting " + label(choice.provider.type()) + "…", choice.why, choice.provider.type().equals("sim")));
        ProgressListener progress = (fraction, message) -> listeners.forEach(l -> l.progress(kind, fraction, message));
        Sandbox sandbox;
        try {
            sandbox = choice.provider.open(options(choice.provider.type()), progress);
        } catch (SandboxException e) {
            publish(new SandboxStatus(kind, SandboxStatus.State.UNAVAILABLE, choice.provider.type(),
                    label(choice.provider.type()) + " unavailable", e.getMessage(), false));
            throw e;
        } catch (RuntimeException e) {
            String message = label(choice.provider.type()) + " could not start: " + e.getMessage();
            publish(new SandboxStatus(kind, SandboxStatus.State.UNAVAILABLE, choice.provider.type(),
                    label(choice.provider.type()) + " unavailable", message, false));
            throw new SandboxException(message, e);
        }
        synchronized (this) {
            open.put(kind, sandbox);
            if (choice.provider.type().equals("sim")) {
                simStartedWith = courseImages;
            }
        }
        publish(running(kind, sandbox, choice.why));
        return sandbox;
    }

    /** Stops (or disconnects from) the sandbox of this kind; the simulated cluster saves its state first. */
    /** The Docker host setting changed: the open Docker sandbox (if any) is closed, the next use connects anew. */
    public void dockerHostChanged() {
        stop(SandboxKind.DOCKER);
    }

    public void stop(SandboxKind kind) {
        Sandbox sandbox;
        synchronized (this) {
            sandbox = open.remove(kind);
        }
        if (sandbox != null) {
            sandbox.close();
            publish(SandboxStatus.stopped(kind));
        }
    }

    /** Asks the open sandbox whether it still answers, and publishes the answer. */
    public SandboxStatus checkHealth(SandboxKind kind) {
        Optional<Sandbox> sandbox = current(kind);
        if (sandbox.isEmpty()) {
            return status(kind);
        }
        SandboxHealth health = sandbox.get().health();
        SandboxStatus now = health.healthy() ? running(kind, sandbox.get(), status(kind).explanation())
                : new SandboxStatus(kind, SandboxStatus.State.DOWN, sandbox.get().type(), label(sandbox.get().type()) + " not answering",
                health.message(), sandbox.get().simulated());
        publish(now);
        return now;
    }

    /** Whether a Docker engine answers here, without connecting for good (for the status bar at start). */
    public SandboxProvider.Availability probeDocker() {
        return providers.all().stream().filter(p -> p.kind() == SandboxKind.DOCKER).findFirst()
                .map(p -> p.probe(options(p.type())))
                .orElse(SandboxProvider.Availability.no("this build has no Docker support"));
    }

    /** Publishes what a probe found before anything is opened (Docker down, for instance). */
    public void announce(SandboxStatus s) {
        publish(s);
    }

    private record Choice(SandboxProvider provider, String why) {
    }

    private Choice choose(SandboxKind kind) throws SandboxException {
        Settings s = settings.get();
        if (kind == SandboxKind.DOCKER) {
            SandboxProvider docker = providers.all().stream().filter(p -> p.kind() == SandboxKind.DOCKER).findFirst()
                    .orElseThrow(() -> new SandboxException("this build of the lab has no Docker support"));
            return new Choice(docker, "Docker exercises build and run on this engine; everything the lab creates is labelled orchlab.exercise.");
        }
        if (!Settings.AUTO.equals(s.sandbox())) {
            SandboxProvider chosen = providers.find(s.sandbox()).filter(p -> p.kind() == kind)
                    .orElseThrow(() -> new SandboxException("Settings name the sandbox '" + s.sandbox()
                            + "', which this build does not have — choose another in Settings"));
            return new Choice(chosen, explainChosen(chosen.type()));
        }
        SandboxProviders.Choice choice = providers.chooseDefault(kind, options("auto"));
        SandboxProvider provider = choice.provider().orElseThrow(() -> new SandboxException(
                "no Kubernetes sandbox can start here: " + choice.whyNotBetter()));
        return new Choice(provider, explainAuto(provider.type(), choice.whyNotBetter()));
    }

    private static String explainChosen(String type) {
        return switch (type) {
            case "sim" -> "Objects, status, events and logs are simulated. For a real cluster choose k3s or your own kubeconfig in Settings.";
            case "kubeconfig" -> "The lab works in its own labelled namespaces of the cluster you chose, and never changes your kubeconfig.";
            case "k3s" -> "A real k3s cluster in a Docker container, started and labelled by the lab.";
            default -> "";
        };
    }

    /** One sentence on what the choice means and how to get real k3s when it fell back. */
    static String explainAuto(String type, String whyNotBetter) {
        if (!type.equals("sim")) {
            return explainChosen(type);
        }
        String k3s = reasonOf("k3s", whyNotBetter);
        String how = k3s.contains("Docker is not running") || k3s.contains("needs Docker")
                ? "For a real k3s cluster, install and start Docker, then restart the lab."
                : k3s.contains("image") ? "For a real k3s cluster, get the rancher/k3s image (docker pull needs Internet access), then restart the lab."
                : "For a real k3s cluster, install and start Docker.";
        return how + (k3s.isEmpty() ? "" : " (k3s: " + k3s + ")");
    }

    private static String reasonOf(String type, String whyNotBetter) {
        String prefix = type + ": ";
        int at = whyNotBetter.indexOf(prefix);
        if (at < 0) {
            return "";
        }
        String rest = whyNotBetter.substring(at + prefix.length());
        int end = rest.indexOf(". ");
        return (end < 0 ? rest : rest.substring(0, end)).replaceAll("\\.$", "");
    }

    private SandboxStatus running(SandboxKind kind, Sandbox sandbox, String why) {
        String headline = switch (sandbox.type()) {
            case "sim" -> "Simulated cluster — containers do not really run";
            case "kubeconfig" -> "Cluster " + sandbox.description();
            default -> sandbox.description();
        };
        return new SandboxStatus(kind, SandboxStatus.State.RUNNING, sandbox.type(), headline, why, sandbox.simulated());
    }

    static String label(String type) {
        return switch (type) {
            case "sim" -> "the simulated cluster";
            case "k3s" -> "k3s";
            case "kubeconfig" -> "your cluster";
            case "docker" -> "Docker";
            default -> type;
        };
    }

    /**
     * The course now open brings these images for the simulated cluster (its {@code sim-images.yaml}), or none.
     * The next simulated cluster started uses them.
     *
     * @return true when a simulated cluster is open that was started with other images: restart it to use these
     */
    public boolean useCourseImages(Optional<Path> images) {
        courseImages = images;
        synchronized (this) {
            Sandbox current = open.get(SandboxKind.KUBERNETES);
            return current != null && current.type().equals("sim") && !simStartedWith.equals(images);
        }
    }

    SandboxOptions options(String type) {
        Settings s = settings.get();
        Path stateDir = dirs.sandboxState().resolve(type.equals("auto") ? "k3s" : type);
        SandboxOptions options = SandboxOptions.defaults(stateDir);
        if (type.equals("kubeconfig")) {
            options = options.withKubeconfig(s.kubeconfigFile().map(Path::of).orElse(null), s.kubeContext().orElse(null));
        }
        if (s.docker().isPresent()) {
            options = options.withDockerHost(s.docker().get());
        }
        if (type.equals("sim")) {
            for (Map.Entry<String, String> e : simSettings.entrySet()) {
                options = options.with(e.getKey(), e.getValue());
            }
            Optional<Path> images = courseImages;
            if (images.isPresent()) {
                options = options.with("images", images.get().toString()); // the pack's images for the simulated registry
            }
        }
        if (type.equals("k3s") || type.equals("auto")) {
            options = options.with("reuse", "true");
        }
        return options;
    }

    private void publish(SandboxStatus s) {
        synchronized (this) {
            status.put(s.kind(), s);
        }
        for (Listener l : listeners) {
            l.status(s);
        }
    }

    @Override
    public void close() {
        List<SandboxKind> kinds;
        synchronized (this) {
            kinds = new ArrayList<>(open.keySet());
        }
        kinds.forEach(this::stop);
    }
}
