package orchlab.engine.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import orchlab.engine.sandbox.KubernetesAccess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference the lab writes names a context and a namespace, and nothing that could authenticate anyone. */
class LabKubeconfigTest {
    private static final String USERS_FILE = """
            apiVersion: v1
            kind: Config
            current-context: lab
            clusters:
            - name: lab-cluster
              cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: Q0EtREFUQQ==}
            contexts:
            - name: lab
              context: {cluster: lab-cluster, user: lab-user, namespace: payments}
            users:
            - name: lab-user
              user:
                token: tok-s3cret
                username: admin
                password: pw-s3cret
                client-certificate-data: Q0VSVC1zM2NyZXQ=
                client-key-data: S0VZLXMzY3JldA==
            """;

    @TempDir
    Path dir;

    @Test
    void theTerminalsReferenceNamesTheNamespaceAndHoldsNoCredential() throws Exception {
        Path users = Files.writeString(dir.resolve("config"), USERS_FILE);
        KubernetesAccess access = new KubernetesAccess(null, users, "lab");

        List<Path> list = LabKubeconfig.forNamespace(access, "ex-hello", dir.resolve("state/terminal"));

        assertThat(list).containsExactly(dir.resolve("state/terminal/kubeconfig-ex-hello.yaml"), users.toAbsolutePath());
        String reference = Files.readString(list.get(0));
        assertThat(reference).contains("namespace: \"ex-hello\"", "cluster: \"lab-cluster\"", "user: \"lab-user\"")
                .doesNotContain("s3cret", "token", "password", "client-key", "client-certificate", "certificate-authority",
                        "server", "Q0", "S0");
        assertThat(KubeconfigChain.load(list).namespace("lab")).contains("ex-hello");
        assertThat(Files.readString(users)).isEqualTo(USERS_FILE);
    }

    @Test
    void theReferenceIsReadableByItsOwnerOnly() throws Exception {
        Path users = Files.writeString(dir.resolve("config"), USERS_FILE);
        Path reference = LabKubeconfig.writeReference(KubeconfigChain.load(List.of(users)), "lab", Optional.empty(),
                dir.resolve("ref.yaml"));

        Assumptions.assumeTrue(reference.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX file permissions are not available here");
        assertThat(Files.getPosixFilePermissions(reference))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
}
