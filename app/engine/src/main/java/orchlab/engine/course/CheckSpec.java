package orchlab.engine.course;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import orchlab.engine.check.Preparation;
import java.util.Optional;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;

/**
 * A check as the instructor wrote it. The kind-specific settings stay in {@link #config()}; the
 * check kind (see {@code orchlab.engine.check.CheckKind}) turns them into something runnable and
 * reports mistakes at their line through {@link #locate(String)}.
 *
 * @param index   position in the exercise's {@code checks:} list
 * @param timeout the check's own {@code timeout:}, if any
 * @param config  the whole check mapping, including the common keys
 * @param preparation what its kind made of it, once, when the course loaded (see {@code CheckKinds#prepared})
 */
public record CheckSpec(int index, String id, String title, String kind, Optional<Duration> timeout, String hint,
                        ObjectNode config, YamlDoc source, String pointer, Preparation preparation) {

    /** A check read but not prepared yet: the loader prepares it next ({@link #withPreparation}). */
    public CheckSpec(int index, String id, String title, String kind, Optional<Duration> timeout, String hint,
                     ObjectNode config, YamlDoc source, String pointer) {
        this(index, id, title, kind, timeout, hint, config, source, pointer, new Preparation.Refused(List.of(
                Problem.error(source.locate(pointer), "check '" + id + "' was not prepared when its course loaded"))));
    }

    public CheckSpec withPreparation(Preparation preparation) {
        return new CheckSpec(index, id, title, kind, timeout, hint, config, source, pointer, preparation);
    }

    public Location location() {
        return source.locate(pointer);
    }

    /** Where {@code key} (a path below this check, like {@code expect/spec/replicas}) is written. */
    public Location locate(String key) {
        return source.locate(pointer + "/" + key);
    }

    public Location locateKey(String key) {
        return source.locateKey(pointer + "/" + key);
    }

    /** The cluster this check reads ({@code cluster: west}) in a multi-cluster exercise, if it names one. */
    public Optional<String> cluster() {
        JsonNode node = config.get("cluster");
        return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    public JsonNode get(String key) {
        return config.path(key);
    }

    public String text(String key, String fallback) {
        JsonNode node = config.get(key);
        return node == null || node.isNull() ? fallback : node.asText();
    }
}
