package orchlab.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import orchlab.cli.client.DaemonControl;
import orchlab.cli.client.LabClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lab daemon status|start|stop}: the resident lab processes that short commands ({@code check}, {@code course
 * validate}, ...) run in (app/docs/startup.md). {@code app/bin/lab} answers this in its thin client; this command
 * gives the same answer when the lab runs as a plain process ({@code java -jar lab.jar daemon status}).
 */
@Command(name = "daemon", mixinStandardHelpOptions = true, description = {"Show, start or stop the resident lab processes (one per build) that run short "
        + "commands such as check and course validate without starting a JVM each time.",
        "start: starts this build's resident process now, before the first command, and prints its pid (nothing is "
                + "started when one runs already); it then runs one check against a server of its own, so that the first "
                + "real `lab check` is as fast as later ones. `lab sandbox up` starts it too.",
        "They exit after 30 minutes without a command (ORCHLAB_DAEMON_IDLE=seconds) and when the lab is rebuilt; "
                + "ORCHLAB_DAEMON=0 turns them off, and so does CI unless ORCHLAB_DAEMON=1."})
public final class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(arity = "0..1", paramLabel = "status|start|stop", description = "status (default), start or stop")
    String verb = "status";

    @Override
    public Integer call() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DaemonControl.run(setup(), System.getenv(), List.of(verb),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        spec.commandLine().getOut().print(out.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().print(err.toString(StandardCharsets.UTF_8));
        spec.commandLine().getErr().flush();
        return exit;
    }

    /** The launcher's client says which jar it serves; a plain {@code java -jar lab.jar daemon start} serves this jar. */
    private static LabClient.Setup setup() {
        if (System.getProperty("orchlab.jar") == null) {
            try {
                java.nio.file.Path self = java.nio.file.Path.of(DaemonCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (java.nio.file.Files.isRegularFile(self)) {
                    System.setProperty("orchlab.jar", self.toString());
                }
            } catch (java.net.URISyntaxException | RuntimeException e) {
                // status and stop need no jar
            }
        }
        return LabClient.Setup.fromSystemProperties();
    }
}
