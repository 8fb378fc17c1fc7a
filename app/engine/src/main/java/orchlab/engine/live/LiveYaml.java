package orchlab.engine.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** An object as {@code kubectl get -o yaml} prints it, without {@code metadata.managedFields} and without secrets. */
final class LiveYaml {

    static final String HIDDEN = "<hidden>";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** kubectl's look: keys sorted, quotes only where YAML needs them (and on strings that would read as numbers). */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .build();

    private LiveYaml() {
    }

    /** Renders a copy; the given object is left as it is. */
    static String render(HasMetadata object, KubernetesSerialization serialization) {
        HasMetadata copy = serialization.clone(object);
        if (copy.getMetadata() != null) {
            copy.getMetadata().setManagedFields(null);
        }
        if (copy instanceof Secret secret) {
            hide(secret);
        }
        try {
            Object tree = JSON.readValue(serialization.asJson(copy), Object.class);
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + copy.getKind() + " as YAML", e);
        }
    }

    /** Keys stay, values go: data, stringData and the last-applied annotation (which holds the values too). */
    static void hide(Secret secret) {
        secret.setData(masked(secret.getData()));
        secret.setStringData(masked(secret.getStringData()));
        if (secret.getMetadata() != null && secret.getMetadata().getAnnotations() != null
                && secret.getMetadata().getAnnotations().containsKey(LAST_APPLIED)) {
            Map<String, String> annotations = new LinkedHashMap<>(secret.getMetadata().getAnnotations());
            annotations.put(LAST_APPLIED, HIDDEN);
            secret.getMetadata().setAnnotations(annotations);
        }
    }

    private static Map<String, String> masked(Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return values;
        }
        Map<String, String> masked = new TreeMap<>();
        values.keySet().forEach(k -> masked.put(k, HIDDEN));
        return masked;
    }
}
