package orchlab.desktop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import orchlab.desktop.terminal.TerminalEnvironment;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.KubernetesAccess;

/**
 * The environment of the built-in terminal for an exercise: {@code KUBECONFIG} pointing at a copy of the
 * open cluster's kubeconfig whose context uses the exercise's namespace, {@code DOCKER_HOST} for the
 * Docker engine, and the exercise's id and namespace.
 */
final class TerminalEnv {
    private TerminalEnv() {
    }

    static Map<String, String> of(AppContext app, Exercise exercise) {
        Optional<Path> kubeconfig = app.sandboxes().currentCluster().flatMap(s -> s.kubernetes())
                .map(KubernetesAccess::kubeconfig);
        Optional<String> namespace = exercise.kind().namespaceToFollow(exercise);
        Optional<String> dockerHost = app.sandboxes().currentDocker().flatMap(s -> s.docker()).map(d -> d.dockerHost())
                .or(() -> app.settings().docker());
        Map<String, String> env = new HashMap<>();
        env.put("ORCHLAB_EXERCISE", exercise.id());
        try {
            env.putAll(TerminalEnvironment.forSandbox(kubeconfig, namespace, dockerHost, Optional.empty(),
                    app.dirs().sandboxState().resolve("terminal")));
        } catch (IOException | RuntimeException e) {
            // the namespaced copy could not be written: kubectl still reaches the sandbox, in its default namespace
            env.putAll(TerminalEnvironment.forSandbox(kubeconfig, namespace, dockerHost, Optional.empty()));
        }
        // `helm` for learners without one (app/bin/shims/helm -> `lab helm`), at the END of PATH: their own helm wins
        Optional.ofNullable(System.getProperty("orchlab.home")).map(home -> Path.of(home, "app", "bin", "shims"))
                .filter(java.nio.file.Files::isDirectory).ifPresent(shims -> env.put("PATH",
                        env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "")) + java.io.File.pathSeparator + shims));
        return env;
    }
}
