package orchlab.cli.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import orchlab.cli.CliContext;
import orchlab.cli.LabCommand;
import orchlab.engine.testing.MockCluster;
import orchlab.engine.testing.SamplePack;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lab exercise start|reset} never deletes what the lab did not create, and asks before touching the whole cluster. */
class ExerciseReachTest {
    @TempDir
    Path home;
    private MockCluster cluster;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() {
        cluster = MockCluster.start();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private int lab(String... args) {
        CliContext context = new CliContext() {
            @Override
            public orchlab.engine.LabDirs dirs() {
                return orchlab.engine.LabDirs.under(home);
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
    void startAndResetWithNamespaceDefaultOrKubeSystemLeaveThemInPlace() {
        for (String ns : new String[] {"default", "kube-system"}) {
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            assertThat(lab("exercise", "start", "k8s-service", "-n", ns, "--kubeconfig", cluster.kubeconfig().toString())).as(err.toString()).isZero();
            assertThat(lab("exercise", "reset", "k8s-service", "-n", ns, "--kubeconfig", cluster.kubeconfig().toString())).as(err.toString()).isZero();

            assertThat(cluster.client().namespaces().withName(ns).get()).as(ns).isNotNull();
            assertThat(cluster.client().apps().deployments().inNamespace(ns).withName("my-app").get()).as("setup object in " + ns).isNull();
        }
        assertThat(out.toString()).contains("namespace default kept: the lab did not create it", "Deployment default/my-app deleted");
    }

    @Test
    void resetDeletesTheNamespaceTheLabCreated() {
        assertThat(lab("exercise", "start", "k8s-service", "--kubeconfig", cluster.kubeconfig().toString())).isZero();
        assertThat(lab("exercise", "reset", "k8s-service", "--kubeconfig", cluster.kubeconfig().toString())).isZero();

        assertThat(cluster.client().namespaces().withName("k8s-service").get()).isNull();
    }

    @Test
    void aSetupThatIsANamespaceIsRefusedAtItsLineByValidateAndByStart(@TempDir Path dir) throws Exception {
        Path pack = SamplePack.copyTo(dir.resolve("pack"));
        Files.writeString(pack.resolve("exercises/k8s-service/setup/deployment.yaml"),
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-public\n");

        assertThat(lab("course", "validate", pack.toString())).isEqualTo(1);
        assertThat(out.toString() + err).contains("exercises/k8s-service/setup/deployment.yaml:2:7: error: Namespace kube-public is refused");

        assertThat(lab("exercise", "start", "k8s-service", "--course", pack.toString(), "--kubeconfig", cluster.kubeconfig().toString()))
                .isEqualTo(LabCommand.ERROR);
        assertThat(cluster.client().namespaces().withName("kube-public").get()).isNull();
    }

    @Test
    void aClusterRoleBindingInSetupIsRefusedByValidate(@TempDir Path dir) throws Exception {
        Path pack = SamplePack.copyTo(dir.resolve("pack"));
        Files.writeString(pack.resolve("exercises/k8s-service/setup/deployment.yaml"), """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: anon-admin}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects: [{kind: User, name: "system:anonymous"}]
                """);

        assertThat(lab("course", "validate", pack.toString())).isEqualTo(1);
        assertThat(out.toString() + err).contains("deployment.yaml:2:7: error: ClusterRoleBinding anon-admin is refused");
    }
    private static final String STORAGE_CLASS = "---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: lab-fast\n"
            + "provisioner: example.com/fast\n";

    @Test
    void exerciseStartCreatesAnAllowedClusterScopedObjectOnlyWithTheFlagAndResetRemovesIt(@TempDir Path dir) throws Exception {
        Path pack = SamplePack.copyTo(dir.resolve("pack"));
        Path setup = pack.resolve("exercises/k8s-service/setup/deployment.yaml");
        Files.writeString(setup, Files.readString(setup) + STORAGE_CLASS);
        String kubeconfig = cluster.kubeconfig().toString();

        assertThat(lab("exercise", "start", "k8s-service", "--course", pack.toString(), "--kubeconfig", kubeconfig)).isEqualTo(LabCommand.ERROR);
        assertThat(err.toString()).contains("StorageClass lab-fast is cluster-scoped").contains("--allow-cluster-scoped");
        assertThat(cluster.client().storage().v1().storageClasses().withName("lab-fast").get()).isNull();

        assertThat(lab("exercise", "start", "k8s-service", "--course", pack.toString(), "--kubeconfig", kubeconfig,
                "--allow-cluster-scoped")).as(err.toString()).isEqualTo(LabCommand.OK);
        assertThat(cluster.client().storage().v1().storageClasses().withName("lab-fast").get()).isNotNull();

        assertThat(lab("exercise", "reset", "k8s-service", "--course", pack.toString(), "--kubeconfig", kubeconfig)).isEqualTo(LabCommand.OK);
        assertThat(out.toString()).contains("StorageClass lab-fast deleted");
        assertThat(cluster.client().storage().v1().storageClasses().withName("lab-fast").get()).isNull();
    }

    @Test
    void courseTestAppliesASetupsClusterScopedObjectOnlyWithTheFlag(@TempDir Path dir) throws Exception {
        Path pack = dir.resolve("pack");
        Path ex = Files.createDirectories(pack.resolve("exercises/mode"));
        String configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: %s\n";
        Files.createDirectories(ex.resolve("starter"));
        Files.createDirectories(ex.resolve("solution"));
        Files.createDirectories(ex.resolve("setup"));
        Files.writeString(ex.resolve("starter/settings.yaml"), configMap.formatted("loose"));
        Files.writeString(ex.resolve("solution/settings.yaml"), configMap.formatted("strict"));
        Files.writeString(ex.resolve("setup/settings.yaml"), configMap.formatted("loose") + STORAGE_CLASS);
        Files.writeString(ex.resolve("exercise.yaml"), """
                id: mode
                title: Mode
                description: Set the mode.
                timeout: 2s
                setup: [setup/settings.yaml]
                checks:
                  - id: strict
                    title: ConfigMap settings says mode strict
                    kind: assert
                    resource: {apiVersion: v1, kind: ConfigMap, name: settings}
                    expect: {data: {mode: strict}}
                """);
        Files.createDirectories(pack.resolve("lessons"));
        Files.writeString(pack.resolve("lessons/course.yaml"), "id: t\ntitle: T\nversion: 1.0.0\nmodules:\n  - id: m\n    title: M\n    lessons: [one.md]\n");
        Files.writeString(pack.resolve("lessons/one.md"), "---\ntitle: One\nexercises: [mode]\n---\nText.\n");
        String kubeconfig = cluster.kubeconfig().toString();

        assertThat(lab("course", "test", pack.toString(), "--kubeconfig", kubeconfig)).isEqualTo(LabCommand.FAILED);
        assertThat(out.toString()).contains("ERROR").contains("--allow-cluster-scoped");

        assertThat(lab("course", "test", pack.toString(), "--kubeconfig", kubeconfig, "--allow-cluster-scoped"))
                .as(out.toString() + err).isEqualTo(LabCommand.OK);
        assertThat(cluster.client().storage().v1().storageClasses().withName("lab-fast").get()).as("removed by the last reset").isNull();
    }
}
