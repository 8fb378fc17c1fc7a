package orchlab.engine;

import orchlab.engine.workspace.Workspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.WrongAnswers;
import orchlab.engine.check.WrongAnswers.WrongAnswer;
import orchlab.engine.course.Problems;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.exercise.ExerciseDriver.ApplyResult;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;

/**
 * {@code lab course test}: for every exercise, prepare it, check that the starter state
 * <em>fails</em>, apply the reference solution and check that it <em>passes</em>, then apply each wrong answer
 * ({@code wrong/<name>/}, see {@link WrongAnswers}) after setup and check that it <em>fails as declared</em>,
 * resetting between them.
 * This is how instructors test a pack in CI.
 */
public final class CourseTester {
    /** The starter is expected to fail; its checks need not wait long to show it. */
    public static final Duration STARTER_CAP = Duration.ofSeconds(1);

    private final Lab lab;
    private final Grader grader;
    private final Path stateDir;
    private final boolean allowClusterScoped;

    /** A tester that refuses every cluster-scoped object (the lab's state folder from the environment). */
    public CourseTester(Lab lab) {
        this(lab, LabDirs.fromEnvironment().state(), false);
    }

    /**
     * @param stateDir           the lab's state folder, where it records what it created (Reset deletes from that record)
     * @param allowClusterScoped the user agreed that setups and solutions may create the allowed cluster-scoped objects
     *                           ({@code lab course test --allow-cluster-scoped}); each reset removes them again
     */
    public CourseTester(Lab lab, Path stateDir, boolean allowClusterScoped) {
        this.lab = lab;
        this.grader = new Grader(lab, 1);
        this.stateDir = stateDir;
        this.allowClusterScoped = allowClusterScoped;
    }

    private orchlab.engine.exercise.ExerciseDriver.ExerciseTarget target(Sandbox sandbox, String ns) {
        return new orchlab.engine.exercise.ExerciseDriver.ExerciseTarget(sandbox, ns, stateDir, allowClusterScoped);
    }

    /** Grades one state with its files as the workspace, through the same grader as {@code lab check}. */
    private CheckReport check(Exercise exercise, Sandbox sandbox, String ns, Path workspace, CheckEngine.RunOptions options)
            throws InterruptedException {
        return grader.grade(List.of(new Grader.Target(exercise, sandbox, ns, Optional.of(workspace))), options).get(0);
    }

    /**
     * @param kubernetes sandbox for Kubernetes exercises, if any
     * @param docker     sandbox for Docker exercises, if any
     * @param solutionCap caps the solution checks' waits (empty: each check's own timeout)
     */
    public List<ExerciseOutcome> test(Course course, Optional<Sandbox> kubernetes, Optional<Sandbox> docker,
                                      Optional<String> only, Optional<Duration> solutionCap, Listener listener)
            throws InterruptedException {
        return test(course, kubernetes, docker, only.map(Set::of).orElse(Set.of()), solutionCap, listener);
    }

