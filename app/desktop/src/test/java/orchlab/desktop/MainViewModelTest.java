package orchlab.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
