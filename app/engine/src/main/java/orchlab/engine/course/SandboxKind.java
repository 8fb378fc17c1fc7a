package orchlab.engine.course;

import java.util.Locale;
import java.util.Optional;

/** What an exercise needs to run in: a Kubernetes API (k3s, sim, any cluster) or a Docker engine. */
public enum SandboxKind {
    KUBERNETES, DOCKER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
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
