package orchlab.desktop.terminal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * A process running on a pseudo-terminal: the child sees a real tty (job control, Ctrl-C, window size), the lab
 * reads and writes the master side.
 *
 * <p>How: the master is opened through libc ({@code posix_openpt}, {@code grantpt}, {@code unlockpt},
 * {@code ptsname}) with JNA; the child is started by {@link ProcessBuilder} under {@code setsid}, and a tiny
 * {@code /bin/sh} step opens the slave device as its standard input, output and error before it {@code exec}s the
 * command. Being a fresh session leader when it opens the slave, the child gets the slave as its controlling
 * terminal; the JVM itself never opens the slave, so it can never acquire it as its own controlling terminal.
 * See ADR 6 for why not pty4j.
 */
public final class Pty implements Closeable {

    /** The value of {@code TERM} when the environment does not set one: what the JediTermFX emulator speaks. */
    public static final String DEFAULT_TERM = "xterm-256color";

    private static final int POLL_MILLIS = 100;
    private static final int BUFFER_SIZE = 16 * 1024;
    /** Outcomes of one step of the read loop besides a byte count. */
    private static final int END = -1;
    private static final int AGAIN = -2;
    /** Opens the slave as fd 0, 1 and 2 and replaces itself with the command; arguments: slave path, command. */
    private static final String OPEN_SLAVE_AND_EXEC = "tty=$1; shift; exec \"$@\" <>\"$tty\" >&0 2>&0";
    /** The same for perl, which also claims the slave explicitly; arguments: TIOCSCTTY, slave path, command. */
    private static final String PERL_OPEN_SLAVE_AND_EXEC = String.join(" ",
            "my $sctty = shift @ARGV; my $tty = shift @ARGV;",
            "POSIX::setsid() != -1 or die \"orchlab-terminal: setsid: $!\\n\";",
            "open(my $fh, '+<', $tty) or die \"orchlab-terminal: $tty: $!\\n\";",
            "ioctl($fh, $sctty, 0);",
            "POSIX::dup2(fileno($fh), $_) for 0, 1, 2;",
            "close($fh) if fileno($fh) > 2;",
            "exec { $ARGV[0] } @ARGV or die \"orchlab-terminal: $ARGV[0]: $!\\n\";");

    private final int master;
    private final String slaveName;
    private final Process process;
    private final List<String> command;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** One reader at a time, one writer at a time. */
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    /** Shared while a call uses the master descriptor (for at most one poll interval), exclusive to close it. */
    private final ReadWriteLock fdLock = new ReentrantReadWriteLock();
    private volatile boolean masterClosed;
    private final MasterInput output = new MasterInput();
    private final MasterOutput input = new MasterOutput();

    private Pty(int master, String slaveName, Process process, List<String> command) {
        this.master = master;
        this.slaveName = slaveName;
        this.process = process;
        this.command = command;
    }

    /**
     * Starts {@code command} on a new pseudo-terminal of {@code columns} x {@code rows}.
     *
     * @param command the program and its arguments; the program is looked up on the {@code PATH} of {@code env}
     * @param workDir the working directory of the process
     * @param env the complete environment of the process; {@code TERM} defaults to {@value #DEFAULT_TERM}
     * @throws IOException when this operating system has no supported pseudo-terminal, the directory does not
     *     exist, or the pseudo-terminal or process cannot be created; the message says which, in a sentence
     */
    public static Pty start(List<String> command, Path workDir, Map<String, String> env, int columns, int rows)
            throws IOException {
        return start(Launcher.SETSID, command, workDir, env, columns, rows);
    }

    /** How the child becomes a session leader with the slave as its controlling terminal. */
    enum Launcher {
        /** util-linux {@code setsid}, then {@code /bin/sh} opens the slave (a session leader acquires it on open). */
        SETSID,
        /** perl's POSIX::setsid, then perl opens the slave and claims it with {@code TIOCSCTTY} (for macOS). */
        PERL
    }

