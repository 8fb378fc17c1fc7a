package orchlab.sim.standin;

import com.github.dockerjava.api.command.CreateContainerCmd;
import orchlab.engine.sandbox.k3s.K3sSandboxProvider;
import org.testcontainers.core.CreateContainerCmdModifier;

/**
 * Starts the k3s TEST STAND-IN without {@code --privileged}. {@code K3sContainer} always asks for a privileged
 * container (real k3s runs containerd and needs it); the Docker engine of the machines the tests run on refuses
 * privileged containers ("unable to apply caps: operation not permitted"), and the stand-in, a Java process serving
 * HTTPS, needs no privilege. Registered with Testcontainers' global modifier SPI
 * ({@code META-INF/services/org.testcontainers.core.CreateContainerCmdModifier}) in the test class path only, so the
 * product's {@link K3sSandboxProvider} is run unchanged; it touches nothing but a container of the provider's image
 * while {@link K3sStandInImage} has put the stand-in under that name. Everything else K3sContainer asks for (host
 * cgroup namespace, the /sys/fs/cgroup bind, tmpfs /run, the command line) is left as it is.
 */
public final class UnprivilegedStandIn implements CreateContainerCmdModifier {

    @Override
    public CreateContainerCmd modify(CreateContainerCmd cmd) {
        if (K3sStandInImage.active() && K3sSandboxProvider.DEFAULT_IMAGE.equals(cmd.getImage()) && cmd.getHostConfig() != null) {
            cmd.getHostConfig().withPrivileged(false);
        }
        return cmd;
    }
}
