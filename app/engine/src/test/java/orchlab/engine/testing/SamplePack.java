package orchlab.engine.testing;

import java.io.IOException;
import orchlab.testkit.Repo;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A copy of the built-in course's Kubernetes part (its lessons and every {@code k8s-*} exercise) to mutate in tests. */
public final class SamplePack {
    private SamplePack() {
    }

    public static Path copyTo(Path target) throws IOException {
        Path root = Repo.root();
        Files.createDirectories(target);
        for (String part : List.of("lessons/course.yaml", "lessons/kubernetes")) {
            copy(root.resolve(part), target.resolve(part));
        }
        try (Stream<Path> exercises = Files.list(root.resolve("exercises"))) {
            for (Path exercise : exercises.filter(e -> e.getFileName().toString().startsWith("k8s-")).toList()) {
                copy(exercise, target.resolve("exercises").resolve(exercise.getFileName().toString()));
            }
        }
        // keep only the Kubernetes module so the copy stands alone (line numbers of the index stay as in the repository)
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(target.resolve("lessons/course.yaml")));
        int modules = lines.indexOf("modules:");
        List<String> kept = new java.util.ArrayList<>(lines.subList(0, modules + 1));
        boolean keep = false;
        for (String line : lines.subList(modules + 1, lines.size())) {
            if (line.startsWith("  - id: ")) {
                keep = line.equals("  - id: kubernetes-basics");
            }
            if (keep) {
                kept.add(line);
            }
        }
        Files.write(target.resolve("lessons/course.yaml"), kept);
        return target;
    }

    /** A copy of the whole built-in course (every module and exercise, the Docker ones included). */
    public static Path copyAllTo(Path target) throws IOException {
        Path root = Repo.root();
        Files.createDirectories(target);
        for (String part : List.of("lessons", "exercises")) {
            copy(root.resolve(part), target.resolve(part));
        }
        return target;
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Replaces the first occurrence of {@code from}; fails loudly when the text is not there. */
    public static void replace(Path pack, String file, String from, String to) throws IOException {
        Path p = pack.resolve(file);
        String text = Files.readString(p);
        int at = text.indexOf(from);
        if (at < 0) {
            throw new IllegalArgumentException("'" + from + "' not found in " + file);
        }
        Files.writeString(p, text.substring(0, at) + to + text.substring(at + from.length()));
    }

    public static void zip(Path pack, Path zip, String prefix) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> walk = Files.walk(pack)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(prefix + pack.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, (OutputStream) out);
                out.closeEntry();
            }
        }
    }
}
