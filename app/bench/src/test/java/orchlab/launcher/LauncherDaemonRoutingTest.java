package orchlab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which commands {@code app/bin/lab} sends to the resident lab process ({@code lab_daemon_wanted} in
 * {@code app/bin/lib/daemon.sh}): short commands that read no input and end by themselves; everything else starts
 * its own JVM without the thin client in front; ORCHLAB_DAEMON=0 sends nothing, and so does CI (unless
 * ORCHLAB_DAEMON=1) while no resident process runs — one a CI job started with {@code lab daemon start} gets them.
 * {@code lab sandbox up} starts the resident process ahead, in the background ({@code lab_daemon_ahead}), and
 * {@code lab daemon status|start|stop} is answered by the client ({@code lab_daemon_verb}).
 */
class LauncherDaemonRoutingTest {
    private static final Path DAEMON_SH = repoRoot().resolve("app/bin/lib/daemon.sh");
    private static final Path EMPTY_HOME = emptyHome();

    private static Path emptyHome() {
        try {
            return Files.createTempDirectory("routing-empty-home");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-|check k8s-deployment --kubeconfig k|resident",
            "-|course validate pack|resident",
            "-|course validate|resident",
            "-|progress export -o json|resident",
            "-|istio analyze a.yaml|resident",
            "-|exercise start k8s-deployment|resident",
            "-|exercise reset k8s-deployment|resident",
            "-|sandbox list|resident",
            "-|sandbox up --type sim|own",
            "-|course test pack|own",
            "-|helm install web chart|own",
            "-|--help|own",
            "-|--version|own",
            "-|-|own",
            "ORCHLAB_DAEMON=0|check k8s-deployment|own",
            "CI=true|check k8s-deployment|own",
            "CI=1|course validate|own",
            "CI=false|check k8s-deployment|resident",
            "CI=true ORCHLAB_DAEMON=1|check k8s-deployment|resident",
    })
    void shortCommandsGoToTheResidentProcessUnlessTurnedOff(String settings, String command, String expected) throws Exception {
        List<String> args = command == null ? List.of() : List.of(command.split(" "));
        assertThat(wanted(settings == null ? "" : settings, args) ? "resident" : "own").isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "CI=true|check k8s-deployment|resident",
            "CI=1|course validate|resident",
            "CI=true|sandbox up --type sim|own",
            "CI=true|course test pack|own",
            "CI=true ORCHLAB_DAEMON=0|check k8s-deployment|own",
    })
    void onCiShortCommandsGoToAResidentProcessTheJobStarted(String settings, String command, String expected) throws Exception {
        Path state = Files.createTempDirectory("routing-home");
        Path folder = Files.createDirectories(state.resolve("state/daemons/some-build"));
        try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listening.bind(UnixDomainSocketAddress.of(folder.resolve("socket")));
            List<String> args = List.of(command.split(" "));
            assertThat(call("lab_daemon_wanted", settings + " ORCHLAB_HOME=" + state, args) ? "resident" : "own").isEqualTo(expected);
        } finally {
            Files.deleteIfExists(folder.resolve("socket"));
        }
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-|sandbox up --type sim|starts it ahead",
            "-|sandbox up --type sim --kubeconfig-out k --persist|starts it ahead",
            "-|sandbox up --help|nothing",
            "-|sandbox up -h|nothing",
            "-|sandbox list|nothing",
            "-|check k8s-deployment|nothing",
            "-|course test pack|nothing",
            "-|-|nothing",
            "ORCHLAB_DAEMON=0|sandbox up --type sim|nothing",
            "CI=true|sandbox up --type sim|nothing",
            "CI=true ORCHLAB_DAEMON=1|sandbox up --type sim|starts it ahead",
    })
    void sandboxUpStartsTheResidentProcessAheadUnlessTurnedOff(String settings, String command, String expected) throws Exception {
        List<String> args = command == null ? List.of() : List.of(command.split(" "));
        assertThat(call("lab_daemon_ahead", settings == null ? "" : settings, args) ? "starts it ahead" : "nothing")
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "daemon|client",
            "daemon status|client",
            "daemon start|client",
            "daemon stop|client",
            "daemon --help|lab",
            "daemon stat|lab",
            "daemon stop now|lab",
            "check x|lab",
    })
    void daemonVerbsAreAnsweredByTheClientAndItsHelpByTheLab(String command, String expected) throws Exception {
        assertThat(call("lab_daemon_verb", "ORCHLAB_DAEMON=0", List.of(command.split(" "))) ? "client" : "lab").isEqualTo(expected);
    }

    private static boolean wanted(String settings, List<String> args) throws Exception {
        return call("lab_daemon_wanted", settings, args);
    }

    private static boolean call(String function, String settings, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", ". \"$1\"; shift; " + function + " \"$@\"", "route",
                DAEMON_SH.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("CI");
        pb.environment().remove("ORCHLAB_DAEMON");
        pb.environment().remove("XDG_STATE_HOME");
        // a state folder of its own, with no resident process in it, unless the settings name one
        pb.environment().put("ORCHLAB_HOME", EMPTY_HOME.toString());
        for (String pair : settings.split(" ")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                pb.environment().putAll(Map.of(kv[0], kv[1]));
            }
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("the routing prints nothing").isEmpty();
        return p.exitValue() == 0;
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("app/bin/lib/daemon.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("app/bin/lib/daemon.sh not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
