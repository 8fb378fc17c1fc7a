package orchlab.engine.sandbox;

import orchlab.engine.course.SandboxKind;

/**
 * Makes sandboxes of one type. Providers are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/orchlab.engine.sandbox.SandboxProvider}), so the simulated cluster,
 * which lives in its own module, slots in beside the built-in ones.
 */
public interface SandboxProvider {

    /** {@code k3s}, {@code sim}, {@code kubeconfig}, {@code docker}. */
    String type();

    /** What exercises this provider can run. */
    SandboxKind kind();

    /** Lower comes first when the lab picks a default: k3s (10) before sim (50). */
    int preference();

    /**
     * Whether {@link #open} can succeed here, decided within a few seconds and without side effects
     * ("the rancher/k3s image is not present and no registry is reachable").
     */
    Availability probe(SandboxOptions options);

    /** Starts or connects. Fails with a one-sentence reason; never waits minutes on a registry. */
    Sandbox open(SandboxOptions options, ProgressListener progress) throws SandboxException;

    /** Result of {@link #probe}. */
    record Availability(boolean available, String reason) {
        public static Availability yes(String reason) {
            return new Availability(true, reason);
        }

        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
