package orchlab.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    public ApplyResult apply(Exercise exercise, Path fileOrDir, ExerciseTarget target, ProgressListener progress)
            throws SandboxException {
        Path dir = Files.isDirectory(fileOrDir) ? fileOrDir : fileOrDir.toAbsolutePath().getParent();
        DockerRecipe recipe = DockerRecipe.read(exercise.docker());
        Map<String, String> labels = LabLabels.forDockerExercise(exercise.id());
        List<String> lines = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (recipe.isEmpty()) {
            lines.add("nothing to build or run: this exercise has no docker: recipe, use the terminal");
            return new ApplyResult(lines, errors);
        }
        Set<String> failedImages = new HashSet<>();
        try (DockerWorkbench bench = new DockerWorkbench(access(target))) {
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
            for (DockerRecipe.Run run : recipe.runs()) {
                if (failedImages.contains(run.image())) {
                    errors.add("container " + run.name() + " not started: image " + run.image() + " did not build");
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add("apply was interrupted");
        }
        return new ApplyResult(lines, errors);
    }

    @Override
    public void reset(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        DockerRecipe recipe = DockerRecipe.read(exercise.docker());
        try (DockerWorkbench bench = new DockerWorkbench(access(target))) {
            List<String> removed = bench.removeExerciseObjects(exercise.id(), recipe, progress);
            progress.progress(1, removed.isEmpty() ? "Nothing to remove for " + exercise.id() : String.join("; ", removed));
        }
    }

    private static DockerAccess access(ExerciseTarget target) throws SandboxException {
        return target.sandbox().docker().orElseThrow(() -> new SandboxException(
                "this exercise needs Docker, and the open sandbox is not a Docker engine — start Docker Desktop or `sudo systemctl start docker`"));
    }
}
