package orchlab.cli.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * {@code lab daemon status|start|stop}: the resident lab processes of this user (one per build and Java). JDK classes
 * only.
 */
public final class DaemonControl {
    /** How long {@code stop} waits for a resident process to exit after it answered that it is stopping. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** The exit code when an interrupt (Ctrl+C) ended the wait, as a shell gives a command that SIGINT ended. */
    static final int INTERRUPTED = 130;

    private DaemonControl() {
    }

    /** Waits up to {@code within} for {@code process} to exit; true when it has. Tests pass their own: no real waiting. */
    @FunctionalInterface
    interface ExitWait {
        boolean exited(ProcessHandle process, Duration within) throws InterruptedException;

        /** The process's own exit, through {@link ProcessHandle#onExit()}. */
        ExitWait PROCESS = (process, within) -> {
            try {
                process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException | ExecutionException e) {
                return !process.isAlive();
            }
        };
    }

    /**
     * Runs {@code status} or {@code stop}; exit 0, 2 for a usage error, 1 when a resident process asked to stop is
     * still running {@link #STOP_WAIT} later (named with its pid and how to end it), {@value #INTERRUPTED} when an
     * interrupt ended that wait (the thread's interrupt flag stays set).
     */
    public static int run(LabClient.Setup setup, Map<String, String> env, List<String> args, PrintStream out, PrintStream err) {
        if (args.size() == 1 && args.get(0).equals("start")) {
            // this build's resident process, started ahead of the first command (idempotent)
            return new LabClient(setup, env, Path.of("").toAbsolutePath(), out, err, false).start(out);
        }
        return run(env, args, out, err, ExitWait.PROCESS);
    }

    static int run(Map<String, String> env, List<String> args, PrintStream out, PrintStream err, ExitWait exitWait) {
        String verb = args.isEmpty() ? "status" : args.get(0);
        if (!verb.equals("status") && !verb.equals("stop") || args.size() > 1) {
            err.println("lab: usage: lab daemon [status|start|stop] — show, start or stop the resident lab processes");
            return 2;
        }
        Optional<Path> root = DaemonHome.root(env, System.getProperty("user.home"));
        if (root.isEmpty()) {
            err.println("lab: ORCHLAB_HOME or XDG_STATE_HOME is a relative path: no resident lab process is used");
            return verb.equals("status") ? 0 : 2;
        }
        List<DaemonHome> homes = homes(root.get());
        if (verb.equals("status")) {
            switch (LabClient.use(env)) {
                case OFF -> out.println("ORCHLAB_DAEMON=0: lab commands run in a process of their own here.");
                case JOIN -> out.println("CI is set: lab commands use a resident process only when one runs already"
                        + " (`lab daemon start` starts one; ORCHLAB_DAEMON=1 starts one when needed).");
                case ON -> {
                }
            }
            if (homes.isEmpty()) {
                out.println("No resident lab process is running (" + root.get() + ").");
            }
        }
        int stopped = 0;
        int notStopped = 0;
        for (DaemonHome home : homes) {
            Optional<SocketChannel> channel = LabClient.tryConnect(home);
            if (channel.isEmpty() || LabClient.foreignPeer(channel.get()).isPresent()) {
                out.println(home.dir().getFileName() + ": not running (stale socket, removed)");
                LabClient.retire(home);
                continue;
            }
            Optional<ProcessHandle> process = pid(home).flatMap(ProcessHandle::of);
            try (SocketChannel c = channel.get()) {
                Wire.write(c, Wire.REQUEST, new Wire.Request(verb, "", "", false, List.of(), Map.of()).encode());
                for (Wire.Frame f = Wire.read(c); f.type() != Wire.EXIT; f = Wire.read(c)) {
                    if (f.type() == Wire.TEXT) {
                        out.println(home.dir().getFileName() + ": " + f.text());
                    }
                }
            } catch (IOException e) {
                out.println(home.dir().getFileName() + ": does not answer (" + e.getMessage() + "); stopped");
                LabClient.retire(home);
                continue;
            }
            if (verb.equals("stop") && process.isPresent()) {
                String name = home.dir().getFileName().toString();
                long pid = process.get().pid();
                boolean exited;
                try {
                    exited = exitWait.exited(process.get(), STOP_WAIT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    err.println(name + ": interrupted while waiting for the resident lab process (pid " + pid + ") to exit;"
                            + " it may still be running — `lab daemon status` tells");
                    return INTERRUPTED;
                }
                if (exited) {
                    stopped++;
                } else {
                    notStopped++;
                    err.println(name + ": not stopped — the resident lab process (pid " + pid + ") is still running "
                            + STOP_WAIT.toSeconds() + " s after it was asked to stop; end it with `kill " + pid
                            + "` (`kill -9 " + pid + "` if it stays), then run `lab daemon status`");
                }
            }
        }
        if (verb.equals("stop")) {
            if (stopped > 0 || notStopped == 0) {
                out.println(stopped == 0 ? "No resident lab process was running." : "Stopped " + stopped + " resident lab process"
                        + (stopped == 1 ? "." : "es."));
            }
            return notStopped == 0 ? 0 : 1;
        }
        return 0;
    }

    static List<DaemonHome> homes(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<DaemonHome> homes = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> Files.exists(d.resolve("socket")) || Files.exists(d.resolve("daemon.pid")))
                    .sorted().forEach(d -> homes.add(DaemonHome.of(root, d.getFileName().toString())));
        } catch (IOException e) {
            return List.of();
        }
        return homes;
    }

    /** The pid the daemon of {@code home} wrote when it started. */
    static Optional<Long> pid(DaemonHome home) {
        try {
            return Optional.of(Long.parseLong(Files.readString(home.dir().resolve("daemon.pid"), StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code process} is a resident lab (never stop an unrelated process that reused the pid). */
    static boolean isDaemon(ProcessHandle process) {
        return process.info().commandLine().map(c -> c.contains(LabClient.DAEMON_MAIN)).orElse(false);
    }
}
