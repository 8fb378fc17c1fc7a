package orchlab.engine.course;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import orchlab.engine.yaml.Location;

/**
 * Safe access to the files of a course or pack (packs are untrusted input): paths must stay inside
 * the pack, links may not lead out of it, and files have size limits.
 */
public final class PackFiles {
    /** Largest lesson, exercise or manifest file read as text. */
    public static final long MAX_TEXT_BYTES = 1024 * 1024;
    /** Largest file of any kind in a pack (images, starter files). */
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

    private final Path root;
    private final Path realRoot;

    public PackFiles(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    public Path root() {
        return root;
    }

    /** The path as shown in messages: relative to the pack, with forward slashes. */
    public String display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String rel = abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
        return rel.replace('\\', '/');
    }

    public Location locationOf(Path file) {
        return Location.ofFile(display(file));
    }

    /**
     * Resolves a path written in the pack ({@code setup/config.yaml}) against {@code base}. Reports
     * and returns empty when the path is absolute or leads outside the pack.
     */
    public Optional<Path> resolve(Path base, String written, Location where, Problems problems) {
        if (written.isBlank()) {
            problems.error(where, "empty path");
            return Optional.empty();
        }
        if (written.chars().anyMatch(c -> c < 0x20)) {
            problems.error(where, "path '" + printable(written) + "' contains a control character (a NUL byte or similar)",
                    "write the file name with printable characters only");
            return Optional.empty();
        }
        if (written.startsWith("/") || written.startsWith("\\") || written.matches("^[A-Za-z]:.*")) {
            problems.error(where, "path '" + written + "' is absolute; paths in a pack are relative to the pack",
                    "write it relative to " + display(base));
            return Optional.empty();
        }
        Path resolved;
        try {
            resolved = base.resolve(written).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            problems.error(where, "path '" + printable(written) + "' is not a valid file name here: " + e.getReason());
            return Optional.empty();
        }
        if (!resolved.startsWith(root)) {
            problems.error(where, "path '" + written + "' leads outside the pack", "keep every file inside the pack folder");
            return Optional.empty();
        }
        return Optional.of(resolved);
    }

    /** {@code text} with control characters written as escapes (NUL as backslash-0): safe to print in one line. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(200).forEach(c -> {
            if (c == 0) {
                out.append("\\0");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** True when the file exists and its real location (links followed) is inside the pack. */
    public boolean insidePack(Path file) {
        try {
            return file.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a UTF-8 text file, reporting a missing file, a link out of the pack, a file too large or bad bytes. */
    public Optional<String> readText(Path file, Location where, Problems problems) {
        Location at = locationOf(file);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            problems.error(where, "file " + display(file) + " does not exist", "create it or fix the path");
            return Optional.empty();
        }
        if (!insidePack(file)) {
            problems.error(at, "file " + display(file) + " is a link to somewhere outside the pack", "copy the file into the pack");
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            problems.error(where, display(file) + " is not a file");
            return Optional.empty();
        }
        try {
            long size = Files.size(file);
            if (size > MAX_TEXT_BYTES) {
                problems.error(at, "file is too large (" + human(size) + "; text files in a pack may be at most " + human(MAX_TEXT_BYTES) + ")",
                        "split it or remove what is not needed");
                return Optional.empty();
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_TEXT_BYTES + 1);
            }
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            problems.error(at, "file is not UTF-8 text", "save it as UTF-8");
        } catch (IOException e) {
            problems.error(at, "cannot read file: " + e.getMessage());
        }
        return Optional.empty();
    }

    static String human(long bytes) {
        if (bytes >= 1024 * 1024) {
            return (bytes / (1024 * 1024)) + " MB";
        }
        if (bytes >= 1024) {
            return (bytes / 1024) + " KB";
        }
        return bytes + " bytes";
    }
}
