package orchlab.engine.yaml;

/** A YAML file that cannot be parsed, with where the parser stopped. */
public final class YamlSyntaxException extends Exception {
    private final Location location;

    public YamlSyntaxException(Location location, String message) {
        super(message);
        this.location = location;
    }

    public Location location() {
        return location;
    }
}
