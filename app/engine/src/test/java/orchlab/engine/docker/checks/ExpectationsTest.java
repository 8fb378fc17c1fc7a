package orchlab.engine.docker.checks;

import orchlab.engine.check.toolkit.CelAssertions;
import orchlab.engine.check.toolkit.CheckSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.course.Problems;
import orchlab.engine.docker.CheckSpecs;
import org.junit.jupiter.api.Test;

/**
 * Field reports on inspect trees shaped like the engine's (trimmed from real {@code docker inspect} output).
 * The live behaviour is covered by the Docker ITs; these pin the wording of each field report.
 */
class ExpectationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ROOT_SHELL_IMAGE = """
            {"Config": {"User": "", "Cmd": ["/bin/sh", "-c", "python app.py"], "Entrypoint": [],
                        "ExposedPorts": {"5000/tcp": {}}, "WorkingDir": "/app",
                        "Env": ["PATH=/usr/local/bin", "PORT=5000"], "Labels": {"org.opencontainers.image.title": "hello"}},
             "Size": 312000000, "RootFS": {"Layers": ["a", "b", "c"]}}
            """;

    private static final String CONTAINER = """
            {"Config": {"User": "app", "Cmd": ["python", "app.py"], "Entrypoint": [], "ExposedPorts": {"8000/tcp": {}},
                        "Env": ["PORT=8000"], "Labels": {"com.docker.compose.project": "shop"}, "WorkingDir": "/app", "Image": "hello:1"},
             "HostConfig": {"RestartPolicy": {"Name": "", "MaximumRetryCount": 0},
                            "PortBindings": {"8000/tcp": [{"HostIp": "", "HostPort": "8080"}]}},
             "NetworkSettings": {"Ports": {"8000/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}, {"HostIp": "::", "HostPort": "8080"}]},
                                 "Networks": {"shop_default": {}}},
             "Mounts": [{"Type": "volume", "Name": "shop_pgdata", "Source": "/var/lib/docker/volumes/shop_pgdata/_data",
                         "Destination": "/var/lib/postgresql/data"}],
             "State": {"Status": "running", "Running": true, "ExitCode": 0}}
            """;

    private static List<String> failures(String settingsYaml, java.util.Set<String> keys, String inspect) throws Exception {
        Problems problems = new Problems();
        CheckSettings settings = new CheckSettings(CheckSpecs.spec("checks:\n  - " + settingsYaml.strip().replace("\n", "\n    ") + "\n"), problems);
        Expectations e = Expectations.read(settings, keys);
        assertThat(problems.asList()).isEmpty();
        JsonNode tree = JSON.readTree(inspect);
        return e.evaluate(tree).stream().map(FieldFailure::describe).toList();
    }

    @Test
    void namesTheUserFieldWhenTheImageRunsAsRoot() throws Exception {
        assertThat(failures("user: non-root", Expectations.IMAGE_KEYS, ROOT_SHELL_IMAGE))
                .containsExactly("Config.User: expected a non-root user, found root (no USER set)");
    }

    @Test
    void namesTheCmdFieldWhenItIsInShellForm() throws Exception {
        assertThat(failures("cmd: exec-form", Expectations.IMAGE_KEYS, ROOT_SHELL_IMAGE)).containsExactly(
                "Config.Cmd: expected CMD in exec form, like [\"python\", \"app.py\"], found shell form [\"/bin/sh\",\"-c\",\"python app.py\"] (written as CMD python app.py)");
    }

    @Test
    void reportsEveryFailingFieldNotJustTheFirst() throws Exception {
        assertThat(failures("""
                exposedPorts: [8000]
                env: {PORT: "8000", DEBUG: null}
                workdir: /srv
                maxSize: 200MB
                maxLayers: 2
                labels: {org.opencontainers.image.title: hello}
                """, Expectations.IMAGE_KEYS, ROOT_SHELL_IMAGE)).containsExactly(
                "Config.ExposedPorts: expected 8000/tcp, found 5000/tcp",
                "Config.WorkingDir: expected /srv, found /app",
                "Config.Env[PORT]: expected 8000, found 5000",
                "Config.Env[DEBUG]: expected set, not set",
                "Size: expected at most 200.0 MB, found 312.0 MB",
                "RootFS.Layers: expected at most 2 layers, found 3 layers");
    }

    @Test
    void acceptsAContainerThatMatches() throws Exception {
        assertThat(failures("""
                user: app
                cmd: ["python", "app.py"]
                ports: ["8080:8000"]
                mounts: ["pgdata:/var/lib/postgresql/data"]
                networks: [default]
                restartPolicy: "no"
                image: "hello:1"
                """, Expectations.CONTAINER_KEYS, CONTAINER)).isEmpty();
    }

    @Test
    void distinguishesNotSetFromDifferentOnContainers() throws Exception {
        assertThat(failures("""
                ports: ["9090:8000", "8443:443"]
                mounts: ["data:/var/lib/postgresql/data", "/cache"]
                restartPolicy: unless-stopped
                health: healthy
                """, Expectations.CONTAINER_KEYS, CONTAINER)).containsExactly(
                "HostConfig.RestartPolicy.Name: expected unless-stopped, found no",
                "Mounts[/var/lib/postgresql/data]: expected volume data, found volume shop_pgdata",
                "Mounts[/cache]: expected something mounted at /cache, not set",
                "NetworkSettings.Ports[\"8000/tcp\"]: expected host port 9090, found host port 8080",
                "NetworkSettings.Ports[\"443/tcp\"]: expected published on host port 8443 (-p 8443:443), not set",
                "State.Health.Status: expected healthy (the container has no HEALTHCHECK), not set");
    }

    @Test
    void celFailuresShowTheNamedFieldWithExpectedAndFound() throws Exception {
        Problems problems = new Problems();
        CheckSettings settings = new CheckSettings(CheckSpecs.spec("""
                checks:
                  - cel:
                      - expr: "!(image.Config.User in ['', 'root', '0'])"
                        field: Config.User
                        expect: a non-root user
                      - expr: "image.Config.Healthcheck.Test[0] != 'NONE'"
                        field: Config.Healthcheck
                        expect: a HEALTHCHECK
                      - "size(image.RootFS.Layers) < 3"
                """), problems);
        CelAssertions cel = CelAssertions.read(settings, "cel", List.of("image"));
        JsonNode image = JSON.readTree(ROOT_SHELL_IMAGE);

        List<FieldFailure> failures = cel.evaluate(Map.of("image", image), image);

        assertThat(problems.asList()).isEmpty();
        assertThat(failures).extracting(FieldFailure::describe).containsExactly(
                "Config.User: expected a non-root user, found \"\" (empty)",
                "Config.Healthcheck: expected a HEALTHCHECK, not set",
                "cel: expected `size(image.RootFS.Layers) < 3` to be true, found false");
    }

    @Test
    void readsSizesLikeDockerPrintsThem() {
        assertThat(Expectations.size("200MB")).contains(200_000_000L);
        assertThat(Expectations.size("1.5 GB")).contains(1_500_000_000L);
        assertThat(Expectations.size("512MiB")).contains(512L * 1024 * 1024);
        assertThat(Expectations.size("lots")).isEmpty();
    }
}
