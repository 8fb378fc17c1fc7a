package orchlab.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problem;
import orchlab.engine.course.Problems;
import orchlab.engine.docker.dockerfile.DockerfileRule;
import orchlab.engine.docker.dockerfile.DockerfileRules;
import orchlab.testkit.Repo;
import orchlab.engine.yaml.YamlDoc;
import org.junit.jupiter.api.Test;

/** app/docs/docker.md cannot drift: its examples load without problems, its shown files are the real files, every rule and kind is documented. */
class DockerDocTest {
    private static final Path DOCS = Repo.root().resolve("app/docs");
    private static final Pattern YAML_BLOCK = Pattern.compile("(?m)^```yaml\\n(.*?)^```$", Pattern.DOTALL);
    private static final Pattern SHOWN = Pattern.compile("<!-- file: (\\S+) -->\\n(`{3,})\\w*\\n(.*?)\\2\\n", Pattern.DOTALL);

    private static String page() throws Exception {
        return Files.readString(DOCS.resolve("docker.md"));
    }

    @Test
    void everyExampleLoadsWithoutProblems() throws Exception {
        Matcher m = YAML_BLOCK.matcher(page());
        CheckKinds kinds = CheckKinds.discover();
        List<String> problems = new ArrayList<>();
        int examples = 0;
        while (m.find()) {
            YamlDoc doc = YamlDoc.parse("docker.md example " + (++examples), m.group(1));
            JsonNode docker = doc.root().get("docker");
            if (docker != null) {
                Problems p = new Problems();
                new DockerExerciseDriver().validate(docker, ptr -> doc.locate("/docker" + ptr), p);
                p.asList().forEach(x -> problems.add(x.format()));
            }
            if (doc.root().has("checks")) {
                for (CheckSpec spec : CheckSpecs.all(m.group(1))) {
                    CheckKind kind = kinds.find(spec.kind()).orElseThrow(() -> new AssertionError("unknown kind " + spec.kind()));
                    Problems p = new Problems();
                    assertThat(kind.prepare(spec, p)).as(spec.id()).isNotNull();
                    p.asList().stream().map(Problem::format).forEach(problems::add);
                }
            }
        }
        assertThat(examples).isEqualTo(3);
        assertThat(problems).isEmpty();
    }

    @Test
    void theShownExerciseIsTheRealFile() throws Exception {
        Matcher m = SHOWN.matcher(page());
        assertThat(m.find()).isTrue();
        assertThat(m.group(3)).isEqualTo(Files.readString(DOCS.resolve(m.group(1)).normalize()));
    }

    @Test
    void everyRuleAndKindIsDocumented() throws Exception {
        String page = page();
        for (DockerfileRule rule : DockerfileRules.all()) {
            assertThat(page).contains("| `" + rule.id() + "` | " + rule.severity().label() + " | " + (rule.enabledByDefault() ? "on" : "off") + " |");
        }
        for (String kind : List.of("dockerfile", "docker-image", "docker-container", "docker-port", "docker-http", "docker-volume",
                "docker-network", "docker-compose")) {
            assertThat(page).contains("| `" + kind + "` |");
        }
    }
}
