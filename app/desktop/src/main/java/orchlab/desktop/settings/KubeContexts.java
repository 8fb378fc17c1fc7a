package orchlab.desktop.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The contexts of a kubeconfig file, for the Settings dialog; the file is only read. */
public final class KubeContexts {
    private KubeContexts() {
    }

    public record Contexts(List<String> names, Optional<String> current) {
    }

    public static Contexts read(Path kubeconfig) throws IOException {
        if (!Files.isRegularFile(kubeconfig)) {
            throw new IOException(kubeconfig + " does not exist");
        }
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(kubeconfig.toFile());
        List<String> names = new ArrayList<>();
        if (root != null) {
            for (JsonNode context : root.path("contexts")) {
                String name = context.path("name").asText("");
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        String current = root == null ? "" : root.path("current-context").asText("");
        return new Contexts(names, current.isEmpty() ? Optional.empty() : Optional.of(current));
    }

    /** {@code $KUBECONFIG} (its first file) or {@code ~/.kube/config}, as kubectl finds it. */
    public static Path defaultFile() {
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env.split(java.io.File.pathSeparator)[0]);
        }
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }
}
