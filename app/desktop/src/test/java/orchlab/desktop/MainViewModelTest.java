package orchlab.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import orchlab.desktop.exercise.CheckRow;
import orchlab.desktop.navigator.NavItem;
import orchlab.engine.LabDirs;
import orchlab.engine.course.LoadResult;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's state without a window: opening the built-in course, coming back the next day to the
 * same exercise with the same files and marks, and a broken pack that lists its problems while the
 * app keeps working.
 */
class MainViewModelTest {
    @TempDir
    Path home;

    private AppContext context() {
        return new AppContext(LabDirs.under(home), Repo.root(), Map.of("podStartDelay", "0", "persist", "true"), Runnable::run);
    }

    @Test
    void firstStartOpensTheFirstLessonOfTheBuiltInCourseOnTheSimulatedCluster() throws Exception {
        try (AppContext app = context()) {
            MainViewModel vm = new MainViewModel(app);
            vm.updateSettings(vm.settingsProperty().get().withSandbox("sim", null, null));

            vm.start().get(60, TimeUnit.SECONDS);

            assertThat(vm.courseProperty().get().id()).isEqualTo("orchlab");
            assertThat(vm.lesson().lessonProperty().get().id()).isEqualTo(vm.courseProperty().get().lessons().get(0).id());
            assertThat(vm.status().kubernetesProperty().get().headline()).contains("containers do not really run");
            assertThat(vm.navigator().progressTextProperty().get()).isEqualTo("0 of " + vm.courseProperty().get().exercises().size() + " exercises done");
        }
    }

    @Test
    void comingBackTomorrowReopensTheSameExerciseWithItsFilesMarksAndLastResults() throws Exception {
        try (AppContext app = context()) {
            MainViewModel vm = new MainViewModel(app);
            vm.updateSettings(vm.settingsProperty().get().withSandbox("sim", null, null));
            vm.start().get(60, TimeUnit.SECONDS);
            vm.navigator().selectedProperty().set(vm.navigator().find(NavItem.Type.EXERCISE, "k8s-deployment").orElseThrow());
            String solution = Files.readString(vm.courseProperty().get().exercise("k8s-deployment").orElseThrow()
                    .solutionDir().resolve("deployment.yaml"));
            vm.exercise().apply("deployment.yaml", solution).get(60, TimeUnit.SECONDS);
            assertThat(vm.exercise().check().get(60, TimeUnit.SECONDS).passed()).isTrue();
            assertThat(vm.navigator().marks()).containsEntry("k8s-deployment", NavItem.Mark.DONE);
        }

        try (AppContext app = context()) {
            MainViewModel vm = new MainViewModel(app);
            vm.start().get(60, TimeUnit.SECONDS);

            assertThat(vm.exercise().exerciseProperty().get().id()).isEqualTo("k8s-deployment");
            assertThat(vm.lesson().lessonProperty().get().id()).isEqualTo("kubernetes/deployments");
            assertThat(vm.exercise().read("deployment.yaml")).contains("replicas: 3");
            assertThat(vm.navigator().marks()).containsEntry("k8s-deployment", NavItem.Mark.DONE);
            assertThat(vm.navigator().progressTextProperty().get()).isEqualTo("1 of " + vm.courseProperty().get().exercises().size() + " exercises done");
            assertThat(vm.exercise().rows()).extracting(CheckRow::state).containsOnly(CheckRow.State.PASSED);
        }
    }

    @Test
    void comingBackShowsTheFileTheLearnerHadOpenNotTheExercisesFirstFile() throws Exception {
        try (AppContext app = context()) {
            MainViewModel vm = new MainViewModel(app);
            vm.updateSettings(vm.settingsProperty().get().withSandbox("sim", null, null));
            vm.start().get(60, TimeUnit.SECONDS);
            vm.navigator().selectedProperty().set(vm.navigator().find(NavItem.Type.EXERCISE, "helm-chart").orElseThrow());
            assertThat(vm.exercise().preferredFile()).contains("my-app-chart/Chart.yaml");
            vm.exercise().selectFile("my-app-chart/values.yaml");
        }

        try (AppContext app = context()) {
            MainViewModel vm = new MainViewModel(app);
            vm.start().get(60, TimeUnit.SECONDS);

            assertThat(vm.exercise().exerciseProperty().get().id()).isEqualTo("helm-chart");
            assertThat(vm.exercise().preferredFile()).contains("my-app-chart/values.yaml");
        }
    }

