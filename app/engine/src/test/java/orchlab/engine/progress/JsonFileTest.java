package orchlab.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic file the desktop's settings use. */
class JsonFileTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-14T09:30:00Z"), ZoneOffset.UTC);

    /** Shaped like a desktop settings record. */
    record Settings(String theme, double fontSize, Optional<String> lastCourse, Duration checkTimeout, List<String> recent) {
        static Settings defaults() {
            return new Settings("light", 13, Optional.empty(), Duration.ofSeconds(10), List.of());
        }
    }

    @TempDir
    Path dir;

    private JsonFile<Settings> file() {
        return new JsonFile<>(dir.resolve("settings.json"), Settings.class, "settings file", "default settings", CLOCK);
    }

    @Test
    void aWrittenRecordReadsBackEqual() throws Exception {
        Settings settings = new Settings("dark", 15.5, Optional.of("/home/a/pack"), Duration.ofMillis(2500), List.of("a", "b"));

        file().write(settings);

        assertThat(file().load(Settings::defaults)).isEqualTo(new JsonFile.Loaded<>(settings, Optional.empty()));
        assertThat(file().read()).contains(settings);
    }

    @Test
    void propertiesAddedLaterGetTheirEmptyValueAndUnknownOnesAreIgnored() throws Exception {
        Files.writeString(dir.resolve("settings.json"), "{\"theme\": \"dark\", \"fontSize\": 12, \"removedSetting\": true}");

        JsonFile.Loaded<Settings> loaded = file().load(Settings::defaults);

        assertThat(loaded.warning()).isEmpty();
        assertThat(loaded.value().theme()).isEqualTo("dark");
        assertThat(loaded.value().lastCourse()).isEmpty();
        assertThat(loaded.value().recent()).isEmpty();
    }

    @Test
    void aBadSettingsFileGivesDefaultsAndSaysSo() throws Exception {
        Files.writeString(dir.resolve("settings.json"), "{\"theme\": \"dark\", \"fontSize\": \"big\"}");

        JsonFile.Loaded<Settings> loaded = file().load(Settings::defaults);

        assertThat(loaded.value()).isEqualTo(Settings.defaults());
        assertThat(loaded.warning()).contains("Your settings file " + dir.resolve("settings.json")
                + " could not be read (line 1, column 31: fontSize must be a number, found \"big\"); it was kept as "
                + dir.resolve("settings.json.corrupt-20250314-093000") + " and the lab starts with default settings.");
    }

    @Test
    void writingCreatesTheFolder() throws Exception {
        JsonFile<Settings> nested = new JsonFile<>(dir.resolve("a/b/settings.json"), Settings.class, "settings file",
                "default settings", CLOCK);

        nested.write(Settings.defaults());

        assertThat(nested.read()).contains(Settings.defaults());
    }

    @Test
    void aFileOverSixteenMebibytesIsRefusedUnreadWithItsSize() throws Exception {
        Path big = dir.resolve("settings.json");
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            sparse.setLength(3L * 1024 * 1024 * 1024); // 3 GiB, sparse: no disk used, an OutOfMemoryError if read whole
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> file().read())
                .isInstanceOf(JsonFile.UnreadableFileException.class)
                .hasMessageContaining("3072 MiB, more than the 16 MiB");
    }

    @Test
    void aFifoIsRefusedInsteadOfWaitedOn() throws Exception {
        Path fifo = dir.resolve("settings.json");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("mkfifo is not available here: " + e.getMessage());
            return;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed: cannot make a FIFO here");
        // a FIFO nobody writes to would block a plain read forever; the preemptive limit only guards the build
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> file().read())
                        .isInstanceOf(JsonFile.UnreadableFileException.class)
                        .hasMessageContaining("not a regular file"));
    }

    @Test
    void aFolderInPlaceOfTheFileIsRefused() throws Exception {
        Files.createDirectory(dir.resolve("settings.json"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> file().read())
                .isInstanceOf(JsonFile.UnreadableFileException.class)
                .hasMessageContaining("a folder, not a regular file");
    }
}
