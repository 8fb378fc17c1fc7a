package orchlab.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import orchlab.engine.course.Problem;
import orchlab.engine.course.Problems;
import orchlab.engine.yaml.YamlDoc;
import org.junit.jupiter.api.Test;

class DockerRecipeTest {

    private static List<Problem> problems(String yaml) throws Exception {
        YamlDoc doc = YamlDoc.parse("exercise.yaml", yaml);
        Problems problems = new Problems();
        new DockerExerciseDriver().validate(doc.root().get("docker"), p -> doc.locate("/docker" + p), problems);
        return problems.asList();
    }

    private static DockerRecipe read(String yaml) throws Exception {
        JsonNode section = YamlDoc.parse("exercise.yaml", yaml).root().get("docker");
        return DockerRecipe.read(section);
    }

    @Test
    void readsBuildAndRun() throws Exception {
        DockerRecipe recipe = read("""
                docker:
                  build: {context: ., dockerfile: Dockerfile, tag: orchlab/hello-py:1.0, args: {V: "1"}}
                  run: {name: hello-py, image: orchlab/hello-py:1.0, ports: ["8080:8000", "127.0.0.1:9090:9000/udp"],
                        env: {GREETING: hi}, volumes: ["data:/data", "./html:/usr/share/nginx/html:ro"], restart: unless-stopped}
                """);

        assertThat(recipe.builds()).singleElement().satisfies(b -> {
            assertThat(b.tag()).isEqualTo("orchlab/hello-py:1.0");
            assertThat(b.args()).containsEntry("V", "1");
        });
        DockerRecipe.Run run = recipe.runs().get(0);
        assertThat(run.ports()).containsExactly(new DockerRecipe.PortMapping("", 8080, 8000, "tcp"),
                new DockerRecipe.PortMapping("127.0.0.1", 9090, 9000, "udp"));
        assertThat(run.volumes()).containsExactly(new DockerRecipe.Mount("data", "/data", false),
                new DockerRecipe.Mount("./html", "/usr/share/nginx/html", true));
        assertThat(run.volumes().get(0).isNamedVolume()).isTrue();
        assertThat(run.volumes().get(1).isNamedVolume()).isFalse();
        assertThat(run.restart()).contains("unless-stopped");
        assertThat(recipe.imageTags()).containsExactly("orchlab/hello-py:1.0");
    }

    @Test
    void acceptsListsOfBuildsAndRunsAndACompose() throws Exception {
        DockerRecipe recipe = read("""
                docker:
                  build:
                    - {tag: "web:1"}
                    - {tag: "worker:1", context: worker}
                  run:
                    - {name: web, image: "web:1"}
                  compose: {project: shop}
                """);

        assertThat(recipe.builds()).extracting(DockerRecipe.Build::tag).containsExactly("web:1", "worker:1");
        assertThat(recipe.compose()).contains(new DockerRecipe.Compose("compose.yaml", "shop"));
    }

    @Test
    void reportsEveryMistakeAtItsLine() throws Exception {
        List<Problem> problems = problems("""
                docker:
                  build: {tag: Hello_World}
                  run:
                    name: hello
                    imag: hello:1
                    ports: ["eighty"]
                    restart: sometimes
                  compose: {file: ../compose.yaml}
                """);

        assertThat(problems).extracting(Problem::format).containsExactly(
                "exercise.yaml:2:16: error: 'Hello_World' is not a valid image name — use lower-case name:tag, e.g. orchlab/hello-py:1.0",
                "exercise.yaml:5:11: error: unknown key 'imag' — did you mean 'image'?",
                "exercise.yaml:4:5: error: 'image' is required here",
                "exercise.yaml:6:13: error: 'eighty' is not a port mapping — write hostPort:containerPort, e.g. \"8080:8000\"",
                "exercise.yaml:7:14: error: 'sometimes' is not a restart policy — use no, always, unless-stopped or on-failure[:N]",
                "exercise.yaml:8:19: error: '../compose.yaml' must be a path inside the exercise's files — use a relative path without '..'",
                "exercise.yaml:8:12: error: 'project' is required here");
    }

    @Test
    void anEmptySectionIsAnEmptyRecipe() throws Exception {
        assertThat(read("docker: {}\n").isEmpty()).isTrue();
        assertThat(problems("docker: {}\n")).isEmpty();
    }
}
