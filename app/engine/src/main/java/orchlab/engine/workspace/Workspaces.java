package orchlab.engine.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;

/**
 * The learner's own copy of each exercise's files, kept under the lab's data folder
 * ({@code <base>/<course-id>/<exercise-id>/}), created from {@code starter/} the first time and
 * put back to the starter on reset. The course's own files are never edited.
 */
public final class Workspaces {
    private final Path base;

    public Workspaces(Path base) {
        this.base = base;
    }

    public Path dirOf(Course course, Exercise exercise) {
        return base.resolve(course.id()).resolve(exercise.id());
    }

    /** The workspace, created from the starter when it does not exist yet. */
    public Path open(Course course, Exercise exercise) throws IOException {
        Path dir = dirOf(course, exercise);
        if (!Files.isDirectory(dir)) {
            copyTree(exercise.starterDir(), dir);
        }
        return dir;
    }

    /** Puts the starter files back (the learner's edits are gone). */
    public Path reset(Course course, Exercise exercise) throws IOException {
        Path dir = dirOf(course, exercise);
        deleteTree(dir);
        copyTree(exercise.starterDir(), dir);
        return dir;
    }

    /** Files of the workspace, relative, sorted (what the editor shows as tabs). */
    public static List<Path> files(Path workspace) throws IOException {
        if (!Files.isDirectory(workspace)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(workspace)) {
            return walk.filter(Files::isRegularFile).map(workspace::relativize).sorted().toList();
        }
    }

    /** Writes a file atomically (temp file, then rename): a crash never leaves half a file. */
    public static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        copyTree(from, to, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * Copies a folder's regular files (links and special files are skipped) into {@code to}, as long as they fit a
     * budget.
     *
     * @return false, with the copy left incomplete, when the folder has more than {@code maxFiles} files or
     *         {@code maxBytes} bytes
     */
    public static boolean copyTree(Path from, Path to, long maxFiles, long maxBytes) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) {
            return true;
        }
        long[] budget = {maxFiles, maxBytes};
        boolean[] fits = {true};
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                budget[0]--;
                budget[1] -= attrs.size();
                if (budget[0] < 0 || budget[1] < 0) {
                    fits[0] = false;
                    return FileVisitResult.TERMINATE;
                }
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
        return fits[0];
    }

    /** Deletes a temporary folder and what it holds; what cannot be deleted is left for the system's clean-up. */
    public static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // left behind, see above
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // as above
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
