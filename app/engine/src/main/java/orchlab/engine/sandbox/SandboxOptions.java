package orchlab.engine.sandbox;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How to open a sandbox. Unset values mean "the provider's default".
 *
 * @param kubeconfig kubeconfig file to read (kubeconfig provider); never written
 * @param context    context to use inside it
 * @param dockerHost Docker endpoint ({@code unix:///...}, {@code tcp://...}); default: like the Docker CLI
 * @param stateDir   where the lab keeps its own files for this sandbox (kubeconfig copies, sim state)
 * @param settings   provider-specific settings ({@code image} for k3s, {@code persist} for sim, ...)
 */
public record SandboxOptions(Optional<Path> kubeconfig, Optional<String> context, Optional<String> dockerHost,
                             Path stateDir, Map<String, String> settings) {

    public SandboxOptions {
        settings = Map.copyOf(settings);
    }

    public static SandboxOptions defaults(Path stateDir) {
        return new SandboxOptions(Optional.empty(), Optional.empty(), Optional.empty(), stateDir, Map.of());
    }

    public SandboxOptions withKubeconfig(Path file, String contextName) {
        return new SandboxOptions(Optional.ofNullable(file), Optional.ofNullable(contextName), dockerHost, stateDir, settings);
    }

    public SandboxOptions withDockerHost(String host) {
        return new SandboxOptions(kubeconfig, context, Optional.ofNullable(host), stateDir, settings);
    }

    public SandboxOptions with(String key, String value) {
        java.util.Map<String, String> copy = new java.util.HashMap<>(settings);
        copy.put(key, value);
        return new SandboxOptions(kubeconfig, context, dockerHost, stateDir, copy);
    }

    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }
}
