package orchlab.sim;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Optional;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;

/**
 * The {@code sim} sandbox provider: always available, starts the simulated cluster in-process on 127.0.0.1 and
 * writes {@code kubeconfig} (context {@code orchlab-sim}) into the sandbox's state directory, where it also keeps its
 * TLS key and certificate for the next start ({@link ServingCertificate}, {@value ServingCertificate#FILE}). With
 * {@code persist=true} all objects are restored from {@code sim-state.json} on open and saved to it shortly after
 * every change (and on close), so that a killed lab loses at most the last half second.
 */
public final class SimSandboxProvider implements SandboxProvider {

    public static final String STATE_FILE = "sim-state.json";
    public static final String KUBECONFIG_FILE = "kubeconfig";

    @Override
    public String type() {
        return "sim";
    }

    @Override
    public SandboxKind kind() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public int preference() {
        return 50;
    }

    @Override
    public Availability probe(SandboxOptions options) {
        return Availability.yes("the simulated cluster runs in-process; containers do not really run");
    }

    @Override
    public Sandbox open(SandboxOptions options, ProgressListener progress) throws SandboxException {
        SimSettings settings = SimSettings.from(options.settings());
        Path stateDir = options.stateDir();
        Optional<Path> stateFile = settings.persist() ? Optional.of(stateDir.resolve(STATE_FILE)) : Optional.empty();
        progress.progress(0.1, "Starting the simulated cluster");
        SimCluster cluster;
        try {
            cluster = SimCluster.start(settings, stateFile, stateDir);
        } catch (BindException e) {
            throw new SandboxException("The simulated cluster cannot listen on 127.0.0.1:" + settings.port()
                    + " because the port is in use — choose another port or 0 for any free port.", e);
        } catch (IOException e) {
            throw new SandboxException("The simulated cluster could not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SandboxException("The simulated cluster could not restore its saved state from "
                    + stateFile.map(Path::toString).orElse("disk") + " (" + e.getMessage() + ") — delete that file to start fresh.", e);
        }
        Path kubeconfig;
        try {
            kubeconfig = Kubeconfig.write(stateDir.resolve(KUBECONFIG_FILE), cluster);
        } catch (IOException e) {
            cluster.close();
            throw new SandboxException("The simulated cluster could not write its kubeconfig to " + stateDir + ": "
                    + e.getMessage(), e);
        }
        Optional<StateSaver> saver = stateFile.map(file -> new StateSaver(cluster, file, StateSaver.DEBOUNCE));
        progress.progress(1.0, "Simulated cluster running on " + cluster.url() + " — containers do not really run");
        return new SimSandbox(cluster, kubeconfig, saver, settings, stateDir);
    }
}
