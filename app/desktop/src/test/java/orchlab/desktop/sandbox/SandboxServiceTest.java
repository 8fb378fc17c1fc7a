package orchlab.desktop.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import orchlab.desktop.settings.Settings;
import orchlab.engine.LabDirs;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;
import orchlab.engine.sandbox.SandboxProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which sandbox the app starts, and the one sentence it says about it. */
class SandboxServiceTest {
    @TempDir
    Path home;

    /** A k3s provider that cannot run here, for the reason given (the real one needs Docker and an image). */
    private static SandboxProvider k3sUnavailable(String reason) {
        return new SandboxProvider() {
            @Override
            public String type() {
                return "k3s";
            }

            @Override
            public SandboxKind kind() {
                return SandboxKind.KUBERNETES;
            }

            @Override
            public int preference() {
                return 10;
            }

            @Override
            public Availability probe(SandboxOptions options) {
                return Availability.no(reason);
            }

            @Override
            public Sandbox open(SandboxOptions options, ProgressListener progress) throws SandboxException {
                throw new SandboxException(reason);
            }
        };
    }

    private SandboxService service(String k3sReason, Settings settings) {
        SandboxProvider sim = SandboxProviders.discover().find("sim").orElseThrow();
        SandboxProviders providers = new SandboxProviders(List.of(k3sUnavailable(k3sReason), sim));
        return new SandboxService(providers, LabDirs.under(home), () -> settings, Map.of("podStartDelay", "0"));
    }

    @Test
    void withoutDockerTheSimulatedClusterStartsAndSaysHowToGetK3s() throws Exception {
        try (SandboxService sandboxes = service("k3s needs Docker, and Docker is not running (no socket)", Settings.defaults())) {
            Sandbox sandbox = sandboxes.require(SandboxKind.KUBERNETES);

            assertThat(sandbox.type()).isEqualTo("sim");
            SandboxStatus status = sandboxes.status(SandboxKind.KUBERNETES);
            assertThat(status.running()).isTrue();
            assertThat(status.simulated()).isTrue();
            assertThat(status.headline()).isEqualTo("Simulated cluster — containers do not really run");
            assertThat(status.explanation()).startsWith("For a real k3s cluster, install and start Docker");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "k3s needs Docker, and Docker is not running (x)                         | install and start Docker",
            "the k3s image rancher/k3s:v1 is not on this machine and no registry is reachable | get the rancher/k3s image",
    })
    void theExplanationNamesWhatIsMissingForK3s(String k3sReason, String advice) {
        assertThat(SandboxService.explainAuto("sim", "k3s: " + k3sReason + ". ")).contains(advice).contains(k3sReason.trim());
    }

    @Test
    void aSandboxChosenInSettingsIsUsedWithoutProbingOthers() throws Exception {
        try (SandboxService sandboxes = service("should not matter", Settings.defaults().withSandbox("sim", null, null))) {
            assertThat(sandboxes.require(SandboxKind.KUBERNETES).type()).isEqualTo("sim");
            assertThat(sandboxes.status(SandboxKind.KUBERNETES).explanation()).contains("For a real cluster choose k3s");
        }
    }

    @Test
    void aChosenSandboxThatCannotStartIsReportedWithItsReason() {
        try (SandboxService sandboxes = service("the k3s image is missing", Settings.defaults().withSandbox("k3s", null, null))) {
            assertThatThrownBy(() -> sandboxes.require(SandboxKind.KUBERNETES)).hasMessageContaining("the k3s image is missing");
            assertThat(sandboxes.status(SandboxKind.KUBERNETES).state()).isEqualTo(SandboxStatus.State.UNAVAILABLE);
        }
    }

    @Test
    void twoCallersAtOnceGetTheSameSandbox() throws Exception {
        try (SandboxService sandboxes = service("no Docker", Settings.defaults().withSandbox("sim", null, null))) {
            List<CompletableFuture<Sandbox>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return sandboxes.require(SandboxKind.KUBERNETES);
                    } catch (SandboxException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            Sandbox first = calls.get(0).get(60, TimeUnit.SECONDS);
            for (CompletableFuture<Sandbox> call : calls) {
                assertThat(call.get(60, TimeUnit.SECONDS)).isSameAs(first);
            }
        }
    }
    @Test
    void aCourseWithItsOwnSimImagesRestartsTheOpenSimulatedClusterOnceAndTheNextOneUsesThem() throws Exception {
        Path images = java.nio.file.Files.writeString(home.resolve("sim-images.yaml"),
                "images:\n  - repository: registry.example.com/shop/catalog\n    tags: ['1\\.0']\n    ports: [8080]\n");
        try (SandboxService sandboxes = service("no Docker", Settings.defaults().withSandbox("sim", null, null))) {
            sandboxes.require(SandboxKind.KUBERNETES);

            assertThat(sandboxes.useCourseImages(java.util.Optional.of(images))).as("the open sim lacks the course's images").isTrue();
            assertThat(sandboxes.options("sim").settings()).containsEntry("images", images.toString());
            sandboxes.start(SandboxKind.KUBERNETES);

            assertThat(sandboxes.useCourseImages(java.util.Optional.of(images))).as("started with them: no second restart").isFalse();
            assertThat(sandboxes.useCourseImages(java.util.Optional.empty())).as("a course without images: back to the built-in registry").isTrue();
            assertThat(sandboxes.options("sim").settings()).doesNotContainKey("images");
        }
    }
}
