package orchlab.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.time.Duration;

/**
 * Makes docker-java clients over the zero-dependency transport, with timeouts that suit the call and a size cap on
 * every answer ({@link BoundedDockerHttpClient}: 16 MiB, 64 MiB for build and pull progress).
 */
public final class DockerClients {
    /** Connecting to a local socket either works at once or not at all. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Longest wait for any answer on ordinary calls (inspect, create, start, remove). */
    public static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private DockerClients() {
    }

    /**
     * A client for {@code host}. {@code responseTimeout} bounds each wait for data from the engine; {@code null}
     * means no bound (for streaming calls like builds, where a step may be silent for minutes).
     */
    public static DockerClient open(String host, Duration responseTimeout) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host);
        if (!host.startsWith("tcp://")) {
            builder.withDockerTlsVerify(false);
        }
        DefaultDockerClientConfig config = builder.build();
        ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(host))
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT);
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, new BoundedDockerHttpClient(http.build(), host));
    }

    /** Where published ports of this engine are reached: the tcp host, or {@code localhost} for sockets and pipes. */
    public static String publishedHost(String host) {
        if (host.startsWith("tcp://") || host.startsWith("http://") || host.startsWith("https://")) {
            String h = URI.create(host.replaceFirst("^tcp://", "http://")).getHost();
            if (h != null && !h.isBlank() && !h.equals("0.0.0.0")) {
                return h;
            }
        }
        return "localhost";
    }
}
