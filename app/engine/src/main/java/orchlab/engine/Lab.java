package orchlab.engine;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.check.CheckListener;
import orchlab.engine.check.CheckReport;
import orchlab.engine.course.CourseLoader;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.LoadResult;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.exercise.ExerciseDriver;
import orchlab.engine.exercise.ExerciseDriver.ApplyResult;
import orchlab.engine.exercise.ExerciseDriver.ExerciseTarget;
import orchlab.engine.exercise.NoSandboxDriver;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxProviders;

/**
 * The engine's front door, used by the CLI and the desktop app alike: load a course, open a
 * sandbox, start / apply / check / reset an exercise. Built once in a composition root.
 */
public final class Lab {
    private final CourseLoader loader;
    private final CheckEngine checks;
    private final SandboxProviders providers;
    private final Map<SandboxKind, ExerciseDriver> drivers;

    public Lab(CourseLoader loader, CheckEngine checks, SandboxProviders providers, List<ExerciseDriver> drivers) {
        this.loader = loader;
        this.checks = checks;
        this.providers = providers;
        Map<SandboxKind, ExerciseDriver> map = new EnumMap<>(SandboxKind.class);
        for (ExerciseDriver driver : drivers) {
            map.putIfAbsent(driver.kind(), driver);
        }
        this.drivers = map;
    }

