package orchlab.desktop.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import orchlab.desktop.sandbox.SandboxService;
import orchlab.desktop.settings.Settings;
import orchlab.engine.Lab;
import orchlab.engine.LabDirs;
import orchlab.engine.check.CheckReport;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.exercise.ExerciseDriver.Step;
import orchlab.engine.sandbox.SandboxProvider;
import orchlab.engine.workspace.Workspaces;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker exercise's Build and Run buttons against the real engine (offline stand-in base images in CI):
 * the build streams its steps with real progress, Run starts the container, Check goes green; a long build
 * can be cancelled. Reset removes what the exercise created.
 */
class DockerStepsIT {
    @TempDir
    Path home;
    private ExecutorService background;
    private SandboxService sandboxes;
    private ExerciseViewModel vm;
    private Exercise python;
    private final java.util.List<Double> fractions = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void openTheDockerExercise() throws Exception {
        Lab lab = Lab.standard();
        LabDirs dirs = LabDirs.under(home);
        background = Executors.newCachedThreadPool();
        sandboxes = new SandboxService(lab.providers(), dirs, Settings::defaults, Map.of());
        SandboxProvider.Availability docker = sandboxes.probeDocker();
        Assumptions.assumeTrue(docker.available(), "no Docker engine here: " + docker.reason());
        vm = new ExerciseViewModel(lab, sandboxes, new Workspaces(dirs.workspaces()), new orchlab.desktop.FxThreadStandIn(), background,
                new ExerciseViewModel.Events() { });
        vm.busyProgressProperty().addListener((o, a, b) -> fractions.add(b.doubleValue()));
        Course course = lab.loadCourse(Repo.root()).course().orElseThrow();
        python = course.exercise("docker-build-run").orElseThrow();
        vm.open(course, python, Optional.empty()).get(60, TimeUnit.SECONDS);
        Assumptions.assumeTrue(vm.preparedProperty().get(), "Docker did not answer: " + vm.noticeProperty().get());
        Assumptions.assumeTrue(imagePresent("python:3.12-slim"),
                "python:3.12-slim is not on this machine (offline: build the stand-ins with assets/offline-images/build.sh)");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (vm != null && vm.exerciseProperty().get() != null && vm.preparedProperty().get()) {
            vm.reset().get(120, TimeUnit.SECONDS);
        }
        sandboxes.close();
        background.shutdownNow();
    }

    @Test
    void buildThenRunMakesEveryCheckGreen() throws Exception {
        assertThat(vm.steps()).containsExactly(Step.BUILD, Step.RUN);
        for (String file : vm.files()) {
            Path solution = python.solutionDir().resolve(file);
            if (Files.isRegularFile(solution)) {
                vm.save(file, Files.readString(solution));
            }
        }

        vm.applyStep(Step.BUILD).get(300, TimeUnit.SECONDS);

        assertThat(vm.noticeProperty().get().level()).as(vm.noticeProperty().get().text()).isEqualTo(Notice.Level.SUCCESS);
        assertThat(vm.outputProperty().get()).contains("Step 1/").contains("orchlab/hello-py:1.0");
        assertThat(fractions).anyMatch(f -> f > 0 && f < 1);

        vm.applyStep(Step.RUN).get(120, TimeUnit.SECONDS);
        CheckReport report = vm.check().get(120, TimeUnit.SECONDS);

        assertThat(report.passed()).as(vm.rows().stream().map(CheckRow::describe).toList().toString()).isTrue();
    }

    @Test
    void aLongBuildCanBeCancelled() throws Exception {
        vm.save("Dockerfile", "FROM python:3.12-slim\nRUN sleep 600\n");
        var build = vm.applyStep(Step.BUILD);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!vm.outputProperty().get().contains("sleep 600") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(vm.outputProperty().get()).contains("sleep 600");

        vm.cancel();

        assertThat(build).failsWithin(60, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (vm.busyProperty().get() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.noticeProperty().get().text()).contains("cancelled");
    }

    private boolean imagePresent(String image) {
        try {
            Process p = new ProcessBuilder("docker", "image", "inspect", image).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return sandboxes.current(SandboxKind.DOCKER).isPresent();
        }
    }
}
