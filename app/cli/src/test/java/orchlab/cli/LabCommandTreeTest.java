package orchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A process builds only the command it runs; help, version and typos still see every command. */
class LabCommandTreeTest {
    private static final String[] ALL = {"course", "check", "exercise", "sandbox", "progress", "helm", "istio", "daemon", "help"};

    @Test
    void aProcessThatRunsOneCommandBuildsOnlyThatCommand() {
        assertThat(LabCommand.commandLine(new CliContext(), "check", "ten-asserts").getSubcommands()).containsOnlyKeys("check");
        assertThat(LabCommand.commandLine(new CliContext(), "sandbox", "up").getSubcommands()).containsOnlyKeys("sandbox");
    }

    @Test
    void helpVersionAndUnknownWordsSeeEveryCommand() {
        for (String first : new String[] {"help", "--help", "-V", "chek"}) {
            assertThat(LabCommand.commandLine(new CliContext(), first).getSubcommands()).as(first).containsOnlyKeys(ALL);
        }
        assertThat(LabCommand.commandLine(new CliContext()).getSubcommands()).containsOnlyKeys(ALL);
    }

    @Test
    void aTypoIsAnsweredWithTheCommandItResembles() {
        CommandLine cl = LabCommand.commandLine(new CliContext(), "chek");
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));

        assertThat(cl.execute("chek")).isEqualTo(LabCommand.ERROR);
        assertThat(err.toString()).contains("Did you mean: lab check");
    }

    @Test
    void helpForOneCommandIsThatCommandsUsage() {
        CommandLine cl = LabCommand.commandLine(new CliContext(), "help", "check");
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));

        assertThat(cl.execute("help", "check")).isZero();
        assertThat(out.toString()).startsWith("Usage: lab check");
    }
}
