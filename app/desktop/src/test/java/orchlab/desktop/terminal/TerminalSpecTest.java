package orchlab.desktop.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalSpecTest {
    @TempDir
    Path home;

    private Pty pty;

    @AfterEach
    void closePty() {
        if (pty != null) {
            pty.close();
        }
    }

    private static Map<String, String> baseEnv(Path home) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOME", home.toString());
        env.put("KUBECONFIG", "/from/the/lab/process");
        env.put("COLUMNS", "999");
        return env;
    }

    @Test
    void extraEnvironmentOverridesTheLabsAndTermIsXterm() {
        TerminalSpec spec = TerminalSpec.userShell(Path.of("/bin/sh"), home, baseEnv(home),
                Map.of("KUBECONFIG", "/sandbox/kubeconfig"));

        assertThat(spec.env())
                .containsEntry("KUBECONFIG", "/sandbox/kubeconfig")
                .containsEntry("TERM", "xterm-256color")
                .containsEntry("HOME", home.toString())
                .doesNotContainKey("COLUMNS");
        assertThat(spec.command()).containsExactly("/bin/sh", "-i");
    }

    @Test
    void defaultShellIsShellVariableWhenItIsAProgram() {
        assertThat(ShellStartup.defaultShell(Map.of("SHELL", "/bin/sh"))).isEqualTo(Path.of("/bin/sh"));
        assertThat(ShellStartup.defaultShell(Map.of("SHELL", "/no/such/shell")))
                .isIn(Path.of("/bin/bash"), Path.of("/bin/sh"));
        assertThat(ShellStartup.defaultShell(Map.of())).isIn(Path.of("/bin/bash"), Path.of("/bin/sh"));
    }

    @Test
    void quotedValuesSurviveTheShell() {
        assertThat(ShellStartup.quote("it's $HOME `x`")).isEqualTo("'it'\\''s $HOME `x`'");
    }

    @Test
    void sandboxVariablesWinOverTheLearnersBashrcWhichStillRuns() throws Exception {
        Path bash = Path.of("/bin/bash");
        Assumptions.assumeTrue(Files.isExecutable(bash), "bash is not installed");
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"),
                "the pseudo-terminal tests run on Linux");
        Files.writeString(home.resolve(".bashrc"), """
                export KUBECONFIG=/home/learner/.kube/work-cluster
                export FROM_BASHRC=kept
                export PATH=/learner/bin:/usr/bin:/bin
                PS1='$ '
                """);
        Path bin = home.resolve("lab-bin");
        Map<String, String> extra = new HashMap<>(TerminalEnvironment.forSandbox(
                java.util.List.of(Path.of("/sandbox/kubeconfig")), java.util.Optional.of("ex-it's"),
                java.util.Optional.empty(), java.util.Optional.of(bin)));
        TerminalSpec spec = TerminalSpec.userShell(bash, home, baseEnv(home), extra);

        pty = Pty.start(spec.command(), spec.workDir(), spec.env(), 80, 24);
        PtyOutput output = PtyOutput.of(pty);
        pty.input().write(("echo \"k=$KUBECONFIG b=$FROM_BASHRC ns=$ORCHLAB_NAMESPACE\"; echo \"path=$PATH\";"
                + " echo done-$((1+1))\r").getBytes(StandardCharsets.UTF_8));
        String out = output.awaitContains("done-2");

        assertThat(out).contains("k=/sandbox/kubeconfig b=kept ns=ex-it's");
        // the learner's PATH is kept, with the lab's tools in front again
        assertThat(out).contains("path=" + bin.toAbsolutePath() + ":/learner/bin:/usr/bin:/bin");
    }

    @Test
    void sandboxVariablesWinOverTheLearnersZshrcWhichStillRuns() throws Exception {
        Path zsh = Path.of("/usr/bin/zsh");
        if (!Files.isExecutable(zsh)) {
            zsh = Path.of("/bin/zsh");
        }
        Assumptions.assumeTrue(Files.isExecutable(zsh), "zsh is not installed");
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"),
                "the pseudo-terminal tests run on Linux");
        Path zdotdir = Files.createDirectories(home.resolve("zsh-config"));
        // the learner keeps zsh's files in their own ZDOTDIR, chosen in ~/.zshenv
        Files.writeString(home.resolve(".zshenv"), "export ZDOTDIR=" + zdotdir + "\nexport FROM_ZSHENV=kept\n");
        Files.writeString(zdotdir.resolve(".zshrc"), """
                export KUBECONFIG=/home/learner/.kube/work-cluster
                export FROM_ZSHRC=kept
                PS1='%% '
                """);
        Map<String, String> env = baseEnv(home);
        env.remove("ZDOTDIR");
        TerminalSpec spec = TerminalSpec.userShell(zsh, home, env, Map.of("KUBECONFIG", "/sandbox/kubeconfig"));

        pty = Pty.start(spec.command(), spec.workDir(), spec.env(), 80, 24);
        PtyOutput output = PtyOutput.of(pty);
        pty.input().write(("echo \"k=$KUBECONFIG e=$FROM_ZSHENV r=$FROM_ZSHRC z=$ZDOTDIR\"; echo done-$((1+1))\r")
                .getBytes(StandardCharsets.UTF_8));
        String out = output.awaitContains("done-2");

        assertThat(out).contains("k=/sandbox/kubeconfig e=kept r=kept z=" + zdotdir);
    }

    @Test
    void specIsImmutable() throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("A", "1"));
        TerminalSpec spec = new TerminalSpec(home, env, java.util.List.of("sh"));
        env.put("A", "2");

        assertThat(spec.env()).containsEntry("A", "1");
    }
}
