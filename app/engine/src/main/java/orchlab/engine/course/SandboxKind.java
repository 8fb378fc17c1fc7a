package orchlab.engine.course;

import java.util.Locale;
import java.util.Optional;

/**
 * A kind of sandbox — what a sandbox provides: a Kubernetes API (k3s, sim, any cluster) or a Docker engine. Exercise
 * kinds ({@link orchlab.engine.kind.ExerciseKind#needs()}) and check kinds ({@code CheckKind.needs()}) say which they
 * need; sandbox providers say which they give. It is not the exercise's kind: the desktop and the CLI ask the
 * exercise's {@link orchlab.engine.kind.ExerciseKind} and never branch on this enum's values.
 */
public enum SandboxKind {
    KUBERNETES("a Kubernetes cluster"), DOCKER("a Docker engine");

    private final String description;

    SandboxKind(String description) {
        this.description = description;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** For messages: "a Kubernetes cluster", "a Docker engine". */
    public String description() {
        return description;
    }

    public static Optional<SandboxKind> parse(String text) {
        for (SandboxKind kind : values()) {
            if (kind.id().equals(text)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
