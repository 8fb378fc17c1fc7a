package orchlab.engine.docker.dockerfile;

/** How serious a Dockerfile rule violation is (hadolint's levels). */
public enum Severity {
    /** the image will not build or not behave as written */
    ERROR,
    /** works, but is a known bad practice (root user, moving tags, cache-busting order) */
    WARNING,
    /** worth knowing */
    INFO,
    /** taste */
    STYLE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
