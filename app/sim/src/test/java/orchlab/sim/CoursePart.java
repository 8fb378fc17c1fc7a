package orchlab.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orchlab.engine.Lab;
import orchlab.engine.course.Exercise;

/**
 * Exercises of the built-in course as a pack of their own: the exercises are the course's (copied unchanged), and a
 * test does not wait for the whole course to load (seconds on a busy machine).
 */
public final class CoursePart {
    private CoursePart() {
    }

    /** Copies {@code exerciseIds} from the built-in course into {@code pack} with one lesson naming them, and loads them. */
    public static List<Exercise> load(Lab lab, Path pack, String... exerciseIds) throws IOException {
        Path root = orchlab.testkit.Repo.root();
        Files.createDirectories(pack.resolve("lessons/part"));
        Files.writeString(pack.resolve("lessons/course.yaml"), """
                id: course-part
                title: Exercises of the built-in course
                version: 0.1.0
                modules:
                  - id: part
                    title: Part of the built-in course
                    lessons:
                      - part/lesson.md
                """);
        Files.writeString(pack.resolve("lessons/part/lesson.md"), "---\ntitle: The exercises\nexercises: ["
                + String.join(", ", exerciseIds) + "]\n---\n# The exercises\n");
        for (String id : exerciseIds) {
            Path exercise = root.resolve("exercises").resolve(id);
            try (var files = Files.walk(exercise)) {
                for (Path from : files.toList()) {
                    Path to = pack.resolve("exercises").resolve(id).resolve(exercise.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to);
                    }
                }
            }
        }
        var loaded = lab.loadCourse(pack);
        var course = loaded.course().orElseThrow(() -> new IllegalStateException("the course part does not load: " + loaded));
        return List.of(exerciseIds).stream().map(id -> course.exercise(id).orElseThrow()).toList();
    }
}