    @Test
    void aBrokenPackListsItsProblemsWithFileAndLineAndTheCourseStaysUsable(@TempDir Path pack) throws Exception {
        Files.createDirectories(pack.resolve("lessons"));
        Files.writeString(pack.resolve("lessons/course.yaml"), """
                id: broken
                title: A broken pack
                version: 1.0.0
                modules:
                  - id: m
                    title: Module
                    lesons: [intro.md]
                """);
        try (AppContext app = context()) {
            MainViewModel vm = new MainViewModel(app);
            vm.updateSettings(vm.settingsProperty().get().withSandbox("sim", null, null));
            vm.start().get(60, TimeUnit.SECONDS);
            LoadResult result = vm.openCourse(pack).get(30, TimeUnit.SECONDS);

            assertThat(result.ok()).isFalse();
            assertThat(vm.problems()).isNotEmpty();
            assertThat(vm.problems().get(0).format()).contains("course.yaml:").contains("lesons");
            // what could be read is open: the pack's course, with the problems beside it
            assertThat(vm.courseProperty().get().id()).isEqualTo("broken");
            assertThat(vm.navigator().courseTitleProperty().get()).isEqualTo("A broken pack");
        }
    }

    @Test
    void aLessonIsShownBeforeItsExerciseIsOpenedWhichWaitsUntilTheLessonWasDrawn() throws Exception {
        try (AppContext app = context()) {
            MainViewModel vm = new MainViewModel(app);
            List<Runnable> afterDrawn = new ArrayList<>();
            vm.openExercisesAfter(afterDrawn::add);

            vm.openCourse(Repo.root()).get(60, TimeUnit.SECONDS);

            assertThat(vm.lesson().lessonProperty().get().id()).isEqualTo("foundations/why-containers");
            assertThat(vm.exercise().exerciseProperty().get()).isNull();
            assertThat(afterDrawn).hasSize(1);
            afterDrawn.remove(0).run();
            assertThat(vm.exercise().exerciseProperty().get().id()).isEqualTo("why-containers");
        }
    }

    @Test
    void anExerciseWaitingForItsLessonToBeDrawnIsNotOpenedOnceAnotherLessonWasPicked() throws Exception {
        try (AppContext app = context()) {
            MainViewModel vm = new MainViewModel(app);
            List<Runnable> afterDrawn = new ArrayList<>();
            vm.openExercisesAfter(afterDrawn::add);
            List<String> opened = new ArrayList<>();
            vm.exercise().exerciseProperty().addListener((o, a, ex) -> opened.add(ex == null ? null : ex.id()));
            vm.openCourse(Repo.root()).get(60, TimeUnit.SECONDS);

            vm.navigator().selectedProperty().set(vm.navigator().find(NavItem.Type.LESSON, "foundations/why-orchestration").orElseThrow());
            List.copyOf(afterDrawn).forEach(Runnable::run);

            assertThat(vm.lesson().lessonProperty().get().id()).isEqualTo("foundations/why-orchestration");
            assertThat(opened).containsExactly("why-orchestration");
        }
    }

    @Test
    void aCelMistakeTheFirstReadLeftForLaterStillReachesTheProblemsPanelAfterTheFullRead(@TempDir Path pack) throws Exception {
        Files.createDirectories(pack.resolve("lessons/m"));
        Files.writeString(pack.resolve("lessons/course.yaml"), """
                id: late-cel
                title: A pack with a CEL mistake
                version: 1.0.0
                modules:
                  - id: m
                    title: Module
                    lessons: [m/pods.md]
                """);
        Files.writeString(pack.resolve("lessons/m/pods.md"), "---\ntitle: Pods\nexercises: [ready-pod]\n---\n# Pods\n");
        Path exercise = Files.createDirectories(pack.resolve("exercises/ready-pod"));
        Files.writeString(exercise.resolve("exercise.yaml"), """
                id: ready-pod
                title: A Ready Pod
                sandbox: kubernetes
                description: Make my-pod Ready.
                checks:
                  - id: pod-ready
                    title: Pod my-pod is Ready
                    kind: cel
                    resource: {apiVersion: v1, kind: Pod, name: my-pod}
                    expr: object.status.phase ==
                    message: Pod my-pod is not Ready yet
                """);
        for (String dir : new String[] {"starter", "solution"}) {
            Files.createDirectories(exercise.resolve(dir));
            Files.copy(Repo.root().resolve("exercises/k8s-pod/" + dir + "/pod.yaml"), exercise.resolve(dir + "/pod.yaml"));
        }
        try (AppContext app = context()) {
            MainViewModel vm = new MainViewModel(app);
            vm.updateSettings(vm.settingsProperty().get().withSandbox("sim", null, null).withCourse(pack.toString()));

            LoadResult first = vm.preloadCompilingCelLater().get(60, TimeUnit.SECONDS);
            // the first read leaves the expression for later: the course, its lesson and its exercise open at once
            assertThat(first.problems()).isEmpty();
            assertThat(first.course().orElseThrow().exercise("ready-pod")).isPresent();

            vm.start().get(60, TimeUnit.SECONDS);

            assertThat(vm.courseProperty().get().id()).isEqualTo("late-cel");
            assertThat(vm.problems()).anySatisfy(p -> assertThat(p.format())
                    .contains("exercises/ready-pod/exercise.yaml:").contains("CEL expression does not compile"));
            assertThat(vm.navigator().isBroken(vm.navigator().find(NavItem.Type.EXERCISE, "ready-pod").orElseThrow())).isTrue();
        }
    }
}
