package orchlab.engine.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The image builds the lab has running on one Docker engine, by tag (the app's Build button, {@code lab apply},
 * {@code lab course test}): a {@code docker-image} check of an image that does not exist keeps waiting while the lab
 * builds it, and answers at once when nothing does. A build started outside the lab (a {@code docker build} typed in a
 * terminal) is not seen here: the Docker engine does not list builds in progress. Thread-safe.
 */
public final class DockerBuilds {
    private final Map<String, Integer> running = new ConcurrentHashMap<>();

    /** Marks a build of {@code tag} as running until the returned handle is closed (use try-with-resources). */
    public Running started(String tag) {
        String key = normalized(tag);
        running.merge(key, 1, Integer::sum);
        return () -> running.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
    }

    /** Whether the lab is building {@code tag} now ({@code hello} and {@code hello:latest} are one tag). */
    public boolean building(String tag) {
        return running.containsKey(normalized(tag));
    }

    /** {@code name:tag} as the engine stores it: lower case, {@code :latest} when no tag is given. */
    static String normalized(String tag) {
        String t = tag.strip().toLowerCase(Locale.ROOT);
        int slash = t.lastIndexOf('/');
        return t.indexOf(':', slash + 1) < 0 && !t.contains("@") ? t + ":latest" : t;
    }

    /** A running build; closing it says the build is over (built, failed or cancelled). */
    @FunctionalInterface
    public interface Running extends AutoCloseable {
        @Override
        void close();
    }
}
