package orchlab.desktop.terminal;

import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The command line of the learner's interactive shell, with a start-up step for bash and zsh that runs the learner's
 * own start-up files first and then sets the lab's sandbox variables again, so that those files cannot point the
 * lab's terminal at another cluster or engine.
 */
final class ShellStartup {
    /** Names a shell accepts in {@code export NAME=...}. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String HEADER = "# Written by OrchLab for its built-in terminal: your own start-up file first,"
            + " then the lab's sandbox settings.\n";

    private ShellStartup() {
    }

    /** {@code $SHELL} when it names a program, else {@code /bin/bash}, else {@code /bin/sh}. */
    static Path defaultShell(Map<String, String> env) {
        String shell = env.get("SHELL");
        if (shell != null && !shell.isBlank()) {
            Path path = Path.of(shell);
            if (path.isAbsolute() && Files.isExecutable(path)) {
                return path;
            }
        }
        Path bash = Path.of("/bin/bash");
        return Files.isExecutable(bash) ? bash : Path.of("/bin/sh");
    }

    /**
     * The command that starts {@code shell} interactively.
     *
     * @param env the shell's environment; zsh's start-up redirection ({@code ZDOTDIR}) is added to it
     * @param pinned the variables to set again after the learner's start-up files ({@code PATH} is left to them,
     *     but {@code ORCHLAB_BIN} is put back in front of it)
     */
    static List<String> command(Path shell, Map<String, String> env, Map<String, String> pinned) throws IOException {
        String name = shell.getFileName().toString();
        if (name.equals("bash")) {
            Path dir = startupDir();
            Path rc = write(dir.resolve("bashrc"), HEADER + bashUserStartup() + exports(pinned));
            return List.of(shell.toString(), "--rcfile", rc.toString(), "-i");
        }
        if (name.equals("zsh")) {
            Path dir = startupDir();
            write(dir.resolve(".zshenv"), HEADER + zshUserFile(".zshenv"));
            write(dir.resolve(".zprofile"), HEADER + zshUserFile(".zprofile"));
            write(dir.resolve(".zshrc"), HEADER
                    + "ZDOTDIR=$ORCHLAB_USER_ZDOTDIR\n"
                    + "unset ORCHLAB_USER_ZDOTDIR\n"
                    + "if [ -f \"$ZDOTDIR/.zshrc\" ]; then . \"$ZDOTDIR/.zshrc\"; fi\n"
                    + exports(pinned));
            String userDir = env.get("ZDOTDIR");
            if (userDir != null && !userDir.isBlank()) {
                env.put("ORCHLAB_USER_ZDOTDIR", userDir);
            } else {
                env.remove("ORCHLAB_USER_ZDOTDIR");
            }
            env.put("ZDOTDIR", dir.toString());
            return Platform.isMac() ? List.of(shell.toString(), "-l", "-i") : List.of(shell.toString(), "-i");
        }
        return List.of(shell.toString(), "-i");
    }

    /** What an interactive bash reads: ~/.bashrc on Linux; the login files on macOS, as Terminal.app does. */
    private static String bashUserStartup() {
        if (Platform.isMac()) {
            return "if [ -f /etc/profile ]; then . /etc/profile; fi\n"
                    + "if [ -f \"$HOME/.bash_profile\" ]; then . \"$HOME/.bash_profile\";"
                    + " elif [ -f \"$HOME/.bash_login\" ]; then . \"$HOME/.bash_login\";"
                    + " elif [ -f \"$HOME/.profile\" ]; then . \"$HOME/.profile\"; fi\n";
        }
        return "if [ -f \"$HOME/.bashrc\" ]; then . \"$HOME/.bashrc\"; fi\n";
    }

    /** Sources the learner's own zsh file of that name with their ZDOTDIR in place, then comes back to ours. */
    private static String zshUserFile(String file) {
        return "orchlab_startup=$ZDOTDIR\n"
                + "ZDOTDIR=${ORCHLAB_USER_ZDOTDIR:-$HOME}\n"
                + "if [ -f \"$ZDOTDIR/" + file + "\" ]; then . \"$ZDOTDIR/" + file + "\"; fi\n"
                + "ORCHLAB_USER_ZDOTDIR=$ZDOTDIR\n"
                + "ZDOTDIR=$orchlab_startup\n"
                + "unset orchlab_startup\n";
    }

    /** {@code export NAME='value'} lines (POSIX quoting), sorted, then ORCHLAB_BIN back in front of PATH. */
    static String exports(Map<String, String> pinned) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(pinned).forEach((name, value) -> {
            if (!name.equals("PATH") && VARIABLE_NAME.matcher(name).matches()) {
                out.append("export ").append(name).append('=').append(quote(value)).append('\n');
            }
        });
        if (pinned.containsKey(TerminalEnvironment.BIN_VARIABLE)) {
            out.append("case \":$PATH:\" in *\":$ORCHLAB_BIN:\"*) ;; *) PATH=\"$ORCHLAB_BIN:$PATH\"; export PATH;; esac\n");
        }
        return out.toString();
    }

    /** The value in single quotes, each {@code '} written as {@code '\''}: the shell takes every other byte as is. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static Path startupDir() throws IOException {
        // owner-only permissions on POSIX: nobody else can change what the shell sources
        Path dir = Files.createTempDirectory("orchlab-terminal-");
        dir.toFile().deleteOnExit();
        return dir;
    }

    private static Path write(Path file, String content) throws IOException {
        Files.writeString(file, content);
        file.toFile().deleteOnExit();
        return file;
    }
}
