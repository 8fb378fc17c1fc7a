package orchlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import orchlab.engine.CourseTester;
import orchlab.engine.CourseTester.ExerciseOutcome;
import orchlab.engine.CourseTester.Verdict;
import orchlab.engine.course.Course;
import orchlab.engine.course.Durations;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.LoadResult;
import orchlab.engine.course.Problem;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;
import orchlab.engine.sandbox.SandboxProviders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab course validate|test}. */
@Command(name = "course", description = "Validate or test a course (the built-in one, or an instructor's pack).",
        subcommands = {CourseCommand.Validate.class, CourseCommand.Test.class})
public final class CourseCommand {

    /** Loads a course and prints its problems; empty when it cannot be used at all. */
    static Optional<Course> load(CliContext context, Path dir, PrintWriter out, PrintWriter err, boolean quietWhenOk) {
        LoadResult result = context.lab().loadCourse(dir);
        for (Problem problem : result.problems()) {
            (problem.isError() ? err : out).println(problem.format());
        }
        long errors = result.problems().stream().filter(Problem::isError).count();
        long warnings = result.problems().size() - errors;
        if (!result.ok()) {
            err.println(errors + (errors == 1 ? " error" : " errors") + ", " + warnings
                    + (warnings == 1 ? " warning" : " warnings") + " in " + dir);
            return Optional.empty();
        }
        if (!quietWhenOk || warnings > 0) {
            Course course = result.course().orElseThrow();
            out.println("Course " + course.id() + " " + course.version() + " is valid: " + count(course.modules().size(), "module")
                    + ", " + count(course.lessons().size(), "lesson") + ", " + count(course.exercises().size(), "exercise")
                    + (warnings > 0 ? " (" + warnings + (warnings == 1 ? " warning" : " warnings") + ")" : ""));
        }
        return result.course();
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    @Command(name = "validate", description = "Check a course folder or .zip pack and list every problem with file:line.%n"
            + "Exit 0 when valid, 1 when there are errors.")
    static final class Validate implements Callable<Integer> {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "0..1", paramLabel = "DIR", description = "course folder or .zip (default: the built-in course)")
        Path dir;

        Validate(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Path target = dir == null ? context.defaultCourse() : dir;
            PrintWriter out = spec.commandLine().getOut();
            Optional<Course> course = load(context, target, out, spec.commandLine().getErr(), false);
            out.flush();
            return course.isPresent() ? LabCommand.OK : LabCommand.FAILED;
        }
    }

    @Command(name = "test", description = "For every exercise: apply setup, check that the starter FAILS, apply the "
            + "reference solution, check that it PASSES, apply each wrong/<name>/ answer and check that it FAILS as its "
            + "expect.yaml declares, clean up. Exit 1 on any mismatch.")
    static final class Test implements Callable<Integer> {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "0..1", paramLabel = "DIR", description = "course folder or .zip (default: the built-in course)")
        Path dir;
        @Option(names = "--sandbox", paramLabel = "TYPE", description = "Kubernetes sandbox: auto (k3s if possible, else sim), sim, k3s or kubeconfig. Default: auto, or kubeconfig when --kubeconfig is given.")
        String sandbox;
        @Option(names = "--exercise", paramLabel = "ID", description = "test only this exercise (repeat it for several)")
        List<String> exercises = new ArrayList<>();
        @Option(names = "--timeout", paramLabel = "DURATION", description = "cap every check's wait for the solution (e.g. 30s)")
        String timeout;
        @Option(names = "--allow-cluster-scoped", description = "let setups and solutions create the cluster-scoped objects a pack may"
                + " ask for (CustomResourceDefinition, IngressClass, StorageClass); every reset removes them again")
        boolean allowClusterScoped;
        @Mixin
        SandboxArgs sandboxArgs;

        Test(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Optional<Duration> cap = Optional.empty();
            if (timeout != null) {
                cap = Durations.parse(timeout);
                if (cap.isEmpty()) {
                    err.println("lab: --timeout must look like 30s, 2m or 500ms, not '" + timeout + "'");
                    return LabCommand.ERROR;
                }
            }
            Optional<Course> loaded = load(context, dir == null ? context.defaultCourse() : dir, out, err, true);
            if (loaded.isEmpty()) {
                return LabCommand.FAILED;
            }
            Course course = loaded.get();
            for (String exercise : exercises) {
                if (course.exercise(exercise).isEmpty()) {
                    err.println("lab: no exercise '" + exercise + "' in course " + course.id());
                    return LabCommand.ERROR;
                }
            }
            boolean needsKube = needs(course, SandboxKind.KUBERNETES);
            boolean needsDocker = needs(course, SandboxKind.DOCKER);
            Optional<Sandbox> kube = Optional.empty();
            Optional<Sandbox> docker = Optional.empty();
            try {
                if (needsKube) {
                    kube = Optional.of(openKubernetes(out, course));
                }
                if (needsDocker) {
                    try {
                        docker = sandboxArgs.openDocker(context.lab().providers(), context.dirs(), (f, m) -> { });
                        docker.ifPresent(d -> out.println("Docker sandbox: " + d.description()));
                    } catch (SandboxException e) {
                        out.println("Docker exercises will be skipped: " + e.getMessage());
                    }
                }
                out.flush();
                List<ExerciseOutcome> outcomes = new CourseTester(context.lab(), context.dirs().state(), allowClusterScoped).test(course, kube, docker,
                        Set.copyOf(exercises), cap, new CourseTester.Listener() {
                            @Override
                            public void step(Exercise ex, String what) {
                                err.println("  " + ex.id() + ": " + what);
                                err.flush();
                            }
                        });
                printTable(outcomes, out);
                boolean bad = outcomes.stream().anyMatch(o -> o.verdict() == Verdict.MISMATCH || o.verdict() == Verdict.ERROR);
                return bad ? LabCommand.FAILED : LabCommand.OK;
            } catch (SandboxException e) {
                err.println("lab: " + e.getMessage());
                return LabCommand.ERROR;
            } finally {
                kube.ifPresent(Sandbox::close);
                docker.ifPresent(Sandbox::close);
            }
        }

