package orchlab.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import orchlab.engine.course.Exercise;
import orchlab.engine.exercise.ExerciseDriver.ApplyResult;
import orchlab.engine.exercise.ExerciseDriver.ExerciseTarget;
import orchlab.engine.exercise.ExerciseDriver.Step;
import orchlab.engine.exercise.KubernetesExerciseDriver;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which separate steps (the app's Build and Run buttons) an exercise offers, without a Docker engine. */
class DockerExerciseStepsTest {
    private final DockerExerciseDriver driver = new DockerExerciseDriver();

    @Test
    void anExerciseThatBuildsAndRunsOffersBuildThenRun() throws Exception {
        Exercise exercise = ExerciseFiles.read(Repo.root().resolve("exercises/docker-build-run"));

        assertThat(driver.steps(exercise)).containsExactly(Step.BUILD, Step.RUN);
    }

    @Test
    void aComposeExerciseOffersRunOnly(@TempDir Path dir) throws Exception {
        Exercise exercise = ExerciseFiles.withRecipe("shop", dir, "docker:\n  compose: {file: compose.yaml, project: shop}\n");

        assertThat(driver.steps(exercise)).containsExactly(Step.RUN);
    }

    @Test
    void aStepTheRecipeDoesNotHaveIsAnErrorResultWithoutTouchingTheEngine(@TempDir Path dir) throws Exception {
        Exercise exercise = ExerciseFiles.withRecipe("shop", dir, "docker:\n  compose: {file: compose.yaml, project: shop}\n");

        // the sandbox is never asked for: a missing step is answered before any engine call
        ApplyResult result = driver.applyStep(exercise, dir, new ExerciseTarget(null, "shop"), Step.BUILD, ProgressListener.NONE);

        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).containsExactly("exercise shop builds no image (its docker: section has no build:)");
    }

    @Test
    void kubernetesExercisesHaveOneApplyAndNoSeparateSteps(@TempDir Path dir) throws Exception {
        Exercise exercise = ExerciseFiles.withRecipe("k8s-deployment", dir, "docker: {}\n");
        KubernetesExerciseDriver kube = new KubernetesExerciseDriver();

        ApplyResult result = kube.applyStep(exercise, dir, new ExerciseTarget(null, "k8s-deployment"), Step.RUN, ProgressListener.NONE);

        assertThat(kube.steps(exercise)).isEmpty();
        assertThat(result.errors()).containsExactly("exercise k8s-deployment has no separate run step — apply it as a whole");
    }
}
