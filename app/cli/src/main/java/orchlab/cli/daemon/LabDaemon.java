package orchlab.cli.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import orchlab.cli.CliContext;
import orchlab.cli.LabCommand;
import orchlab.cli.Main;
import orchlab.cli.client.Wire;
import orchlab.engine.Lab;
import orchlab.engine.course.TempDirs;

/**
 * The resident {@code lab}: one JVM per build (jar), Java and locale that runs short commands ({@code check},
 * {@code course validate}, ...) for the thin client ({@code orchlab.cli.client.LabClient}) so that they skip the
 * JVM's start, class loading and JIT warm-up. One command at a time, each with the client's arguments, current
 * folder and environment ({@link RequestEnvironment}) and its own output streams; a fresh picocli command tree and
 * context per command, the engine's check kinds and providers shared (they keep no state between runs).
 * It exits after {@link #DEFAULT_IDLE} without a command ({@code ORCHLAB_DAEMON_IDLE} seconds), when its jar changes
 * (a rebuilt lab gets a new daemon), on {@code lab daemon stop}, and when a cancelled command does not stop.
 * Started ahead of the first command ({@code -Dorchlab.daemon.warmUp=true}: {@code lab daemon start}, {@code lab
 * sandbox up}), it runs a {@link WarmUp} once its socket is bound.
 *
 * <p>Arguments: the daemon's folder (socket, log, pid), the jar whose identity it serves, the key it answers to.
 */
