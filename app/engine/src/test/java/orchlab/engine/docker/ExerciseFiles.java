package orchlab.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;

/**
 * Reads an {@code exercises/<id>/exercise.yaml} into the engine's {@link Exercise} record — only what the
 * Docker tests need (the course loader proper belongs to the engine's course package).
 */
final class ExerciseFiles {
    private ExerciseFiles() {
    }

    private static final orchlab.engine.check.CheckKinds KINDS = orchlab.engine.check.CheckKinds.discover();

    static YamlDoc doc(Path dir) throws Exception {
        return YamlDoc.parse(dir.resolve("exercise.yaml").toString(), Files.readString(dir.resolve("exercise.yaml")));
    }

    static Exercise read(Path dir) throws Exception {
        YamlDoc doc = doc(dir);
        JsonNode root = doc.root();
        List<CheckSpec> checks = new ArrayList<>();
        JsonNode list = root.path("checks");
        for (int i = 0; i < list.size(); i++) {
            ObjectNode c = (ObjectNode) list.get(i);
            checks.add(KINDS.prepared(new CheckSpec(i, c.path("id").asText(), c.path("title").asText(""), c.path("kind").asText(),
                    Optional.empty(), c.path("hint").asText(""), c, doc, "/checks/" + i)));
        }
        List<String> hints = new ArrayList<>();
        root.path("hints").forEach(h -> hints.add(h.asText()));
        JsonNode docker = root.get("docker");
        return new Exercise(root.path("id").asText(), root.path("title").asText(), dir,
                orchlab.engine.kind.ExerciseKinds.discover().find(root.path("sandbox").asText()).orElseThrow(), root.path("id").asText(),
                root.path("description").asText(), hints, List.of(), Duration.ofSeconds(30), checks,
                docker instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode(), Location.ofFile(dir.resolve("exercise.yaml")));
    }

    /** An exercise with the given id and {@code docker:} section (YAML), for tests that bring their own recipe. */
    static Exercise withRecipe(String id, Path dir, String dockerSectionYaml) throws Exception {
        YamlDoc doc = YamlDoc.parse("exercise.yaml", dockerSectionYaml);
        return new Exercise(id, id, dir, new orchlab.engine.kind.builtin.DockerExerciseKind(), id, "", List.of(), List.of(), Duration.ofSeconds(30), List.of(),
                (ObjectNode) doc.root().get("docker"), Location.ofFile("exercise.yaml"));
    }
}
