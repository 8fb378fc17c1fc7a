package orchlab.cli;

import orchlab.engine.check.cel.CelExpression;

/** Entry point of the {@code lab} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            // CEL expressions of a course read before are compiled when they are evaluated, not at every start
            CliContext context = new CliContext();
            CelExpression.rememberCompiledIn(context.dirs().cache().resolve("cel-known-good"));
            exit = LabCommand.commandLine(context, args).execute(args);
        } catch (Throwable e) {
            // never a stack trace for the user: one line, and where to look
            System.err.println("lab: internal error: " + e + " — please report it with the command you ran");
            exit = LabCommand.ERROR;
        }
        System.exit(exit);
    }
}
