package orchlab.engine.istio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Istio API (Istio 1.24's CRDs for networking, security and telemetry) the lab registers on a cluster that
 * does not have Istio. The schemas are generated from fabric8's typed Istio model (see
 * {@code IstioCrdGenerator} in the engine's tests), never written by hand.
 */
public final class IstioCrds {

    /** The Istio release whose API and analyzer codes the lab follows. */
    public static final String ISTIO_VERSION = "1.24";

    private static final String RESOURCE = "/orchlab/engine/istio/istio-crds.yaml";
    static final String JSON_RESOURCE = "/orchlab/engine/istio/istio-crds.json";
    private static volatile List<ObjectNode> cached;

    private IstioCrds() {
    }

    /** The raw YAML text (generated, with its header naming the generator). */
    public static String yaml() {
        try (InputStream in = IstioCrds.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the engine jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One CustomResourceDefinition per Istio kind, as fresh copies the caller may change. Read from the precomputed
     * JSON form of {@link #yaml()} ({@value #JSON_RESOURCE}, kept equal to it by {@code IstioCrdsTest}): parsing the YAML
     * took a third of the simulated cluster's start (SnakeYAML's start-up plus 285 KB of YAML).
     */
    public static List<ObjectNode> definitions() {
        List<ObjectNode> crds = cached;
        if (crds == null) {
            List<ObjectNode> read = new ArrayList<>();
            try (InputStream in = IstioCrds.class.getResourceAsStream(JSON_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(JSON_RESOURCE + " is missing from the engine jar");
                }
                for (JsonNode crd : new ObjectMapper().readTree(in)) {
                    read.add((ObjectNode) crd);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            crds = List.copyOf(read);
            cached = crds;
        }
        return crds.stream().map(ObjectNode::deepCopy).toList();
    }

    /** The definitions as {@link #yaml()} holds them, parsed from the YAML (what the JSON form is made from). */
    public static List<ObjectNode> definitionsFromYaml() {
        List<ObjectNode> read = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(yaml())) {
            while (docs.hasNext()) {
                if (docs.next() instanceof ObjectNode o && "CustomResourceDefinition".equals(o.path("kind").asText())) {
                    read.add(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read;
    }

    /** The precomputed form: {@link #definitionsFromYaml()} as one compact JSON array. */
    public static String json() {
        try {
            return new ObjectMapper().writeValueAsString(definitionsFromYaml()) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
