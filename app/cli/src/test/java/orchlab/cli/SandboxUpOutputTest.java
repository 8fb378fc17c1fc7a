package orchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import orchlab.engine.LabDirs;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lab sandbox up --kubeconfig-out}: what it refuses to replace, and how it writes. */
class SandboxUpOutputTest {

    private static final String USER_KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: work
              cluster: {server: "https://k8s.example.com:6443"}
            users:
            - name: me
              user: {token: "my-own-token"}
            contexts:
            - name: work
              context: {cluster: work, user: me}
            current-context: work
            """;

    @TempDir
    Path home;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int lab(String... args) {
        CliContext context = new CliContext() {
            @Override
            public LabDirs dirs() {
                return LabDirs.under(home);
            }

            @Override
            public Path defaultCourse() {
                return Repo.root();
            }
        };
        CommandLine cl = LabCommand.commandLine(context);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void anExistingKubeconfigTheLabDidNotWriteIsNotReplaced() throws Exception {
        Path user = Files.writeString(home.resolve("config"), USER_KUBECONFIG);
        int exit = lab("sandbox", "up", "--type", "sim", "--kubeconfig-out", user.toString(),
                "--state-dir", home.resolve("state").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(user + " already exists and was not written by the lab").contains("--force");
        assertThat(Files.readString(user)).isEqualTo(USER_KUBECONFIG);
        assertThat(home.resolve("state")).doesNotExist();
    }

    @Test
    void aFolderOrDeviceIsNotReplaced() throws Exception {
        Path folder = Files.createDirectory(home.resolve("kube"));
        assertThat(lab("sandbox", "up", "--type", "sim", "--kubeconfig-out", folder.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is a folder, not a regular file");
        assertThat(lab("sandbox", "up", "--type", "sim", "--kubeconfig-out", "/dev/null")).isEqualTo(2);
        assertThat(err.toString()).contains("/dev/null is a device, FIFO or socket");
    }

    @Test
    void aPathWithNothingThereMayBeWritten() {
        assertThat(OutputPaths.refusal(home.resolve("missing"), true, false)).isEmpty();
    }

    @Test
    void theLabsOwnKubeconfigIsRecognisedAndOthersAreNot() throws Exception {
        Path lab = Files.writeString(home.resolve("lab"), OutputPaths.LAB_MARKER + " for its simulated cluster\napiVersion: v1\n");
        Path other = Files.writeString(home.resolve("other"), USER_KUBECONFIG);
        assertThat(OutputPaths.refusal(lab, true, false)).isEmpty();
        assertThat(OutputPaths.refusal(other, true, false)).isPresent();
        assertThat(OutputPaths.refusal(other, true, true)).as("--force").isEmpty();
        assertThat(OutputPaths.refusal(other, false, false)).as("a plain output file").isEmpty();
    }

    @Test
    void theCopyIsMarkedOwnerOnlyAndLeavesNoTemporaryFile() throws Exception {
        Path source = Files.writeString(home.resolve("source"), "apiVersion: v1\nkind: Config\n");
        Path target = home.resolve("out/kubeconfig");
        SandboxCommand.writeKubeconfig(source, target, "k3s");
        assertThat(Files.readString(target)).startsWith(OutputPaths.LAB_MARKER).endsWith("apiVersion: v1\nkind: Config\n");
        if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(target))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("kubeconfig");
        }
        assertThat(OutputPaths.refusal(target, true, false)).as("a later run may replace it").isEmpty();
    }
}
