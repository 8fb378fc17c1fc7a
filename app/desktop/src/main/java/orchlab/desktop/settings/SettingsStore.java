package orchlab.desktop.settings;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import orchlab.engine.progress.JsonFile;

/**
 * Reads and writes {@link Settings} as JSON through the engine's {@link JsonFile}: written atomically
 * (temp file, fsync, rename); a file that cannot be read is kept aside ({@code settings.json.corrupt-<time>},
 * never overwriting an earlier backup) and the defaults are used, with a sentence for the learner.
 */
public final class SettingsStore {
    private final JsonFile<Settings> file;

    public SettingsStore(Path path) {
        this.file = new JsonFile<>(path, Settings.class, "settings file", "default settings", Clock.systemDefaultZone());
    }

    public Path file() {
        return file.file();
    }

    /** The settings, and a warning when the file was unreadable and had to be put aside. */
    public Loaded load() {
        JsonFile.Loaded<Settings> loaded = file.load(Settings::defaults);
        return new Loaded(loaded.value(), loaded.warning());
    }

    public synchronized void save(Settings settings) throws IOException {
        file.write(settings);
    }

    public record Loaded(Settings settings, Optional<String> warning) {
    }
}
