package orchlab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Whether the lab may put its output at a path the user named ({@code --out}, {@code --kubeconfig-out}): never
 * over something that is not a plain file (a device, a FIFO, a folder, a symbolic link), and never over a
 * kubeconfig the lab did not write (it may hold the user's own clusters) — unless the user says {@code --force}.
 */
final class OutputPaths {

    /** The first line of every kubeconfig the lab writes. */
    static final String LAB_MARKER = "# written by OrchLab";

    private OutputPaths() {
    }

    /** Why {@code file} must not be replaced, as a sentence ending in what to do; empty when it may be written. */
    static Optional<String> refusal(Path file, boolean onlyLabKubeconfigs, boolean force) {
        if (force) {
            return Optional.empty();
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.empty(); // nothing there (or not visible): a new file
        }
        String what = attributes.isDirectory() ? "a folder" : attributes.isSymbolicLink() ? "a symbolic link"
                : attributes.isOther() ? "a device, FIFO or socket" : null;
        if (what != null) {
            return Optional.of(file + " is " + what + ", not a regular file: the lab does not replace it. "
                    + "Choose another path, or add --force to replace it anyway.");
        }
        if (onlyLabKubeconfigs && !writtenByLab(file)) {
            return Optional.of(file + " already exists and was not written by the lab (it may hold your own clusters "
                    + "and credentials). Choose another path, or add --force to replace it.");
        }
        return Optional.empty();
    }

    private static boolean writtenByLab(Path file) {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] head = in.readNBytes(LAB_MARKER.length());
            return new String(head, StandardCharsets.UTF_8).equals(LAB_MARKER);
        } catch (IOException e) {
            return false;
        }
    }
}
