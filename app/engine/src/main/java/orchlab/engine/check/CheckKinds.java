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

    public Collection<CheckKind> all() {
        return byName.values();
    }
}
