package orchlab.engine.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the tests run in (the built-in course lives at its root). */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        String property = System.getProperty("orchlab.root");
        Path start = property != null && !property.isBlank() ? Path.of(property) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("lessons/course.yaml")) && Files.isDirectory(p.resolve("app"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (lessons/course.yaml) above " + start);
    }
}
