package orchlab.desktop.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.collections.ListChangeListener;
import orchlab.desktop.Manifests;
import orchlab.desktop.sandbox.SandboxService;
import orchlab.desktop.settings.Settings;
import orchlab.engine.Lab;
import orchlab.engine.LabDirs;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.Ticker;
import orchlab.engine.course.Course;
import orchlab.engine.course.CourseLoader;
import orchlab.engine.course.Exercise;
import orchlab.engine.exercise.ExerciseDriver;
import orchlab.engine.kind.ExerciseKinds;
import orchlab.engine.sandbox.SandboxProviders;
import orchlab.engine.workspace.Workspaces;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apply stays usable while a check waits: the learner who reads "waiting — fewer than 3 Pods … are Ready yet" next to
 * "spec.replicas: expected 3, found 2" fixes the file and applies at once. The waiting check stops (it was looking at the state before) and Check runs again
 * on what was applied. No timing: the check engine's clock holds every waiting check until it is interrupted.
 */
class ApplyWhileCheckWaitsTest {
    private static final int CHECKS = 5;
    @TempDir
    Path home;
    private ExecutorService background;
    private ExecutorService checkThreads;
    private SandboxService sandboxes;
    private ExerciseViewModel vm;
    private Exercise deployments;
    private final HeldClock clock = new HeldClock();
    private final CompletableFuture<CheckReport> recorded = new CompletableFuture<>();
    private int reports;

    /** The engine's clock: a check that would wait sleeps until it is interrupted, until {@link #release()}. */
    private static final class HeldClock implements Ticker {
        private volatile boolean held = true;
        final CountDownLatch someoneWaits = new CountDownLatch(1);

        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (held) {
                someoneWaits.countDown();
                new CountDownLatch(1).await();
            }
            Ticker.system().sleep(duration);
        }

        void release() {
            held = false;
        }
    }

    @BeforeEach
    void openTheDeploymentsExerciseWithTheReplicasWrong() throws Exception {
        CheckKinds kinds = CheckKinds.discover();
        List<ExerciseDriver> drivers = ServiceLoader.load(ExerciseDriver.class, Lab.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();
        // as many engine threads as the exercise has checks (asserted below): a stopped check that kept its thread
        // would starve the next
        checkThreads = Executors.newFixedThreadPool(CHECKS);
        Lab lab = new Lab(new CourseLoader(kinds, ExerciseKinds.discover()), new CheckEngine(kinds, clock, checkThreads),
                SandboxProviders.discover(), drivers);
        Course course = lab.loadCourse(Repo.root()).course().orElseThrow();
        deployments = course.exercise("k8s-deployment").orElseThrow();
        assertThat(deployments.checks()).hasSize(CHECKS);
        LabDirs dirs = LabDirs.under(home);
        background = Executors.newCachedThreadPool();
        sandboxes = new SandboxService(lab.providers(), dirs, () -> Settings.defaults().withSandbox("sim", null, null),
                // Pods stay ContainerCreating: the Pods row waits (something is still starting) whatever the machine's speed
                Map.of("podStartDelay", "600s"));
        vm = new ExerciseViewModel(lab, sandboxes, new Workspaces(dirs.workspaces()), new orchlab.desktop.FxThreadStandIn(), background,
                new ExerciseViewModel.Events() {
                    @Override
                    public void checked(Exercise exercise, CheckReport report) {
                        reports++;
                        recorded.complete(report);
                    }
                });
        vm.open(course, deployments, java.util.Optional.empty()).get(30, TimeUnit.SECONDS);
        vm.apply("deployment.yaml", Manifests.deployment(2)).get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        sandboxes.close();
        background.shutdownNow();
        checkThreads.shutdownNow();
    }

    /**
     * Runs Check and returns once the Pods row waits (its Pods are still starting), while the replicas row has
     * already failed on the field.
     */
    private CompletableFuture<CheckReport> checkUntilThePodsRowWaits() throws Exception {
        CompletableFuture<CheckRow> waitingRow = new CompletableFuture<>();
        ListChangeListener<CheckRow> watch = c -> vm.rows().stream()
                .filter(r -> r.id().equals("pods-ready") && r.message().startsWith("waiting")).findFirst()
                .ifPresent(waitingRow::complete);
        vm.rows().addListener(watch);
        CompletableFuture<CheckReport> first = vm.check();
        CheckRow row = waitingRow.get(30, TimeUnit.SECONDS);
        vm.rows().removeListener(watch);
        assertThat(row.state()).isEqualTo(CheckRow.State.RUNNING);
        assertThat(row.message()).contains("fewer than 3 Pods labelled app=my-app are Ready yet");
        assertThat(vm.checkingProperty().get()).isTrue();
        return first;
    }

    @Test
    void applyingAFixWhileTheCheckWaitsStopsItAndChecksAgainOnWhatWasApplied() throws Exception {
        CompletableFuture<CheckReport> first = checkUntilThePodsRowWaits();
        clock.release();

        // the check that runs again gives up on the Pods (they never start here) after a second
        vm.setRunOptions(CheckEngine.RunOptions.capped(Duration.ofSeconds(1)));
        CompletableFuture<?> applied = vm.apply("deployment.yaml", Manifests.deployment(3));

        assertThat(vm.checkingProperty().get()).as("the waiting check stopped").isFalse();
        Throwable stopped = first.handle((report, error) -> error).get(30, TimeUnit.SECONDS);
        assertThat(stopped).as("the first check ended without a report").isNotNull();
        assertThat(ExerciseViewModel.reason(stopped)).isEqualTo("Check stopped");
        applied.get(30, TimeUnit.SECONDS);
        CheckReport again = recorded.get(60, TimeUnit.SECONDS);
        assertThat(again.checks()).filteredOn(c -> c.id().equals("three-replicas"))
                .singleElement().as("the check that ran again saw replicas: 3").isInstanceOf(orchlab.engine.check.CheckResult.Passed.class);
        assertThat(vm.rows()).filteredOn(r -> r.id().equals("three-replicas")).extracting(CheckRow::state).containsExactly(CheckRow.State.PASSED);
        assertThat(reports).as("the stopped check recorded nothing").isEqualTo(1);
    }

    @Test
    void anApplyRefusedWhileTheCheckWaitsSaysWhyAndLeavesNoStaleRows() throws Exception {
        checkUntilThePodsRowWaits();

        vm.apply("deployment.yaml", Manifests.deployment(2).replace("replicas: 2", "replica: 3")).get(30, TimeUnit.SECONDS);

        assertThat(vm.noticeProperty().get().level()).isEqualTo(Notice.Level.ERROR);
        assertThat(vm.noticeProperty().get().text()).startsWith("deployment.yaml:6:3:").contains("unknown field \"replica\"");
        assertThat(vm.rows()).extracting(CheckRow::state).containsOnly(CheckRow.State.NOT_CHECKED);
        assertThat(vm.checkingProperty().get()).isFalse();
        assertThat(recorded).isNotDone();
    }
}
