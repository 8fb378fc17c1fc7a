package orchlab.engine.check;

/**
 * One field that is not as the exercise expects: {@code spec.replicas: expected 3, found 2}.
 *
 * @param path     field path in the object or file ({@code spec.template.spec.containers[name=web].image})
 * @param expected what the check wanted, rendered for people
 * @param actual   what the sandbox has; {@code null} when the field is missing
 */
public record FieldFailure(String path, String expected, String actual, Kind kind) {

    public enum Kind {
        /** the field (or object) does not exist */
        MISSING,
        /** the field exists with another value */
        DIFFERENT,
        /** the field should not be there */
        UNEXPECTED
    }

    public static FieldFailure missing(String path, String expected) {
        return new FieldFailure(path, expected, null, Kind.MISSING);
    }

    public static FieldFailure different(String path, String expected, String actual) {
        return new FieldFailure(path, expected, actual, Kind.DIFFERENT);
    }

    public static FieldFailure unexpected(String path, String actual) {
        return new FieldFailure(path, "absent", actual, Kind.UNEXPECTED);
    }

    /** {@code spec.replicas: expected 3, found 2} / {@code spec.replicas: expected 3, not set}. */
    public String describe() {
        return switch (kind) {
            case MISSING -> path + ": expected " + expected + ", not set";
            case DIFFERENT -> path + ": expected " + expected + ", found " + actual;
            case UNEXPECTED -> path + ": should not be set, found " + actual;
        };
    }
}
