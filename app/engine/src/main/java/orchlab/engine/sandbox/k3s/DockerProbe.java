package orchlab.engine.sandbox.k3s;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;
import orchlab.engine.sandbox.SandboxOptions;

/** A quick docker-java client (DOCKER_HOST or the default socket) with short timeouts, for pre-flight checks. */
final class DockerProbe {
    private DockerProbe() {
    }

    static DockerClient client(SandboxOptions options) {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder();
        options.dockerHost().ifPresent(config::withDockerHost);
        DefaultDockerClientConfig built = config.build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(built, http);
    }

    /** Null when Docker answers, else why not. */
    static String ping(DockerClient docker) {
        try {
            docker.pingCmd().exec();
            return null;
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t.getCause() != null) {
                t = t.getCause();
            }
            return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        }
    }
}
