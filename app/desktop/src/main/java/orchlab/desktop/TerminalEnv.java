package orchlab.desktop;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.desktop.terminal.TerminalEnvironment;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.kube.LabKubeconfig;

/**
 * The environment of the built-in terminal for an exercise: {@code KUBECONFIG} listing the lab's reference that
 * names the exercise's namespace (no credentials) before the open cluster's kubeconfig files, {@code DOCKER_HOST} for the
 * Docker engine, and the exercise's id and namespace.
 */
final class TerminalEnv {
    private TerminalEnv() {
    }

    static Map<String, String> of(AppContext app, Exercise exercise) {
        Optional<KubernetesAccess> cluster = app.sandboxes().currentCluster().flatMap(s -> s.kubernetes());
        Optional<String> namespace = exercise.kind().namespaceToFollow(exercise);
        Optional<String> dockerHost = app.sandboxes().currentDocker().flatMap(s -> s.docker()).map(d -> d.dockerHost())
                .or(() -> app.settings().docker());
        List<Path> kubeconfigs = cluster.map(KubernetesAccess::kubeconfigs).orElse(List.of());
        if (cluster.isPresent() && namespace.isPresent()) {
            try {
                // a credential-free reference naming the exercise's namespace (on each of a multi-cluster exercise's
                // contexts too: `kubectl --context west`), first in the list
                kubeconfigs = LabKubeconfig.forNamespace(cluster.get(), namespace.get(), exercise.clusters(),
                        app.dirs().sandboxState().resolve("terminal"));
            } catch (SandboxException | RuntimeException e) {
                // the reference could not be written: kubectl still reaches the sandbox, in its default namespace
            }
        }
        Map<String, String> env = new HashMap<>();
        env.put("ORCHLAB_EXERCISE", exercise.id());
        env.putAll(TerminalEnvironment.forSandbox(kubeconfigs, namespace, dockerHost, Optional.empty()));
        // `helm` for learners without one (app/bin/shims/helm -> `lab helm`), at the END of PATH: their own helm wins
        Optional.ofNullable(System.getProperty("orchlab.home")).map(home -> Path.of(home, "app", "bin", "shims"))
                .filter(java.nio.file.Files::isDirectory).ifPresent(shims -> env.put("PATH",
                        env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "")) + java.io.File.pathSeparator + shims));
        return env;
    }
}
