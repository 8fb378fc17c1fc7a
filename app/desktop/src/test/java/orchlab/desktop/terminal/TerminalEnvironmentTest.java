package orchlab.desktop.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal's variables. The kubeconfig reference that names the exercise's namespace (and holds no credentials)
 * is the engine's: {@code orchlab.engine.sandbox.kube.LabKubeconfigTest}.
 */
class TerminalEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void forSandboxSetsKubeconfigNamespaceDockerHostAndPath() {
        Path kubeconfig = dir.resolve("kc.yaml");
        Path bin = dir.resolve("bin");

        Map<String, String> env = TerminalEnvironment.forSandbox(List.of(kubeconfig), Optional.of("ex-hello"),
                Optional.of("unix:///var/run/docker.sock"), Optional.of(bin));

        assertThat(env)
                .containsEntry("KUBECONFIG", kubeconfig.toAbsolutePath().toString())
                .containsEntry("ORCHLAB_NAMESPACE", "ex-hello")
                .containsEntry("HELM_NAMESPACE", "ex-hello")
                .containsEntry("DOCKER_HOST", "unix:///var/run/docker.sock")
                .containsEntry("ORCHLAB_BIN", bin.toAbsolutePath().toString());
        assertThat(env.get("PATH")).startsWith(bin.toAbsolutePath() + File.pathSeparator);
    }

    @Test
    void aKubeconfigListIsJoinedInOrderAsKubectlReadsIt() {
        Path reference = dir.resolve("terminal/kubeconfig-ex-hello.yaml");
        Path users = dir.resolve("home/.kube/config");

        Map<String, String> env = TerminalEnvironment.forSandbox(List.of(reference, users), Optional.of("ex-hello"),
                Optional.empty(), Optional.empty());

        assertThat(env).containsEntry("KUBECONFIG", reference.toAbsolutePath() + File.pathSeparator + users.toAbsolutePath());
    }

    @Test
    void forSandboxSetsNothingForAbsentParts() {
        assertThat(TerminalEnvironment.forSandbox(List.of(), Optional.empty(), Optional.empty(),
                Optional.empty())).isEmpty();
    }
}
