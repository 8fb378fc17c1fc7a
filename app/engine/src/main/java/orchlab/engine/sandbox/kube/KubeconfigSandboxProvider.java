package orchlab.engine.sandbox.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import java.nio.file.Path;
import java.util.Optional;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxHealth;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;

/**
 * Any existing cluster, through a kubeconfig the user names (or kubectl's default one) and the
 * context they choose. The lab reads that kubeconfig and never writes it; kubectl in the lab's
 * terminal gets a copy holding only the chosen context.
 */
public final class KubeconfigSandboxProvider implements SandboxProvider {

    @Override
    public String type() {
        return "kubeconfig";
    }

    @Override
    public SandboxKind kind() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public int preference() {
        return 30;
    }

    @Override
    public Availability probe(SandboxOptions options) {
        Optional<Path> file = options.kubeconfig().or(LabKubeconfig::userDefault);
        return file.map(f -> Availability.yes("kubeconfig " + f))
                .orElseGet(() -> Availability.no("no kubeconfig found (set KUBECONFIG or pass --kubeconfig)"));
    }

    @Override
    public Sandbox open(SandboxOptions options, ProgressListener progress) throws SandboxException {
        Path source = options.kubeconfig().or(LabKubeconfig::userDefault).orElseThrow(() ->
                new SandboxException("no kubeconfig found — pass --kubeconfig FILE or set KUBECONFIG"));
        progress.progress(0.2, "reading " + source);
        // one copy per (file, context): two sandboxes on two contexts of one kubeconfig never share a copy
        Path copy = options.stateDir().resolve("kubeconfig-" + Integer.toHexString(
                (source.toAbsolutePath() + "#" + options.context().orElse("")).hashCode()));
        String context = LabKubeconfig.copyContext(source, options.context(), Optional.empty(), copy);
        progress.progress(0.5, "connecting to context " + context);
        KubernetesClient client = KubeConnect.client(copy, context, source);
        VersionInfo version;
        try {
            version = KubeConnect.ping(client);
        } catch (SandboxException e) {
            client.close();
            throw new SandboxException("context '" + context + "': " + e.getMessage(), e);
        }
        progress.progress(1, "connected");
        return new KubeconfigSandbox(new KubernetesAccess(client, copy, context), version.getGitVersion());
    }

    private record KubeconfigSandbox(KubernetesAccess access, String version) implements Sandbox {
        @Override
        public String type() {
            return "kubeconfig";
        }

        @Override
        public String description() {
            return "cluster from kubeconfig, context " + access.context() + " (Kubernetes " + version + ")";
        }

        @Override
        public boolean simulated() {
            return false;
        }

        @Override
        public Optional<KubernetesAccess> kubernetes() {
            return Optional.of(access);
        }

        @Override
        public Optional<DockerAccess> docker() {
            return Optional.empty();
        }

        @Override
        public SandboxHealth health() {
            try {
                KubeConnect.ping(access.client());
                return SandboxHealth.ok("context " + access.context() + " answers");
            } catch (SandboxException e) {
                return SandboxHealth.down(e.getMessage());
            }
        }

        @Override
        public void close() {
            access.client().close();
        }
    }
}
