package orchlab.desktop.navigator;

/**
 * One entry of the course navigator.
 *
 * @param id    module id, lesson id, or exercise id
 * @param owner for an exercise: the lesson it belongs to; for a lesson: its module; empty for modules
 */
public record NavItem(Type type, String id, String title, String owner) {
    public enum Type { MODULE, LESSON, EXERCISE }

    /** Where the learner is with an exercise (lessons and modules summarise their exercises). */
    public enum Mark { NOT_STARTED, ATTEMPTED, DONE }

    public String key() {
        return type + ":" + id;
    }
}
