package orchlab.engine.course;

import orchlab.engine.yaml.Location;

/**
 * One thing wrong with a course or pack, located in its file, with what to do about it.
 *
 * @param location   where ({@code file:line:column})
 * @param severity   errors make the course unusable; warnings do not
 * @param message    what is wrong, in one sentence
 * @param suggestion how to fix it ("did you mean 'checks'?"), may be empty
 */
public record Problem(Location location, Severity severity, String message, String suggestion) {

    public enum Severity { ERROR, WARNING }

    public static Problem error(Location location, String message, String suggestion) {
        return new Problem(location, Severity.ERROR, message, suggestion == null ? "" : suggestion);
    }

    public static Problem error(Location location, String message) {
        return error(location, message, "");
    }

    public static Problem warning(Location location, String message, String suggestion) {
        return new Problem(location, Severity.WARNING, message, suggestion == null ? "" : suggestion);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code exercises/web/exercise.yaml:12:5: error: unknown key 'chekcs' (did you mean 'checks'?)} */
    public String format() {
        String text = location + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
        return suggestion.isEmpty() ? text : text + " — " + suggestion;
    }
}
