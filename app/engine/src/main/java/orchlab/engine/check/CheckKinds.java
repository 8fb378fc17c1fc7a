package orchlab.engine.check;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The check kinds the lab knows: every {@link CheckKind} registered with {@link ServiceLoader}
 * (the built-in ones are registered the same way, in this module's {@code META-INF/services}).
 */
public final class CheckKinds {
    private final Map<String, CheckKind> byName;

    public CheckKinds(Collection<? extends CheckKind> kinds) {
        Map<String, CheckKind> map = new LinkedHashMap<>();
        for (CheckKind kind : kinds) {
            map.putIfAbsent(kind.name(), kind);
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /** Every kind on the class path. */
    public static CheckKinds discover() {
        List<CheckKind> kinds = ServiceLoader.load(CheckKind.class, CheckKinds.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();
        return new CheckKinds(kinds);
    }

    public Optional<CheckKind> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<String> names() {
        return byName.keySet();
    }

    /** Prepares {@code spec} with its kind; an unknown kind is refused at the check's {@code kind:}. */
    public Preparation prepare(orchlab.engine.course.CheckSpec spec) {
        return find(spec.kind()).map(k -> k.prepare(spec)).orElseGet(() -> new Preparation.Refused(List.of(
                orchlab.engine.course.Problem.error(spec.locate("kind"), "unknown check kind '" + spec.kind() + "'",
                        orchlab.engine.course.Suggestions.didYouMean(spec.kind(), names())))));
    }

    /** The same check, prepared; what tests and tools that build checks by hand use instead of the course loader. */
    public orchlab.engine.course.CheckSpec prepared(orchlab.engine.course.CheckSpec spec) {
        return spec.withPreparation(prepare(spec));
    }

    public Collection<CheckKind> all() {
        return byName.values();
    }
}
