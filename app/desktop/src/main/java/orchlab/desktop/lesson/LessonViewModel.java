package orchlab.desktop.lesson;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Lesson;

/** The lesson being read: its Markdown, where its images live, and the exercises it contains. */
public final class LessonViewModel {
    private final ObjectProperty<Lesson> lesson = new SimpleObjectProperty<>();
    private final StringProperty title = new SimpleStringProperty("");
    private final ObservableList<Exercise> exercises = FXCollections.observableArrayList();
    private Course course;

    public void show(Course newCourse, Lesson newLesson) {
        course = newCourse;
        List<Exercise> list = newLesson.exerciseIds().stream().map(newCourse::exercise).flatMap(Optional::stream).toList();
        exercises.setAll(list);
        title.set(newLesson.title());
        lesson.set(newLesson);
    }

    public void clear() {
        lesson.set(null);
        title.set("");
        exercises.clear();
    }

    /** The lesson a relative Markdown link points to ({@code ../kubernetes/services.md}), if the course has it. */
    public Optional<Lesson> lessonAt(Path file) {
        if (course == null) {
            return Optional.empty();
        }
        Path wanted = file.toAbsolutePath().normalize();
        return course.lessons().stream().filter(l -> l.file().toAbsolutePath().normalize().equals(wanted)).findFirst();
    }

    public Path baseDir() {
        Lesson l = lesson.get();
        return l == null ? courseRoot() : l.file().toAbsolutePath().getParent();
    }

    public Path courseRoot() {
        return course == null ? Path.of("").toAbsolutePath() : course.root().toAbsolutePath();
    }

    public ObjectProperty<Lesson> lessonProperty() {
        return lesson;
    }

    public StringProperty titleProperty() {
        return title;
    }

    public ObservableList<Exercise> exercises() {
        return exercises;
    }
}
