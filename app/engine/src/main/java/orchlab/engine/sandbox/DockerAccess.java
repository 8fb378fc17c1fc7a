package orchlab.engine.sandbox;

import com.github.dockerjava.api.DockerClient;

/**
 * A way into a Docker engine.
 *
 * @param client     docker-java client
 * @param dockerHost the endpoint ({@code unix:///var/run/docker.sock}), exported as {@code DOCKER_HOST} to the terminal
 * @param publishedHost the host name where published ports are reached (usually {@code localhost})
 * @param builds     the image builds the lab has running on this engine (shared by the workbench and the checks)
 */
public record DockerAccess(DockerClient client, String dockerHost, String publishedHost, DockerBuilds builds) {

    /** A new way in, with no build running yet. */
    public DockerAccess(DockerClient client, String dockerHost, String publishedHost) {
        this(client, dockerHost, publishedHost, new DockerBuilds());
    }
}
