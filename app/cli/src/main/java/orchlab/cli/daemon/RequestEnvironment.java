package orchlab.cli.daemon;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives the resident process the environment of the request it runs, so that everything that reads
 * {@code System.getenv} (the lab's folders, {@code KUBECONFIG}, {@code DOCKER_HOST}, fabric8's settings, proxies) and
 * every child process (kubeconfig exec plugins, docker compose) sees the client's environment, not the daemon's.
 * The JDK offers no setter: this replaces the contents of the map behind {@code System.getenv()} — what the Gradle
 * daemon ({@code ReflectiveEnvironment}) and mvnd ({@code EnvHelper}) do — and needs
 * {@code --add-opens java.base/java.util=ALL-UNNAMED}. Safe only because the daemon runs one request at a time.
 */
final class RequestEnvironment {
    private final Map<String, String> writable;
    private final Map<String, String> original;

    private RequestEnvironment(Map<String, String> writable) {
        this.writable = writable;
        this.original = Map.copyOf(new HashMap<>(System.getenv()));
    }

    /** The process environment made writable; fails naming why when this JVM does not allow it. */
    @SuppressWarnings("unchecked")
    static RequestEnvironment open() throws ReflectiveOperationException {
        Map<String, String> env = System.getenv();
        Field inner = env.getClass().getDeclaredField("m"); // java.util.Collections$UnmodifiableMap
        inner.setAccessible(true);
        return new RequestEnvironment((Map<String, String>) inner.get(env));
    }

    /** From now on {@code System.getenv()} and new processes see exactly {@code env}. */
    void use(Map<String, String> env) {
        writable.clear();
        writable.putAll(env);
    }

    /** Back to the daemon's own environment. */
    void restore() {
        use(original);
    }
}