    /** Everything found on the class path: check kinds, drivers, sandbox providers. */
    public static Lab standard() {
        List<ExerciseDriver> drivers = ServiceLoader.load(ExerciseDriver.class, Lab.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();
        CheckKinds kinds = CheckKinds.discover();
        return new Lab(new CourseLoader(kinds, orchlab.engine.kind.ExerciseKinds.discover()), CheckEngine.create(kinds),
                SandboxProviders.discover(), drivers);
    }

    public LoadResult loadCourse(Path dirOrZip) {
        return loader.load(dirOrZip);
    }

    public SandboxProviders providers() {
        return providers;
    }

    public CheckEngine checkEngine() {
        return checks;
    }

    public Optional<ExerciseDriver> driver(SandboxKind kind) {
        return Optional.ofNullable(drivers.get(kind));
    }

    private ExerciseDriver requireDriver(Exercise exercise) throws SandboxException {
        Optional<SandboxKind> sandbox = exercise.kind().sandbox();
        if (sandbox.isEmpty()) {
            return NoSandboxDriver.INSTANCE;
        }
        return driver(sandbox.get()).map(d -> exercise.kind().driver(d))
                .map(d -> exercise.multiCluster() ? (ExerciseDriver) new orchlab.engine.exercise.ClusterFanOutDriver(d) : d)
                .orElseThrow(() -> new SandboxException(
                "this build of the lab cannot run " + exercise.kind().name() + " exercises"));
    }

    /** Prepares the sandbox for the exercise: namespace, labels, setup objects. */
    public void start(Exercise exercise, Sandbox sandbox, String namespace, ProgressListener progress) throws SandboxException {
        requireDriver(exercise).start(exercise, new ExerciseTarget(sandbox, namespace), progress);
    }

    /**
     * Applies one of the learner's workspace files, or every file of a folder, to the exercise's sandbox — into the
     * exercise's namespace only: a cluster-scoped object in the learner's own file is refused at its line
     * ({@link orchlab.engine.exercise.PackReach#clusterScopedInOwnFile}).
     */
    public ApplyResult apply(Exercise exercise, Sandbox sandbox, String namespace, Path fileOrDir, ProgressListener progress)
            throws SandboxException {
        return requireDriver(exercise).apply(exercise, fileOrDir, new ExerciseTarget(sandbox, namespace).forLearnersFiles(), progress);
    }

    /**
     * The steps the app may offer separately for this exercise, in order: {@code [BUILD, RUN]} for a Docker exercise
     * that builds an image and runs a container, empty for a Kubernetes exercise (one Apply).
     */
    public List<ExerciseDriver.Step> steps(Exercise exercise) {
        return exercise.kind().sandbox().flatMap(this::driver).map(d -> exercise.kind().driver(d).steps(exercise)).orElse(List.of());
    }

    /**
     * Runs one step of {@link #apply} only (the app's Build or Run button). Progress and, for a build, every log
     * line of the engine are streamed to {@code progress} as they arrive, on the calling thread's behalf.
     */
    public ApplyResult apply(Exercise exercise, Sandbox sandbox, String namespace, Path fileOrDir, ExerciseDriver.Step step,
                             ProgressListener progress) throws SandboxException {
        return requireDriver(exercise).applyStep(exercise, fileOrDir, new ExerciseTarget(sandbox, namespace), step, progress);
    }

    /** One step done with an option chosen among {@link #choices} (the app's Rollback to a revision). */
    public ApplyResult apply(Exercise exercise, Sandbox sandbox, String namespace, Path fileOrDir, ExerciseDriver.Step step,
                             String choice, ProgressListener progress) throws SandboxException {
        return requireDriver(exercise).applyStep(exercise, fileOrDir, new ExerciseTarget(sandbox, namespace), step, choice,
                progress);
    }

    /** The options of a step that needs a choice (the revisions a Helm release can roll back to, newest first). */
    public List<ExerciseDriver.StepChoice> choices(Exercise exercise, Sandbox sandbox, String namespace, ExerciseDriver.Step step)
            throws SandboxException {
        return requireDriver(exercise).choices(exercise, new ExerciseTarget(sandbox, namespace), step);
    }

    /**
     * {@link #start} with an explicit target: the lab's state folder (its record of created objects) and whether the
     * user agreed to the exercise's cluster-scoped objects ({@code --allow-cluster-scoped}, or the app's dialog).
     */
    public void start(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        requireDriver(exercise).start(exercise, target, progress);
    }

    /**
     * What {@link #start(Exercise, ExerciseTarget, ProgressListener)} would create cluster-wide in this target — the
     * setup's allowed cluster-scoped objects, and Istio's CustomResourceDefinitions when the exercise uses Istio's API
     * and the cluster does not serve it — so that the app can ask before starting (ADR 0009). Empty: nothing to ask.
     */
    public java.util.List<orchlab.engine.exercise.PackReach.ClusterObject> clusterScopedObjects(Exercise exercise, ExerciseTarget target)
            throws SandboxException {
        return requireDriver(exercise).clusterScopedObjects(exercise, target);
    }

    /** {@link #apply} with an explicit target (see {@link #start(Exercise, ExerciseTarget, ProgressListener)}). */
    public ApplyResult apply(Exercise exercise, ExerciseTarget target, Path fileOrDir, ProgressListener progress)
            throws SandboxException {
        return requireDriver(exercise).apply(exercise, fileOrDir, target, progress);
    }

    /** {@link #reset} with an explicit target (see {@link #start(Exercise, ExerciseTarget, ProgressListener)}). */
    public void reset(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        requireDriver(exercise).reset(exercise, target, progress);
    }

    /** Removes what the lab and the learner created for this exercise, nothing else. */
    public void reset(Exercise exercise, Sandbox sandbox, String namespace, ProgressListener progress) throws SandboxException {
        requireDriver(exercise).reset(exercise, new ExerciseTarget(sandbox, namespace), progress);
    }

    /** Runs every check of the exercise against the sandbox and the learner's workspace. */
    public CheckReport check(Exercise exercise, Sandbox sandbox, String namespace, Path workspace,
                             CheckEngine.RunOptions options, CheckListener listener) throws InterruptedException {
        return check(exercise, Optional.ofNullable(sandbox), namespace, workspace, options, listener);
    }

    /**
     * Runs every check of the exercise; {@code sandbox} is empty for an exercise whose kind needs none (a quiz), or
     * when none is open (checks that need one then report that they could not look).
     */
    public CheckReport check(Exercise exercise, Optional<Sandbox> sandbox, String namespace, Path workspace,
                             CheckEngine.RunOptions options, CheckListener listener) throws InterruptedException {
        CheckContext.Clusters clusters = sandbox.<CheckContext.Clusters>map(s -> name -> s.cluster(name, exercise.clusters()))
                .orElse(CheckContext.Clusters.NONE);
        CheckContext context = new CheckContext(exercise, namespace, workspace, sandbox.flatMap(Sandbox::kubernetes),
                sandbox.flatMap(Sandbox::docker), clusters);
        return checks.run(exercise, context, options, listener);
    }
}
