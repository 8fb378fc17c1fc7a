package orchlab.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's settings survive a restart, and a broken file never stops the app. */
class SettingsStoreTest {
    @TempDir
    Path dir;

    @Test
    void savedSettingsComeBack() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("settings.json"));
        Settings settings = Settings.defaults().withTheme("dark").withSandbox("kubeconfig", "/home/me/.kube/config", "kind-lab")
                .withLayout(List.of(0.2, 0.5, 0.6), 1280, 800);

        store.save(settings);

        SettingsStore.Loaded loaded = new SettingsStore(dir.resolve("settings.json")).load();
        assertThat(loaded.warning()).isEmpty();
        assertThat(loaded.settings()).isEqualTo(settings);
    }

    @Test
    void noFileMeansDefaultsWithoutAWarning() {
        SettingsStore.Loaded loaded = new SettingsStore(dir.resolve("settings.json")).load();

        assertThat(loaded.settings()).isEqualTo(Settings.defaults());
        assertThat(loaded.settings().sandbox()).isEqualTo(Settings.AUTO);
        assertThat(loaded.warning()).isEmpty();
    }

    @Test
    void aBrokenFileIsKeptAsideAndTheDefaultsAreUsedWithAMessage() throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\"theme\": \"dark\", ");

        SettingsStore.Loaded loaded = new SettingsStore(file).load();

        assertThat(loaded.settings()).isEqualTo(Settings.defaults());
        assertThat(loaded.warning()).hasValueSatisfying(w -> assertThat(w).contains("settings.json").contains("default settings"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("settings.json.corrupt-"));
        }
    }
}
