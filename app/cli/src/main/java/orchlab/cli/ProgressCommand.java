package orchlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import orchlab.engine.course.Course;
import orchlab.engine.progress.CourseProgress;
import orchlab.engine.progress.JsonFile;
import orchlab.engine.progress.ProgressExport;
import orchlab.engine.progress.ProgressStore;
import orchlab.engine.workspace.Workspaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lab progress export} — the current user's stored progress, for instructors. */
@Command(name = "progress", description = "The progress the app stored for you (one file per course under the lab's config folder).",
        subcommands = {ProgressCommand.Export.class})
public final class ProgressCommand {

    @Command(name = "export", description = "Write your progress in a course as JSON (status, attempts, last score and "
            + "results of every exercise) or JUnit XML (the last check of each exercise).%n"
            + "Exit 0 when written, 1 when the course cannot be loaded, 2 when the progress file cannot be read.")
    static final class Export implements Callable<Integer> {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Option(names = "--course", paramLabel = "DIR", description = "course folder or .zip (default: the built-in course)")
        Path course;
        @Option(names = "--out", paramLabel = "FILE", description = "write to this file (default: standard output)")
        Path outFile;
        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json (default) or junit")
        String output = "json";
        @Option(names = "--force", description = "replace --out even if it is not a regular file")
        boolean force;
        @Option(names = "--learner", paramLabel = "NAME", description = "the name instructors see (default: your user name)")
        String learner;

        Export(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String format = output.toLowerCase(Locale.ROOT);
            if (!format.equals("json") && !format.equals("junit")) {
                err.println("lab: -o must be json or junit, not '" + output + "'");
                return LabCommand.ERROR;
            }
            if (outFile != null) {
                Optional<String> refusal = OutputPaths.refusal(outFile, false, force);
                if (refusal.isPresent()) {
                    err.println("lab: " + refusal.get());
                    return LabCommand.ERROR;
                }
            }
            // stdout carries the export: course messages go to stderr
            Optional<Course> loaded = CourseCommand.load(context, course == null ? context.defaultCourse() : course, err, err, true);
            if (loaded.isEmpty()) {
                return LabCommand.FAILED;
            }
            Course c = loaded.get();
            ProgressStore store = new ProgressStore(context.dirs().progress(), context.clock());
            CourseProgress progress;
            try {
                Optional<CourseProgress> stored = store.read(c.id());
                if (stored.isEmpty()) {
                    err.println("No progress is stored for course " + c.id() + " yet (" + store.fileOf(c.id())
                            + "); every exercise is exported as not started.");
                }
                progress = stored.orElseGet(() -> CourseProgress.fresh(c.id(), context.clock().instant()));
            } catch (JsonFile.UnreadableFileException e) {
                err.println("lab: " + e.getMessage() + " Start the app once: it keeps the file as a backup and starts fresh.");
                return LabCommand.ERROR;
            }
            ProgressExport export = new ProgressExport(learner == null ? ProgressExport.defaultLearner() : learner, context.clock());
            String text = format.equals("json") ? export.json(progress, c) : export.junit(progress, Optional.of(c));
            if (outFile == null) {
                out.print(text);
            } else {
                Workspaces.writeAtomically(outFile, text);
                long done = c.exercises().keySet().stream().filter(id -> progress.exercise(id).done()).count();
                out.println("Wrote the progress of " + export.learner() + " in course " + c.id() + " (" + done + " of "
                        + c.exercises().size() + " exercises done) to " + outFile);
            }
            out.flush();
            return LabCommand.OK;
        }
    }
}
