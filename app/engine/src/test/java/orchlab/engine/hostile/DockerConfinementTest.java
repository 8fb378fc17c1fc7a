package orchlab.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orchlab.engine.course.Problems;
import orchlab.engine.docker.DockerConfinement;
import orchlab.engine.docker.DockerRecipe;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A pack's Docker files cannot reach the host: refusals name the line, legitimate files pass. */
class DockerConfinementTest {
    @TempDir
    Path workspace;

    private List<String> compose(String services) throws Exception {
        return DockerConfinement.composeProblems(workspace, YamlDoc.parse("compose.yaml", "services:\n  app:\n    image: x\n" + services));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'    privileged: true\n'|compose.yaml:4:5|'privileged' is not allowed",
            "'    cap_add: [SYS_ADMIN]\n'|compose.yaml:4:5|'cap_add' is not allowed",
            "'    devices: [\"/dev/sda:/dev/sda\"]\n'|compose.yaml:4:5|'devices' is not allowed",
            "'    security_opt: [\"seccomp:unconfined\"]\n'|compose.yaml:4:5|'security_opt' is not allowed",
            "'    pid: host\n'|compose.yaml:4:10|'pid: host' is not allowed",
            "'    ipc: host\n'|compose.yaml:4:10|'ipc: host' is not allowed",
            "'    network_mode: host\n'|compose.yaml:4:19|'network_mode: host' is not allowed",
            "'    userns_mode: host\n'|compose.yaml:4:18|'userns_mode: host' is not allowed",
            "'    volumes: [\"/:/host\"]\n'|compose.yaml:4:15|bind mount '/' is a path on the host",
            "'    volumes: [\"./../../etc:/x\"]\n'|compose.yaml:4:15|leads outside the workspace",
            "'    volumes: [\"${HOME}:/x\"]\n'|compose.yaml:4:15|uses a variable",
            "'    volumes: [\"~/.ssh:/x\"]\n'|compose.yaml:4:15|is a path on the host",
            "'    volumes:\n      - type: bind\n        source: /var/run/docker.sock\n        target: /s\n'|compose.yaml:6:17|bind mount '/var/run/docker.sock'",
            "'    build: ../..\n'|compose.yaml:4:12|build context '../..' leads outside",
            "'    env_file: /etc/shadow\n'|compose.yaml:4:15|env_file '/etc/shadow'",
            "'    volumes_from: [\"container:db\"]\n'|compose.yaml:4:20|volumes_from another container"})
    void composeFilesAskingForTheHostAreRefusedAtTheirLine(String service, String where, String message) throws Exception {
        assertThat(compose(service)).singleElement().asString().startsWith(where + ": ").contains(message);
    }

    @Test
    void externalAndDriverOptVolumesAreRefused() throws Exception {
        List<String> problems = DockerConfinement.composeProblems(workspace, YamlDoc.parse("compose.yaml",
                "services: {app: {image: x}}\nvolumes:\n  theirs: {external: true}\n  root:\n    driver_opts: {type: none, o: bind, device: /}\n"));
        assertThat(problems).hasSize(2).anyMatch(p -> p.contains("external is not allowed")).anyMatch(p -> p.contains("driver_opts"));
    }

    @Test
    void anOrdinaryComposeFileWithNamedVolumesAndWorkspaceFoldersPasses() throws Exception {
        assertThat(compose("""
                    build: .
                    ports: ["8080:80"]
                    volumes: ["data:/var/lib/data", "./html:/usr/share/nginx/html:ro", "/tmp/cache"]
                    network_mode: bridge
                    privileged: false
                volumes:
                  data: {}
                """)).isEmpty();
    }

    @Test
    void aSymbolicLinkOutOfTheWorkspaceIsRefused() throws Exception {
        Files.createSymbolicLink(workspace.resolve("html"), Path.of("/etc"));

        assertThat(DockerConfinement.hostPathProblem(workspace, "./html")).hasValueSatisfying(p -> assertThat(p).contains("symbolic link"));
        assertThat(DockerConfinement.hostPathProblem(workspace, "./html/nginx")).isPresent();
        assertThat(DockerConfinement.hostPathProblem(workspace, "./site")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"./../../tmp/x:/x", "./a/../../b:/x"})
    void aRunVolumeClimbingOutOfTheWorkspaceIsALocatedLoadProblem(String volume) throws Exception {
        YamlDoc doc = YamlDoc.parse("exercise.yaml", "run:\n  name: web\n  image: nginx\n  volumes: [\"" + volume + "\"]\n");
        Problems problems = new Problems();
        DockerRecipe.read(doc.root(), p -> doc.locate(p), problems);
        assertThat(problems.asList()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(new Location("exercise.yaml", 4, 13));
            assertThat(p.message()).contains("leads outside the workspace");
        });
    }
    /** A one-exercise pack around the course's docker-compose exercise, whose Compose files the test changes. */
    private static Path composePack(Path dir) throws Exception {
        Path pack = dir.resolve("pack");
        Files.createDirectories(pack.resolve("lessons/docker"));
        Files.writeString(pack.resolve("lessons/course.yaml"), """
                id: compose-pack
                title: Compose pack
                version: 1.0.0
                modules:
                  - id: docker
                    title: Docker
                    lessons: [docker/compose.md]
                """);
        Files.writeString(pack.resolve("lessons/docker/compose.md"), "---\ntitle: Compose\nexercises: [docker-compose]\n---\n# Compose\n");
        Path from = orchlab.testkit.Repo.root().resolve("exercises/docker-compose");
        try (var walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                Path to = pack.resolve("exercises/docker-compose").resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return pack;
    }

    @Test
    void aPackWhoseComposeFilesAskForTheHostIsRefusedAtTheirLinesWhenItLoads(@TempDir Path dir) throws Exception {
        Path pack = composePack(dir);
        Path solution = pack.resolve("exercises/docker-compose/solution/compose.yaml");
        Files.writeString(solution, Files.readString(solution).replace("    image: postgres:16\n",
                "    image: postgres:16\n    privileged: true\n    pid: host\n"));
        Path wrong = pack.resolve("exercises/docker-compose/wrong/no-volume/compose.yaml");
        Files.writeString(wrong, Files.readString(wrong) + "    volumes: [\"/:/host\"]\n");

        var result = orchlab.engine.course.CourseLoader.standard().load(pack);

        assertThat(result.errors()).extracting(p -> p.location().file() + ":" + p.location().line() + ": " + p.message())
                .anySatisfy(p -> assertThat(p).startsWith("exercises/docker-compose/solution/compose.yaml:16: service db: 'privileged' is not allowed"))
                .anySatisfy(p -> assertThat(p).startsWith("exercises/docker-compose/solution/compose.yaml:17: service db: 'pid: host' is not allowed"))
                .anySatisfy(p -> assertThat(p).startsWith("exercises/docker-compose/wrong/no-volume/compose.yaml:")
                        .contains("bind mount '/' is a path on the host"));
    }

    @Test
    void theCoursesOwnComposeFilesLoadWithoutRefusals(@TempDir Path dir) throws Exception {
        var result = orchlab.engine.course.CourseLoader.standard().load(composePack(dir));

        assertThat(result.errors()).isEmpty();
    }
}
