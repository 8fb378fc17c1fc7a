package orchlab.desktop.terminal;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables that make {@code kubectl}, {@code helm} and {@code docker} in the built-in terminal act on
 * the current exercise's sandbox.
 *
 * <p>kubectl takes its default namespace from the current context of its kubeconfig (there is no environment
 * variable for it), so {@code KUBECONFIG} is a list whose first file is the lab's credential-free reference naming the
 * exercise's namespace, followed by the sandbox's kubeconfig files (engine: {@code LabKubeconfig.forNamespace});
 * kubectl merges the list with the first file winning each key. Nothing holding a credential is copied.
 */
public final class TerminalEnvironment {
    public static final String KUBECONFIG = "KUBECONFIG";
    public static final String DOCKER_HOST = "DOCKER_HOST";
    /** The exercise's namespace, for the learner's scripts and prompts. */
    public static final String NAMESPACE_VARIABLE = "ORCHLAB_NAMESPACE";
    /** Helm's own default-namespace variable. */
    public static final String HELM_NAMESPACE = "HELM_NAMESPACE";
    /** A folder of lab-provided tools put in front of {@code PATH}. */
    public static final String BIN_VARIABLE = "ORCHLAB_BIN";

    private TerminalEnvironment() {
    }

    /**
     * The sandbox variables for the terminal.
     *
     * @param kubeconfigs the {@code KUBECONFIG} list the terminal's kubectl uses (empty: none), first file first
     * @param namespace the exercise's namespace: {@value #NAMESPACE_VARIABLE} and {@value #HELM_NAMESPACE}
     * @param dockerHost the engine's address, e.g. {@code unix:///var/run/docker.sock}
     * @param binDir a folder of lab-provided tools, put in front of {@code PATH}
     */
    public static Map<String, String> forSandbox(List<Path> kubeconfigs, Optional<String> namespace,
            Optional<String> dockerHost, Optional<Path> binDir) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!kubeconfigs.isEmpty()) {
            env.put(KUBECONFIG, String.join(File.pathSeparator,
                    kubeconfigs.stream().map(k -> k.toAbsolutePath().toString()).toList()));
        }
        namespace.ifPresent(ns -> {
            env.put(NAMESPACE_VARIABLE, ns);
            env.put(HELM_NAMESPACE, ns);
        });
        dockerHost.ifPresent(host -> env.put(DOCKER_HOST, host));
        binDir.ifPresent(bin -> {
            String dir = bin.toAbsolutePath().toString();
            String path = System.getenv("PATH");
            env.put(BIN_VARIABLE, dir);
            env.put("PATH", path == null || path.isEmpty() ? dir : dir + File.pathSeparator + path);
        });
        return env;
    }
}
