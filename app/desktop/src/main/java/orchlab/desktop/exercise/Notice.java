package orchlab.desktop.exercise;

/** A message for the learner above the work area: what Apply did, why Check could not look, ... */
public record Notice(Level level, String text) {
    public enum Level { INFO, SUCCESS, WARNING, ERROR }

    public static Notice info(String text) {
        return new Notice(Level.INFO, text);
    }

    public static Notice success(String text) {
        return new Notice(Level.SUCCESS, text);
    }

    public static Notice warning(String text) {
        return new Notice(Level.WARNING, text);
    }

    public static Notice error(String text) {
        return new Notice(Level.ERROR, text);
    }
}
