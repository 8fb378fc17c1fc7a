package orchlab.engine.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problem;
import orchlab.engine.course.Problems;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/** Builds checks from YAML the way an exercise file declares them. */
public final class CheckSpecs {
    private CheckSpecs() {
    }

    /** The first check of {@code checks:} in an exercise-shaped YAML text. */
    public static CheckSpec spec(String yaml) {
        return all(yaml).get(0);
    }

    public static List<CheckSpec> all(String yaml) {
        try {
            YamlDoc doc = YamlDoc.parse("exercise.yaml", yaml);
            var checks = doc.root().get("checks");
            List<CheckSpec> out = new java.util.ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                ObjectNode config = (ObjectNode) checks.get(i);
                out.add(new CheckSpec(i, config.path("id").asText("check-" + i), config.path("title").asText(""),
                        config.path("kind").asText(), Optional.empty(), config.path("hint").asText(""), config, doc, "/checks/" + i));
            }
            return out;
        } catch (YamlSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Prepares a check and fails loudly when its settings have problems. */
    public static PreparedCheck prepare(CheckKind kind, String yaml) {
        Problems problems = new Problems();
        PreparedCheck check = kind.prepare(spec(yaml), problems);
        if (check == null || problems.hasErrors()) {
            throw new AssertionError("check settings rejected: " + problems.asList().stream().map(Problem::format).toList());
        }
        return check;
    }

    /** The problems a check's settings produce. */
    public static List<Problem> problems(CheckKind kind, String yaml) {
        Problems problems = new Problems();
        kind.prepare(spec(yaml), problems);
        return problems.asList();
    }

    public static CheckContext context(Path workspace, DockerAccess docker) {
        return new CheckContext(null, "default", workspace, Optional.empty(), Optional.ofNullable(docker));
    }
}
