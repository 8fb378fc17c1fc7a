package orchlab.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab daemon stop} against a stand-in resident process (a socket that answers "stopping" as {@code LabDaemon}
 * does) whose pid file names this test's own JVM — a process that surely does not exit. The wait for its exit is
 * injected: no test waits for real time, and this JVM is never asked to end (stop sends no signal).
 */
class DaemonControlStopTest {
    @TempDir
    Path dir;
    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Duration> waits = new ArrayList<>();
    private ServerSocketChannel server;
    private Thread standIn;
    private final long pid = ProcessHandle.current().pid();

    @BeforeEach
    void residentProcessThatAnswersStop() throws Exception {
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        DaemonHome home = DaemonHome.of(DaemonHome.root(env, System.getProperty("user.home")).orElseThrow(), "build-key");
        Files.createDirectories(home.dir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(home.dir().resolve("daemon.pid"), Long.toString(pid), StandardCharsets.US_ASCII);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(home.socket()));
        standIn = new Thread(() -> {
            try (SocketChannel c = server.accept()) {
                Wire.Request request = Wire.Request.decode(Wire.read(c).payload());
                if (request.verb().equals("stop")) {
                    Wire.write(c, Wire.TEXT, ("stopping (pid " + pid + ")").getBytes(StandardCharsets.UTF_8));
                }
                Wire.write(c, Wire.EXIT, Wire.exitPayload(0));
            } catch (IOException closed) {
                // the test is over
            }
        }, "stand-in-resident");
        standIn.start();
    }

    @AfterEach
    void close() throws Exception {
        server.close();
        standIn.join();
        Thread.interrupted(); // never leave the flag to the next test
    }

    private int stop(DaemonControl.ExitWait wait) {
        return DaemonControl.run(env, List.of("stop"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), (process, within) -> {
                    waits.add(within);
                    return wait.exited(process, within);
                });
    }

    @Test
    void aResidentProcessStillRunningTenSecondsAfterStopIsReportedNotStoppedWithItsPidAndWhatToDo() {
        int exit = stop((process, within) -> false);

        assertThat(exit).isEqualTo(1);
        assertThat(waits).containsExactly(Duration.ofSeconds(10));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("build-key: not stopped — the resident lab process (pid "
                + pid + ") is still running 10 s after it was asked to stop; end it with `kill " + pid + "` (`kill -9 " + pid
                + "` if it stays), then run `lab daemon status`\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("build-key: stopping (pid " + pid + ")\n")
                .doesNotContain("Stopped");
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void aResidentProcessThatExitsWithinTheWaitIsReportedStopped() {
        int exit = stop((process, within) -> true);

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("Stopped 1 resident lab process.\n");
        assertThat(err.size()).isZero();
    }

    @Test
    void anInterruptEndsTheWaitSaysTheProcessMayStillRunAndKeepsTheInterruptFlag() {
        int exit = stop((process, within) -> {
            throw new InterruptedException("Ctrl+C");
        });

        assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag").isTrue();
        assertThat(exit).isEqualTo(130);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("interrupted while waiting for the resident lab process (pid "
                + pid + ") to exit; it may still be running");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Stopped");
    }

    @Test
    void theProcessWaitSeesAnExitedProcessAsExitedAndALiveOneAsNotWithinItsLimit() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Process running = new ProcessBuilder("sleep", "600").start();
        try {
            assertThat(DaemonControl.ExitWait.PROCESS.exited(ended.toHandle(), Duration.ZERO)).isTrue();
            assertThat(DaemonControl.ExitWait.PROCESS.exited(running.toHandle(), Duration.ZERO)).isFalse();
        } finally {
            running.destroyForcibly().waitFor();
        }
    }
}
