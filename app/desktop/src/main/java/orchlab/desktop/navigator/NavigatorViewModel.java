package orchlab.desktop.navigator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import orchlab.desktop.navigator.NavItem.Mark;
import orchlab.engine.course.Course;
import orchlab.engine.course.CourseModule;
import orchlab.engine.course.Lesson;

/**
 * The course navigator: modules → lessons → exercises, each exercise marked done / attempted / not
 * started, lessons and modules summarising theirs, and the course progress bar. Any lesson can be
 * opened, in any order.
 */
public final class NavigatorViewModel {

    /** A module or lesson with what it contains. */
    public record Node(NavItem item, List<Node> children) {
        public Node {
            children = List.copyOf(children);
        }
    }

    private final ObservableList<Node> modules = FXCollections.observableArrayList();
    private final ObservableMap<String, Mark> marks = FXCollections.observableHashMap();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty progressText = new SimpleStringProperty("");
    private final StringProperty courseTitle = new SimpleStringProperty("");
    private final ObjectProperty<NavItem> selected = new SimpleObjectProperty<>();
    private final java.util.Set<String> broken = new java.util.HashSet<>();
    private int exerciseCount;

    /** Shows a course; marks are given by exercise id. */
    public void show(Course course, Map<String, Mark> exerciseMarks) {
        courseTitle.set(course.title());
        List<Node> nodes = new ArrayList<>();
        exerciseCount = 0;
        broken.clear();
        for (CourseModule module : course.modules()) {
            List<Node> lessons = new ArrayList<>();
            for (Lesson lesson : module.lessons()) {
                List<Node> exercises = new ArrayList<>();
                for (String id : lesson.exerciseIds()) {
                    String title = course.exercise(id).map(e -> e.title()).orElse(id);
                    if (course.exercise(id).isEmpty()) {
                        broken.add(id);
                    }
                    exercises.add(new Node(new NavItem(NavItem.Type.EXERCISE, id, title, lesson.id()), List.of()));
                    exerciseCount++;
                }
                lessons.add(new Node(new NavItem(NavItem.Type.LESSON, lesson.id(), lesson.title(), module.id()), exercises));
            }
            nodes.add(new Node(new NavItem(NavItem.Type.MODULE, module.id(), module.title(), ""), lessons));
        }
        modules.setAll(nodes);
        marks.clear();
        exerciseMarks.forEach(this::mark);
        updateProgress();
    }

    /**
     * An exercise its lesson lists that did not load (its exercise.yaml has errors, or is missing): the navigator shows
     * it with a warning, and opening it shows its problems.
     */
    public boolean isBroken(NavItem item) {
        return item != null && item.type() == NavItem.Type.EXERCISE && broken.contains(item.id());
    }

    /** Marks one exercise (after a check, a reset, on open). */
    public void mark(String exerciseId, Mark mark) {
        Mark before = marks.get(exerciseId);
        if (before == Mark.DONE && mark == Mark.ATTEMPTED) {
            return;   // done stays done
        }
        marks.put(exerciseId, mark);
        updateProgress();
    }

    /** What a module or lesson shows: done when all its exercises are, attempted when any was started. */
    public Mark markOf(NavItem item) {
        if (item.type() == NavItem.Type.EXERCISE) {
            return marks.getOrDefault(item.id(), Mark.NOT_STARTED);
        }
        List<String> ids = exercisesUnder(item);
        if (ids.isEmpty()) {
            return Mark.NOT_STARTED;
        }
        long done = ids.stream().filter(id -> marks.get(id) == Mark.DONE).count();
        if (done == ids.size()) {
            return Mark.DONE;
        }
        boolean any = ids.stream().anyMatch(id -> marks.getOrDefault(id, Mark.NOT_STARTED) != Mark.NOT_STARTED);
        return any ? Mark.ATTEMPTED : Mark.NOT_STARTED;
    }

    private List<String> exercisesUnder(NavItem item) {
        List<String> ids = new ArrayList<>();
        for (Node module : modules) {
            for (Node lesson : module.children()) {
                boolean inside = item.type() == NavItem.Type.MODULE ? module.item().id().equals(item.id())
                        : lesson.item().id().equals(item.id());
                if (inside) {
                    lesson.children().forEach(e -> ids.add(e.item().id()));
                }
            }
        }
        return ids;
    }

    private void updateProgress() {
        long done = marks.values().stream().filter(m -> m == Mark.DONE).count();
        progress.set(exerciseCount == 0 ? 0 : (double) done / exerciseCount);
        progressText.set(done + " of " + exerciseCount + " exercises done");
    }

    /** The item for a lesson or exercise id, if the course has it. */
    public java.util.Optional<NavItem> find(NavItem.Type type, String id) {
        for (Node module : modules) {
            if (type == NavItem.Type.MODULE && module.item().id().equals(id)) {
                return java.util.Optional.of(module.item());
            }
            for (Node lesson : module.children()) {
                if (type == NavItem.Type.LESSON && lesson.item().id().equals(id)) {
                    return java.util.Optional.of(lesson.item());
                }
                for (Node ex : lesson.children()) {
                    if (type == NavItem.Type.EXERCISE && ex.item().id().equals(id)) {
                        return java.util.Optional.of(ex.item());
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }

    public ObservableList<Node> modules() {
        return modules;
    }

    public ObservableMap<String, Mark> marks() {
        return marks;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty progressTextProperty() {
        return progressText;
    }

    public StringProperty courseTitleProperty() {
        return courseTitle;
    }

    public ObjectProperty<NavItem> selectedProperty() {
        return selected;
    }
}
