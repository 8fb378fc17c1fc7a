package orchlab.engine.docker;

/**
 * A place a Docker engine may listen, and why the lab looks there.
 *
 * @param host   {@code unix:///var/run/docker.sock}, {@code tcp://127.0.0.1:2375}, {@code npipe:////./pipe/docker_engine}
 * @param source where the address came from, for messages ({@code DOCKER_HOST}, {@code Docker Desktop socket}, ...)
 */
public record DockerEndpoint(String host, String source) {

    /** The socket file of a {@code unix://} endpoint, or {@code null}. */
    public java.nio.file.Path socketFile() {
        return host.startsWith("unix://") ? java.nio.file.Path.of(host.substring("unix://".length())) : null;
    }

    @Override
    public String toString() {
        return host + " (" + source + ")";
    }
}
