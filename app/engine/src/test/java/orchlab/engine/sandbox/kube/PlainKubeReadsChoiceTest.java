package orchlab.engine.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.sandbox.SandboxException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Which contexts are read through the JDK's HttpClient ({@link PlainKubeReads}) and which keep fabric8's client:
 * only a server address, a certificate authority and a bearer token are handled without fabric8.
 */
class PlainKubeReadsChoiceTest {
    @TempDir
    Path dir;

    private Optional<PlainKubeReads> choose(String cluster, String user, Map<String, String> env) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: %s
                contexts:
                - name: ctx
                  context: {cluster: c, user: u, namespace: team}
                users:
                - name: u
                  user: %s
                current-context: ctx
                """.formatted(cluster, user));
        return PlainKubeReads.forContext(KubeconfigChain.load(List.of(file)), "ctx", Duration.ofSeconds(1),
                Duration.ofSeconds(1), env);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', value = {
            "{server: 'https://127.0.0.1:6443'}                                          | {token: abc}",
            "{server: 'https://10.0.0.1:6443'}                                           | {}",
            "{server: 'http://127.0.0.1:8080'}                                           | {}",
    })
    void aServerWithATokenOrNoCredentialsIsReadWithoutFabric8(String cluster, String user) throws Exception {
        assertThat(choose(cluster, user, Map.of())).isPresent();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', value = {
            "{server: 'https://127.0.0.1:6443'}                                  | {client-certificate-data: Y2VydA==, client-key-data: a2V5}",
            "{server: 'https://127.0.0.1:6443'}                                  | {exec: {command: aws, apiVersion: client.authentication.k8s.io/v1}}",
            "{server: 'https://127.0.0.1:6443'}                                  | {auth-provider: {name: oidc}}",
            "{server: 'https://127.0.0.1:6443'}                                  | {username: admin, password: pw}",
            "{server: 'https://127.0.0.1:6443', insecure-skip-tls-verify: true}  | {token: abc}",
            "{server: 'https://127.0.0.1:6443', tls-server-name: api.internal}   | {token: abc}",
            "{server: 'https://127.0.0.1:6443', proxy-url: 'http://proxy:3128'}  | {token: abc}",
            "{server: 'http://127.0.0.1:8080'}                                   | {token: abc}",
            "{server: 'https://127.0.0.1:6443', certificate-authority-data: bm90IGEgY2VydA==} | {token: abc}",
    })
    void anythingMoreKeepsFabric8sClient(String cluster, String user) throws Exception {
        assertThat(choose(cluster, user, Map.of())).isEmpty();
    }

    @Test
    void aProxyInTheEnvironmentKeepsFabric8ForARemoteServerButNotForLoopback() throws Exception {
        Map<String, String> proxy = Map.of("HTTPS_PROXY", "http://proxy:3128");
        assertThat(choose("{server: 'https://10.0.0.1:6443'}", "{token: abc}", proxy)).isEmpty();
        assertThat(choose("{server: 'https://127.0.0.1:6443'}", "{token: abc}", proxy)).isPresent();
    }

    @Test
    void aMissingTokenFileIsNamedLikeAnyMissingCredentialFile() {
        assertThatThrownBy(() -> choose("{server: 'https://127.0.0.1:6443'}", "{tokenFile: nowhere/token}", Map.of()))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("certificate file missing")
                .hasMessageContaining("tokenFile");
    }
}
