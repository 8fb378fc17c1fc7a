package orchlab.cli;

/** Entry point of the {@code lab} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = LabCommand.commandLine(new CliContext()).execute(args);
        } catch (Throwable e) {
            // never a stack trace for the user: one line, and where to look
            System.err.println("lab: internal error: " + e + " — please report it with the command you ran");
            exit = LabCommand.ERROR;
        }
        System.exit(exit);
    }
}
