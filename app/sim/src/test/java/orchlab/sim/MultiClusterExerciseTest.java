package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.Lab;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckListener;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.course.Exercise;
import orchlab.engine.exercise.ExerciseDriver.ApplyResult;
import orchlab.engine.exercise.ExerciseDriver.ExerciseTarget;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * capstone-multicluster as the app runs it (ADR 0016): start, then Apply one file of the workspace at a time, then
 * Check — every step through the engine's {@link Lab}, as the desktop calls it.
 */
class MultiClusterExerciseTest {
    private static final Lab LAB = Lab.standard();

    @TempDir
    Path dir;

    private SimSandbox sandbox;
    private Exercise exercise;
    private ExerciseTarget target;

    @BeforeEach
    void open() throws Exception {
        exercise = CoursePart.load(LAB, dir.resolve("pack"), "capstone-multicluster").get(0);
        sandbox = (SimSandbox) new SimSandboxProvider().open(new SandboxOptions(Optional.empty(), Optional.empty(),
                Optional.empty(), dir.resolve("sim"), Map.of("podStartDelay", "0s")), ProgressListener.NONE);
        target = new ExerciseTarget(sandbox, exercise.namespace(), dir.resolve("state"), false);
        LAB.start(exercise, target, ProgressListener.NONE);
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    private CheckReport check() throws InterruptedException {
        return LAB.check(exercise, sandbox, exercise.namespace(), exercise.solutionDir(), CheckEngine.RunOptions.DEFAULT,
                CheckListener.NONE);
    }

    @Test
    void applyingEachClustersFileFromTheWorkspacePassesEveryCheck() throws Exception {
        ApplyResult east = LAB.apply(exercise, target.forLearnersFiles(), exercise.solutionDir().resolve("east/shop.yaml"),
                ProgressListener.NONE);
        ApplyResult west = LAB.apply(exercise, target.forLearnersFiles(), exercise.solutionDir().resolve("west/shop.yaml"),
                ProgressListener.NONE);

        assertThat(east.errors()).isEmpty();
        assertThat(east.lines()).allMatch(line -> line.startsWith("east: "));
        assertThat(west.errors()).isEmpty();
        assertThat(check().checks()).allMatch(result -> result instanceof CheckResult.Passed);
    }

    @Test
    void startingCreatesTheExercisesNamespaceInBothClusters() throws Exception {
        for (String cluster : exercise.clusters()) {
            assertThat(sandbox.cluster(cluster, exercise.clusters()).client().namespaces().withName(exercise.namespace()).get())
                    .as(cluster).isNotNull();
        }
    }

    @Test
    void onlyEastAppliedLeavesTheStandbyChecksFailingAndTheActiveOnesPassing() throws Exception {
        LAB.apply(exercise, target.forLearnersFiles(), exercise.solutionDir().resolve("east/shop.yaml"), ProgressListener.NONE);

        CheckReport report = check();

        assertThat(report.checks()).filteredOn(r -> r.id().startsWith("active-")).allMatch(r -> r instanceof CheckResult.Passed);
        assertThat(report.checks()).filteredOn(r -> r.id().startsWith("standby-")).noneMatch(r -> r instanceof CheckResult.Passed);
    }

    @Test
    void resetRemovesTheExerciseFromBothClusters() throws Exception {
        LAB.apply(exercise, target.forLearnersFiles(), exercise.solutionDir(), ProgressListener.NONE);

        LAB.reset(exercise, target, ProgressListener.NONE);

        for (String cluster : exercise.clusters()) {
            var client = sandbox.cluster(cluster, exercise.clusters()).client();
            assertThat(client.apps().deployments().inNamespace(exercise.namespace()).withName("shop").get()).as(cluster).isNull();
        }
    }

    @Test
    void aFileAtTheTopOfTheWorkspaceIsRefused() throws Exception {
        Path stray = Files.writeString(dir.resolve("shop.yaml"), Files.readString(exercise.solutionDir().resolve("east/shop.yaml")));

        ApplyResult result = LAB.apply(exercise, target.forLearnersFiles(), stray, ProgressListener.NONE);

        assertThat(result.errors()).singleElement().asString()
                .startsWith("shop.yaml: outside every cluster folder").endsWith("move it into east/ or west/");
    }
}
