package orchlab.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the lab keeps its own files, following the XDG base directories on Linux:
 * settings and progress in {@code $XDG_CONFIG_HOME/orchlab}, workspaces in
 * {@code $XDG_DATA_HOME/orchlab}, sandbox state (kubeconfigs, sim snapshots) in
 * {@code $XDG_STATE_HOME/orchlab}. {@code ORCHLAB_HOME} puts all three under one folder
 * (tests, portable installs, classroom machines).
 */
public record LabDirs(Path config, Path data, Path state) {

    public static LabDirs fromEnvironment() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static LabDirs from(Map<String, String> env, Path home) {
        String all = env.get("ORCHLAB_HOME");
        if (all != null && !all.isBlank()) {
            return under(Path.of(all));
        }
        return new LabDirs(xdg(env, "XDG_CONFIG_HOME", home.resolve(".config")),
                xdg(env, "XDG_DATA_HOME", home.resolve(".local/share")),
                xdg(env, "XDG_STATE_HOME", home.resolve(".local/state")));
    }

    /** Everything under one folder. */
    public static LabDirs under(Path root) {
        return new LabDirs(root.resolve("config"), root.resolve("data"), root.resolve("state"));
    }

    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        String value = env.get(name);
        Path base = value == null || value.isBlank() ? fallback : Path.of(value);
        return base.resolve("orchlab");
    }

    public Path workspaces() {
        return data.resolve("workspaces");
    }

    /** The learners' progress files, one per course ({@link orchlab.engine.progress.ProgressStore}). */
    public Path progress() {
        return config.resolve("progress");
    }

    public Path sandboxState() {
        return state.resolve("sandboxes");
    }

    /** What the lab can make again but keeps to start faster (CEL expressions known to compile). */
    public Path cache() {
        return state.resolve("cache");
    }
}
