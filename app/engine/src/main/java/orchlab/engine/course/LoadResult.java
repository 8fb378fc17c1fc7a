package orchlab.engine.course;

import java.util.List;
import java.util.Optional;

/**
 * What loading a course gave: the course (without the parts that could not be read) and every
 * problem found, located. {@link #ok()} is false when any problem is an error.
 */
public record LoadResult(Optional<Course> course, List<Problem> problems) {
    public LoadResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return course.isPresent() && problems.stream().noneMatch(Problem::isError);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }
}
