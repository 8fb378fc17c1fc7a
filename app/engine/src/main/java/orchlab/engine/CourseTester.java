package orchlab.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckListener;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.exercise.ExerciseDriver.ApplyResult;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;

/**
 * {@code lab course test}: for every exercise, prepare it, check that the starter state
 * <em>fails</em>, apply the reference solution and check that it <em>passes</em>, then clean up.
 * This is how instructors test a pack in CI.
 */
public final class CourseTester {
    /** The starter is expected to fail; its checks need not wait long to show it. */
    public static final Duration STARTER_CAP = Duration.ofSeconds(1);

    private final Lab lab;

    public CourseTester(Lab lab) {
        this.lab = lab;
    }

    /**
     * @param kubernetes sandbox for Kubernetes exercises, if any
     * @param docker     sandbox for Docker exercises, if any
     * @param solutionCap caps the solution checks' waits (empty: each check's own timeout)
     */
    public List<ExerciseOutcome> test(Course course, Optional<Sandbox> kubernetes, Optional<Sandbox> docker,
                                      Optional<String> only, Optional<Duration> solutionCap, Listener listener)
            throws InterruptedException {
        List<ExerciseOutcome> outcomes = new ArrayList<>();
        for (Exercise exercise : course.exercises().values()) {
            if (only.isPresent() && !only.get().equals(exercise.id())) {
                continue;
            }
            Map<SandboxKind, Optional<Sandbox>> open = Map.of(SandboxKind.KUBERNETES, kubernetes, SandboxKind.DOCKER, docker);
            Optional<SandboxKind> needed = exercise.kind().sandbox();
            Optional<Sandbox> sandbox = needed.flatMap(open::get);
            ExerciseOutcome outcome;
            if (needed.isPresent() && sandbox.isEmpty()) {
                outcome = ExerciseOutcome.skipped(exercise.id(), "no " + needed.get().id() + " sandbox available");
            } else {
                outcome = testOne(exercise, sandbox.orElse(null), solutionCap, listener);
            }
            listener.finished(outcome);
            outcomes.add(outcome);
        }
        return outcomes;
    }

    private ExerciseOutcome testOne(Exercise exercise, Sandbox sandbox, Optional<Duration> solutionCap, Listener listener)
            throws InterruptedException {
        String ns = exercise.namespace();
        try {
            listener.step(exercise, "resetting");
            lab.reset(exercise, sandbox, ns, ProgressListener.NONE);
            listener.step(exercise, "applying setup");
            lab.start(exercise, sandbox, ns, ProgressListener.NONE);
            listener.step(exercise, "checking the starter (it should fail)");
            CheckReport starter = lab.check(exercise, sandbox, ns, exercise.starterDir(),
                    CheckEngine.RunOptions.capped(STARTER_CAP), CheckListener.NONE);
            listener.step(exercise, "applying the solution");
            ApplyResult applied = lab.apply(exercise, sandbox, ns, exercise.solutionDir(), (f, m) -> listener.step(exercise, m));
            if (!applied.ok()) {
                return new ExerciseOutcome(exercise.id(), Verdict.MISMATCH, Optional.of(starter), Optional.empty(),
                        "the solution could not be applied: " + String.join("; ", applied.errors()));
            }
            listener.step(exercise, "checking the solution (it should pass)");
            CheckReport solution = lab.check(exercise, sandbox, ns, exercise.solutionDir(),
                    solutionCap.map(CheckEngine.RunOptions::capped).orElse(CheckEngine.RunOptions.DEFAULT), CheckListener.NONE);
            lab.reset(exercise, sandbox, ns, ProgressListener.NONE);
            return judge(exercise.id(), starter, solution);
        } catch (SandboxException e) {
            return new ExerciseOutcome(exercise.id(), Verdict.ERROR, Optional.empty(), Optional.empty(), e.getMessage());
        }
    }

    static ExerciseOutcome judge(String id, CheckReport starter, CheckReport solution) {
        List<String> problems = new ArrayList<>();
        if (starter.hasErrors() || solution.hasErrors()) {
            for (CheckReport r : List.of(starter, solution)) {
                r.checks().stream().filter(c -> c.status() == CheckResult.Status.ERROR)
                        .forEach(c -> problems.add("check " + c.id() + " could not run: " + c.message()));
            }
            return new ExerciseOutcome(id, Verdict.ERROR, Optional.of(starter), Optional.of(solution), String.join("; ", problems));
        }
        if (starter.passed()) {
            problems.add("the starter already passes every check — the exercise asks nothing of the learner");
        }
        for (CheckResult c : solution.checks()) {
            if (!c.passed()) {
                problems.add("solution fails check " + c.id() + ": " + c.message()
                        + (c.failures().isEmpty() ? "" : " (" + c.failures().get(0).describe() + ")"));
            }
        }
        return new ExerciseOutcome(id, problems.isEmpty() ? Verdict.OK : Verdict.MISMATCH, Optional.of(starter),
                Optional.of(solution), String.join("; ", problems));
    }

    /** OK: starter fails and solution passes. */
    public enum Verdict { OK, MISMATCH, ERROR, SKIPPED }

    /** One exercise's line in the {@code lab course test} table. */
    public record ExerciseOutcome(String exercise, Verdict verdict, Optional<CheckReport> starter,
                                  Optional<CheckReport> solution, String detail) {
        static ExerciseOutcome skipped(String id, String why) {
            return new ExerciseOutcome(id, Verdict.SKIPPED, Optional.empty(), Optional.empty(), why);
        }
    }

    /** Progress of a course test. */
    public interface Listener {
        Listener NONE = new Listener() { };

        default void step(Exercise exercise, String what) {
        }

        default void finished(ExerciseOutcome outcome) {
        }
    }
}
