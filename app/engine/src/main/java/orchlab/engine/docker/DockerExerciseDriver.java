package orchlab.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.exercise.ExerciseDriver;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.LabLabels;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.yaml.Location;

/**
 * Docker exercises: apply builds and runs what the exercise's {@code docker:} section says
 * (see {@link DockerRecipe}) from the applied directory — the learner's workspace, or {@code solution/}
 * in {@code lab course test} — and reset removes it again.
 *
 * <p>The app's Build and Run buttons use the two steps on their own ({@link #applyStep} with
 * {@link Step#BUILD} or {@link Step#RUN}, through {@code Lab.apply(..., step, progress)}); apply is both, in order.
 *
 * <p>A starter Dockerfile may not build at all (its mistakes can include an untagged base image that is
 * not on the machine). Then apply reports the build error, starts no container of that image, and the
 * live checks fail because nothing runs: that is the starter state {@code lab course test} checks.
 */
public final class DockerExerciseDriver implements ExerciseDriver {

    @Override
    public SandboxKind kind() {
        return SandboxKind.DOCKER;
    }

    @Override
    public void validate(JsonNode section, Function<String, Location> locate, Problems problems) {
        DockerRecipe.read(section, locate, problems);
    }

    @Override
    public void start(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        DockerAccess access = access(target);
        try {
            access.client().pingCmd().exec();
        } catch (RuntimeException e) {
            throw DockerWorkbench.unreachable(e);
        }
        progress.progress(1, "Docker engine ready for " + exercise.id());
    }

    @Override
    public List<Step> steps(Exercise exercise) {
        DockerRecipe recipe = DockerRecipe.read(exercise.docker());
        List<Step> steps = new ArrayList<>();
        if (!recipe.builds().isEmpty()) {
            steps.add(Step.BUILD);
        }
        if (!recipe.runs().isEmpty() || recipe.compose().isPresent()) {
            steps.add(Step.RUN);
        }
        return List.copyOf(steps);
    }

    /** Builds every image of the recipe, then runs its containers and Compose project (skipping containers whose image did not build). */
    @Override
    public ApplyResult apply(Exercise exercise, Path fileOrDir, ExerciseTarget target, ProgressListener progress)
            throws SandboxException {
        DockerRecipe recipe = DockerRecipe.read(exercise.docker());
        if (recipe.isEmpty()) {
            return new ApplyResult(List.of("nothing to build or run: this exercise has no docker: recipe, use the terminal"), List.of());
        }
        return applySteps(exercise, fileOrDir, target, EnumSet.allOf(Step.class), progress);
    }

    @Override
    public ApplyResult applyStep(Exercise exercise, Path fileOrDir, ExerciseTarget target, Step step, ProgressListener progress)
            throws SandboxException {
        if (!steps(exercise).contains(step)) {
            return new ApplyResult(List.of(), List.of(switch (step) {
                case BUILD -> "exercise " + exercise.id() + " builds no image (its docker: section has no build:)";
                case RUN -> "exercise " + exercise.id() + " runs no container (its docker: section has no run: or compose:)";
                case LINT, ROLLBACK -> "a Docker exercise has no " + step.name().toLowerCase(java.util.Locale.ROOT) + " step";
            }));
        }
        return applySteps(exercise, fileOrDir, target, EnumSet.of(step), progress);
    }

    private ApplyResult applySteps(Exercise exercise, Path fileOrDir, ExerciseTarget target, Set<Step> steps, ProgressListener progress)
            throws SandboxException {
        Path dir = Files.isDirectory(fileOrDir) ? fileOrDir : fileOrDir.toAbsolutePath().getParent();
        DockerRecipe recipe = DockerRecipe.read(exercise.docker());
        Map<String, String> labels = LabLabels.forDockerExercise(exercise.id());
        List<String> lines = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<String> failedImages = new HashSet<>();
        try (DockerWorkbench bench = new DockerWorkbench(access(target), orchlab.engine.exercise.CreatedObjects.of(target.stateDir(), access(target).dockerHost()))) {
            if (steps.contains(Step.BUILD)) {
                for (DockerRecipe.Build build : recipe.builds()) {
                    Path context = dir.resolve(build.context()).normalize();
                    Path dockerfile = context.resolve(build.dockerfile()).normalize();
                    DockerWorkbench.BuildResult result = bench.build(new DockerWorkbench.BuildRequest(context, dockerfile, build.tag(),
                            build.args(), build.target(), labels), progress);
                    String shown = dir.relativize(dockerfile).toString().replace('\\', '/');
                    if (result.ok()) {
                        lines.add("image " + build.tag() + " built");
                    } else {
                        failedImages.add(build.tag());
                        errors.add(shown + (result.errorLine() > 0 ? ":" + result.errorLine() : "") + ": " + result.error().orElseThrow());
                    }
                }
            }
            if (steps.contains(Step.RUN)) {
                for (DockerRecipe.Run run : recipe.runs()) {
                    if (failedImages.contains(run.image())) {
                        errors.add("container " + run.name() + " not started: image " + run.image() + " did not build");
                        continue;
                    }
                    List<String> refused = new ArrayList<>();
                    for (DockerRecipe.Mount m : run.volumes()) {
                        if (!m.isNamedVolume()) {
                            DockerConfinement.hostPathProblem(dir, m.source()).ifPresent(p -> refused.add("exercise.yaml: docker.run "
                                    + run.name() + ": volume " + p + " — the lab mounts only folders inside the workspace; container not started"));
                        }
                    }
                    if (!refused.isEmpty()) {
                        errors.addAll(refused);
                        continue;
                    }
                    List<DockerRecipe.Mount> mounts = run.volumes().stream()
                            .map(m -> m.isNamedVolume() ? m : new DockerRecipe.Mount(dir.resolve(m.source()).normalize().toAbsolutePath().toString(),
                                    m.target(), m.readOnly()))
                            .toList();
                    DockerWorkbench.RunResult result = bench.run(new DockerWorkbench.RunRequest(run.name(), run.image(), run.ports(),
                            run.env(), mounts, run.network(), run.command(), run.restart(), labels), progress);
                    if (result.ok()) {
                        lines.add("container " + run.name() + " started" + (run.ports().isEmpty() ? "" : " " + run.ports()));
                    } else {
                        errors.add(result.error().orElseThrow());
                    }
                }
                if (recipe.compose().isPresent()) {
                    ComposeCli.up(dir, recipe.compose().get(), access(target).dockerHost(), labels, progress, lines, errors);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add("apply was interrupted");
        }
        return new ApplyResult(lines, errors);
    }

    @Override
    public void reset(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        DockerRecipe recipe = DockerRecipe.read(exercise.docker());
        try (DockerWorkbench bench = new DockerWorkbench(access(target), orchlab.engine.exercise.CreatedObjects.of(target.stateDir(), access(target).dockerHost()))) {
            List<String> removed = bench.removeExerciseObjects(exercise.id(), recipe, progress);
            progress.progress(1, removed.isEmpty() ? "Nothing to remove for " + exercise.id() : String.join("; ", removed));
        }
    }

    private static DockerAccess access(ExerciseTarget target) throws SandboxException {
        return target.sandbox().docker().orElseThrow(() -> new SandboxException(
                "this exercise needs Docker, and the open sandbox is not a Docker engine — start Docker Desktop or `sudo systemctl start docker`"));
    }
}
