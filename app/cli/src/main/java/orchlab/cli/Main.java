package orchlab.cli;

import java.io.PrintWriter;
import orchlab.engine.check.cel.CelExpression;
import picocli.CommandLine;

/** Entry point of the {@code lab} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(new CliContext(), args, null, null, System.console() != null));
    }

    /**
     * Runs one {@code lab} command and returns its exit code: in this process ({@code out} and {@code err} null: the
     * process's own streams) or for the resident process ({@code orchlab.cli.daemon.LabDaemon}), which gives each
     * command its own streams, current folder and whether the client writes to a terminal.
     */
    public static int execute(CliContext context, String[] args, PrintWriter out, PrintWriter err, boolean terminal) {
        try {
            // CEL expressions of a course read before are compiled when they are evaluated, not at every start
            CelExpression.rememberCompiledIn(context.dirs().cache().resolve("cel-known-good"));
            CommandLine cl = LabCommand.commandLine(context, args);
            if (out != null) {
                cl.setOut(out);
                cl.setErr(err);
                // picocli decides colours by System.console(), which a resident process has not: the client's answer
                cl.setColorScheme(CommandLine.Help.defaultColorScheme(colours(terminal) ? CommandLine.Help.Ansi.ON
                        : CommandLine.Help.Ansi.OFF));
            }
            return cl.execute(args);
        } catch (Throwable e) {
            // never a stack trace for the user: one line, and where to look
            String line = "lab: internal error: " + e + " — please report it with the command you ran";
            if (err != null) {
                err.println(line);
                err.flush();
            } else {
                System.err.println(line);
            }
            return LabCommand.ERROR;
        }
    }

    /** picocli's documented heuristic (NO_COLOR, CLICOLOR_FORCE, CLICOLOR, a terminal) for a client's terminal. */
    static boolean colours(boolean terminal) {
        String property = System.getProperty("picocli.ansi");
        if (property != null && !property.equalsIgnoreCase("tty")) {
            return Boolean.parseBoolean(property);
        }
        if (System.getenv("NO_COLOR") != null) {
            return false;
        }
        String force = System.getenv("CLICOLOR_FORCE");
        if (force != null && !force.equals("0")) {
            return true;
        }
        return terminal && !"0".equals(System.getenv("CLICOLOR"));
    }
}
