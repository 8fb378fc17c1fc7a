package orchlab.desktop;

import java.util.HashMap;
import java.util.Map;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.KubernetesAccess;

/**
 * The environment of the built-in terminal for an exercise: {@code KUBECONFIG} pointing at the lab's
 * copy for the open cluster, {@code DOCKER_HOST} for the Docker engine, and the exercise's namespace.
 */
final class TerminalEnv {
    private TerminalEnv() {
    }

    static Map<String, String> of(AppContext app, Exercise exercise) {
        Map<String, String> env = new HashMap<>();
        env.put("ORCHLAB_EXERCISE", exercise.id());
        if (exercise.sandbox() == SandboxKind.KUBERNETES) {
            env.put("ORCHLAB_NAMESPACE", exercise.namespace());
        }
        app.sandboxes().current(SandboxKind.KUBERNETES).flatMap(s -> s.kubernetes()).map(KubernetesAccess::kubeconfig)
                .ifPresent(k -> env.put("KUBECONFIG", k.toAbsolutePath().toString()));
        app.sandboxes().current(SandboxKind.DOCKER).flatMap(s -> s.docker()).ifPresent(d -> env.put("DOCKER_HOST", d.dockerHost()));
        if (!env.containsKey("DOCKER_HOST")) {
            app.settings().docker().ifPresent(h -> env.put("DOCKER_HOST", h));
        }
        return env;
    }
}
