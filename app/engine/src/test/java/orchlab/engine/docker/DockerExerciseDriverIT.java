package orchlab.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Problem;
import orchlab.engine.course.Problems;
import orchlab.engine.exercise.ExerciseDriver;
import orchlab.engine.sandbox.DockerAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample exercise end to end, the way {@code lab course test} runs it: start; apply the starter — the
 * checks must fail; reset; apply the solution — every check must pass; reset — only the exercise's objects
 * are gone.
 */
class DockerExerciseDriverIT {
    static DockerTestEngine docker;
    static Exercise exercise;
    static Map<String, PreparedCheck> checks;
    static final ExerciseDriver driver = ServiceLoader.load(ExerciseDriver.class).stream().map(ServiceLoader.Provider::get)
            .filter(d -> d instanceof DockerExerciseDriver).findFirst().orElseThrow();

    @BeforeAll
    static void load() throws Exception {
        docker = DockerTestEngine.connect();
        docker.ensureStandIn("python:3.12-slim");
        exercise = ExerciseFiles.read(DockerTestEngine.repositoryRoot().resolve("exercises/docker-build-run"));
        CheckKinds kinds = CheckKinds.discover();
        Problems problems = new Problems();
        checks = new LinkedHashMap<>();
        for (CheckSpec spec : exercise.checks()) {
            CheckKind kind = kinds.find(spec.kind()).orElseThrow(() -> new AssertionError("no check kind " + spec.kind()));
            checks.put(spec.id(), kind.prepare(spec, problems));
        }
        assertThat(problems.asList()).extracting(Problem::format).isEmpty();
    }

    @AfterAll
    static void close() throws Exception {
        if (docker != null) {
            if (exercise != null) {
                driver.reset(exercise, target(), (f, m) -> { });
            }
            docker.close();
        }
    }

    static ExerciseDriver.ExerciseTarget target() {
        return new ExerciseDriver.ExerciseTarget(new FixedDockerSandbox(docker.access()), exercise.id());
    }

    private static Map<String, Outcome> runChecks(Path workspace, boolean wait) throws Exception {
        CheckContext context = new CheckContext(exercise, exercise.id(), workspace, java.util.Optional.empty(),
                java.util.Optional.of(docker.access()));
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (var e : checks.entrySet()) {
            outcomes.put(e.getKey(), wait && e.getValue().polls() ? Eventually.passes(e.getValue(), context) : e.getValue().attempt(context));
        }
        return outcomes;
    }

    @Test
    void theExercisesDockerSectionIsValid() throws Exception {
        Problems problems = new Problems();
        var doc = ExerciseFiles.doc(exercise.dir());
        driver.validate(doc.root().get("docker"), p -> doc.locate("/docker" + p), problems);

        assertThat(problems.asList()).isEmpty();
    }

