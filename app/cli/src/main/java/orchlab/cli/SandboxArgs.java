package orchlab.cli;

import java.nio.file.Path;
import java.util.Optional;
import orchlab.engine.LabDirs;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;
import orchlab.engine.sandbox.SandboxProviders;
import picocli.CommandLine.Option;

/** Options that say which sandbox a command talks to. */
public final class SandboxArgs {
    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig of the cluster to use (default: $KUBECONFIG or ~/.kube/config)")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "context inside the kubeconfig (default: its current context)")
    String context;

    @Option(names = "--docker-host", paramLabel = "URL", description = "Docker engine for Docker exercises (default: $DOCKER_HOST or the local socket)")
    String dockerHost;

    SandboxOptions options(LabDirs dirs, String stateName) {
        SandboxOptions options = SandboxOptions.defaults(dirs.sandboxState().resolve(stateName));
        if (kubeconfig != null || context != null) {
            options = options.withKubeconfig(kubeconfig, context);
        }
        return dockerHost == null ? options : options.withDockerHost(dockerHost);
    }

    /** The cluster named by --kubeconfig/--context, or kubectl's default kubeconfig. */
    Sandbox openKubernetes(SandboxProviders providers, LabDirs dirs, ProgressListener progress) throws SandboxException {
        SandboxProvider provider = providers.find("kubeconfig").orElseThrow(() -> new SandboxException("no kubeconfig provider"));
        return provider.open(options(dirs, "cli"), progress);
    }

    /** The sandbox of that kind the options name: {@link #openKubernetes} or {@link #openDocker}. */
    Sandbox open(SandboxKind kind, SandboxProviders providers, LabDirs dirs, ProgressListener progress) throws SandboxException {
        return switch (kind) {
            case KUBERNETES -> openKubernetes(providers, dirs, progress);
            case DOCKER -> openDocker(providers, dirs, progress)
                    .orElseThrow(() -> new SandboxException("this build of the lab has no Docker support"));
        };
    }

    /** The Docker engine named by --docker-host, or the local one. */
    Optional<Sandbox> openDocker(SandboxProviders providers, LabDirs dirs, ProgressListener progress) throws SandboxException {
        Optional<SandboxProvider> provider = providers.all().stream().filter(p -> p.kind() == SandboxKind.DOCKER).findFirst();
        if (provider.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(provider.get().open(options(dirs, "cli"), progress));
    }
}
