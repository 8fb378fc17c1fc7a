package orchlab.engine.helm;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values given to a render or an install: values files in order ({@code -f}), then {@code --set key=value}
 * pairs (later ones win, as in Helm).
 */
public record ValuesInput(List<Path> files, Map<String, String> set) {

    public static final ValuesInput NONE = new ValuesInput(List.of(), Map.of());

    public ValuesInput {
        files = List.copyOf(files);
        set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
    }

    public static ValuesInput files(Path... files) {
        return new ValuesInput(List.of(files), Map.of());
    }

    public ValuesInput with(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(set);
        more.put(key, value);
        return new ValuesInput(files, more);
    }
}
