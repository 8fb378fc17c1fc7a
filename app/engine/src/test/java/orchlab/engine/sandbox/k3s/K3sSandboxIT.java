package orchlab.engine.sandbox.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Path;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real k3s sandbox. Needs a Docker engine; the cluster test also needs the real k3s image on this machine. The
 * provider's paths run in CI against the k3s test stand-in instead (app/sim K3sStandInSandboxIT).
 */
class K3sSandboxIT {

    private static boolean dockerAnswers() {
        try (DockerClient docker = DockerProbe.client(SandboxOptions.defaults(Path.of(".")))) {
            return DockerProbe.ping(docker) == null;
        } catch (Exception e) {
            return false;
        }
    }

    /** Present and real k3s: the OrchLab test stand-in (label org.orchlab.stand-in=true, see app/docs/k3s-standin.md) does not count. */
    private static boolean imagePresent(String image) {
        try (DockerClient docker = DockerProbe.client(SandboxOptions.defaults(Path.of(".")))) {
            var labels = docker.inspectImageCmd(image).exec().getConfig().getLabels();
            return labels == null || !"true".equals(labels.get("org.orchlab.stand-in"));
        } catch (NotFoundException e) {
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void failsFastWithAClearMessageWhenTheImageIsMissingAndNoRegistryAnswers(@TempDir Path dir) {
        assumeTrue(dockerAnswers(), "skipped: no Docker engine answers here, so the missing-image path cannot be reached");
        SandboxOptions options = SandboxOptions.defaults(dir)
                .with("image", "rancher/k3s:v0.0.0-orchlab-absent")
                .with("registry", "127.0.0.1");
        long start = System.nanoTime();

        assertThatThrownBy(() -> new K3sSandboxProvider().open(options, ProgressListener.NONE))
                .isInstanceOf(SandboxException.class)
                .hasMessage("the k3s image rancher/k3s:v0.0.0-orchlab-absent is not on this machine and no container registry is reachable"
                        + " — run `docker pull rancher/k3s:v0.0.0-orchlab-absent` on a connected machine, or use the simulated cluster (sim)");
        System.out.printf("k3s pre-flight refused the missing image after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void startsARealClusterThatAnswersAndStopsIt(@TempDir Path dir) throws SandboxException {
        assumeTrue(dockerAnswers(), "skipped: no Docker engine answers here");
        assumeTrue(imagePresent(K3sSandboxProvider.DEFAULT_IMAGE),
                "skipped: the real k3s image " + K3sSandboxProvider.DEFAULT_IMAGE + " is not on this machine (no registry here); "
                        + "`docker pull " + K3sSandboxProvider.DEFAULT_IMAGE + "` on a connected machine runs this test");

        try (Sandbox sandbox = new K3sSandboxProvider().open(SandboxOptions.defaults(dir), ProgressListener.NONE)) {
            assertThat(sandbox.health().healthy()).isTrue();
            assertThat(sandbox.simulated()).isFalse();
            assertThat(sandbox.kubernetes().orElseThrow().client().namespaces().withName("kube-system").get()).isNotNull();
        }
    }
}
