package orchlab.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the kubeconfig for the simulated cluster (plain HTTP on 127.0.0.1, no credentials). */
public final class Kubeconfig {

    public static final String CONTEXT = "orchlab-sim";

    private Kubeconfig() {
    }

    public static String text(String serverUrl) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: orchlab-sim
                  cluster:
                    server: %s
                contexts:
                - name: orchlab-sim
                  context:
                    cluster: orchlab-sim
                    user: orchlab-sim
                    namespace: default
                current-context: orchlab-sim
                users:
                - name: orchlab-sim
                  user: {}
                """.formatted(serverUrl);
    }

    public static Path write(Path file, String serverUrl) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text(serverUrl), StandardCharsets.UTF_8);
        return file;
    }
}
