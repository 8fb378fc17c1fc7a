package orchlab.engine.docker;

import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;

/**
 * {@code docker}: the learner's Docker engine (or Podman's Docker API), found like the Docker CLI finds it
 * (see {@link DockerEndpoints}). {@link SandboxOptions#dockerHost()} overrides the search.
 */
public final class DockerSandboxProvider implements SandboxProvider {
    public static final String TYPE = "docker";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SandboxKind kind() {
        return SandboxKind.DOCKER;
    }

    @Override
    public int preference() {
        return 10;
    }

    @Override
    public Availability probe(SandboxOptions options) {
        try {
            DockerEngine.Found found = DockerEngine.find(options.dockerHost());
            DockerEngine.closeQuietly(found.client());
            return Availability.yes(found.description());
        } catch (SandboxException e) {
            return Availability.no(e.getMessage());
        }
    }

    @Override
    public Sandbox open(SandboxOptions options, ProgressListener progress) throws SandboxException {
        progress.progress(-1, "Looking for a Docker engine");
        DockerEngine.Found found = DockerEngine.find(options.dockerHost());
        progress.progress(1, "Connected to " + found.description());
        return new DockerSandbox(found);
    }
}
