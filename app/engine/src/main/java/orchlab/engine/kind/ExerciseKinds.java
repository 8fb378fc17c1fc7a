package orchlab.engine.kind;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The exercise kinds the lab knows: every {@link ExerciseKind} registered with {@link ServiceLoader} (the built-in
 * ones are registered the same way, in this module's {@code META-INF/services}).
 */
public final class ExerciseKinds {
    /** The kind of an exercise that names none. */
    public static final String DEFAULT = "kubernetes";

    private final Map<String, ExerciseKind> byName;

    public ExerciseKinds(Collection<? extends ExerciseKind> kinds) {
        Map<String, ExerciseKind> map = new LinkedHashMap<>();
        for (ExerciseKind kind : kinds) {
            map.putIfAbsent(kind.name(), kind);
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /** Every kind on the class path. */
    public static ExerciseKinds discover() {
        List<ExerciseKind> kinds = ServiceLoader.load(ExerciseKind.class, ExerciseKinds.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();
        return new ExerciseKinds(kinds);
    }

    public Optional<ExerciseKind> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The kind used when {@code exercise.yaml} names none. */
    public ExerciseKind defaultKind() {
        return find(DEFAULT).orElseThrow(() -> new IllegalStateException("the built-in kubernetes exercise kind is not registered"));
    }

    public Collection<String> names() {
        return byName.keySet();
    }

    public Collection<ExerciseKind> all() {
        return byName.values();
    }
}
