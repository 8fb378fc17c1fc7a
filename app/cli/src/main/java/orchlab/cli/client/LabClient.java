package orchlab.cli.client;

import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The thin {@code lab} client (JDK classes only, its own small jar): forwards one command to the resident lab
 * process of this build ({@code orchlab.cli.daemon.LabDaemon}) over a Unix domain socket, starting that process
 * when none runs, and streams its standard output and error back. Exit code {@link #FALLBACK} tells the launcher
 * to run the command in a process of its own instead (resident process turned off, busy, unusable: a one-line note
 * on stderr says why when something is wrong).
 *
 * <p>System properties (set by {@code app/bin/lab}): {@code orchlab.jar} the lab's jar (its identity keys the
 * daemon; also the daemon's class path unless {@code orchlab.daemon.classpath} says otherwise),
 * {@code orchlab.home} the built-in course, {@code orchlab.daemon.cds} a class-data archive for the daemon's JVM.
 */
public final class LabClient {
    /** EX_TEMPFAIL: "run it yourself". The lab's own exit codes are 0, 1 and 2. */
    public static final int FALLBACK = 75;
    /** The daemon's main class (in the lab's jar, not in the client's). */
    static final String DAEMON_MAIN = "orchlab.cli.daemon.LabDaemon";
    /** The resident process's log is started afresh when a new one starts after it grew past this. */
    static final long LOG_LIMIT = 1 << 20;

    /** How the daemon is started and how long the client waits for it. */
    public record Setup(Path jar, String classpath, Path javaHome, List<String> daemonProperties, Optional<Path> cds,
                        Duration accept, Duration silence, Duration spawn) {
        public static Setup fromSystemProperties() {
            Path jar = Path.of(System.getProperty("orchlab.jar", "lab.jar")).toAbsolutePath();
            List<String> properties = new ArrayList<>();
            String home = System.getProperty("orchlab.home");
            if (home != null) {
                properties.add("-Dorchlab.home=" + home);
            }
            return new Setup(jar, System.getProperty("orchlab.daemon.classpath", jar.toString()),
                    Path.of(System.getProperty("java.home")), properties,
                    Optional.ofNullable(System.getProperty("orchlab.daemon.cds")).filter(s -> !s.isBlank()).map(Path::of)
                            .filter(Files::isRegularFile),
                    Duration.ofMillis(Long.getLong("orchlab.daemon.acceptMillis", 5_000)),
                    Duration.ofMillis(Long.getLong("orchlab.daemon.silenceMillis", 15_000)),
                    Duration.ofMillis(Long.getLong("orchlab.daemon.spawnMillis", 30_000)));
        }
    }

    private final Setup setup;
    private final Map<String, String> env;
    private final Path cwd;
    private final OutputStream out;
    private final OutputStream err;
    private final boolean terminal;
    private volatile SocketChannel current;
    private volatile boolean interrupted;
    /** Whether this client started the resident process it talks to. */
    private boolean spawned;
    /** How a note ends: what happens instead. */
    private String noteEnd = " — running the command in its own process (ORCHLAB_DAEMON=0 always does)";

    public LabClient(Setup setup, Map<String, String> env, Path cwd, OutputStream out, OutputStream err, boolean terminal) {
        this.setup = setup;
        this.env = env;
        this.cwd = cwd;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        Map<String, String> env = System.getenv();
        Setup setup = Setup.fromSystemProperties();
        int code;
        if (args.length > 0 && args[0].equals("daemon")) {
            code = DaemonControl.run(setup, env, List.of(args).subList(1, args.length), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        } else {
            LabClient client = new LabClient(setup, env, Path.of("").toAbsolutePath(), out, err, System.console() != null);
            // Ctrl+C (or a stop signal): closing the connection cancels the request in the daemon
            Runtime.getRuntime().addShutdownHook(new Thread(client::interrupt, "lab-client-cancel"));
            code = client.run(args);
        }
        System.exit(code);
    }

    /** How commands use resident processes in an environment. */
    public enum Use {
        /** {@code ORCHLAB_DAEMON=0}: every command runs in a process of its own, and {@code lab daemon start} starts none. */
        OFF,
        /**
         * {@code CI} set (without {@code ORCHLAB_DAEMON=1}): a command goes to this build's resident process when one
         * runs already — started by {@code lab daemon start}, which a CI job asks for explicitly — and never starts one,
         * so a job that did not ask leaves no process behind.
         */
        JOIN,
        /** Anywhere else: the first command starts the resident process when none runs. */
        ON
    }

    /** How commands use resident processes here: see {@link Use}. */
    public static Use use(Map<String, String> env) {
        String setting = env.getOrDefault("ORCHLAB_DAEMON", "");
        if (setting.equals("0")) {
            return Use.OFF;
        }
        String ci = env.getOrDefault("CI", "");
        return setting.equals("1") || ci.isEmpty() || ci.equalsIgnoreCase("false") ? Use.ON : Use.JOIN;
    }

    /** Whether a command may start a resident process when none runs: {@link Use#ON}. */
    public static boolean enabled(Map<String, String> env) {
        return use(env) == Use.ON;
    }

    /** Cancels the request in flight (the daemon sees its connection end). */
    public void interrupt() {
        interrupted = true;
        SocketChannel channel = current;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is all there is to do
            }
        }
    }

    /** Runs {@code args} in the resident process; its exit code, or {@link #FALLBACK}. */
    public int run(String... args) {
        Use use = use(env);
        if (use == Use.OFF || DaemonHome.relativePathVariable(env).isPresent()) {
            return FALLBACK;
        }
        Optional<Place> place = place(use == Use.JOIN);
        if (place.isEmpty()) {
            return FALLBACK;
        }
        Optional<SocketChannel> connected = use == Use.ON ? connectOrSpawn(place.get().home(), place.get().key(), false)
                : tryConnect(place.get().home()).flatMap(this::checkedPeer);
        if (connected.isEmpty()) {
            return FALLBACK;
        }
        return converse(connected.get(), place.get().home(), new Wire.Request("run", place.get().key(), cwd.toString(),
                terminal, List.of(args), env));
    }

    /**
     * {@code lab daemon start}: makes sure this build's resident process runs — started ahead of the first command, it
     * warms up ({@code orchlab.cli.daemon.WarmUp}) — and prints its status line (its pid first). Exit 0 when it runs
     * (started now or already), or when resident processes are turned off here (said on {@code out}); 1 when it could
     * not be started (why, on stderr).
     */
    public int start(java.io.PrintStream print) {
        if (use(env) == Use.OFF) {
            print.println("ORCHLAB_DAEMON=0: no resident lab process is started; lab commands run in a process of their own here.");
            return 0;
        }
        noteEnd = " — no resident lab process started";
        Optional<Place> place = place(false);
        if (place.isEmpty()) {
            if (DaemonHome.root(env, System.getProperty("user.home")).isEmpty()) {
                line("lab: ORCHLAB_HOME or XDG_STATE_HOME is a relative path: no resident lab process is used");
            }
            return 1;
        }
        Optional<SocketChannel> connected = connectOrSpawn(place.get().home(), place.get().key(), true);
        if (connected.isEmpty()) {
            return 1;
        }
        StringBuilder status = new StringBuilder();
        Watchdog watchdog = new Watchdog(connected.get(), setup.accept());
        try (SocketChannel channel = connected.get()) {
            Wire.write(channel, Wire.REQUEST, new Wire.Request("status", "", "", false, List.of(), Map.of()).encode());
            watchdog.start();
            for (Wire.Frame f = Wire.read(channel); f.type() != Wire.EXIT; f = Wire.read(channel)) {
                if (f.type() == Wire.TEXT) {
                    status.append(f.text());
                }
            }
        } catch (IOException e) {
            line("lab: the resident lab process does not answer (" + e.getMessage() + "; log: " + place.get().home().log() + ")");
            return 1;
        } finally {
            watchdog.finish();
        }
        print.println((spawned ? "Started: " : "Already running: ") + status);
        return 0;
    }

    /** This build's resident process: its folder and key. */
    private record Place(DaemonHome home, String key) {
    }

    /**
     * Where this build's resident process lives; empty after a note when that folder cannot be used, or silently when
     * none can be, or ({@code running}) silently when no socket is there: nothing is created then.
     */
    private Optional<Place> place(boolean running) {
        Optional<Path> root = DaemonHome.root(env, System.getProperty("user.home"));
        if (root.isEmpty()) {
            return Optional.empty();
        }
        String key;
        try {
            key = DaemonHome.key(setup.jar(), setup.javaHome(), env);
        } catch (IOException e) {
            note("cannot read " + setup.jar() + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
        DaemonHome home = DaemonHome.of(root.get(), key);
        if (running && !Files.exists(home.socket(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Optional<String> unsafe = DaemonHome.secureFolder(root.get()).or(() -> DaemonHome.secureFolder(home.dir()));
        if (unsafe.isPresent()) {
            note(unsafe.get());
            return Optional.empty();
        }
        if (home.socket().toString().getBytes(StandardCharsets.UTF_8).length > DaemonHome.MAX_SOCKET_PATH) {
            note("the socket path " + home.socket() + " is longer than a Unix socket allows ("
                    + DaemonHome.MAX_SOCKET_PATH + " bytes); set ORCHLAB_HOME to a shorter folder");
            return Optional.empty();
        }
        return Optional.of(new Place(home, key));
    }

    private int converse(SocketChannel channel, DaemonHome home, Wire.Request request) {
        current = channel;
        if (interrupted) {
            interrupt();
        }
        Watchdog watchdog = new Watchdog(channel, setup.accept());
        boolean accepted = false;
        boolean forwarded = false;
        try (channel) {
            Wire.write(channel, Wire.REQUEST, request.encode());
            watchdog.start();
            while (true) {
                Wire.Frame frame = Wire.read(channel);
                watchdog.extend(setup.silence());
                if (!accepted) {
                    switch (frame.type()) {
                        case Wire.ACCEPTED -> accepted = true;
                        case Wire.BUSY -> {
                            return FALLBACK; // another command is running there: this one runs on its own
                        }
                        case Wire.REFUSED -> {
                            return note("the resident lab process refused the command: " + frame.text());
                        }
                        default -> throw new IOException("answer without acceptance (frame type " + frame.type() + ")");
                    }
                    continue;
                }
                switch (frame.type()) {
                    case Wire.OUT, Wire.ERR -> {
                        // a reader that pauses (a pager) is not a silent daemon; a closed pipe loses the output, not the exit code
                        watchdog.pause();
                        forward(frame.type() == Wire.OUT ? out : err, frame.payload());
                        watchdog.extend(setup.silence());
                        forwarded = true;
                    }
                    case Wire.HEARTBEAT -> {
                    }
                    case Wire.EXIT -> {
                        return frame.exitCode();
                    }
                    default -> throw new IOException("unexpected frame type " + frame.type());
                }
            }
        } catch (IOException e) {
            if (interrupted) {
                return 130; // Ctrl+C: as a JVM stopped by SIGINT
            }
            String what = watchdog.fired() ? "did not answer for " + seconds(accepted ? setup.silence() : setup.accept())
                    : e instanceof EOFException ? "ended the connection before the command finished"
                    : "sent something that is not a lab answer (" + e.getMessage() + ")";
            if (watchdog.fired() || !(e instanceof EOFException)) {
                retire(home); // a hung or confused daemon is stopped: the next command starts a fresh one
            }
            if (!forwarded) {
                return note("the resident lab process " + what + " (log: " + home.log() + ")");
            }
            line("lab: the resident lab process " + what + " after the command had started writing; its result is lost"
                    + " (log: " + home.log() + "). Run the command again; ORCHLAB_DAEMON=0 runs it in its own process.");
            return 2;
        } finally {
            watchdog.finish();
            current = null;
        }
    }

    private final java.util.Set<OutputStream> gone = new java.util.HashSet<>();

    /** Writes to this process's stdout or stderr; once that fails (a closed pipe) the rest is dropped, as a JVM's System.out does. */
    private void forward(OutputStream stream, byte[] bytes) {
        if (gone.contains(stream)) {
            return;
        }
        try {
            stream.write(bytes);
            stream.flush();
        } catch (IOException e) {
            gone.add(stream);
        }
    }

    /**
     * Connects to this build's daemon, starting it when none answers ({@code ahead}: for no command yet, so it warms
     * up); empty after a note.
     */
    private Optional<SocketChannel> connectOrSpawn(DaemonHome home, String key, boolean ahead) {
        Optional<SocketChannel> running = tryConnect(home);
        if (running.isPresent()) {
            return checkedPeer(running.get());
        }
        try (FileChannel lockFile = FileChannel.open(home.spawnLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            running = tryConnect(home); // another client may have started it while this one waited for the lock
            if (running.isPresent()) {
                return checkedPeer(running.get());
            }
            Files.deleteIfExists(home.socket()); // stale: nobody listens there
            Process daemon = spawn(home, key, ahead);
            spawned = true;
            long end = System.nanoTime() + setup.spawn().toNanos();
            while (System.nanoTime() < end) {
                running = tryConnect(home);
                if (running.isPresent()) {
                    return checkedPeer(running.get());
                }
                if (!daemon.isAlive()) {
                    note("the resident lab process did not start (exit " + daemon.exitValue() + "; log: " + home.log() + ")");
                    return Optional.empty();
                }
                Thread.sleep(20);
            }
            note("the resident lab process is still starting after " + seconds(setup.spawn()) + " (log: " + home.log() + ")");
            return Optional.empty();
        } catch (IOException e) {
            note("cannot start the resident lab process: " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Process spawn(DaemonHome home, String key, boolean ahead) throws IOException {
        List<String> command = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString()); // its own session: the terminal's Ctrl+C and hang-up do not reach it
        }
        command.add(setup.javaHome().resolve("bin/java").toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        setup.cds().ifPresent(archive -> command.addAll(List.of("-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-XX:SharedArchiveFile=" + archive)));
        // the daemon gives each request the client's environment (RequestEnvironment)
        command.addAll(List.of("--add-opens", "java.base/java.util=ALL-UNNAMED"));
        command.addAll(setup.daemonProperties());
        if (ahead) {
            command.add("-Dorchlab.daemon.warmUp=true");
        }
        command.addAll(List.of("-cp", setup.classpath(), DAEMON_MAIN, home.dir().toString(), setup.jar().toString(), key));
        if (Files.isRegularFile(home.log()) && Files.size(home.log()) > LOG_LIMIT) {
            // one earlier log is kept: a resident process that keeps failing to start cannot fill the disk
            Files.move(home.log(), home.dir().resolve("daemon.log.1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.log().toFile()))
                .redirectErrorStream(true);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        return builder.start();
    }

    static Optional<SocketChannel> tryConnect(DaemonHome home) {
        if (!Files.exists(home.socket())) {
            return Optional.empty();
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(home.socket()));
                return Optional.of(channel);
            } catch (IOException e) {
                channel.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The connection, if the process on the other end runs as this user (never another user's socket). */
    private Optional<SocketChannel> checkedPeer(SocketChannel channel) {
        Optional<String> foreign = foreignPeer(channel);
        if (foreign.isPresent()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // not ours either way
            }
            note(foreign.get());
            return Optional.empty();
        }
        return Optional.of(channel);
    }

    static Optional<String> foreignPeer(SocketChannel channel) {
        try {
            String peer = channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
            String me = System.getProperty("user.name");
            return peer.equals(me) ? Optional.empty()
                    : Optional.of("the resident lab socket is served by user " + peer + ", not by you (" + me + ")");
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot tell who serves the resident lab socket: " + e.getMessage());
        }
    }

    /** Stops the daemon of {@code home} (it hung or talked nonsense) and removes its socket. */
    static void retire(DaemonHome home) {
        DaemonControl.pid(home).flatMap(ProcessHandle::of).filter(DaemonControl::isDaemon).ifPresent(ProcessHandle::destroyForcibly);
        try {
            Files.deleteIfExists(home.socket());
        } catch (IOException ignored) {
            // the next client treats it as stale
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private int note(String why) {
        line("lab: " + why + noteEnd);
        return FALLBACK;
    }

    private void line(String text) {
        try {
            err.write((text + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException ignored) {
            // stderr is gone: nothing else to tell
        }
    }

    /** Closes the connection when the daemon stays silent past the deadline. */
    private static final class Watchdog extends Thread {
        private final SocketChannel channel;
        private volatile long deadline;
        private volatile boolean fired;
        private volatile boolean finished;

        Watchdog(SocketChannel channel, Duration first) {
            super("lab-client-watchdog");
            setDaemon(true);
            this.channel = channel;
            this.deadline = System.nanoTime() + first.toNanos();
        }

        void extend(Duration silence) {
            deadline = System.nanoTime() + silence.toNanos();
        }

        /** No deadline while the client itself is busy (writing the output). */
        void pause() {
            deadline = Long.MAX_VALUE;
        }

        boolean fired() {
            return fired;
        }

        void finish() {
            finished = true;
            interrupt();
        }

        @Override
        public void run() {
            try {
                while (!finished) {
                    long now = System.nanoTime();
                    long left = deadline == Long.MAX_VALUE ? 100_000_000L : deadline - now;
                    if (left <= 0) {
                        fired = true;
                        channel.close();
                        return;
                    }
                    Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 100)));
                }
            } catch (InterruptedException | IOException e) {
                // finished
            }
        }
    }
}
