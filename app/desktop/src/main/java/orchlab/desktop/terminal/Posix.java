package orchlab.desktop.terminal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The few libc calls a pseudo-terminal needs, through JNA. Only the parent side runs here: the JVM opens the master,
 * the child process is started by {@link ProcessBuilder} (never forked from the JVM).
 *
 * <p>Constants differ between Linux and macOS where noted; everything else is POSIX.
 */
final class Posix {

    /** The libc functions used, mapped with errno reporting. */
    interface LibC extends Library {
        int posix_openpt(int flags) throws LastErrorException;

        int grantpt(int fd) throws LastErrorException;

        int unlockpt(int fd) throws LastErrorException;

        /** Not thread-safe (static buffer): called under {@link Posix#PTSNAME_LOCK}. */
        String ptsname(int fd) throws LastErrorException;

        int ioctl(int fd, NativeLong request, Object... args) throws LastErrorException;

        int fcntl(int fd, int cmd, Object... args) throws LastErrorException;

        NativeLong read(int fd, Pointer buffer, NativeLong count) throws LastErrorException;

        NativeLong write(int fd, Pointer buffer, NativeLong count) throws LastErrorException;

        int poll(PollFd fds, NativeLong nfds, int timeoutMillis) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int kill(int pid, int signal) throws LastErrorException;
    }

    /** {@code struct winsize}: the same layout on Linux and macOS. */
    @Structure.FieldOrder({"ws_row", "ws_col", "ws_xpixel", "ws_ypixel"})
    public static final class WinSize extends Structure {
        public short ws_row;
        public short ws_col;
        public short ws_xpixel;
        public short ws_ypixel;

        WinSize(int columns, int rows) {
            ws_col = (short) columns;
            ws_row = (short) rows;
        }
    }

    /** {@code struct pollfd}: the same layout on Linux and macOS. */
    @Structure.FieldOrder({"fd", "events", "revents"})
    public static final class PollFd extends Structure {
        public int fd;
        public short events;
        public short revents;

        PollFd(int fd, short events) {
            this.fd = fd;
            this.events = events;
        }
    }

    static final int O_RDWR = 2;
    static final int O_NOCTTY = Platform.isMac() ? 0x20000 : 0400;
    /** Linux x86_64/aarch64 use the generic ioctl numbers; macOS uses BSD's _IOW('t', 103, struct winsize). */
    static final long TIOCSWINSZ = Platform.isMac() ? 0x80087467L : 0x5414L;
    /** _IO('t', 97) on macOS; the generic Linux number on x86_64/aarch64. */
    static final long TIOCSCTTY = Platform.isMac() ? 0x20007461L : 0x540EL;
    static final int F_SETFD = 2;
    static final int FD_CLOEXEC = 1;

    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;

    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = Platform.isMac() ? 35 : 11;
    static final int ESRCH = 3;

    static final int SIGHUP = 1;

    static final Object PTSNAME_LOCK = new Object();

    private static volatile LibC libc;

    private Posix() {
    }

    /** Whether this platform has the POSIX pseudo-terminal calls this class uses. */
    static boolean supported() {
        return Platform.isLinux() || Platform.isMac();
    }

    static LibC libc() {
        LibC lib = libc;
        if (lib == null) {
            synchronized (Posix.class) {
                lib = libc;
                if (lib == null) {
                    lib = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
                    libc = lib;
                }
            }
        }
        return lib;
    }

    /** {@link #libc()}, or an IOException that says why the C library could not be reached. */
    static LibC loadLibc() throws java.io.IOException {
        try {
            return libc();
        } catch (LinkageError | RuntimeException e) {
            throw new java.io.IOException("The built-in terminal could not load the C library through JNA ("
                    + e.getMessage() + "). Use your own terminal with the KUBECONFIG and DOCKER_HOST shown by the lab.",
                    e);
        }
    }
}
