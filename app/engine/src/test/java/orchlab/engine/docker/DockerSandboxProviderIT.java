package orchlab.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ServiceLoader;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerSandboxProviderIT {
    static DockerTestEngine docker;

    @TempDir
    Path state;

    @BeforeAll
    static void engine() {
        docker = DockerTestEngine.connect();
    }

    @AfterAll
    static void close() {
        if (docker != null) {
            docker.close();
        }
    }

    private static SandboxProvider provider() {
        return ServiceLoader.load(SandboxProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("docker")).findFirst().orElseThrow();
    }

    @Test
    void isFoundByServiceLoaderAsTheDockerKind() {
        SandboxProvider provider = provider();

        assertThat(provider.kind()).isEqualTo(SandboxKind.DOCKER);
        assertThat(provider.preference()).isEqualTo(10);
    }

    @Test
    void probeFindsTheEngineLikeTheDockerCli() {
        var availability = provider().probe(SandboxOptions.defaults(state));

        assertThat(availability.available()).isTrue();
        assertThat(availability.reason()).isEqualTo(docker.engine().description());
        assertThat(availability.reason()).matches("(Docker|Podman) \\S+ \\((unix|tcp|npipe)://.+\\)");
    }

    @Test
    void opensAHealthySandboxWithDockerAccess() throws Exception {
        StringBuilder progress = new StringBuilder();
        try (Sandbox sandbox = provider().open(SandboxOptions.defaults(state), (f, m) -> progress.append(m).append('\n'))) {
            assertThat(sandbox.type()).isEqualTo("docker");
            assertThat(sandbox.simulated()).isFalse();
            assertThat(sandbox.kubernetes()).isEmpty();
            assertThat(sandbox.description()).startsWith(docker.engine().product() + " ");
            assertThat(sandbox.health().healthy()).isTrue();
            var access = sandbox.docker().orElseThrow();
            assertThat(access.dockerHost()).isEqualTo(docker.engine().endpoint().host());
            assertThat(access.client().versionCmd().exec().getVersion()).isEqualTo(docker.engine().version());
        }
        assertThat(progress).contains("Connected to ");
    }

    @Test
    void anExplicitDockerHostIsUsed() throws Exception {
        String host = docker.engine().endpoint().host();
        try (Sandbox sandbox = provider().open(SandboxOptions.defaults(state).withDockerHost(host), (f, m) -> { })) {
            assertThat(sandbox.description()).endsWith("(" + host + ")");
        }
    }
}
