package orchlab.cli.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the resident lab of one build lives: {@code <state>/daemons/<key>/} (owner-only folders) holding its
 * {@code socket} and {@code daemon.log}. {@code <state>} is the lab's state folder as {@code orchlab.engine.LabDirs}
 * finds it ({@code $ORCHLAB_HOME/state}, else {@code $XDG_STATE_HOME/orchlab}, else {@code ~/.local/state/orchlab}).
 * The key is a hash of what makes a daemon able to serve a request exactly as a fresh process would: the jar (path,
 * size, modification time), the Java that runs it, and what the JVM fixes at start from the environment (time zone,
 * locale). JDK classes only.
 */
public final class DaemonHome {
    /** Environment variables the JVM reads once at start (default time zone, locale and charset). */
    static final List<String> JVM_START_VARIABLES = List.of("TZ", "LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES");
    /** Variables naming files: a relative value means "relative to the current folder", which a daemon does not share. */
    static final List<String> PATH_VARIABLES = List.of("KUBECONFIG", "ORCHLAB_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME",
            "XDG_DATA_HOME", "DOCKER_CONFIG", "DOCKER_CERT_PATH");
    /** sun_path is 108 bytes on Linux, with its terminating NUL. */
    static final int MAX_SOCKET_PATH = 100;

    private final Path dir;

    private DaemonHome(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path socket() {
        return dir.resolve("socket");
    }

    public Path log() {
        return dir.resolve("daemon.log");
    }

    public Path spawnLock() {
        return dir.resolve("spawn.lock");
    }

    /** The folder holding every build's daemon folder. */
    public static Optional<Path> root(Map<String, String> env, String userHome) {
        String all = env.get("ORCHLAB_HOME");
        Path state;
        if (all != null && !all.isBlank()) {
            state = Path.of(all).resolve("state");
        } else {
            String xdg = env.get("XDG_STATE_HOME");
            Path base = xdg == null || xdg.isBlank() ? Path.of(userHome).resolve(".local/state") : Path.of(xdg);
            state = base.resolve("orchlab");
        }
        return state.isAbsolute() ? Optional.of(state.resolve("daemons")) : Optional.empty();
    }

    public static DaemonHome of(Path root, String key) {
        return new DaemonHome(root.resolve(key));
    }

    /** The first variable in {@link #PATH_VARIABLES} with a relative entry, if any. */
    static Optional<String> relativePathVariable(Map<String, String> env) {
        for (String name : PATH_VARIABLES) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            for (String entry : value.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank() && !Path.of(entry).isAbsolute()) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }

    /** The daemon key of this jar on this Java with this environment (16 hex digits). */
    public static String key(Path jar, Path javaHome, Map<String, String> env) throws IOException {
        Path real = jar.toRealPath();
        StringBuilder identity = new StringBuilder()
                .append("jar=").append(real).append('\n')
                .append("size=").append(Files.size(real)).append('\n')
                .append("mtime=").append(Files.getLastModifiedTime(real).toMillis()).append('\n')
                .append("java=").append(javaHome.toRealPath()).append('\n');
        for (String name : JVM_START_VARIABLES) {
            identity.append(name).append('=').append(env.getOrDefault(name, "")).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates {@code dir} owner-only when missing, and checks that it is a folder (not a link) owned by this user
     * that nobody else may enter; returns why not otherwise.
     */
    static Optional<String> secureFolder(Path dir) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another client made it at the same time: checked below like any existing folder
                }
            }
            PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isDirectory()) {
                return Optional.of(dir + " is not a folder");
            }
            if (!ownedByMe(dir)) {
                return Optional.of(dir + " belongs to " + attributes.owner().getName() + ", not to you");
            }
            Set<PosixFilePermission> others = EnumSet.copyOf(attributes.permissions());
            others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
            if (!others.isEmpty()) {
                return Optional.of(dir + " may be entered by other users (" + PosixFilePermissions.toString(attributes.permissions())
                        + "); make it owner-only: chmod 700 " + dir);
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot use " + dir + ": " + e);
        }
    }

    /** Whether this process's user owns {@code file} (compared by uid; the file itself, not a link's target). */
    static boolean ownedByMe(Path file) throws IOException {
        Path self = Path.of("/proc/self");
        if (!Files.isDirectory(self)) {
            return Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
        }
        return Files.getAttribute(self, "unix:uid").equals(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }
}