    /**
     * @param only the exercises to test, in the course's order (empty: every exercise)
     */
    public List<ExerciseOutcome> test(Course course, Optional<Sandbox> kubernetes, Optional<Sandbox> docker,
                                      Set<String> only, Optional<Duration> solutionCap, Listener listener)
            throws InterruptedException {
        List<ExerciseOutcome> outcomes = new ArrayList<>();
        for (Exercise exercise : course.exercises().values()) {
            if (!only.isEmpty() && !only.contains(exercise.id())) {
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
            lab.reset(exercise, target(sandbox, ns), ProgressListener.NONE);
            listener.step(exercise, "applying setup");
            lab.start(exercise, target(sandbox, ns), ProgressListener.NONE);
            listener.step(exercise, "checking the starter (it should fail)");
            CheckReport starter = check(exercise, sandbox, ns, exercise.starterDir(), CheckEngine.RunOptions.capped(STARTER_CAP));
            listener.step(exercise, "applying the solution");
            ApplyResult applied = lab.apply(exercise, target(sandbox, ns), exercise.solutionDir(), (f, m) -> listener.step(exercise, m));
            if (!applied.ok()) {
                return new ExerciseOutcome(exercise.id(), Verdict.MISMATCH, Optional.of(starter), Optional.empty(),
                        "the solution could not be applied: " + String.join("; ", applied.errors()));
            }
            listener.step(exercise, "checking the solution (it should pass)");
            CheckEngine.RunOptions options = solutionCap.map(CheckEngine.RunOptions::capped).orElse(CheckEngine.RunOptions.DEFAULT);
            CheckReport solution = check(exercise, sandbox, ns, exercise.solutionDir(), options);
            lab.reset(exercise, target(sandbox, ns), ProgressListener.NONE);
            List<WrongOutcome> wrong = new ArrayList<>();
            for (WrongAnswer answer : WrongAnswers.read(exercise, new Problems(), p -> p.toString())) {
                wrong.add(testWrong(exercise, sandbox, ns, answer, options, listener));
            }
            for (WrongAnswer answer : WrongAnswers.readRight(exercise, new Problems(), p -> p.toString())) {
                wrong.add(testWrong(exercise, sandbox, ns, answer, options, listener));
            }
            return judge(exercise.id(), starter, solution).withWrong(wrong);
        } catch (SandboxException e) {
            return new ExerciseOutcome(exercise.id(), Verdict.ERROR, Optional.empty(), Optional.empty(), e.getMessage());
        }
    }

    /** Setup, apply the wrong answer, check: the exercise must fail, with the declared checks and fields. Reset after. */
    private WrongOutcome testWrong(Exercise exercise, Sandbox sandbox, String ns, WrongAnswer answer,
                                   CheckEngine.RunOptions options, Listener listener) throws InterruptedException, SandboxException {
        Path staged = null;
        try {
            listener.step(exercise, "applying " + answer.label() + (answer.right() ? " (it should pass)" : " (it should fail)"));
            lab.start(exercise, target(sandbox, ns), ProgressListener.NONE);
            staged = answer.stage(Files.createTempDirectory("orchlab-wrong-"));
            ApplyResult applied = lab.apply(exercise, target(sandbox, ns), staged, ProgressListener.NONE);
            if (!applied.ok()) {
                String refusal = String.join("; ", applied.errors());
                if (answer.mustBeRejected() && refusal.contains(answer.rejected())) {
                    return new WrongOutcome(answer, Optional.empty(), true, "rejected: " + refusal);
                }
                return new WrongOutcome(answer, Optional.empty(), false, "could not be applied: " + refusal
                        + (answer.mustBeRejected() ? " (expected a refusal containing \"" + answer.rejected() + "\")" : ""));
            }
            if (answer.mustBeRejected()) {
                return new WrongOutcome(answer, Optional.empty(), false, "was applied, expected the lab to refuse it with \""
                        + answer.rejected() + "\"");
            }
            CheckReport report = check(exercise, sandbox, ns, staged, options);
            return answer.right() ? judgeRight(answer, report) : judgeWrong(answer, report);
        } catch (java.io.IOException e) {
            return new WrongOutcome(answer, Optional.empty(), false, "cannot copy its files: " + e.getMessage());
        } finally {
            lab.reset(exercise, target(sandbox, ns), ProgressListener.NONE);
            if (staged != null) {
                Workspaces.deleteQuietly(staged);
            }
        }
    }

    /** An equivalent right answer must pass every check, like the solution. */
    static WrongOutcome judgeRight(WrongAnswer answer, CheckReport report) {
        if (report.passed()) {
            return new WrongOutcome(answer, Optional.of(report), true, "passes like the solution");
        }
        List<String> problems = new ArrayList<>();
        for (CheckResult c : report.checks()) {
            boolean refusing = c.match(passed -> false, failed -> true, notFound -> true, couldNotLook -> true,
                    skipped -> false);
            if (refusing) {
                problems.add(c.id() + " " + verdictOf(c) + ": " + firstProblem(c));
            }
        }
        return new WrongOutcome(answer, Optional.of(report), false, "an equivalent right answer is refused: " + String.join("; ", problems));
    }

    static WrongOutcome judgeWrong(WrongAnswer answer, CheckReport report) {
        List<String> problems = new ArrayList<>();
        couldNotLook(report, problems);
        if (report.passed()) {
            problems.add("the wrong answer passes every check (" + answer.why() + ")");
        }
        List<String> seen = new ArrayList<>();
        for (String id : answer.fail()) {
            Optional<CheckResult> check = report.checks().stream().filter(c -> c.id().equals(id)).findFirst();
            if (check.isEmpty()) {
                problems.add("no check '" + id + "' ran");
                continue;
            }
            // failed as declared: the object differs or is missing; anything else is not the failure the fixture expects
            Optional<List<FieldFailure>> failing = check.get().match(passed -> Optional.empty(),
                    failed -> Optional.of(failed.failures()), notFound -> Optional.of(notFound.failures()),
                    couldNotLook -> Optional.empty(), skipped -> Optional.empty());
            if (failing.isEmpty()) {
                problems.add(id + " " + verdictOf(check.get()) + ", expected to fail");
            } else {
                failing.get().forEach(f -> seen.add(f.path()));
            }
        }
        for (String field : answer.fields()) {
            // "web-1: status.phase" from a selection, "(-f values-prod.yaml) spec.replicas" from a render per values
            if (seen.stream().noneMatch(p -> p.equals(field) || p.endsWith(": " + field) || p.endsWith(") " + field))) {
                problems.add(field + " is not among the failing fields of " + String.join(", ", answer.fail())
                        + (seen.isEmpty() ? " (none)" : " (" + String.join(", ", seen) + ")"));
            }
        }
        if (!problems.isEmpty()) {
            return new WrongOutcome(answer, Optional.of(report), false, String.join("; ", problems));
        }
        StringBuilder detail = new StringBuilder();
        for (String id : answer.fail()) {
            CheckResult c = report.checks().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
            detail.append(detail.length() == 0 ? "" : "; ").append(id).append(" failed: ").append(firstProblem(c));
        }
        return new WrongOutcome(answer, Optional.of(report), true, detail.toString());
    }

    /** How a row names a check's case: {@code passed}, {@code failed}, {@code error} (could not look), {@code skipped}. */
    private static String verdictOf(CheckResult c) {
        return c.match(passed -> "passed", failed -> "failed", notFound -> "failed", couldNotLook -> "error",
                skipped -> "skipped");
    }

    /** The first failing field, else the check's sentence. */
    private static String firstProblem(CheckResult c) {
        return c.failures().isEmpty() ? c.message() : c.failures().get(0).describe();
    }

    /** A check that could not look makes the row an error, not a verdict on the exercise. */
    private static void couldNotLook(CheckReport report, List<String> problems) {
        report.checks().stream().filter(c -> c instanceof CheckResult.CouldNotLook)
                .forEach(c -> problems.add("check " + c.id() + " could not run: " + c.message()));
    }

    /** One wrong answer's row: it failed as declared ({@code ok}), or how it did not. */
    public record WrongOutcome(WrongAnswer answer, Optional<CheckReport> report, boolean ok, String detail) {
    }

    static ExerciseOutcome judge(String id, CheckReport starter, CheckReport solution) {
        List<String> problems = new ArrayList<>();
        if (starter.hasErrors() || solution.hasErrors()) {
            couldNotLook(starter, problems);
            couldNotLook(solution, problems);
            return new ExerciseOutcome(id, Verdict.ERROR, Optional.of(starter), Optional.of(solution), String.join("; ", problems));
        }
        if (starter.passed()) {
            problems.add("the starter already passes every check — the exercise asks nothing of the learner");
        }
        for (CheckResult c : solution.checks()) {
            if (!(c instanceof CheckResult.Passed)) {
                problems.add("solution fails check " + c.id() + ": " + c.message()
                        + (c.failures().isEmpty() ? "" : " (" + c.failures().get(0).describe() + ")"));
            }
        }
        return new ExerciseOutcome(id, problems.isEmpty() ? Verdict.OK : Verdict.MISMATCH, Optional.of(starter),
                Optional.of(solution), String.join("; ", problems));
    }

    /** OK: starter fails and solution passes. */
    public enum Verdict { OK, MISMATCH, ERROR, SKIPPED }

    /**
     * One exercise's lines in the {@code lab course test} table: starter and solution, then one per wrong answer.
     * A wrong answer that passes, or does not fail as its expect.yaml declares, makes the verdict MISMATCH.
     */
    public record ExerciseOutcome(String exercise, Verdict verdict, Optional<CheckReport> starter,
                                  Optional<CheckReport> solution, String detail, List<WrongOutcome> wrong) {
        public ExerciseOutcome {
            wrong = List.copyOf(wrong);
        }

        public ExerciseOutcome(String exercise, Verdict verdict, Optional<CheckReport> starter,
                               Optional<CheckReport> solution, String detail) {
            this(exercise, verdict, starter, solution, detail, List.of());
        }

        static ExerciseOutcome skipped(String id, String why) {
            return new ExerciseOutcome(id, Verdict.SKIPPED, Optional.empty(), Optional.empty(), why);
        }

        ExerciseOutcome withWrong(List<WrongOutcome> outcomes) {
            Verdict v = verdict == Verdict.OK && outcomes.stream().anyMatch(w -> !w.ok()) ? Verdict.MISMATCH : verdict;
            String d = v != verdict ? outcomes.stream().filter(w -> !w.ok()).map(w -> w.answer().label() + ": " + w.detail())
                    .reduce((a, b) -> a + "; " + b).orElse("") : detail;
            return new ExerciseOutcome(exercise, v, starter, solution, d, outcomes);
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
