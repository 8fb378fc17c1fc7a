package orchlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.List;
import orchlab.engine.Grader;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckReport;
import orchlab.engine.course.Durations;
import orchlab.engine.course.Exercise;
import orchlab.engine.report.ReportWriter;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lab check EXERCISE_ID} — run an exercise's checks against live state. */
@Command(name = "check", description = "Run an exercise's checks against the live sandbox and the workspace files.%n"
        + "Exit 0 when all pass, 1 when some fail, 2 on a usage, configuration or sandbox error.")
public final class CheckCommand implements Callable<Integer> {
    private final CliContext context;
    @Spec
    CommandSpec spec;
    @Mixin
    ExerciseArgs exerciseArgs;
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text (default), json or junit")
    String output = "text";
    @Option(names = "--timeout", paramLabel = "DURATION", description = "cap every check's wait (e.g. 2s); graders use a short one")
    String timeout;
    @Option(names = "--workspace", paramLabel = "DIR", description = "the learner's files: runs the workspace checks "
            + "(file, dockerfile...). Without it only live state is graded and workspace checks are listed as SKIP.")
    Path workspace;
    @Option(names = "--namespaces", split = ",", paramLabel = "NS", description = "grade the exercise in each of these "
            + "namespaces (a class: one learner per namespace), several at a time, live state only; one report per "
            + "namespace and a count of those that pass. Exit 0 when every namespace passes.")
    List<String> namespaces;

    /** How many namespaces are graded at the same time. */
    static final int PARALLEL_TARGETS = 4;

    public CheckCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReportWriter.Format format;
        try {
            format = ReportWriter.Format.parse(output);
        } catch (IllegalArgumentException e) {
            err.println("lab: -o must be text, json or junit, not '" + output + "'");
            return LabCommand.ERROR;
        }
        CheckEngine.RunOptions options = CheckEngine.RunOptions.DEFAULT;
        if (timeout != null) {
            Optional<Duration> cap = Durations.parse(timeout);
            if (cap.isEmpty()) {
                err.println("lab: --timeout must look like 30s, 2m or 500ms, not '" + timeout + "'");
                return LabCommand.ERROR;
            }
            options = CheckEngine.RunOptions.capped(cap.get());
        }
        // machine-readable output keeps stdout clean: course warnings go to stderr
        Optional<Exercise> exercise = exerciseArgs.find(context, format == ReportWriter.Format.TEXT ? out : err, err);
        if (exercise.isEmpty()) {
            return LabCommand.ERROR;
        }
        if (workspace != null && !java.nio.file.Files.isDirectory(workspace)) {
            err.println("lab: --workspace " + workspace + " is not a folder");
            return LabCommand.ERROR;
        }
        if (namespaces != null) {
            Optional<String> problem = namespacesProblem();
            if (problem.isPresent()) {
                err.println("lab: " + problem.get());
                return LabCommand.ERROR;
            }
        }
        List<String> graded = namespaces != null ? List.copyOf(namespaces) : List.of(exerciseArgs.namespaceOf(exercise.get()));
        try (Sandbox sandbox = exerciseArgs.open(context, exercise.get())) {
            // without --workspace, live state is graded however it got there; workspace checks are skipped
            List<Grader.Target> targets = graded.stream().map(ns -> new Grader.Target(exercise.get(), sandbox, ns,
                    Optional.ofNullable(workspace))).toList();
            List<CheckReport> reports = new Grader(context.lab(), PARALLEL_TARGETS).grade(targets, options);
            out.print(namespaces != null ? ReportWriter.writeTargets(graded, reports, format)
                    : ReportWriter.write(reports.get(0), format));
            out.flush();
            if (reports.stream().anyMatch(CheckReport::hasErrors)) {
                return LabCommand.ERROR;
            }
            return reports.stream().allMatch(CheckReport::passed) ? LabCommand.OK : LabCommand.FAILED;
        } catch (SandboxException e) {
            err.println("lab: " + e.getMessage());
            return LabCommand.ERROR;
        }
    }

    /** What is wrong with {@code --namespaces}, in one line. */
    private Optional<String> namespacesProblem() {
        if (exerciseArgs.namespace != null) {
            return Optional.of("-n grades one namespace and --namespaces several; give one of them, not both");
        }
        if (workspace != null) {
            return Optional.of("--workspace holds one learner's files; with --namespaces only live state is graded");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String ns : namespaces) {
            if (!ns.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                return Optional.of("--namespaces: '" + ns + "' is not a namespace name (lower-case letters, digits and '-', at most 63)");
            }
            if (!seen.add(ns)) {
                return Optional.of("--namespaces names '" + ns + "' twice");
            }
        }
        return Optional.empty();
    }
}