    /** Like {@link #start(List, Path, Map, int, int)}, preferring {@code launcher} when it is installed. */
    static Pty start(Launcher launcher, List<String> command, Path workDir, Map<String, String> env, int columns,
            int rows) throws IOException {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(env, "env");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("The terminal command is empty.");
        }
        if (!Posix.supported()) {
            throw new IOException("The built-in terminal is not supported on " + System.getProperty("os.name")
                    + " yet. Use your own terminal with the KUBECONFIG and DOCKER_HOST shown by the lab.");
        }
        if (!Files.isDirectory(workDir)) {
            throw new IOException("The terminal cannot start in " + workDir + ": that folder does not exist.");
        }
        Posix.LibC libc = Posix.loadLibc();
        int master;
        try {
            master = libc.posix_openpt(Posix.O_RDWR | Posix.O_NOCTTY);
        } catch (LastErrorException e) {
            throw new IOException("The terminal could not open a pseudo-terminal (posix_openpt failed with errno "
                    + e.getErrorCode() + "). Check that /dev/ptmx is available.", e);
        }
        try {
            String slave = prepare(libc, master, columns, rows);
            ProcessBuilder builder = new ProcessBuilder(launch(launcher, env, slave, command))
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> childEnv = builder.environment();
            childEnv.clear();
            childEnv.putAll(env);
            childEnv.putIfAbsent("TERM", DEFAULT_TERM);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IOException("The terminal could not start " + String.join(" ", command) + ": "
                        + e.getMessage(), e);
            }
            return new Pty(master, slave, process, List.copyOf(command));
        } catch (IOException | RuntimeException e) {
            closeQuietly(master);
            throw e;
        }
    }

    /** Unlocks the slave and sets the size; returns the slave's device name. */
    private static String prepare(Posix.LibC libc, int master, int columns, int rows) throws IOException {
        String slave;
        try {
            libc.fcntl(master, Posix.F_SETFD, Posix.FD_CLOEXEC);
            libc.grantpt(master);
            libc.unlockpt(master);
            synchronized (Posix.PTSNAME_LOCK) {
                slave = libc.ptsname(master);
            }
        } catch (LastErrorException e) {
            throw new IOException("The terminal could not prepare its pseudo-terminal (errno " + e.getErrorCode()
                    + ").", e);
        }
        if (slave == null) {
            throw new IOException("The terminal could not find the name of its pseudo-terminal device.");
        }
        setWindowSize(master, columns, rows);
        return slave;
    }

    /** The command line that starts {@code command} as a session leader on {@code slave}. */
    private static List<String> launch(Launcher preferred, Map<String, String> env, String slave,
            List<String> command) throws IOException {
        Optional<Path> setsid = findExecutable("setsid", env);
        Optional<Path> perl = findExecutable("perl", env);
        List<String> argv = new ArrayList<>();
        if (setsid.isPresent() && (preferred == Launcher.SETSID || perl.isEmpty())) {
            // -w: if setsid has to fork, it still reports the command's exit code
            argv.addAll(List.of(setsid.get().toString(), "-w", "/bin/sh", "-c", OPEN_SLAVE_AND_EXEC,
                    "orchlab-terminal", slave));
        } else if (perl.isPresent()) {
            argv.addAll(List.of(perl.get().toString(), "-MPOSIX", "-e", PERL_OPEN_SLAVE_AND_EXEC,
                    Long.toString(Posix.TIOCSCTTY), slave));
        } else {
            throw new IOException("The built-in terminal needs the setsid command (util-linux) or perl to start a"
                    + " shell, and neither is on the PATH.");
        }
        argv.addAll(command);
        return argv;
    }

    private static Optional<Path> findExecutable(String name, Map<String, String> env) {
        List<String> dirs = new ArrayList<>();
        String path = env.getOrDefault("PATH", System.getenv("PATH"));
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        return dirs.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** What the terminal's program reads: everything the process writes to its tty. Returns -1 once it is gone. */
    public InputStream output() {
        return output;
    }

    /** What the terminal's program writes: keys typed into its tty ({@code 0x03} is Ctrl-C). */
    public OutputStream input() {
        return input;
    }

    /** Sets the window size; the foreground process gets {@code SIGWINCH}. Ignored once closed. */
    public void resize(int columns, int rows) {
        fdLock.readLock().lock();
        try {
            if (!masterClosed) {
                setWindowSize(master, columns, rows);
            }
        } catch (IOException e) {
            // the process is gone: nothing to tell
        } finally {
            fdLock.readLock().unlock();
        }
    }

    private static void setWindowSize(int fd, int columns, int rows) throws IOException {
        if (columns <= 0 || rows <= 0) {
            return;
        }
        Posix.WinSize size = new Posix.WinSize(columns, rows);
        size.write();
        try {
            Posix.libc().ioctl(fd, new NativeLong(Posix.TIOCSWINSZ), size.getPointer());
        } catch (LastErrorException e) {
            throw new IOException("The terminal could not set its window size (errno " + e.getErrorCode() + ").", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process id of the command (a session and process-group leader). */
    public long pid() {
        return process.pid();
    }

    /** The slave device, e.g. {@code /dev/pts/3}. */
    public String deviceName() {
        return slaveName;
    }

    public List<String> command() {
        return command;
    }

    /** Waits for the command to end and returns its exit code (128 + n when killed by signal n). */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Completes with the exit code when the command ends. */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /**
     * Ends the command and everything it started that is still running (hang-up first, then kill), and releases
     * the pseudo-terminal. Safe to call more than once and from any thread.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> family = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        Posix.LibC libc = Posix.libc();
        signalQuietly(libc, -(int) process.pid(), Posix.SIGHUP);
        for (ProcessHandle member : family) {
            signalQuietly(libc, (int) member.pid(), Posix.SIGHUP);
        }
        // readers and writers hold the shared lock for one short poll at most, then see `closing`
        fdLock.writeLock().lock();
        try {
            masterClosed = true;
            closeQuietly(master);
        } finally {
            fdLock.writeLock().unlock();
        }
        try {
            process.waitFor(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void signalQuietly(Posix.LibC libc, int pid, int signal) {
        try {
            libc.kill(pid, signal);
        } catch (LastErrorException e) {
            // already gone (ESRCH) or not ours any more
        }
    }

    private static void closeQuietly(int fd) {
        try {
            Posix.libc().close(fd);
        } catch (LastErrorException e) {
            // nothing left to release
        }
    }

    /** Waits up to POLL_MILLIS for {@code events} on the master; call with the shared fd lock held. */
    private boolean poll(short events, int timeoutMillis) throws IOException {
        Posix.PollFd pollFd = new Posix.PollFd(master, events);
        try {
            return Posix.libc().poll(pollFd, new NativeLong(1), timeoutMillis) > 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Posix.EINTR || e.getErrorCode() == Posix.EAGAIN) {
                return false;
            }
            throw new IOException("Reading the terminal failed (errno " + e.getErrorCode() + ").", e);
        }
    }

    private final class MasterInput extends InputStream {
        private final Memory buffer = new Memory(BUFFER_SIZE);

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            synchronized (readLock) {
                while (true) {
                    int n = readOnce(b, off, len);
                    if (n != AGAIN) {
                        return n;
                    }
                }
            }
        }

        /** Bytes read, END, or AGAIN when nothing arrived within one poll interval. */
        private int readOnce(byte[] b, int off, int len) throws IOException {
            fdLock.readLock().lock();
            try {
                if (closing.get() || masterClosed) {
                    return END;
                }
                if (!poll(Posix.POLLIN, POLL_MILLIS)) {
                    // drained, and the command is gone (a background job may still hold the slave open)
                    return process.isAlive() ? AGAIN : END;
                }
                long n = Posix.libc().read(master, buffer, new NativeLong(Math.min(len, BUFFER_SIZE))).longValue();
                if (n <= 0) {
                    return END;
                }
                buffer.read(0, b, off, (int) n);
                return (int) n;
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == Posix.EINTR || errno == Posix.EAGAIN) {
                    return AGAIN;
                }
                if (errno == Posix.EIO) {
                    // every slave descriptor is closed: the command and its children are gone
                    return END;
                }
                throw new IOException("Reading the terminal failed (errno " + errno + ").", e);
            } finally {
                fdLock.readLock().unlock();
            }
        }

        @Override
        public int available() throws IOException {
            fdLock.readLock().lock();
            try {
                return !closing.get() && !masterClosed && poll(Posix.POLLIN, 0) ? 1 : 0;
            } finally {
                fdLock.readLock().unlock();
            }
        }

        @Override
        public void close() {
            Pty.this.close();
        }
    }

    private final class MasterOutput extends OutputStream {
        private final Memory buffer = new Memory(BUFFER_SIZE);

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            synchronized (writeLock) {
                int written = 0;
                while (written < len) {
                    written += writeOnce(b, off + written, len - written);
                }
            }
        }

        /** Bytes written, possibly 0 when the tty's input queue stayed full for one poll interval. */
        private int writeOnce(byte[] b, int off, int len) throws IOException {
            fdLock.readLock().lock();
            try {
                if (closing.get() || masterClosed) {
                    throw new IOException("The terminal is closed.");
                }
                if (!poll(Posix.POLLOUT, POLL_MILLIS)) {
                    if (!process.isAlive()) {
                        throw new IOException("The terminal's process has ended.");
                    }
                    return 0;
                }
                int chunk = Math.min(len, BUFFER_SIZE);
                buffer.write(0, b, off, chunk);
                long n = Posix.libc().write(master, buffer, new NativeLong(chunk)).longValue();
                return (int) Math.max(n, 0);
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == Posix.EINTR || errno == Posix.EAGAIN) {
                    return 0;
                }
                throw new IOException("Writing to the terminal failed (errno " + errno + ").", e);
            } finally {
                fdLock.readLock().unlock();
            }
        }

        @Override
        public void close() {
            // the master stays open for reading; Pty.close() releases it
        }
    }

    @Override
    public String toString() {
        return "Pty[" + slaveName + ", pid " + process.pid() + ", " + String.join(" ", command) + "]";
    }

}
