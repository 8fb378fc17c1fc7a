package orchlab.engine.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubeconfig provider uses the context the user chose and only ever reads the user's kubeconfig: kubectl in
 * the lab gets a list — the lab's credential-free reference under its state folder, then the user's own file.
 */
class KubeconfigSandboxProviderTest {
    private final KubeconfigSandboxProvider provider = new KubeconfigSandboxProvider();
    private MockCluster cluster;
    private Path userKubeconfig;
    private String original;
    private FileTime modified;

    @TempDir
    Path home;

    @BeforeEach
    void setUp() throws Exception {
        cluster = MockCluster.start();
        // the user's file: their production context is current, the lab's cluster is another context
        userKubeconfig = home.resolve("user/.kube/config");
        Files.createDirectories(userKubeconfig.getParent());
        original = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: prod
                  cluster: {server: "http://127.0.0.1:1"}
                - name: lab
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                contexts:
                - name: prod
                  context: {cluster: prod, user: prod-admin, namespace: payments}
                - name: lab
                  context: {cluster: lab, user: lab-user}
                users:
                - name: prod-admin
                  user: {username: admin, password: prod-pw-s3cret, client-key-data: UFJPRC1LRVk=, token: prod-token-s3cret}
                - name: lab-user
                  user: {token: lab-token-s3cret}
                current-context: prod
                """.formatted(cluster.client().getMasterUrl());
        Files.writeString(userKubeconfig, original);
        modified = Files.getLastModifiedTime(userKubeconfig);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private SandboxOptions options(String context) {
        return SandboxOptions.defaults(home.resolve("state")).withKubeconfig(userKubeconfig, context);
    }

    private void assertUserKubeconfigUntouched() throws Exception {
        assertThat(Files.readString(userKubeconfig)).isEqualTo(original);
        assertThat(Files.getLastModifiedTime(userKubeconfig)).isEqualTo(modified);
        try (var files = Files.list(userKubeconfig.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config");
        }
    }

    @Test
    void usesTheChosenContextAndNeverWritesTheUsersKubeconfig() throws Exception {
        try (Sandbox sandbox = provider.open(options("lab"), ProgressListener.NONE)) {
            var access = sandbox.kubernetes().orElseThrow();
            access.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                    .withNewMetadata().withName("k8s-deployment").endMetadata().build()).create();

            assertThat(sandbox.description()).startsWith("cluster from kubeconfig, context lab");
            assertThat(access.context()).isEqualTo("lab");
            assertThat(access.kubeconfigs()).containsExactly(access.kubeconfig(), userKubeconfig.toAbsolutePath());
            assertThat(access.kubeconfig()).startsWith(home.resolve("state"));
            assertThat(cluster.client().namespaces().withName("k8s-deployment").get()).isNotNull();
        }

        assertUserKubeconfigUntouched();
    }

    @Test
    void noCredentialIsEverWrittenUnderTheLabsStateFolder() throws Exception {
        Path old = Files.createDirectories(home.resolve("state")).resolve("kubeconfig-1f2e3d"); // an earlier version's copy
        Files.writeString(old, "users:\n- name: lab-user\n  user: {token: lab-token-s3cret}\n");
        try (Sandbox sandbox = provider.open(options("lab"), ProgressListener.NONE)) {
            sandbox.kubernetes().orElseThrow().client().namespaces().list();
        }

        try (var files = Files.walk(home.resolve("state"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString())
                        .doesNotContain("s3cret", "token", "password", "client-key", "users:");
            }
        }
        assertThat(old).doesNotExist();
    }

    @Test
    void theReferenceChoosesTheContextAndNamesItsClusterAndUserOnly() throws Exception {
        String reference;
        try (Sandbox sandbox = provider.open(options("lab"), ProgressListener.NONE)) {
            reference = Files.readString(sandbox.kubernetes().orElseThrow().kubeconfig());
        }

        assertThat(reference).startsWith(LabKubeconfig.MARKER).contains("current-context: \"lab\"", "cluster: \"lab\"",
                "user: \"lab-user\"").doesNotContain("prod", "payments", "server", "127.0.0.1");
    }

    @Test
    void fabric8AndHelmGetTheChosenContextInMemoryFromTheList() throws Exception {
        try (Sandbox sandbox = provider.open(options("lab"), ProgressListener.NONE)) {
            var access = sandbox.kubernetes().orElseThrow();

            assertThat(access.client().getMasterUrl().toString()).startsWith(cluster.client().getMasterUrl().toString());
            assertThat(access.client().getConfiguration().getAutoOAuthToken()).isEqualTo("lab-token-s3cret");
            assertThat(access.contextKubeconfig()).contains("current-context: \"lab\"", "lab-token-s3cret")
                    .doesNotContain("prod");
        }
    }

    @Test
    void anUnreachableCurrentContextFailsWithOneSentenceNamingItAndLeavesTheFileAlone() throws Exception {
        assertThatThrownBy(() -> provider.open(options(null), ProgressListener.NONE))
                .isInstanceOf(SandboxException.class)
                .hasMessageStartingWith("context 'prod': cannot reach the Kubernetes API at http://127.0.0.1:1/")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("\n"));

        assertUserKubeconfigUntouched();
    }

    @Test
    void anUnknownContextListsTheContextsThereAre() {
        assertThatThrownBy(() -> provider.open(options("stagin"), ProgressListener.NONE))
                .isInstanceOf(SandboxException.class)
                .hasMessage("kubeconfig " + userKubeconfig + " has no context named 'stagin' (it has: prod, lab)");
    }

    @Test
    void aKubeconfigThatDoesNotExistIsNamedAsMissing() {
        Path missing = home.resolve("nowhere/config");

        assertThatThrownBy(() -> provider.open(SandboxOptions.defaults(home.resolve("state")).withKubeconfig(missing, null),
                ProgressListener.NONE))
                .isInstanceOf(SandboxException.class)
                .hasMessage("kubeconfig " + missing + " does not exist — pass --kubeconfig FILE with the cluster's kubeconfig");
    }

    @Test
    void twoContextsOfOneKubeconfigGetTwoReferences() throws Exception {
        Path first;
        Path second;
        try (Sandbox a = provider.open(options("lab"), ProgressListener.NONE)) {
            first = a.kubernetes().orElseThrow().kubeconfig();
        }
        Files.writeString(userKubeconfig, original.replace("contexts:\n", "contexts:\n- name: lab-b\n  context: {cluster: lab, user: lab-user}\n"));
        try (Sandbox b = provider.open(options("lab-b"), ProgressListener.NONE)) {
            second = b.kubernetes().orElseThrow().kubeconfig();
        }

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aReferenceThatCannotBeWrittenLeavesNoTemporaryFile() throws Exception {
        Path target = home.resolve("state/kubeconfig-ref.yaml");
        Files.createDirectories(target.resolve("occupied")); // a non-empty folder where the reference should go: the move fails
        KubeconfigChain chain = KubeconfigChain.load(java.util.List.of(userKubeconfig));

        assertThatThrownBy(() -> LabKubeconfig.writeReference(chain, "lab", java.util.Optional.empty(), target))
                .isInstanceOf(SandboxException.class).hasMessageContaining("cannot write the lab's kubeconfig");
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("kubeconfig-ref.yaml");
        }
    }
}
