package orchlab.engine.course;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import orchlab.engine.yaml.Location;

/** Collects every problem found while reading a course (never stops at the first). */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    public void error(Location where, String message) {
        list.add(Problem.error(where, message));
    }

    public void error(Location where, String message, String suggestion) {
        list.add(Problem.error(where, message, suggestion));
    }

    public void warning(Location where, String message, String suggestion) {
        list.add(Problem.warning(where, message, suggestion));
    }

    public void add(Problem problem) {
        list.add(problem);
    }

    public boolean hasErrors() {
        return list.stream().anyMatch(Problem::isError);
    }

    public int size() {
        return list.size();
    }

    public List<Problem> asList() {
        return Collections.unmodifiableList(list);
    }
}
