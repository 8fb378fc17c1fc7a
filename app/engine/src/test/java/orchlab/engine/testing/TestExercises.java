package orchlab.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Durations;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;

/** Exercises built from a YAML list of checks, for engine tests that do not need a whole course. */
public final class TestExercises {
    private TestExercises() {
    }

    public static Exercise withChecks(String id, String checksYaml) {
        return withChecks(id, checksYaml, Exercise.DEFAULT_TIMEOUT);
    }

    public static Exercise withChecks(String id, String checksYaml, Duration defaultTimeout) {
        return withChecks(CheckKinds.discover(), id, checksYaml, defaultTimeout);
    }

    /** With checks of the given kinds, each prepared once as the course loader prepares them. */
    public static Exercise withChecks(CheckKinds kinds, String id, String checksYaml) {
        return withChecks(kinds, id, checksYaml, Exercise.DEFAULT_TIMEOUT);
    }

    public static Exercise withChecks(CheckKinds kinds, String id, String checksYaml, Duration defaultTimeout) {
        YamlDoc doc;
        try {
            doc = YamlDoc.parse("exercises/" + id + "/exercise.yaml", "checks:\n" + checksYaml.indent(2));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        List<CheckSpec> checks = new ArrayList<>();
        JsonNode list = doc.root().get("checks");
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            Optional<Duration> timeout = c.hasNonNull("timeout") ? Durations.parse(c.get("timeout").asText()) : Optional.empty();
            checks.add(kinds.prepared(new CheckSpec(i, c.path("id").asText("check-" + i), c.path("title").asText("check " + i),
                    c.path("kind").asText(), timeout, c.path("hint").asText(""), (ObjectNode) c, doc, "/checks/" + i)));
        }
        ObjectNode none = JsonNodeFactory.instance.objectNode();
        return new Exercise(id, id, Path.of("exercises", id), new orchlab.engine.kind.builtin.KubernetesExerciseKind(), id, "", List.of(), List.of(),
                defaultTimeout, checks, none, Location.ofFile(doc.file()));
    }
}