        private boolean needs(Course course, SandboxKind kind) {
            return course.exercises().values().stream()
                    .anyMatch(e -> e.kind().needs().contains(kind) && (exercises.isEmpty() || exercises.contains(e.id())));
        }

        /**
         * How long a Pod spends in ContainerCreating on the simulated cluster of a course test (the sim's
         * {@code podStartDelay}, 2 s by default so that a learner sees Pods start). Timed per fixture, that delay was
         * nearly all of a course test's time: every fixture's checks waited ~2.2 s for its Pods to become ready. Short
         * but not zero, so that the checks still meet Pods that are starting and must wait for them (a verdict never
         * depends on how long that takes); other sandboxes ignore the setting.
         */
        static final String COURSE_TEST_POD_START_DELAY = "200ms";

        private Sandbox openKubernetes(PrintWriter out, Course course) throws SandboxException {
            SandboxProviders providers = context.lab().providers();
            String type = sandbox != null ? sandbox : sandboxArgs.kubeconfig != null || sandboxArgs.context != null ? "kubeconfig" : "auto";
            SandboxOptions options = sandboxArgs.options(context.dirs(), "course-test")
                    .with("podStartDelay", COURSE_TEST_POD_START_DELAY);
            java.nio.file.Path images = course.root().resolve("sim-images.yaml");
            if (java.nio.file.Files.isRegularFile(images)) {
                options = options.with("images", images.toString()); // the pack's images for the simulated registry
            }
            SandboxProvider provider;
            if (type.equals("auto")) {
                SandboxProviders.Choice choice = providers.chooseDefault(SandboxKind.KUBERNETES, options);
                provider = choice.provider().orElseThrow(() -> new SandboxException(
                        "no Kubernetes sandbox can start here (" + choice.whyNotBetter() + ") — pass --kubeconfig"));
                if (!choice.whyNotBetter().isEmpty()) {
                    out.println("Using the " + provider.type() + " sandbox (" + choice.whyNotBetter() + ")");
                }
            } else {
                provider = providers.find(type).orElseThrow(() -> new SandboxException(
                        "unknown sandbox type '" + type + "' (available: " + String.join(", ", providers.types()) + ")"));
            }
            Sandbox opened = provider.open(options, (f, m) -> { });
            out.println("Kubernetes sandbox: " + opened.description());
            return opened;
        }

        static void printTable(List<ExerciseOutcome> outcomes, PrintWriter out) {
            int width = Math.max(8, outcomes.stream().mapToInt(o -> o.exercise().length()).max().orElse(8));
            String format = "%-" + width + "s  %-14s  %-14s  %s%n";
            out.printf(format, "EXERCISE", "STARTER", "SOLUTION", "RESULT");
            int ok = 0;
            int bad = 0;
            int skipped = 0;
            for (ExerciseOutcome o : outcomes) {
                String starter = o.starter().map(r -> (r.passed() ? "passes " : "fails ") + r.score()).orElse("-");
                String solution = o.solution().map(r -> (r.passed() ? "passes " : "fails ") + r.score()).orElse("-");
                String result = switch (o.verdict()) {
                    case OK -> "ok";
                    case MISMATCH -> "MISMATCH: " + o.detail();
                    case ERROR -> "ERROR: " + o.detail();
                    case SKIPPED -> "skipped: " + o.detail();
                };
                out.printf(format, o.exercise(), starter, solution, result);
                for (CourseTester.WrongOutcome w : o.wrong()) {
                    String got = w.report().map(r -> (r.passed() ? "passes " : "fails ") + r.score()).orElse("-");
                    out.printf(format, o.exercise(), w.answer().label(), got, (w.ok() ? "ok  " : "MISMATCH: ") + w.detail());
                }
                switch (o.verdict()) {
                    case OK -> ok++;
                    case SKIPPED -> skipped++;
                    default -> bad++;
                }
            }
            out.println(ok + " ok, " + bad + " failed, " + skipped + " skipped");
            out.flush();
        }
    }
}
