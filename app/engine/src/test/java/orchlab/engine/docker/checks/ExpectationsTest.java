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

    /** Trimmed from {@code docker inspect} of Compose 1.29 containers: short syntax in {@code web}, long syntax in {@code web2}. */
    private static final String SHORT_SYNTAX_WEB = """
            {"Config": {"Labels": {"com.docker.compose.project": "notes"}},
             "HostConfig": {"Tmpfs": {"/var/cache/nginx": "size=16m"}, "Binds": ["/tmp/ws/site:/usr/share/nginx/html:ro"]},
             "Mounts": [{"Type": "bind", "Source": "/tmp/ws/site", "Destination": "/usr/share/nginx/html", "Mode": "ro", "RW": false},
                        {"Type": "volume", "Name": "notes_pgdata", "Source": "/var/lib/docker/volumes/notes_pgdata/_data",
                         "Destination": "/var/lib/postgresql/data", "Driver": "local", "Mode": "rw", "RW": true}]}
            """;

    private static final String LONG_SYNTAX_WEB = """
            {"Config": {"Labels": {"com.docker.compose.project": "notes"}},
             "HostConfig": {"Tmpfs": null},
             "Mounts": [{"Type": "bind", "Source": "/tmp/ws/site", "Destination": "/usr/share/nginx/html", "Mode": "", "RW": false},
                        {"Type": "tmpfs", "Source": "", "Destination": "/var/cache/nginx", "Mode": "", "RW": true},
                        {"Type": "volume", "Name": "notes_pgdata", "Source": "/var/lib/docker/volumes/notes_pgdata/_data",
                         "Destination": "/var/lib/postgresql/data", "Driver": "local", "Mode": "z", "RW": true}]}
            """;

    private static final String MOUNT_MISTAKES = """
            {"Config": {"Labels": {"com.docker.compose.project": "notes"}},
             "HostConfig": {},
             "Mounts": [{"Type": "bind", "Source": "/tmp/ws/site", "Destination": "/usr/share/nginx/html", "Mode": "", "RW": true},
                        {"Type": "volume", "Name": "8581d40717ea19ec672197bc54cdc5f56cb2ab8507b87ab5f52cda30d7a48c59",
                         "Source": "/var/lib/docker/volumes/8581d40717ea19ec672197bc54cdc5f56cb2ab8507b87ab5f52cda30d7a48c59/_data",
                         "Destination": "/var/lib/postgresql/data", "RW": true},
                        {"Type": "volume", "Name": "notes_pgdata", "Source": "/var/lib/docker/volumes/notes_pgdata/_data",
                         "Destination": "/var/lib/postgres/data", "RW": true},
                        {"Type": "volume", "Name": "notes_cache", "Source": "/var/lib/docker/volumes/notes_cache/_data",
                         "Destination": "/var/cache/nginx", "RW": true}]}
            """;

    private static final String MOUNTS_AND_TMPFS = """
            mounts: ["pgdata:/var/lib/postgresql/data:rw", "./site:/usr/share/nginx/html:ro"]
            tmpfs: [/var/cache/nginx]
            """;

    @Test
    void acceptsNamedVolumeReadOnlyBindAndTmpfsInShortSyntax() throws Exception {
        assertThat(failures(MOUNTS_AND_TMPFS, Expectations.CONTAINER_KEYS, SHORT_SYNTAX_WEB)).isEmpty();
    }

    @Test
    void acceptsTheSameMountsInLongSyntaxWhereTmpfsIsAMountAndModeIsEmpty() throws Exception {
        assertThat(failures(MOUNTS_AND_TMPFS, Expectations.CONTAINER_KEYS, LONG_SYNTAX_WEB)).isEmpty();
    }

    @Test
    void namesAnAnonymousVolumeAWritableBindAndAVolumeWhereATmpfsIsWanted() throws Exception {
        assertThat(failures(MOUNTS_AND_TMPFS, Expectations.CONTAINER_KEYS, MOUNT_MISTAKES)).containsExactly(
                "Mounts[/var/lib/postgresql/data]: expected volume pgdata, found an anonymous volume 8581d40717ea… "
                        + "(no name, so nothing finds it again once the container is removed) — pgdata is mounted at /var/lib/postgres/data instead",
                "Mounts[/usr/share/nginx/html].RW: expected false (read-only), found true (writable) — add :ro to the mount, or read_only: true in the long syntax",
                "Mounts[/var/cache/nginx]: expected a tmpfs, found volume notes_cache");
    }

    @Test
    void aNamedVolumeMountedOnlyAtAnotherPathIsReportedWithWhereItWent() throws Exception {
        String inspect = """
                {"Config": {"Labels": {"com.docker.compose.project": "notes"}}, "HostConfig": {},
                 "Mounts": [{"Type": "volume", "Name": "notes_pgdata", "Destination": "/data", "RW": true}]}
                """;
        assertThat(failures("mounts: [\"pgdata:/var/lib/postgresql/data\"]", Expectations.CONTAINER_KEYS, inspect)).containsExactly(
                "Mounts[/var/lib/postgresql/data]: expected volume pgdata mounted at /var/lib/postgresql/data, found nothing mounted there"
                        + " — pgdata is mounted at /data instead");
    }

    @Test
    void aVolumeIsNotABindMountOfTheSameNameNorTheOtherWayRound() throws Exception {
        String inspect = """
                {"Config": {"Labels": {}}, "HostConfig": {},
                 "Mounts": [{"Type": "bind", "Source": "/home/me/pgdata", "Destination": "/var/lib/postgresql/data", "RW": true},
                            {"Type": "volume", "Name": "site", "Source": "/var/lib/docker/volumes/site/_data", "Destination": "/usr/share/nginx/html", "RW": true}]}
                """;
        assertThat(failures("mounts: [\"pgdata:/var/lib/postgresql/data\", \"./site:/usr/share/nginx/html\"]", Expectations.CONTAINER_KEYS, inspect))
                .containsExactly(
                        "Mounts[/var/lib/postgresql/data]: expected volume pgdata, found bind mount of /home/me/pgdata",
                        "Mounts[/usr/share/nginx/html]: expected bind mount of ./site, found volume site");
    }

    @Test
    void aMissingTmpfsSaysHowToAddOne() throws Exception {
        assertThat(failures("tmpfs: /run/cache", Expectations.CONTAINER_KEYS, SHORT_SYNTAX_WEB)).containsExactly(
                "Mounts[/run/cache]: expected a tmpfs mounted at /run/cache (tmpfs: in Compose, --tmpfs with docker run), not set");
    }

    @Test
    void aWritableMountWantedButReadOnlyFoundSaysToRemoveRo() throws Exception {
        assertThat(failures("mounts: [\"./site:/usr/share/nginx/html:rw\"]", Expectations.CONTAINER_KEYS, SHORT_SYNTAX_WEB)).containsExactly(
                "Mounts[/usr/share/nginx/html].RW: expected true (writable), found false (read-only) — remove :ro from the mount");
    }

    @Test
    void refusesMountsAndTmpfsPathsThatAreNotPathsInTheContainer() throws Exception {
        Problems problems = new Problems();
        CheckSettings settings = new CheckSettings(CheckSpecs.spec("""
                checks:
                  - mounts: ["pgdata:data", "a:b:/c", "pgdata:/data:rx"]
                    tmpfs: ["cache", "/run:size=1m"]
                """), problems);
        Expectations.read(settings, Expectations.CONTAINER_KEYS);
        assertThat(problems.asList()).extracting(p -> p.message()).containsExactly(
                "'pgdata:data' is not a mount", "'a:b:/c' is not a mount", "'pgdata:/data:rx' is not a mount",
                "'cache' is not a path in the container", "'/run:size=1m' is not a path in the container");
    }

    /** Trimmed from {@code docker inspect shop_db_1}: Compose 1.29, project shop, db on two networks with 5432 published. */
    private static final String DB_ON_TWO_NETWORKS = """
            {"Config": {"Labels": {"com.docker.compose.project": "shop"}, "ExposedPorts": {"5432/tcp": {}}},
             "HostConfig": {"PortBindings": {"5432/tcp": [{"HostIp": "", "HostPort": "5432"}]}},
             "NetworkSettings": {"Ports": {"5432/tcp": [{"HostIp": "0.0.0.0", "HostPort": "5432"}, {"HostIp": "::", "HostPort": "5432"}]},
                                 "Networks": {"shop_backend": {"Aliases": ["db"]}, "shop_frontend": {"Aliases": ["db"]}}}}
            """;

    private static final String DB_ON_BACKEND_UNPUBLISHED = """
            {"Config": {"Labels": {"com.docker.compose.project": "shop"}, "ExposedPorts": {"5432/tcp": {}}},
             "HostConfig": {"PortBindings": {}},
             "NetworkSettings": {"Ports": {"5432/tcp": null}, "Networks": {"shop_backend": {"Aliases": ["db"]}}}}
            """;

    @Test
    void onlyNetworksAndNoPortsPassWhenTheContainerIsOnItsOneNetworkWithAnExposedButUnpublishedPort() throws Exception {
        assertThat(failures("onlyNetworks: [backend]\nports: none", Expectations.CONTAINER_KEYS, DB_ON_BACKEND_UNPUBLISHED)).isEmpty();
        assertThat(failures("onlyNetworks: [shop_backend]", Expectations.CONTAINER_KEYS, DB_ON_BACKEND_UNPUBLISHED)).isEmpty();
    }

    @Test
    void onlyNetworksNamesTheExtraNetworkAndPortsNoneNamesThePublishedPort() throws Exception {
        assertThat(failures("onlyNetworks: [backend]\nports: none", Expectations.CONTAINER_KEYS, DB_ON_TWO_NETWORKS)).containsExactly(
                "NetworkSettings.Ports: expected nothing published, found 5432:5432 (host:container) — remove ports: (or -p); "
                        + "containers on a shared network reach the port without it",
                "NetworkSettings.Networks: expected attached only to backend, found also attached to shop_frontend — every container on it can reach this one");
    }

    @Test
    void onlyNetworksAlsoReportsAWantedNetworkThatIsMissing() throws Exception {
        assertThat(failures("onlyNetworks: [frontend]", Expectations.CONTAINER_KEYS, DB_ON_BACKEND_UNPUBLISHED)).containsExactly(
                "NetworkSettings.Networks: expected attached to frontend, found shop_backend",
                "NetworkSettings.Networks: expected attached only to frontend, found also attached to shop_backend — every container on it can reach this one");
    }

    @Test
    void readsSizesLikeDockerPrintsThem() {
        assertThat(Expectations.size("200MB")).contains(200_000_000L);
        assertThat(Expectations.size("1.5 GB")).contains(1_500_000_000L);
        assertThat(Expectations.size("512MiB")).contains(512L * 1024 * 1024);
        assertThat(Expectations.size("lots")).isEmpty();
    }
}