    @Test
    void starterFailsEveryCheckAndSolutionPassesThemAllThenResetRemovesOnlyTheExercisesObjects() throws Exception {
        DockerAccess access = docker.access();
        String bystander = docker.container(docker.name("bystander"));
        access.client().createContainerCmd("python:3.12-slim").withName(bystander).exec();
        List<String> progress = Collections.synchronizedList(new ArrayList<>());

        driver.start(exercise, target(), (f, m) -> progress.add(m));
        driver.reset(exercise, target(), (f, m) -> { });

        // starter: the untagged FROM python cannot be pulled here (it may build where the Internet is reachable);
        // either way, every check must fail
        var starter = driver.apply(exercise, exercise.starterDir(), target(), (f, m) -> progress.add(m));
        Map<String, Outcome> starterOutcomes = runChecks(exercise.starterDir(), false);
        assertThat(starterOutcomes.values()).as(starterOutcomes.toString()).noneMatch(Outcome::passed);
        assertThat(starterOutcomes.get("dockerfile-rules").failures()).extracting(f -> f.path()).containsExactly(
                "Dockerfile:2 (DL3006)", "Dockerfile:5 (OL1001)", "Dockerfile:8 (DL3025)");
        if (!starter.ok()) {
            assertThat(starter.errors()).anySatisfy(e -> assertThat(e).startsWith("Dockerfile:2: the base image python is not on this machine"));
            assertThat(starter.errors()).contains("container hello-py not started: image orchlab/hello-py:1.0 did not build");
        }

        driver.reset(exercise, target(), (f, m) -> { });
        progress.clear();
        var solution = driver.apply(exercise, exercise.solutionDir(), target(), (f, m) -> progress.add(m));

        assertThat(solution.errors()).isEmpty();
        assertThat(solution.lines()).containsExactly("image orchlab/hello-py:1.0 built", "container hello-py started [8000->8000/tcp]");
        assertThat(progress).anyMatch(l -> l.startsWith("Step 1/") && l.endsWith(": FROM python:3.12-slim"));
        Map<String, Outcome> solutionOutcomes = runChecks(exercise.solutionDir(), true);
        assertThat(solutionOutcomes).allSatisfy((id, o) -> assertThat(o.passed()).as(id + ": " + o.message()).isTrue());
        assertThat(solutionOutcomes.get("answers").message()).isEqualTo("GET http://localhost:8000/ answered 200 with \"Hello from OrchLab!\"");

        driver.reset(exercise, target(), (f, m) -> { });

        assertThat(access.client().listContainersCmd().withShowAll(true).withNameFilter(List.of("hello-py")).exec()).isEmpty();
        assertThat(imageExists("orchlab/hello-py:1.0")).isFalse();
        assertThat(imageExists("python:3.12-slim")).isTrue();
        assertThat(access.client().listContainersCmd().withShowAll(true).withNameFilter(List.of(bystander)).exec()).hasSize(1);
        Map<String, Outcome> afterReset = runChecks(exercise.solutionDir(), false);
        assertThat(afterReset.get("running").notFound()).isTrue();
    }

    @Test
    void buildAndRunCanBeAppliedAsSeparateStepsAndTheBuildStreamsItsLog() throws Exception {
        driver.reset(exercise, target(), (f, m) -> { });
        List<String> progress = Collections.synchronizedList(new ArrayList<>());

        var runFirst = driver.applyStep(exercise, exercise.solutionDir(), target(), ExerciseDriver.Step.RUN, (f, m) -> progress.add(m));
        var build = driver.applyStep(exercise, exercise.solutionDir(), target(), ExerciseDriver.Step.BUILD, (f, m) -> progress.add(m));
        boolean containerAfterBuild = !docker.access().client().listContainersCmd().withShowAll(true)
                .withNameFilter(List.of("hello-py")).exec().isEmpty();
        var run = driver.applyStep(exercise, exercise.solutionDir(), target(), ExerciseDriver.Step.RUN, (f, m) -> progress.add(m));

        assertThat(runFirst.errors()).containsExactly("image orchlab/hello-py:1.0 does not exist on this machine — build it first");
        assertThat(build.errors()).isEmpty();
        assertThat(build.lines()).containsExactly("image orchlab/hello-py:1.0 built");
        assertThat(containerAfterBuild).as("the build step starts no container").isFalse();
        assertThat(progress).anyMatch(l -> l.startsWith("Step 1/") && l.endsWith(": FROM python:3.12-slim"))
                .anyMatch(l -> l.startsWith("Successfully tagged orchlab/hello-py:1.0"));
        assertThat(run.errors()).isEmpty();
        assertThat(run.lines()).containsExactly("container hello-py started [8000->8000/tcp]");
        assertThat(Eventually.passes(checks.get("answers"), context(exercise.solutionDir())).passed()).isTrue();

        driver.reset(exercise, target(), (f, m) -> { });
    }

    private static CheckContext context(Path workspace) {
        return new CheckContext(exercise, exercise.id(), workspace, java.util.Optional.empty(), java.util.Optional.of(docker.access()));
    }

    private static boolean imageExists(String tag) {
        try {
            docker.access().client().inspectImageCmd(tag).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
