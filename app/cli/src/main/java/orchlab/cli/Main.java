package orchlab.cli;

import picocli.CommandLine;

/** Entry point of the {@code lab} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(LabCommand.commandLine(new CliContext()).execute(args));
    }
}
