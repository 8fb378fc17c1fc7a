package orchlab.engine.docker.checks;

import orchlab.engine.check.toolkit.CelAssertions;
import orchlab.engine.check.toolkit.CheckSettings;
import orchlab.engine.check.toolkit.Fields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.Convergence;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;

/**
 * {@code kind: docker-image} — an image exists under a name:tag, and its configuration is as expected. A missing image,
 * or one built otherwise, fails at once unless the lab is building it ({@link orchlab.engine.sandbox.DockerBuilds}):
 * then the check waits.
 *
 * <pre>
 * - id: image
 *   kind: docker-image
 *   image: orchlab/hello-py:1.0
 *   user: non-root                 # any keys of {@link Expectations} for images
 *   cmd: exec-form
 *   exposedPorts: [8000]
 *   cel:                           # CEL over the image inspect ({@code image}) and its layer history ({@code history})
 *     - expr: "size(image.RootFS.Layers) &lt;= 15"
 *       field: RootFS.Layers
 *       expect: at most 15 layers
 * </pre>
 */
public final class DockerImageCheckKind implements CheckKind {

    @Override
    public String name() {
        return "docker-image";
    }

    @Override
    public String summary() {
        return "an image name:tag exists; user, CMD form, exposed ports, env, labels, size, layers; CEL over image inspect";
    }

    @Override
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>(List.of("image", "cel"));
        keys.addAll(Expectations.IMAGE_KEYS);
        return keys;
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.DOCKER;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        CheckSettings s = new CheckSettings(spec, problems);
        String image = s.requiredText("image", "orchlab/hello-py:1.0");
        Expectations expectations = Expectations.read(s, Expectations.IMAGE_KEYS);
        CelAssertions cel = CelAssertions.read(s, "cel", List.of("image", "history"));
        return s.failed() ? null : new Prepared(image, expectations, cel);
    }

    private record Prepared(String image, Expectations expectations, CelAssertions cel) implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            var docker = context.requireDocker();
            var client = docker.client();
            String where = "image " + image;
            Optional<ObjectNode> inspect = Engine.image(client, image);
            // an image never changes by itself: only a build under its tag (the lab's own builds are known, others
            // not) makes it appear or gives it another configuration, so waiting helps only while the lab builds it
            Convergence convergence = docker.builds().building(image)
                    ? Convergence.converging("the lab is building image " + image)
                    : Convergence.settled("the lab is not building image " + image
                            + " (a build typed in a terminal is not seen: Check again when it has finished)");
            if (inspect.isEmpty()) {
                return Outcome.notFound(where, "image " + image + " not found — build it with docker build -t " + image
                        + " . (or the Build button)").with(convergence);
            }
            List<FieldFailure> failures = new ArrayList<>(expectations.evaluate(inspect.get()));
            if (!cel.isEmpty()) {
                JsonNode history = Engine.history(client, image);
                failures.addAll(cel.evaluate(Map.of("image", inspect.get(), "history", history), inspect.get()));
            }
            if (failures.isEmpty()) {
                return Outcome.pass(where, expectations.isEmpty() && cel.isEmpty()
                        ? "image " + image + " exists" : "image " + image + " is built as expected");
            }
            return Outcome.fail(where, "image " + image + ": " + Fields.notAsExpected(failures), failures).with(convergence);
        }
    }
}
