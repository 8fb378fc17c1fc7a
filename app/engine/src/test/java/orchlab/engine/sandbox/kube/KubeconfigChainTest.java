package orchlab.engine.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import orchlab.engine.sandbox.SandboxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code KUBECONFIG} list merged as kubectl documents it ("Organizing Cluster Access Using kubeconfig Files"):
 * the first file to set a value or a map key wins, and a later file's entry of the same name is ignored whole.
 */
class KubeconfigChainTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theFirstFileToSetCurrentContextWins() throws Exception {
        Path a = file("a", "contexts:\n- name: one\n  context: {cluster: c}\n");
        Path b = file("b", "current-context: two\ncontexts:\n- name: two\n  context: {cluster: c}\n");
        Path c = file("c", "current-context: one\n");

        assertThat(KubeconfigChain.load(List.of(a, b, c)).currentContext()).contains("two");
    }

    @Test
    void aUserIsTakenWholeFromTheFirstFileThatNamesIt() throws Exception {
        Path first = file("first", "users:\n- name: red-user\n  user: {token: red-token}\n"
                + "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: red-user}\n");
        Path second = file("second", "users:\n- name: red-user\n  user: {token: other, client-key: k.pem}\n"
                + "clusters:\n- name: c\n  cluster: {server: \"https://10.0.0.1\"}\n");

        String merged = KubeconfigChain.load(List.of(first, second)).contextKubeconfig("x", Optional.empty());

        assertThat(merged).contains("red-token", "https://10.0.0.1").doesNotContain("other", "k.pem");
    }

    @Test
    void missingAndEmptyEntriesAreSkippedAsKubectlDoes() throws Exception {
        Path real = file("real", "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\n");
        List<Path> files = KubeconfigChain.filesFor(File.pathSeparator + dir.resolve("gone") + File.pathSeparator
                + File.pathSeparator + real, "/home/nobody");

        assertThat(files).containsExactly(dir.resolve("gone"), real);
        assertThat(KubeconfigChain.load(files).currentContext()).contains("x");
    }

    @Test
    void withoutKubeconfigVariableItIsTheHomeConfig() {
        assertThat(KubeconfigChain.filesFor(null, "/home/learner")).containsExactly(Path.of("/home/learner/.kube/config"));
    }

    @Test
    void relativeFilePathsResolveAgainstTheFileThatDefinesThem() throws Exception {
        Path ref = file("lab/ref", "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n");
        Path users = file("home/.kube/config", "clusters:\n- name: c\n  cluster: {server: \"https://h\", certificate-authority: certs/ca.crt}\n"
                + "users:\n- name: u\n  user: {client-key: ../keys/u.key, client-certificate: /abs/u.crt}\n");

        String merged = KubeconfigChain.load(List.of(ref, users)).contextKubeconfig("x", Optional.empty());

        assertThat(merged).contains(dir.resolve("home/.kube/certs/ca.crt").toString(), dir.resolve("home/keys/u.key").toString(),
                "/abs/u.crt");
    }

    @Test
    void anUnknownContextNamesTheContextsThereAre() throws Exception {
        Path a = file("a", "contexts:\n- name: one\n  context: {cluster: c}\n- name: two\n  context: {cluster: c}\n");

        assertThatThrownBy(() -> KubeconfigChain.load(List.of(a)).resolve(Optional.of("tree")))
                .isInstanceOf(SandboxException.class)
                .hasMessage("kubeconfig " + a + " has no context named 'tree' (it has: one, two)");
    }

    @Test
    void aListWhoseFilesAllAreMissingSaysSo() {
        List<Path> files = List.of(dir.resolve("a"), dir.resolve("b"));

        assertThatThrownBy(() -> KubeconfigChain.load(files)).isInstanceOf(SandboxException.class)
                .hasMessage("none of the kubeconfig files " + files + " exists — pass --kubeconfig FILE with the cluster's kubeconfig");
    }
}
