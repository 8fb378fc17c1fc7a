package orchlab.desktop.status;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import orchlab.desktop.sandbox.SandboxService;
import orchlab.desktop.sandbox.SandboxStatus;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.SandboxProvider;

/**
 * The status bar: which Kubernetes sandbox runs (k3s / simulated — containers do not run / a
 * kubeconfig context) and whether Docker answers, with Start / Stop, and the progress of long
 * operations (a k3s start) with Cancel.
 */
public final class StatusBarViewModel {
    private final SandboxService sandboxes;
    private final Executor fx;
    private final Executor background;

    private final ObjectProperty<SandboxStatus> kubernetes = new SimpleObjectProperty<>(SandboxStatus.stopped(SandboxKind.KUBERNETES));
    private final ObjectProperty<SandboxStatus> docker = new SimpleObjectProperty<>(SandboxStatus.stopped(SandboxKind.DOCKER));
    private final BooleanProperty working = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final StringProperty progressText = new SimpleStringProperty("");
    private final BooleanProperty cancellable = new SimpleBooleanProperty();
    private FutureTask<?> running;

    public StatusBarViewModel(SandboxService sandboxes, Executor fx, Executor background) {
        this.sandboxes = sandboxes;
        this.fx = fx;
        this.background = background;
        sandboxes.addListener(new SandboxService.Listener() {
            @Override
            public void status(SandboxStatus status) {
                fx.execute(() -> {
                    (status.kind() == SandboxKind.DOCKER ? docker : kubernetes).set(status);
                    if (!working.get() && status.state() != SandboxStatus.State.STARTING) {
                        progressText.set("");
                    }
                });
            }

            @Override
            public void progress(SandboxKind kind, double fraction, String message) {
                fx.execute(() -> {
                    progress.set(fraction);
                    progressText.set(message);
                });
            }
        });
        kubernetes.set(sandboxes.status(SandboxKind.KUBERNETES));
        docker.set(sandboxes.status(SandboxKind.DOCKER));
    }

    /** First start: the Kubernetes sandbox Settings name (auto: k3s if possible, else the sim); Docker is probed only. */
    public CompletableFuture<Void> startUp() {
        // the exercise opened at the same time may already have started it: use that one, do not restart
        CompletableFuture<Void> kube = longTask("Starting the cluster", true, () -> sandboxes.require(SandboxKind.KUBERNETES));
        CompletableFuture.runAsync(this::probeDocker, background);
        return kube;
    }

    private void probeDocker() {
        SandboxProvider.Availability availability = sandboxes.probeDocker();
        if (sandboxes.current(SandboxKind.DOCKER).isPresent()) {
            return;
        }
        sandboxes.announce(availability.available()
                ? new SandboxStatus(SandboxKind.DOCKER, SandboxStatus.State.STOPPED, "docker", "Docker available",
                        availability.reason() + " — Docker exercises connect to it when you open them.", false)
                : new SandboxStatus(SandboxKind.DOCKER, SandboxStatus.State.UNAVAILABLE, "docker", "Docker not running",
                        availability.reason(), false));
    }

    public CompletableFuture<Void> startKubernetes() {
        return longTask("Starting the cluster", true, () -> sandboxes.start(SandboxKind.KUBERNETES));
    }

    public CompletableFuture<Void> stopKubernetes() {
        return longTask("Stopping the cluster", false, () -> {
            sandboxes.stop(SandboxKind.KUBERNETES);
            return null;
        });
    }

    public CompletableFuture<Void> connectDocker() {
        return longTask("Connecting to Docker", true, () -> sandboxes.start(SandboxKind.DOCKER));
    }

    /** Stops the operation in progress (a k3s start): its thread is interrupted and its result ignored. */
    public void cancel() {
        FutureTask<?> task = running;
        if (task != null) {
            task.cancel(true);
        }
    }

    private interface Work {
        Object run() throws Exception;
    }

    private CompletableFuture<Void> longTask(String what, boolean canCancel, Work work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        working.set(true);
        cancellable.set(canCancel);
        progress.set(-1);
        progressText.set(what + "…");
        FutureTask<Object> task = new FutureTask<>(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            } finally {
                fx.execute(() -> {
                    working.set(false);
                    cancellable.set(false);
                    progressText.set("");
                });
            }
            return null;
        }) {
            @Override
            protected void done() {
                if (isCancelled()) {
                    done.cancel(false);
                    fx.execute(() -> {
                        working.set(false);
                        cancellable.set(false);
                        progressText.set(what + " cancelled");
                    });
                }
            }
        };
        running = task;
        background.execute(task);
        return done;
    }

    public ObjectProperty<SandboxStatus> kubernetesProperty() {
        return kubernetes;
    }

    public ObjectProperty<SandboxStatus> dockerProperty() {
        return docker;
    }

    public BooleanProperty workingProperty() {
        return working;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty progressTextProperty() {
        return progressText;
    }

    public BooleanProperty cancellableProperty() {
        return cancellable;
    }
}
