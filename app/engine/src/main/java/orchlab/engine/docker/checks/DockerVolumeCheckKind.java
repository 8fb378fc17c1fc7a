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
 * {@code kind: docker-volume} — a named volume exists.
 *
 * <pre>
 * - id: data-volume
 *   kind: docker-volume
 *   volume: pgdata
 *   driver: local                # optional
 *   labels: {team: web}          # optional ({@code null} value = any)
 *   cel: "volume.Driver == 'local'"   # CEL over the volume inspect ({@code volume})
 * </pre>
 */
public final class DockerVolumeCheckKind implements CheckKind {

    @Override
    public String name() {
        return "docker-volume";
    }

    @Override
    public String summary() {
        return "a named volume exists (driver, labels, CEL over volume inspect)";
    }

    @Override
    public Set<String> keys() {
        return Set.of("volume", "driver", "labels", "cel");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.DOCKER;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        CheckSettings s = new CheckSettings(spec, problems);
        String volume = s.requiredText("volume", "pgdata");
        Optional<String> driver = s.text("driver");
        Map<String, String> labels = s.textMap("labels");
        CelAssertions cel = CelAssertions.read(s, "cel", List.of("volume"));
        return s.failed() ? null : new Prepared(volume, driver, labels, cel);
    }

    private record Prepared(String volume, Optional<String> driver, Map<String, String> labels, CelAssertions cel) implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            String where = "volume " + volume;
            var client = context.requireDocker().client();
            Optional<ObjectNode> inspect = Engine.volume(client, volume);
            if (inspect.isEmpty()) {
                return Outcome.notFound(where, "volume " + volume + " not found — create it with docker volume create " + volume
                        + " or mount it with -v " + volume + ":/path")
                        .with(ContainerState.missing("volume", volume, Engine.volumeNames(client)));
            }
            List<FieldFailure> failures = new ArrayList<>();
            String actualDriver = inspect.get().path("Driver").asText("");
            driver.filter(d -> !d.equals(actualDriver)).ifPresent(d -> failures.add(FieldFailure.different("Driver", d, actualDriver)));
            labels.forEach((k, v) -> {
                var actual = inspect.get().path("Labels").get(k);
                if (actual == null || actual.isNull()) {
                    failures.add(FieldFailure.missing("Labels[\"" + k + "\"]", v == null ? "set" : v));
                } else if (v != null && !v.equals(actual.asText())) {
                    failures.add(FieldFailure.different("Labels[\"" + k + "\"]", v, actual.asText()));
                }
            });
            failures.addAll(cel.evaluate(Map.of("volume", inspect.get()), inspect.get()));
            return failures.isEmpty() ? Outcome.pass(where, "volume " + volume + " exists")
                    : Outcome.fail(where, "volume " + volume + ": " + Fields.notAsExpected(failures), failures)
                    .with(ContainerState.unchanged("volume", volume, inspect.get(), failures));
        }
    }
}
