package orchlab.engine.course;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded course: the built-in one (the repository root) or an instructor's pack. Immutable.
 *
 * @param root    the directory holding {@code lessons/}, {@code exercises/} and {@code assets/}
 * @param modules ordered modules, each with ordered lessons
 * @param exercises every exercise of the course by id, in course order
 */
public record Course(String id, String title, String version, Path root, List<CourseModule> modules,
                     Map<String, Exercise> exercises) {

    public Course {
        modules = List.copyOf(modules);
        exercises = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exercises));
    }

    public Optional<Exercise> exercise(String exerciseId) {
        return Optional.ofNullable(exercises.get(exerciseId));
    }

    public List<Lesson> lessons() {
        return modules.stream().flatMap(m -> m.lessons().stream()).toList();
    }

    public Optional<Lesson> lesson(String lessonId) {
        return lessons().stream().filter(l -> l.id().equals(lessonId)).findFirst();
    }

    /** The lesson that lists this exercise, if any. */
    public Optional<Lesson> lessonOf(String exerciseId) {
        return lessons().stream().filter(l -> l.exerciseIds().contains(exerciseId)).findFirst();
    }

    public Path assetsDir() {
        return root.resolve("assets");
    }
}
