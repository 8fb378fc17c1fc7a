package orchlab.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.k3s.K3sSandboxProvider;
import orchlab.sim.standin.K3sStandInImage;

/**
 * Benchmark of the k3s sandbox provider against the k3s TEST STAND-IN image (not a test): the provider's own overhead
 * from {@code open()} to the first answered API request on a cold start (Testcontainers creates and starts the
 * container, waits for k3s's log line, copies and rewrites the kubeconfig, connects), split by the provider's progress
 * steps, and the resume time when the app starts again and Testcontainers reuse finds the running container.
 * The stand-in's own start (a JVM with the simulated cluster) stands where real k3s's ~20-40 s would be: these numbers
 * are the provider's share, not what a learner waits for real k3s (goals for real k3s: cold &lt; 45 s, resumed &lt; 5 s).
 *
 * <p>Run: {@code TESTCONTAINERS_REUSE_ENABLE=true TESTCONTAINERS_RYUK_DISABLED=true app/bench/run K3sStandInBench [RESUMES]}
 */
public final class K3sStandInBench {

    private K3sStandInBench() {
    }

    public static void main(String[] args) throws Exception {
        int resumes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        if (!"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_REUSE_ENABLE"))) {
            System.out.println("note: TESTCONTAINERS_REUSE_ENABLE is not true, so Testcontainers does not reuse the container"
                    + " (app/bin/orchlab sets it): the resume numbers below are cold starts");
        }
        long imageStart = System.nanoTime();
        Optional<String> problem = K3sStandInImage.useAsK3s();
        if (problem.isPresent()) {
            System.out.println("cannot measure: " + problem.get());
            return;
        }
        System.out.printf("stand-in image ready under %s in %d ms (built once per content, then cached)%n",
                K3sSandboxProvider.DEFAULT_IMAGE, ms(imageStart));
        K3sStandInImage.removeStandInContainers();
        Path state = Files.createTempDirectory("orchlab-k3sbench");
        SandboxOptions options = SandboxOptions.defaults(state).with("reuse", "true");
        try {
            measure("cold start", options);
            List<Long> resumed = new ArrayList<>();
            for (int i = 0; i < resumes; i++) {
                resumed.add(measure("resume " + (i + 1), options));
            }
            System.out.printf("resume: median %d ms over %d app restarts (goal for real k3s < 5000 ms)%n",
                    resumed.stream().sorted().toList().get(resumed.size() / 2), resumes);
            System.out.printf("on %d cores, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            K3sStandInImage.removeStandInContainers();
            K3sStandInImage.release();
        }
    }

    /** One app start: a new provider (as after a restart), open, first request, close (the container stays: reuse). */
    private static long measure(String what, SandboxOptions options) throws Exception {
        List<String> steps = new ArrayList<>();
        long start = System.nanoTime();
        try (Sandbox sandbox = new K3sSandboxProvider().open(options,
                (fraction, message) -> steps.add(String.format("%5d ms  %s", ms(start), message)))) {
            sandbox.kubernetes().orElseThrow().client().namespaces().list();
            long total = ms(start);
            System.out.printf("%s: %d ms from open() to the first answered request%n", what, total);
            steps.forEach(s -> System.out.println("    " + s));
            return total;
        }
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
