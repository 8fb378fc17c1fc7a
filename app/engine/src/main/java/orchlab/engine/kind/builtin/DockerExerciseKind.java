package orchlab.engine.kind.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.stream.Stream;
import orchlab.engine.check.WrongAnswers;
import orchlab.engine.course.PackFiles;
import orchlab.engine.docker.DockerConfinement;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;
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

    /**
     * The Compose file of {@code docker.compose} in every folder the lab may run it from — {@code starter/},
     * {@code solution/}, {@code wrong/<name>/}, {@code right/<name>/} — under the rules apply enforces
     * ({@link DockerConfinement}): privileged, cap_add, devices, host namespaces, host paths, security options... are
     * refused at their line when the pack loads, not only when someone presses Run.
     */
    @Override
    public void validateFiles(Path folder, JsonNode section, PackFiles files, Problems problems) {
        if (section == null || section.isMissingNode() || !section.has("compose")) {
            return;
        }
        Optional<DockerRecipe.Compose> compose;
        try {
            compose = DockerRecipe.read(section).compose();
        } catch (RuntimeException e) {
            return; // a broken section was reported by validate()
        }
        if (compose.isEmpty() || compose.get().file().contains("..") || Path.of(compose.get().file()).isAbsolute()) {
            return;
        }
        List<Path> dirs = new ArrayList<>(List.of(folder.resolve("starter"), folder.resolve("solution")));
        for (String answers : List.of(WrongAnswers.FOLDER, WrongAnswers.RIGHT_FOLDER)) {
            try (Stream<Path> list = Files.list(folder.resolve(answers))) {
                list.filter(Files::isDirectory).sorted().forEach(dirs::add);
            } catch (IOException e) {
                // no answers of this sort
            }
        }
        for (Path dir : dirs) {
            Path file = dir.resolve(compose.get().file());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Optional<String> text = files.readText(file, files.locationOf(file), problems);
            if (text.isEmpty()) {
                continue;
            }
            try {
                for (DockerConfinement.Refusal refusal : DockerConfinement.composeRefusals(dir, YamlDoc.parse(files.display(file), text.get()))) {
                    problems.error(refusal.at(), refusal.message(), "remove it — the lab refuses to run a Compose file that asks for this (see What a pack may and may not do in app/docs/course-format.md)");
                }
            } catch (YamlSyntaxException e) {
                problems.error(e.location(), e.getMessage());
            }
        }
    }
}
