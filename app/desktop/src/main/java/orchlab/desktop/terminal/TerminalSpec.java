package orchlab.desktop.terminal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the built-in terminal runs: a command in a folder with a complete environment.
 *
 * @param workDir the folder the command starts in
 * @param env the complete environment of the command
 * @param command the program and its arguments
 */
public record TerminalSpec(Path workDir, Map<String, String> env, List<String> command) {

    public TerminalSpec {
        Objects.requireNonNull(workDir, "workDir");
        env = Map.copyOf(env);
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("The terminal command is empty.");
        }
    }

    /**
     * The learner's own interactive shell ({@code $SHELL}, else {@code /bin/bash}, else {@code /bin/sh}) with the
     * lab's environment plus {@code extraEnv} (the sandbox variables from {@link TerminalEnvironment}).
     *
     * <p>The learner's start-up files still run (aliases, prompt, completion). For bash and zsh the variables of
     * {@code extraEnv} are set again after them, so an {@code export KUBECONFIG=...} in {@code ~/.bashrc} cannot
     * point the lab's terminal at another cluster. Other shells just run with {@code -i}.
     *
     * @throws UncheckedIOException when the start-up file for bash or zsh cannot be written to the temp folder
     */
    public static TerminalSpec userShell(Path workDir, Map<String, String> extraEnv) {
        Map<String, String> labEnv = System.getenv();
        return userShell(ShellStartup.defaultShell(labEnv), workDir, labEnv, extraEnv);
    }

    /** Like {@link #userShell(Path, Map)} with an explicit shell and base environment. */
    public static TerminalSpec userShell(Path shell, Path workDir, Map<String, String> baseEnv,
            Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(baseEnv);
        env.putAll(extraEnv);
        env.put("TERM", Pty.DEFAULT_TERM);
        // the size comes from the pseudo-terminal, never from a stale copy in the lab's environment
        env.remove("COLUMNS");
        env.remove("LINES");
        try {
            List<String> command = ShellStartup.command(shell, env, extraEnv);
            return new TerminalSpec(workDir, env, command);
        } catch (IOException e) {
            throw new UncheckedIOException("The terminal could not write its shell start-up file: " + e.getMessage(),
                    e);
        }
    }

    /** The shell or program name, e.g. {@code bash}. */
    public String programName() {
        return Path.of(command.get(0)).getFileName().toString();
    }
}
