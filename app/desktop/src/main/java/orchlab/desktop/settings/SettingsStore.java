package orchlab.desktop.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import orchlab.engine.workspace.Workspaces;

/**
 * Reads and writes {@link Settings} as JSON, atomically. A file that cannot be read is kept aside
 * ({@code settings.json.corrupt-<time>}) and the defaults are used, with a message for the learner.
 */
public final class SettingsStore {
    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SettingsStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The settings, and a warning when the file was unreadable and had to be put aside. */
    public Loaded load() {
        if (!Files.isRegularFile(file)) {
            return new Loaded(Settings.defaults(), Optional.empty());
        }
        try {
            Settings settings = mapper.readValue(file.toFile(), Settings.class);
            return new Loaded(settings == null ? Settings.defaults() : settings, Optional.empty());
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                aside = file;
            }
            return new Loaded(Settings.defaults(), Optional.of("The settings file " + file + " could not be read ("
                    + firstLine(e.getMessage()) + "); it was kept as " + aside.getFileName() + " and the defaults are used."));
        }
    }

    public synchronized void save(Settings settings) throws IOException {
        Workspaces.writeAtomically(file, mapper.writeValueAsString(settings));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    public record Loaded(Settings settings, Optional<String> warning) {
    }
}
