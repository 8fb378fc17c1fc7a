package orchlab.engine.course;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import orchlab.engine.yaml.Location;

/**
 * Unpacks a pack shipped as {@code .zip} into a folder, refusing entries that would land outside it
 * ("zip slip"), links, and archives that grow too large when unpacked.
 */
final class ZipPack {
    static final int MAX_ENTRIES = 5_000;
    static final long MAX_TOTAL_BYTES = 200L * 1024 * 1024;

    private ZipPack() {
    }

    /** Unpacks {@code zip} into {@code target}; returns the folder holding {@code lessons/} (the target or its only child). */
    static Path unpack(Path zip, Path target, Problems problems) throws IOException {
        String zipName = zip.getFileName().toString();
        Path root = target.toAbsolutePath().normalize();
        long total = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries++;
                Location where = Location.ofFile(zipName + "!/" + PackFiles.printable(entry.getName()));
                if (entries > MAX_ENTRIES) {
                    problems.error(Location.ofFile(zipName), "the archive has more than " + MAX_ENTRIES + " entries", "remove what the course does not need");
                    break;
                }
                String name = entry.getName().replace('\\', '/');
                if (name.chars().anyMatch(c -> c < 0x20)) {
                    problems.error(where, "archive entry name contains a control character (a NUL byte or similar); it was not unpacked",
                            "rename the file with printable characters and rebuild the archive");
                    continue;
                }
                Path out = root.resolve(name).normalize();
                if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || !out.startsWith(root)) {
                    problems.error(where, "archive entry '" + entry.getName() + "' would be written outside the pack folder; it was not unpacked",
                            "rebuild the archive from inside the pack folder");
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                long written = copyLimited(in, out, PackFiles.MAX_FILE_BYTES + 1);
                total += written;
                if (written > PackFiles.MAX_FILE_BYTES) {
                    Files.deleteIfExists(out);
                    problems.error(where, "file is larger than " + PackFiles.human(PackFiles.MAX_FILE_BYTES) + "; it was not unpacked",
                            "keep pack files small; large images do not belong in a pack");
                }
                if (total > MAX_TOTAL_BYTES) {
                    problems.error(Location.ofFile(zipName), "the archive unpacks to more than " + PackFiles.human(MAX_TOTAL_BYTES) + "; unpacking stopped");
                    break;
                }
            }
        } catch (ZipException e) {
            problems.error(Location.ofFile(zipName), "not a readable zip archive: " + e.getMessage(), "re-create the archive");
        }
        return findCourseRoot(root);
    }

    private static long copyLimited(InputStream in, Path out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        try (OutputStream o = Files.newOutputStream(out)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                written += n;
                if (written > limit) {
                    return written;
                }
                o.write(buffer, 0, n);
            }
        }
        return written;
    }

    private static Path findCourseRoot(Path root) throws IOException {
        if (Files.isDirectory(root.resolve("lessons"))) {
            return root;
        }
        try (var children = Files.list(root)) {
            var dirs = children.filter(Files::isDirectory).toList();
            if (dirs.size() == 1 && Files.isDirectory(dirs.get(0).resolve("lessons"))) {
                return dirs.get(0);
            }
        }
        return root;
    }
}
