package orchlab.engine.docker.checks;

import orchlab.engine.check.toolkit.CelAssertions;
import orchlab.engine.check.toolkit.CheckSettings;
import orchlab.engine.check.toolkit.Fields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.docker.DockerJson;

/**
 * {@code kind: docker-port} — a running container publishes a container port on the host.
 *
 * <pre>
 * - id: published
 *   kind: docker-port
 *   container: hello-py
 *   port: 8000          # container port, 8000 or 8000/tcp
 *   hostPort: 8080      # optional: the host port it must be published on
 * </pre>
 */
public final class DockerPortCheckKind implements CheckKind {

    @Override
    public String name() {
        return "docker-port";
    }

    @Override
    public String summary() {
        return "a running container publishes a container port on a host port";
    }

    @Override
    public Set<String> keys() {
        return Set.of("container", "port", "hostPort");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.DOCKER;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        CheckSettings s = new CheckSettings(spec, problems);
        String container = s.requiredText("container", "hello-py");
        String port = s.requiredText("port", "8000");
        Optional<String> key = ContainerState.portKey(port);
        if (!port.isEmpty() && key.isEmpty()) {
            s.error("port", "'" + port + "' is not a container port", "write 8000 or 8000/tcp");
        }
        Optional<Integer> hostPort = s.integer("hostPort", 1, 65535);
        return s.failed() ? null : new Prepared(container, key.orElse(""), hostPort);
    }

    private record Prepared(String container, String key, Optional<Integer> hostPort) implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            var client = context.requireDocker().client();
            String where = "container " + container;
            Optional<ObjectNode> inspect = Engine.container(client, container);
            if (inspect.isEmpty()) {
                return Outcome.notFound(where, "container " + container + " not found — run it with -p <host port>:" + key.replace("/tcp", ""));
            }
            JsonNode c = inspect.get();
            if (!c.path("State").path("Running").asBoolean()) {
                Outcome down = Outcome.fail(where, "container " + container + " is " + ContainerState.describe(c)
                        + ", and only a running container publishes ports",
                        List.of(FieldFailure.different("State.Status", "running", ContainerState.describe(c))));
                return ContainerState.exitedForGood(c, container).map(down::with).orElse(down);
            }
            String path = "NetworkSettings.Ports[\"" + key + "\"]";
            List<String> hostPorts = Expectations.hostPorts(DockerJson.at(c, "NetworkSettings.Ports").path(key));
            String expected = hostPort.map(p -> "published on host port " + p).orElse("published on a host port");
            if (hostPorts.isEmpty()) {
                List<String> others = new ArrayList<>();
                DockerJson.at(c, "NetworkSettings.Ports").properties().forEach(e -> {
                    List<String> hp = Expectations.hostPorts(e.getValue());
                    if (!hp.isEmpty()) {
                        others.add(String.join(",", hp) + "->" + e.getKey());
                    }
                });
                FieldFailure f = others.isEmpty() ? FieldFailure.missing(path, expected)
                        : FieldFailure.different(path, expected, "not published; published are " + String.join(", ", others));
                return Outcome.fail(where, "container " + container + " does not publish " + key + " — run it with -p "
                        + hostPort.map(String::valueOf).orElse("<host port>") + ":" + key.replace("/tcp", ""), List.of(f));
            }
            if (hostPort.isPresent() && !hostPorts.contains(String.valueOf(hostPort.get()))) {
                return Outcome.fail(where, "container " + container + " publishes " + key + " on host port " + String.join(", ", hostPorts)
                        + ", not " + hostPort.get(), List.of(FieldFailure.different(path, "host port " + hostPort.get(), "host port " + String.join(", ", hostPorts))));
            }
            return Outcome.pass(where, "container " + container + " publishes " + key + " on host port " + String.join(", ", hostPorts));
        }
    }
}
