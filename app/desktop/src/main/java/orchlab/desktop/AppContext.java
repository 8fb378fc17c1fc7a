package orchlab.desktop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import orchlab.desktop.sandbox.SandboxService;
import orchlab.desktop.settings.Settings;
import orchlab.desktop.settings.SettingsStore;
import orchlab.engine.Lab;
import orchlab.engine.LabDirs;
import orchlab.engine.progress.ProgressStore;
import orchlab.engine.workspace.Workspaces;

/**
 * The composition root: builds the engine, the stores and the sandbox service once and hands them to
 * the view models. No singletons: tests build their own with a temporary folder and a fast sim.
 */
public final class AppContext implements AutoCloseable {
    private final Lab lab;
    private final LabDirs dirs;
    private final Path builtInCourse;
    private final SettingsStore settingsStore;
    private volatile Settings settings;
    private final ProgressStore progress;
    private final Workspaces workspaces;
    private final SandboxService sandboxes;
    private final ExecutorService background;
    private final Executor fx;
    private final List<String> startupWarnings = new ArrayList<>();

    /**
     * @param dirs          where settings, progress, workspaces and sandbox state live
     * @param builtInCourse the folder holding the built-in course ({@code lessons/course.yaml})
     * @param simSettings   settings of the simulated cluster ({@code persist=true} in the app)
     * @param fx            runs on the JavaFX thread ({@code Platform::runLater}); tests pass {@code Runnable::run}
     */
    public AppContext(LabDirs dirs, Path builtInCourse, Map<String, String> simSettings, Executor fx) {
        this.dirs = dirs;
        this.builtInCourse = builtInCourse;
        this.fx = fx;
        this.lab = Lab.standard();
        this.settingsStore = new SettingsStore(dirs.config().resolve("settings.json"));
        SettingsStore.Loaded loaded = settingsStore.load();
        loaded.warning().ifPresent(startupWarnings::add);
        this.settings = loaded.settings();
        this.progress = ProgressStore.of(dirs);
        this.workspaces = new Workspaces(dirs.workspaces());
        this.sandboxes = new SandboxService(lab.providers(), dirs, () -> settings, simSettings);
        AtomicInteger n = new AtomicInteger();
        this.background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "orchlab-work-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The app as a learner starts it: XDG folders, the course next to the launcher, a persistent sim. */
    public static AppContext forDesktop(Executor fx) {
        return new AppContext(LabDirs.fromEnvironment(), findBuiltInCourse(), Map.of("persist", "true"), fx);
    }

    /** {@code -Dorchlab.home} (set by app/bin/orchlab), else the current folder or a parent holding lessons/course.yaml. */
    public static Path findBuiltInCourse() {
        String home = System.getProperty("orchlab.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("lessons/course.yaml"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    public Lab lab() {
        return lab;
    }

    public LabDirs dirs() {
        return dirs;
    }

    public Path builtInCourse() {
        return builtInCourse;
    }

    public SettingsStore settingsStore() {
        return settingsStore;
    }

    public Settings settings() {
        return settings;
    }

    void setSettings(Settings changed) {
        settings = changed;
    }

    public ProgressStore progress() {
        return progress;
    }

    public Workspaces workspaces() {
        return workspaces;
    }

    public SandboxService sandboxes() {
        return sandboxes;
    }

    public ExecutorService background() {
        return background;
    }

    public Executor fx() {
        return fx;
    }

    /** Messages for the learner from building the context (an unreadable settings file). */
    public List<String> startupWarnings() {
        return List.copyOf(startupWarnings);
    }

    /** Stops the sandboxes the lab started (the simulated cluster saves its state) and the workers. */
    @Override
    public void close() {
        sandboxes.close();
        background.shutdownNow();
    }
}