public final class LabDaemon {
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);
    /** A client that connects must send its request within this time. */
    static final Duration REQUEST_WAIT = Duration.ofSeconds(10);
    /** A cancelled command gets this long to stop before the daemon exits (it could not be trusted afterwards). */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

    private final Path dir;
    private final Path jar;
    private final String key;
    private final long jarSize;
    private final long jarModified;
    private final Duration idle;
    private final Instant started = Instant.now();
    private final CommandSlot slot = new CommandSlot();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "lab-daemon-timer");
        t.setDaemon(true);
        return t;
    });
    private final RequestEnvironment environment;
    private final RoutedStream stdout;
    private final RoutedStream stderr;
    private final Lab lab;
    /** Started ahead ({@code lab daemon start}, {@code lab sandbox up}): warms up once its socket is bound. */
    private final boolean warmUpWanted = Boolean.getBoolean("orchlab.daemon.warmUp");
    private final WarmUp warmUp;
    /** The daemon's own stderr: its log file. */
    private final PrintStream log = System.err;
    private volatile Object socketKey;
    private ServerSocketChannel server;

    private LabDaemon(Path dir, Path jar, String key, Duration idle, RequestEnvironment environment) throws IOException {
        this.dir = dir;
        this.jar = jar;
        this.key = key;
        this.jarSize = Files.size(jar);
        this.jarModified = Files.getLastModifiedTime(jar).toMillis();
        this.idle = idle;
        this.environment = environment;
        this.stdout = new RoutedStream(System.out);
        this.stderr = new RoutedStream(System.err);
        System.setOut(new PrintStream(stdout, true, Charset.defaultCharset()));
        System.setErr(new PrintStream(stderr, true, Charset.defaultCharset()));
        this.lab = Lab.standard();
        this.warmUp = new WarmUp(lab, Optional.ofNullable(System.getProperty("orchlab.home")).filter(h -> !h.isBlank())
                .map(Path::of), this::log, warmUpWanted);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LabDaemon DIR JAR KEY (started by the lab client)");
            System.exit(2);
        }
        ignoreTerminalSignals();
        RequestEnvironment environment;
        try {
            environment = RequestEnvironment.open();
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println(Instant.now() + " cannot give commands the client's environment (" + e
                    + "); needs --add-opens java.base/java.util=ALL-UNNAMED. Exiting.");
            System.exit(3);
            return;
        }
        Duration idle = DEFAULT_IDLE;
        String idleSetting = System.getenv("ORCHLAB_DAEMON_IDLE");
        if (idleSetting != null && idleSetting.matches("[0-9]{1,7}")) {
            idle = Duration.ofSeconds(Long.parseLong(idleSetting));
        }
        new LabDaemon(Path.of(args[0]), Path.of(args[1]), args[2], idle, environment).serve();
    }

    /** Started in a session of its own; should a terminal's Ctrl+C or hang-up reach it anyway, it stays. */
    private static void ignoreTerminalSignals() {
        for (String name : new String[] {"INT", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sun.misc.SignalHandler.SIG_IGN);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // not on this platform
            }
        }
    }

    private void serve() throws IOException {
        Path socket = dir.resolve("socket");
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        socketKey = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        Files.writeString(dir.resolve("daemon.pid"), Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
        Runtime.getRuntime().addShutdownHook(new Thread(this::removeFiles, "lab-daemon-cleanup"));
        timers.scheduleWithFixedDelay(this::watch, 2, 2, TimeUnit.SECONDS);
        log("ready: pid " + ProcessHandle.current().pid() + ", key " + key + ", jar " + jar + ", exits after "
                + idle.toMinutes() + " min idle");
        if (warmUpWanted) {
            warmUp.start();
        }
        while (true) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (java.nio.channels.ClosedChannelException stopping) {
                return; // shutdown() closed it and is ending the process
            }
            Thread t = new Thread(() -> handle(connection), "lab-daemon-connection");
            t.setDaemon(true);
            t.start();
        }
    }

    private void handle(SocketChannel connection) {
        ScheduledFuture<?> tooSlow = timers.schedule(() -> close(connection), REQUEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        try (connection) {
            String peer = connection.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
            if (!peer.equals(System.getProperty("user.name"))) {
                log("refused a connection from user " + peer);
                return;
            }
            Wire.Request request;
            try {
                Wire.Frame frame = Wire.read(connection);
                if (frame.type() != Wire.REQUEST) {
                    throw new IOException("frame type " + frame.type() + " where a request belongs");
                }
                request = Wire.Request.decode(frame.payload());
            } catch (IOException e) {
                tooSlow.cancel(false);
                Wire.write(connection, Wire.REFUSED, ("not a lab request: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
                return;
            }
            tooSlow.cancel(false);
            switch (request.verb()) {
                case "status" -> {
                    Wire.write(connection, Wire.TEXT, status().getBytes(StandardCharsets.UTF_8));
                    Wire.write(connection, Wire.EXIT, Wire.exitPayload(0));
                }
                case "stop" -> {
                    Wire.write(connection, Wire.TEXT, ("stopping (pid " + ProcessHandle.current().pid() + ")").getBytes(StandardCharsets.UTF_8));
                    Wire.write(connection, Wire.EXIT, Wire.exitPayload(0));
                    shutdown("stopped by lab daemon stop");
                }
                case "run" -> run(connection, request);
                default -> Wire.write(connection, Wire.REFUSED, ("unknown request '" + request.verb() + "'").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            log("connection ended: " + e.getMessage());
        } finally {
            tooSlow.cancel(false);
        }
    }

    private void run(SocketChannel connection, Wire.Request request) throws IOException {
        if (!request.key().equals(key)) {
            Wire.write(connection, Wire.REFUSED, "it serves another build of the lab".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!slot.tryStart()) {
            Wire.write(connection, Wire.BUSY, new byte[0]);
            return;
        }
        warmUp.commandArrived();
        boolean answered = false;
        try {
            Wire.write(connection, Wire.ACCEPTED, new byte[0]);
            Object lock = new Object();
            Frames out = new Frames(connection, Wire.OUT, lock);
            Frames err = new Frames(connection, Wire.ERR, lock);
            ScheduledFuture<?> heartbeat = timers.scheduleAtFixedRate(() -> out.heartbeat(), 1, 1, TimeUnit.SECONDS);
            int[] exit = {LabCommand.ERROR};
            Thread worker = new Thread(() -> exit[0] = execute(request, out, err), "lab-request");
            worker.start();
            // the client sends nothing after its request: the connection ending (Ctrl+C, the client killed) cancels
            boolean cancelled = awaitEndOrCancel(connection, worker);
            heartbeat.cancel(false);
            if (cancelled) {
                log("cancelled by the client: " + String.join(" ", request.args()));
                worker.interrupt();
                try {
                    worker.join(CANCEL_GRACE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (worker.isAlive()) {
                    shutdown("a cancelled command did not stop within " + CANCEL_GRACE.toSeconds() + " s");
                }
                return;
            }
            int code = exit[0];
            answered = true;
            // the slot is free before the client has its exit code: its next command is never told "busy"
            slot.finish(() -> {
                synchronized (lock) {
                    Wire.write(connection, Wire.EXIT, Wire.exitPayload(code));
                }
            });
        } finally {
            if (!answered) {
                slot.finish(() -> { });
            }
        }
    }

    /** Waits until the worker ends (false) or the client's side of the connection ends first (true). */
    private boolean awaitEndOrCancel(SocketChannel connection, Thread worker) {
        Thread watcher = new Thread(() -> {
            try {
                connection.read(java.nio.ByteBuffer.allocate(1));
            } catch (IOException e) {
                // closed either way
            }
        }, "lab-request-client");
        watcher.setDaemon(true);
        watcher.start();
        try {
            while (worker.isAlive()) {
                worker.join(50);
                if (!watcher.isAlive()) {
                    return worker.isAlive();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private int execute(Wire.Request request, Frames out, Frames err) {
        Charset charset = Charset.defaultCharset(); // the client's: the daemon key includes its locale
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, charset), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, charset), true);
        // a .zip pack the command unpacks is removed when it ends, not kept until this process exits
        try (TempDirs.Scope unpacked = TempDirs.scope()) {
            environment.use(request.env());
            stdout.to(out);
            stderr.to(err);
            CliContext context = ResidentContext.ofClient(lab, Path.of(request.cwd()));
            return Main.execute(context, request.args().toArray(String[]::new), outWriter, errWriter, request.terminal());
        } catch (RuntimeException e) {
            errWriter.println("lab: internal error: " + e + " — please report it with the command you ran");
            return LabCommand.ERROR;
        } finally {
            outWriter.flush();
            errWriter.flush();
            System.out.flush();
            System.err.flush();
            stdout.to(null);
            stderr.to(null);
            environment.restore();
        }
    }

    private String status() {
        long idleFor = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - slot.lastUsed());
        long up = Duration.between(started, Instant.now()).toSeconds();
        int served = slot.served();
        return "pid " + ProcessHandle.current().pid() + ", up " + up + " s, " + served + " command"
                + (served == 1 ? "" : "s") + (slot.running() ? ", running one now" : ", idle for " + idleFor + " s")
                + ", " + warmUp.state()
                + " (exits after " + idle.toMinutes() + " min idle), jar " + jar + ", Java " + System.getProperty("java.home");
    }

    /** Every 2 s: exit when idle too long, when the jar was rebuilt or when the socket is no longer this daemon's. */
    private void watch() {
        try {
            boolean busy = slot.running();
            Path socket = dir.resolve("socket");
            Object now = Files.exists(socket, LinkOption.NOFOLLOW_LINKS)
                    ? Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey() : null;
            if (now == null || !now.equals(socketKey)) {
                socketKey = null; // not ours to remove
                shutdown("its socket was removed or replaced");
            }
            if (busy) {
                return;
            }
            if (!Files.isRegularFile(jar) || Files.size(jar) != jarSize || Files.getLastModifiedTime(jar).toMillis() != jarModified) {
                shutdown("the jar changed (a rebuilt lab starts its own resident process)");
            }
            if (System.nanoTime() - slot.lastUsed() > idle.toNanos()) {
                shutdown("idle for " + idle.toMinutes() + " min");
            }
        } catch (IOException | RuntimeException e) {
            log("watch: " + e);
        }
    }

    private void shutdown(String why) {
        log("exiting: " + why);
        removeFiles();
        System.exit(0);
    }

    private synchronized void removeFiles() {
        try {
            if (server != null) {
                server.close();
            }
            Path socket = dir.resolve("socket");
            if (socketKey != null && Files.exists(socket, LinkOption.NOFOLLOW_LINKS)
                    && socketKey.equals(Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())) {
                Files.deleteIfExists(socket);
            }
            socketKey = null;
            Path pid = dir.resolve("daemon.pid");
            if (Files.isRegularFile(pid) && Files.readString(pid).strip().equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.deleteIfExists(pid);
            }
        } catch (IOException e) {
            log("cleanup: " + e);
        }
    }

    private static void close(SocketChannel connection) {
        try {
            connection.close();
        } catch (IOException ignored) {
            // closing a silent client
        }
    }

    private void log(String line) {
        log.println(Instant.now() + " " + line);
    }

    /** A request's stdout or stderr as frames; a client that went away makes writes no-ops (the command is being cancelled). */
    private static final class Frames extends OutputStream {
        private final SocketChannel connection;
        private final byte type;
        private final Object lock;
        private volatile boolean broken;

        Frames(SocketChannel connection, byte type, Object lock) {
            this.connection = connection;
            this.type = type;
            this.lock = lock;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int start = off; start < off + len && !broken; start += Wire.CHUNK) {
                int n = Math.min(Wire.CHUNK, off + len - start);
                synchronized (lock) {
                    try {
                        Wire.write(connection, type, b, start, n);
                    } catch (IOException e) {
                        broken = true;
                    }
                }
            }
        }

        void heartbeat() {
            synchronized (lock) {
                if (broken) {
                    return;
                }
                try {
                    Wire.write(connection, Wire.HEARTBEAT, new byte[0]);
                } catch (IOException e) {
                    broken = true;
                }
            }
        }
    }
}
