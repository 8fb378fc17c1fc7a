package orchlab.engine.docker.checks;

import orchlab.engine.check.toolkit.CelAssertions;
import orchlab.engine.check.toolkit.CheckSettings;
import orchlab.engine.check.toolkit.Fields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/**
 * {@code kind: docker-network} — a network exists, optionally with containers attached.
 *
 * <pre>
 * - id: backend-net
 *   kind: docker-network
 *   network: backend
 *   driver: bridge                  # optional
 *   containers: [web, db]           # attached containers, optional
 *   cel: "network.Internal == false"   # CEL over the network inspect ({@code network})
 * </pre>
 */
public final class DockerNetworkCheckKind implements CheckKind {

    @Override
    public String name() {
        return "docker-network";
    }

    @Override
    public String summary() {
        return "a network exists (driver, attached containers, CEL over network inspect)";
    }

    @Override
    public Set<String> keys() {
        return Set.of("network", "driver", "containers", "cel");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.DOCKER;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        CheckSettings s = new CheckSettings(spec, problems);
        String network = s.requiredText("network", "backend");
        Optional<String> driver = s.text("driver");
        List<String> containers = s.texts("containers");
        CelAssertions cel = CelAssertions.read(s, "cel", List.of("network"));
        return s.failed() ? null : new Prepared(network, driver, containers, cel);
    }

    private record Prepared(String network, Optional<String> driver, List<String> containers, CelAssertions cel) implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            String where = "network " + network;
            var client = context.requireDocker().client();
            Optional<ObjectNode> inspect = Engine.network(client, network);
            if (inspect.isEmpty()) {
                return Outcome.notFound(where, "network " + network + " not found — create it with docker network create " + network)
                        .with(ContainerState.missing("network", network, Engine.networkNames(client)));
            }
            List<FieldFailure> failures = new ArrayList<>();
            String actualDriver = inspect.get().path("Driver").asText("");
            driver.filter(d -> !d.equals(actualDriver)).ifPresent(d -> failures.add(FieldFailure.different("Driver", d, actualDriver)));
            List<String> attached = new ArrayList<>();
            inspect.get().path("Containers").forEach(c -> attached.add(c.path("Name").asText()));
            for (String c : containers) {
                if (!attached.contains(c)) {
                    failures.add(attached.isEmpty() ? FieldFailure.missing("Containers[" + c + "]", "attached")
                            : FieldFailure.different("Containers", c + " attached", "attached are " + String.join(", ", attached)));
                }
            }
            failures.addAll(cel.evaluate(Map.of("network", inspect.get()), inspect.get()));
            return failures.isEmpty() ? Outcome.pass(where, "network " + network + " exists"
                    + (containers.isEmpty() ? "" : " with " + String.join(", ", containers) + " attached"))
                    : Outcome.fail(where, "network " + network + ": " + Fields.notAsExpected(failures), failures)
                    .with(ContainerState.unchanged("network", network, inspect.get(), failures));
        }
    }
}
