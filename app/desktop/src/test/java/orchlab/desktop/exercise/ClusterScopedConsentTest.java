package orchlab.desktop.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import orchlab.desktop.sandbox.SandboxService;
import orchlab.desktop.settings.Settings;
import orchlab.engine.Lab;
import orchlab.engine.LabDirs;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.workspace.Workspaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before an exercise's setup creates cluster-wide objects, the learner is asked with the objects listed; "don't apply"
 * applies nothing of the setup and says so; Reset removes what was created and asks again. Against the simulated
 * cluster, with the dialog replaced by a recorded answer.
 */
class ClusterScopedConsentTest {
    @TempDir
    Path home;
    private ExecutorService background;
    private SandboxService sandboxes;
    private ExerciseViewModel vm;
    private Course course;
    private final List<List<String>> asked = new ArrayList<>();
    private final java.util.ArrayDeque<Boolean> answers = new java.util.ArrayDeque<>();

    @BeforeEach
    void setUp() throws Exception {
        Lab lab = Lab.standard();
        LabDirs dirs = LabDirs.under(home);
        background = Executors.newCachedThreadPool();
        sandboxes = new SandboxService(lab.providers(), dirs, () -> Settings.defaults().withSandbox("sim", null, null),
                Map.of("podStartDelay", "0"));
        vm = new ExerciseViewModel(lab, sandboxes, new Workspaces(dirs.workspaces()), new orchlab.desktop.FxThreadStandIn(), background, new ExerciseViewModel.Events() {
        });
        vm.setClusterScopedConsent(new ClusterScopedConsent((exercise, objects) -> {
            asked.add(objects.stream().map(o -> o.toString() + " @" + o.at().file() + ":" + o.at().line()).toList());
            return CompletableFuture.completedFuture(answers.removeFirst());
        }, Runnable::run));
        course = lab.loadCourse(pack(home.resolve("pack"))).course().orElseThrow();
    }

    @AfterEach
    void stop() {
        sandboxes.close();
        background.shutdownNow();
    }

    private static Path pack(Path pack) throws Exception {
        Path ex = Files.createDirectories(pack.resolve("exercises/fast-disks"));
        Files.createDirectories(ex.resolve("starter"));
        Files.createDirectories(ex.resolve("solution"));
        Files.createDirectories(ex.resolve("setup"));
        String configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: %s\n";
        Files.writeString(ex.resolve("starter/settings.yaml"), configMap.formatted("loose"));
        Files.writeString(ex.resolve("solution/settings.yaml"), configMap.formatted("strict"));
        Files.writeString(ex.resolve("setup/objects.yaml"), configMap.formatted("loose")
                + "---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: lab-fast\nprovisioner: example.com/fast\n");
        Files.writeString(ex.resolve("exercise.yaml"), """
                id: fast-disks
                title: Fast disks
                description: Set the mode.
                setup: [setup/objects.yaml]
                checks:
                  - id: strict
                    title: ConfigMap settings says mode strict
                    kind: assert
                    resource: {apiVersion: v1, kind: ConfigMap, name: settings}
                    expect: {data: {mode: strict}}
                """);
        Files.createDirectories(pack.resolve("lessons"));
        Files.writeString(pack.resolve("lessons/course.yaml"), "id: t\ntitle: T\nversion: 1.0.0\nmodules:\n  - id: m\n    title: M\n    lessons: [one.md]\n");
        Files.writeString(pack.resolve("lessons/one.md"), "---\ntitle: One\nexercises: [fast-disks]\n---\nText.\n");
        return pack;
    }

    private KubernetesClient cluster() throws Exception {
        return sandboxes.require(SandboxKind.KUBERNETES).kubernetes().orElseThrow().client();
    }

    private Exercise exercise() {
        return course.exercise("fast-disks").orElseThrow();
    }

    @Test
    void aClusterWideObjectInTheLearnersOwnFileIsRefusedWithItsFileAndLineEvenAfterConsentAndTheRestIsApplied() throws Exception {
        answers.add(true);
        List<String> shown = new ArrayList<>();
        vm.setClusterScopedRefusals((namespace, objects) -> objects.forEach(o ->
                shown.add(namespace + ": " + o + " @" + o.at().file() + ":" + o.at().line())));
        vm.open(course, exercise(), Optional.empty()).get(60, TimeUnit.SECONDS);

        vm.apply("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: strict\n---\n"
                + "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: see-all\nrules: []\n")
                .get(60, TimeUnit.SECONDS);

        assertThat(shown).containsExactly("fast-disks: ClusterRole see-all @settings.yaml:8");
        assertThat(vm.noticeProperty().get().level()).isEqualTo(Notice.Level.ERROR);
        assertThat(vm.noticeProperty().get().text()).startsWith("settings.yaml:8:1: ClusterRole see-all is cluster-wide, so Apply"
                + " does not create it from your file").contains("Remove it from this file");
        assertThat(cluster().rbac().clusterRoles().withName("see-all").get()).isNull();
        assertThat(cluster().configMaps().inNamespace("fast-disks").withName("settings").get().getData()).containsEntry("mode", "strict");
    }

    @Test
    void dontApplyAppliesNothingOfTheSetupAndSaysWhatToDo() throws Exception {
        answers.add(false);

        vm.open(course, exercise(), Optional.empty()).get(60, TimeUnit.SECONDS);

        assertThat(vm.preparedProperty().get()).isFalse();
        assertThat(vm.noticeProperty().get().level()).isEqualTo(Notice.Level.WARNING);
        assertThat(vm.noticeProperty().get().text()).contains("You chose not to create StorageClass lab-fast")
                .contains("nothing of the setup of fast-disks was applied").contains("Press Reset to be asked again");
        assertThat(cluster().storage().v1().storageClasses().withName("lab-fast").get()).isNull();
        assertThat(cluster().namespaces().withName("fast-disks").get()).isNull();
    }

    @Test
    void theLearnerIsAskedWithEachObjectsKindNameAndPlaceAndYesHoldsUntilResetWhichRemovesItAndAsksAgain() throws Exception {
        answers.addAll(List.of(true, false));
        vm.open(course, exercise(), Optional.empty()).get(60, TimeUnit.SECONDS);
        assertThat(asked).containsExactly(List.of("StorageClass lab-fast @setup/objects.yaml:9"));
        assertThat(vm.preparedProperty().get()).isTrue();
        assertThat(cluster().storage().v1().storageClasses().withName("lab-fast").get()).isNotNull();
        assertThat(cluster().configMaps().inNamespace("fast-disks").withName("settings").get()).isNotNull();

        vm.apply("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: strict\n")
                .get(60, TimeUnit.SECONDS);
        assertThat(asked).as("Apply starts the exercise again without asking again").hasSize(1);

        Throwable resetError = vm.reset().handle((ok, error) -> error).get(60, TimeUnit.SECONDS);

        assertThat(asked).as("asked again after Reset").hasSize(2);
        assertThat(resetError).hasRootCauseInstanceOf(ClusterScopedConsent.Declined.class);
        assertThat(cluster().storage().v1().storageClasses().withName("lab-fast").get()).as("Reset removed it; the answer was no").isNull();
        assertThat(vm.noticeProperty().get().text()).contains("You chose not to create StorageClass lab-fast");
    }
}
