package orchlab.engine.course;

import java.util.List;

/** A group of lessons ("Kubernetes basics"), in course order. */
public record CourseModule(String id, String title, List<Lesson> lessons) {
    public CourseModule {
        lessons = List.copyOf(lessons);
    }
}
