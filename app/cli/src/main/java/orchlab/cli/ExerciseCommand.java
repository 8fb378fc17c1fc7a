package orchlab.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import orchlab.engine.course.Exercise;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lab exercise start|reset}. */
@Command(name = "exercise", description = "Prepare or reset an exercise in a sandbox.",
        subcommands = {ExerciseCommand.Start.class, ExerciseCommand.Reset.class})
public final class ExerciseCommand {

    abstract static class Action implements Callable<Integer> {
        final CliContext context;
        @Spec
        CommandSpec spec;
        @Mixin
        ExerciseArgs args;

        Action(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Optional<Exercise> exercise = args.find(context, out, err);
            if (exercise.isEmpty()) {
                return LabCommand.ERROR;
            }
            try (Sandbox sandbox = args.open(context, exercise.get())) {
                String ns = args.namespaceOf(exercise.get());
                run(exercise.get(), sandbox, ns, out);
                out.flush();
                return LabCommand.OK;
            } catch (SandboxException e) {
                err.println("lab: " + e.getMessage());
                return LabCommand.ERROR;
            }
        }

        abstract void run(Exercise exercise, Sandbox sandbox, String namespace, PrintWriter out) throws SandboxException;
    }

    @Command(name = "start", description = "Create the exercise's namespace (labelled as the lab's) and apply its setup objects.")
    static final class Start extends Action {
        Start(CliContext context) {
            super(context);
        }

        @Override
        void run(Exercise exercise, Sandbox sandbox, String namespace, PrintWriter out) throws SandboxException {
            context.lab().start(exercise, args.target(context, sandbox, exercise), (f, m) -> { });
            out.println("Exercise " + exercise.id() + " is ready in namespace " + namespace + " (" + sandbox.description() + ")");
        }
    }

    @Command(name = "reset", description = "Delete what the lab created for the exercise (from its own record, by UID), and nothing else;"
            + " default, kube-* and namespaces the lab did not create are never deleted.")
    static final class Reset extends Action {
        Reset(CliContext context) {
            super(context);
        }

        @Override
        void run(Exercise exercise, Sandbox sandbox, String namespace, PrintWriter out) throws SandboxException {
            context.lab().reset(exercise, args.target(context, sandbox, exercise), (f, m) -> {
                if (f < 0 || m.contains(" kept") || m.contains(" deleted") || m.contains(" removed")) {
                    out.println("  " + m);
                }
            });
            out.println("Exercise " + exercise.id() + " was reset in namespace " + namespace);
        }
    }
}
