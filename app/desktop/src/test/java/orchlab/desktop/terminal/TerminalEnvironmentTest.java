package orchlab.desktop.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalEnvironmentTest {
    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            current-context: lab
            clusters:
            - name: lab-cluster
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority: certs/ca.crt
            - name: other-cluster
              cluster:
                server: https://10.0.0.1:6443
            contexts:
            - name: other
              context:
                cluster: other-cluster
                user: other-user
                namespace: production
            - name: lab
              context:
                cluster: lab-cluster
                user: lab-user
            users:
            - name: lab-user
              user:
                client-certificate: /abs/client.crt
                client-key: certs/client.key
                token: "yes"
            """;

    @TempDir
    Path dir;

    private final YAMLMapper yaml = new YAMLMapper();

    private Path source() throws IOException {
        Path source = dir.resolve("source/config");
        Files.createDirectories(source.getParent());
        Files.writeString(source, KUBECONFIG);
        return source;
    }

    private static JsonNode context(JsonNode config, String name) {
        for (JsonNode c : config.path("contexts")) {
            if (c.path("name").asText().equals(name)) {
                return c.path("context");
            }
        }
        throw new AssertionError("no context " + name + " in " + config);
    }

    @Test
    void copyHasTheNamespaceOnTheCurrentContextOnly() throws IOException {
        Path copy = TerminalEnvironment.kubeconfigWithNamespace(source(), "ex-hello", dir.resolve("out"));

        JsonNode config = yaml.readTree(copy.toFile());
        assertThat(config.path("current-context").asText()).isEqualTo("lab");
        assertThat(context(config, "lab").path("namespace").asText()).isEqualTo("ex-hello");
        assertThat(context(config, "lab").path("cluster").asText()).isEqualTo("lab-cluster");
        assertThat(context(config, "other").path("namespace").asText()).isEqualTo("production");
        assertThat(config.path("users").get(0).path("user").path("token").asText()).isEqualTo("yes");
    }

    @Test
    void leavesTheSourceKubeconfigUnchanged() throws IOException {
        Path source = source();
        byte[] before = Files.readAllBytes(source);

        Path copy = TerminalEnvironment.kubeconfigWithNamespace(source, "ex-hello", dir.resolve("out"));

        assertThat(copy).isNotEqualTo(source);
        assertThat(Files.readAllBytes(source)).isEqualTo(before);
    }

    @Test
    void relativeFilePathsStillPointAtTheSourceFolder() throws IOException {
        Path source = source();

        JsonNode config = yaml.readTree(
                TerminalEnvironment.kubeconfigWithNamespace(source, "ex-hello", dir.resolve("out")).toFile());

        Path sourceDir = source.getParent().toAbsolutePath();
        assertThat(config.path("clusters").get(0).path("cluster").path("certificate-authority").asText())
                .isEqualTo(sourceDir.resolve("certs/ca.crt").toString());
        JsonNode user = config.path("users").get(0).path("user");
        assertThat(user.path("client-key").asText()).isEqualTo(sourceDir.resolve("certs/client.key").toString());
        assertThat(user.path("client-certificate").asText()).isEqualTo("/abs/client.crt");
    }

    @Test
    void copyIsReadableByItsOwnerOnly() throws IOException {
        Path copy = TerminalEnvironment.kubeconfigWithNamespace(source(), "ex-hello", dir.resolve("out"));

        Assumptions.assumeTrue(copy.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX file permissions are not available here");
        assertThat(Files.getPosixFilePermissions(copy))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void kubectlReadsTheNamespaceFromTheCopy() throws Exception {
        Path copy = TerminalEnvironment.kubeconfigWithNamespace(source(), "ex-hello", dir.resolve("out"));
        ProcessBuilder kubectl = new ProcessBuilder("kubectl", "config", "view", "--minify",
                "-o", "jsonpath={.contexts[0].context.namespace}")
                .redirectErrorStream(true);
        kubectl.environment().put("KUBECONFIG", copy.toString());
        Process process;
        try {
            process = kubectl.start();
        } catch (IOException e) {
            Assumptions.abort("kubectl is not on the PATH: " + e.getMessage());
            return;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(out.trim()).isEqualTo("ex-hello");
    }

    @Test
    void sourceWithoutCurrentContextIsRefusedWithAClearMessage() throws IOException {
        Path source = dir.resolve("config");
        Files.writeString(source, "apiVersion: v1\nkind: Config\ncontexts: []\n");

        assertThatThrownBy(() -> TerminalEnvironment.kubeconfigWithNamespace(source, "ex", dir.resolve("out")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(source.toString())
                .hasMessageContaining("no current-context");
    }

    @Test
    void currentContextThatDoesNotExistIsRefusedWithAClearMessage() throws IOException {
        Path source = dir.resolve("config");
        Files.writeString(source, "current-context: gone\ncontexts:\n- name: lab\n  context: {cluster: c}\n");

        assertThatThrownBy(() -> TerminalEnvironment.kubeconfigWithNamespace(source, "ex", dir.resolve("out")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("\"gone\"")
                .hasMessageContaining("no context of that name");
    }

    @Test
    void forSandboxSetsKubeconfigNamespaceDockerHostAndPath() {
        Path kubeconfig = dir.resolve("kc.yaml");
        Path bin = dir.resolve("bin");

        Map<String, String> env = TerminalEnvironment.forSandbox(Optional.of(kubeconfig), Optional.of("ex-hello"),
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
    void forSandboxSetsNothingForAbsentParts() {
        assertThat(TerminalEnvironment.forSandbox(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty())).isEmpty();
    }

    @Test
    void forSandboxWithAFolderPointsKubeconfigAtTheNamespacedCopy() throws IOException {
        Path out = dir.resolve("out");

        Map<String, String> env = TerminalEnvironment.forSandbox(Optional.of(source()), Optional.of("ex-hello"),
                Optional.empty(), Optional.empty(), out);

        Path kubeconfig = Path.of(env.get("KUBECONFIG"));
        assertThat(kubeconfig.getParent()).isEqualTo(out.toAbsolutePath());
        assertThat(context(yaml.readTree(kubeconfig.toFile()), "lab").path("namespace").asText())
                .isEqualTo("ex-hello");
    }
}
