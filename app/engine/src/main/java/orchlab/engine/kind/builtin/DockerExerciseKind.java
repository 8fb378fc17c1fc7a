package orchlab.engine.kind.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.docker.DockerRecipe;
import orchlab.engine.kind.ExerciseKind;
import orchlab.engine.yaml.Location;

/** {@code kind: docker} (also {@code sandbox: docker}): the workspace is built and run on a Docker engine as {@code docker:} says. */
public final class DockerExerciseKind implements ExerciseKind {

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public String summary() {
        return "the learner writes a Dockerfile / Compose file; Build and Run follow the exercise's docker: recipe";
    }

    @Override
    public Optional<String> section() {
        return Optional.of("docker");
    }

    @Override
    public Set<SandboxKind> needs() {
        return Set.of(SandboxKind.DOCKER);
    }

    @Override
    public Workspace workspace() {
        return Workspace.FILES;
    }

    @Override
    public List<StepLabel> steps() {
        return List.of(new StepLabel("build", "Build", "Save the files and build the exercise's image (docker build), with its log in Output"),
                new StepLabel("run", "Run", "Start the exercise's containers from the images built"));
    }

    @Override
    public boolean appliesWorkspace() {
        return true;
    }

    @Override
    public String applying(String file) {
        return "Building and running";
    }

    @Override
    public String applied(String file) {
        return "Built and started: ";
    }

    @Override
    public String resetRemoves(Exercise exercise, String namespace) {
        return "the containers, images and volumes this exercise created (labelled orchlab.exercise=" + exercise.id()
                + ") are removed";
    }

    @Override
    public String resetDone(Exercise exercise, String namespace) {
        return "Starter files restored; the containers, images and volumes of this exercise were removed.";
    }

    @Override
    public String whereItRuns(Exercise exercise, String namespace) {
        return "Docker exercise · your Docker engine";
    }

    @Override
    public void validate(JsonNode section, Function<String, Location> locate, Problems problems) {
        if (!section.isMissingNode()) {
            DockerRecipe.read(section, locate, problems);
        }
    }
}
