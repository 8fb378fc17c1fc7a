package orchlab.engine.docker.checks;

import orchlab.engine.check.toolkit.CelAssertions;
import orchlab.engine.check.toolkit.CheckSettings;
import orchlab.engine.check.toolkit.Fields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.Convergence;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;

/**
 * {@code kind: docker-container} — a container exists, runs (or exited with a code), and is configured
 * as expected.
 *
 * <pre>
 * - id: running
 *   kind: docker-container
 *   container: hello-py
 *   state: running                 # running (default) | exited | created | paused | restarting | exists
 *   exitCode: 0                    # with state: exited (implies it)
 *   ports: ["8080:8000"]           # any keys of {@link Expectations} for containers
 *   restartPolicy: unless-stopped
 *   cel: "container.HostConfig.Memory > 0"   # CEL over the container inspect ({@code container})
 * </pre>
 */
public final class DockerContainerCheckKind implements CheckKind {

    @Override
    public String name() {
        return "docker-container";
    }

    @Override
    public String summary() {
        return "a container exists / runs / exited with a code; ports, env, mounts, restart policy, health; CEL over container inspect";
    }

    @Override
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>(List.of("container", "state", "exitCode", "cel"));
        keys.addAll(Expectations.CONTAINER_KEYS);
        return keys;
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.DOCKER;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        CheckSettings s = new CheckSettings(spec, problems);
        String container = s.requiredText("container", "hello-py");
        ContainerState.Rule state = ContainerState.Rule.read(s);
        Expectations expectations = Expectations.read(s, Expectations.CONTAINER_KEYS);
        CelAssertions cel = CelAssertions.read(s, "cel", List.of("container"));
        return s.failed() ? null : new Prepared(container, state, expectations, cel);
    }

    private record Prepared(String container, ContainerState.Rule state, Expectations expectations, CelAssertions cel) implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            var client = context.requireDocker().client();
            String where = "container " + container;
            Optional<ObjectNode> inspect = Engine.container(client, container);
            if (inspect.isEmpty()) {
                return Outcome.notFound(where, "container " + container + " not found — start it with docker run --name " + container + " ... (or the Run button)");
            }
            List<FieldFailure> failures = new ArrayList<>(state.evaluate(inspect.get()));
            failures.addAll(expectations.evaluate(inspect.get()));
            failures.addAll(cel.evaluate(Map.of("container", inspect.get()), inspect.get()));
            if (failures.isEmpty()) {
                Optional<Duration> up = ContainerState.justStarted(inspect.get());
                if (state.state().equals("running") && up.isPresent()) {
                    // a container whose command fails exits a moment after it starts: "running" only counts once it
                    // has stayed up for a little while
                    return Outcome.fail(where, "container " + container + " started " + up.get().toMillis()
                                    + " ms ago — waiting to see that it keeps running",
                            List.of(FieldFailure.different("State.Status", "running for " + ContainerState.STEADY.toSeconds() + " s",
                                    "running for " + up.get().toMillis() + " ms")))
                            .with(Convergence.converging("container " + container + " has just started"));
                }
                return Outcome.pass(where, "container " + container + " is " + ContainerState.Rule.describe(inspect.get())
                        + (expectations.isEmpty() && cel.isEmpty() ? "" : " and configured as expected"));
            }
            String message = "container " + container + ": " + Fields.notAsExpected(failures);
            String status = inspect.get().path("State").path("Status").asText("");
            if (!state.state().equals("exited") && !state.state().equals("exists") && (status.equals("exited") || status.equals("restarting"))) {
                List<String> last = Engine.lastLines(client, container, 5);
                if (!last.isEmpty()) {
                    message += " — its last output: " + String.join(" | ", last);
                }
            }
            Outcome failed = Outcome.fail(where, message, failures);
            return ContainerState.exitedForGood(inspect.get(), container).map(failed::with).orElse(failed);
        }
    }
}
