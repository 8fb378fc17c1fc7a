package orchlab.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEndpointsTest {
    @TempDir
    Path home;

    @Test
    void anExplicitHostIsTheOnlyCandidate() {
        assertThat(DockerEndpoints.candidates(Optional.of("tcp://10.0.0.5:2375"), Map.of("DOCKER_HOST", "unix:///x.sock"), home, false))
                .containsExactly(new DockerEndpoint("tcp://10.0.0.5:2375", "--docker-host"));
    }

    @Test
    void dockerHostWinsOverContextsAndSockets() {
        assertThat(DockerEndpoints.candidates(Optional.empty(), Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock"), home, false))
                .containsExactly(new DockerEndpoint("unix:///run/user/1000/docker.sock", "DOCKER_HOST"));
    }

    @Test
    void usesTheCurrentContextFromConfigJson() throws Exception {
        Path docker = home.resolve(".docker");
        Files.createDirectories(docker);
        Files.writeString(docker.resolve("config.json"), "{\"currentContext\": \"desktop-linux\"}");
        Path meta = docker.resolve("contexts/meta").resolve(DockerEndpoints.sha256("desktop-linux"));
        Files.createDirectories(meta);
        Files.writeString(meta.resolve("meta.json"),
                "{\"Name\":\"desktop-linux\",\"Endpoints\":{\"docker\":{\"Host\":\"unix:///home/me/.docker/desktop/docker.sock\",\"SkipTLSVerify\":false}}}");

        assertThat(DockerEndpoints.candidates(Optional.empty(), Map.of(), home, false))
                .containsExactly(new DockerEndpoint("unix:///home/me/.docker/desktop/docker.sock", "Docker context 'desktop-linux'"));
    }

    @Test
    void skipsAContextThatNeedsTlsAndFallsBackToTheSockets() throws Exception {
        Path docker = home.resolve(".docker");
        String hash = DockerEndpoints.sha256("remote");
        Files.createDirectories(docker.resolve("contexts/meta").resolve(hash));
        Files.createDirectories(docker.resolve("contexts/tls").resolve(hash).resolve("docker"));
        Files.writeString(docker.resolve("contexts/meta").resolve(hash).resolve("meta.json"),
                "{\"Endpoints\":{\"docker\":{\"Host\":\"tcp://build.example.com:2376\"}}}");

        var candidates = DockerEndpoints.candidates(Optional.empty(), Map.of("DOCKER_CONTEXT", "remote"), home, false);

        assertThat(candidates.get(0).host()).isEqualTo("unix:///var/run/docker.sock");
    }

    @Test
    void triesTheDefaultDesktopAndPodmanSocketsInOrder() {
        var candidates = DockerEndpoints.candidates(Optional.empty(), Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), home, false);

        assertThat(candidates).extracting(DockerEndpoint::host).startsWith(
                "unix:///var/run/docker.sock",
                "unix://" + home.resolve(".docker/run/docker.sock"),
                "unix://" + home.resolve(".docker/desktop/docker.sock"),
                "unix:///run/user/1000/podman/podman.sock");
    }

    @Test
    void usesNamedPipesOnWindows() {
        assertThat(DockerEndpoints.candidates(Optional.empty(), Map.of(), home, true).get(0).host())
                .isEqualTo("npipe:////./pipe/docker_engine");
    }

    @Test
    void publishedPortsAreOnLocalhostForSocketsAndOnTheTcpHostOtherwise() {
        assertThat(DockerClients.publishedHost("unix:///var/run/docker.sock")).isEqualTo("localhost");
        assertThat(DockerClients.publishedHost("tcp://192.168.99.100:2376")).isEqualTo("192.168.99.100");
    }
}
