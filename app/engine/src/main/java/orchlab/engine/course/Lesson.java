package orchlab.engine.course;

import java.nio.file.Path;
import java.util.List;

/**
 * A Markdown lesson. {@code markdown} is the body without its front matter.
 *
 * @param id          the file name without {@code .md}, unique in the course
 * @param file        absolute path of the Markdown file (images resolve relative to it)
 * @param exerciseIds the exercises this lesson contains, in order
 */
public record Lesson(String id, String title, Path file, String markdown, List<String> exerciseIds) {
    public Lesson {
        exerciseIds = List.copyOf(exerciseIds);
    }
}
