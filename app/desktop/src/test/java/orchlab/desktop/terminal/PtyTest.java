package orchlab.desktop.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PtyTest {
    @TempDir
    Path dir;

    private Pty pty;

    @BeforeAll
    static void linuxOnly() {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"),
                "the pseudo-terminal tests run on Linux (this is " + System.getProperty("os.name") + ")");
    }

    @AfterEach
    void closePty() {
        if (pty != null) {
            pty.close();
        }
    }

    private Pty start(String... command) throws IOException {
        return start(Map.of(), command);
    }

    private Pty start(Map<String, String> extraEnv, String... command) throws IOException {
        return start(Pty.Launcher.SETSID, extraEnv, command);
    }

    private Pty start(Pty.Launcher launcher, Map<String, String> extraEnv, String... command) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("TERM");
        env.putAll(extraEnv);
        pty = Pty.start(launcher, List.of(command), dir, env, 80, 24);
        return pty;
    }

    private void type(String keys) throws IOException {
        pty.input().write(keys.getBytes(StandardCharsets.UTF_8));
        pty.input().flush();
    }

    @ParameterizedTest
    @EnumSource(Pty.Launcher.class)
    void childSeesItsPseudoTerminalAsStandardInput(Pty.Launcher launcher) throws Exception {
        start(launcher, Map.of(), "sh", "-c", "echo \"tty=$(tty)\"; if test -t 0; then echo stdin-is-a; fi; echo done-$((1+1))");
        String out = PtyOutput.of(pty).awaitContains("done-2");

        assertThat(pty.deviceName()).startsWith("/dev/pts/");
        assertThat(out).contains("tty=" + pty.deviceName()).contains("stdin-is-a");
    }

    @Test
    void typedInputIsEchoedAndReachesTheProgram() throws Exception {
        start("cat");
        PtyOutput output = PtyOutput.of(pty);

        type("hello-pty\r");

        // once from the tty's echo, once from cat
        output.awaitContains("hello-pty\r\nhello-pty\r\n");
    }

    @Test
    void resizeChangesTheSizeTheProgramSees() throws Exception {
        start("sh", "-c", "stty size; echo ready-$((1+1)); read line; stty size; echo end-$((2+2))");
        PtyOutput output = PtyOutput.of(pty);
        assertThat(output.awaitContains("ready-2")).contains("24 80");

        pty.resize(100, 30);
        type("\r");

        assertThat(output.awaitContains("end-4")).contains("30 100");
    }

    @ParameterizedTest
    @EnumSource(Pty.Launcher.class)
    void reportsTheExitCodeAndEndsTheOutput(Pty.Launcher launcher) throws Exception {
        start(launcher, Map.of(), "sh", "-c", "echo bye; exit 7");
        PtyOutput output = PtyOutput.of(pty);

        assertThat(pty.onExit().get(20, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(pty.waitFor()).isEqualTo(7);
        assertThat(output.awaitEnd()).as("output ends after the process exits").isTrue();
        assertThat(output.text()).contains("bye");
        assertThat(pty.isAlive()).isFalse();
    }

    @Test
    void closeEndsTheProcessAndWhatItStarted() throws Exception {
        start("sh", "-c", "sleep 1000 & echo child=$!; wait");
        String out = PtyOutput.of(pty).awaitContains("\n");
        Matcher child = Pattern.compile("child=(\\d+)").matcher(out);
        assertThat(child.find()).as("sleep's pid in: %s", out).isTrue();
        long sleepPid = Long.parseLong(child.group(1));
        long shellPid = pty.pid();
        assertThat(PtyOutput.running(sleepPid)).isTrue();

        pty.close();

        assertThat(PtyOutput.eventually(() -> !PtyOutput.running(sleepPid))).as("sleep %d ended", sleepPid).isTrue();
        assertThat(PtyOutput.eventually(() -> !PtyOutput.running(shellPid))).as("shell %d ended", shellPid).isTrue();
        assertThat(pty.output().read()).isEqualTo(-1);
    }

    @Test
    void passesTheGivenEnvironment() throws Exception {
        start(Map.of("KUBECONFIG", "/tmp/orchlab-kubeconfig"), "sh", "-c", "echo \"k=$KUBECONFIG\"; echo done-$((1+1))");

        assertThat(PtyOutput.of(pty).awaitContains("done-2")).contains("k=/tmp/orchlab-kubeconfig");
    }

    @Test
    void termDefaultsToXterm256Color() throws Exception {
        start("sh", "-c", "echo \"term=$TERM\"; echo done-$((1+1))");

        assertThat(PtyOutput.of(pty).awaitContains("done-2")).contains("term=" + Pty.DEFAULT_TERM);
    }

    @ParameterizedTest
    @EnumSource(Pty.Launcher.class)
    void ctrlCInterruptsTheForegroundCommandOfAnInteractiveShell(Pty.Launcher launcher) throws Exception {
        start(launcher, Map.of("PS1", "$ ", "ENV", "/dev/null"), "sh", "-i");
        PtyOutput output = PtyOutput.of(pty);

        type("sleep 1000\r");
        // Ctrl-C goes to the terminal's foreground process group: wait until that is sleep's
        assertThat(PtyOutput.eventually(() -> foregroundCommandIs(pty, "sleep")))
                .as("sleep runs in the foreground; the terminal printed: %s", output.text()).isTrue();
        type("\u0003");
        type("echo after-$((1+1))\r");

        output.awaitContains("after-2");
    }

    /** Whether a process named {@code command} under the pty's shell leads the terminal's foreground group. */
    private static boolean foregroundCommandIs(Pty pty, String command) {
        return ProcessHandle.of(pty.pid()).stream().flatMap(ProcessHandle::descendants).anyMatch(p -> {
            try {
                String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                // after the name: state ppid pgrp session tty_nr tpgid
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return comm.equals(command) && fields[2].equals(fields[5]);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
    }

    @Test
    void startFailsWithAClearMessageForAMissingFolder() {
        Path missing = dir.resolve("no-such-folder");

        assertThatThrownBy(() -> Pty.start(List.of("sh"), missing, System.getenv(), 80, 24))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }
}
