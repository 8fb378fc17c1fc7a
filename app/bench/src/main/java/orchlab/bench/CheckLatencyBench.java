package orchlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import orchlab.engine.Lab;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckListener;
import orchlab.engine.check.CheckReport;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.LoadResult;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;

/**
 * Warm check latency of a 10-assertion exercise through the check engine, side by side with the
 * same ten assertions as a shell script calling kubectl once per assertion (how hosted labs verify
 * a step), against the same API server in the same run. Prints both and the ratio.
 *
 * <pre>
 * app/bench/run CheckLatencyBench                                               # on the simulated cluster (needs kubectl on the PATH)
 * app/bench/run CheckLatencyBench --kubeconfig ~/.kube/config --context kind-lab  # on any cluster
 * app/bench/run CheckLatencyBench --profile 300      # and then 300 more warm checks under JFR: where their CPU goes
 * </pre>
 *
 * <p>Medians over {@value #ROUNDS} warm engine runs (after {@value #WARMUP} warm-up runs) and {@value #SCRIPT_ROUNDS}
 * script runs; both must pass every assertion, or the run stops. The wall clock of a warm check depends on what else
 * the machine runs, so the bench also prints this process's CPU per check (the sim's API server included, when the
 * sim runs in-process) and the load average before and after the measured runs.
 */
public final class CheckLatencyBench {
    private static final int WARMUP = 5;
    private static final int ROUNDS = 30;
    private static final int SCRIPT_ROUNDS = 10;

    private CheckLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> kubeconfig = Optional.empty();
        Optional<String> context = Optional.empty();
        int profiled = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--kubeconfig")) {
                kubeconfig = Optional.of(Path.of(args[++i]));
            } else if (args[i].equals("--context")) {
                context = Optional.of(args[++i]);
            } else if (args[i].equals("--profile")) {
                profiled = Integer.parseInt(args[++i]);
            }
        }
        Path work = Files.createTempDirectory("orchlab-bench");
        Path pack = BenchPack.unpack(work.resolve("pack"));
        Lab lab = Lab.standard();
        LoadResult loaded = lab.loadCourse(pack);
        if (!loaded.ok()) {
            loaded.problems().forEach(p -> System.err.println(p.format()));
            throw new IllegalStateException("bench pack does not load");
        }
        Course course = loaded.course().orElseThrow();
        Exercise exercise = course.exercise("ten-asserts").orElseThrow();

        SandboxOptions options = SandboxOptions.defaults(work.resolve("state")).with("podStartDelay", "0s");
        SandboxProvider provider = kubeconfig.isPresent()
                ? lab.providers().find("kubeconfig").orElseThrow()
                : lab.providers().find("sim").orElseThrow(() -> new IllegalStateException("no sim provider on the class path"));
        if (kubeconfig.isPresent()) {
            options = options.withKubeconfig(kubeconfig.get(), context.orElse(null));
        }
        try (Sandbox sandbox = provider.open(options, ProgressListener.NONE)) {
            String ns = "bench-" + Long.toHexString(System.nanoTime() & 0xffffff);
            lab.start(exercise, sandbox, ns, ProgressListener.NONE);
            var applied = lab.apply(exercise, sandbox, ns, exercise.solutionDir(), ProgressListener.NONE);
            if (!applied.ok()) {
                throw new IllegalStateException("cannot apply the bench objects: " + applied.errors());
            }
            System.out.println("sandbox: " + sandbox.description());

            List<Long> engine = new ArrayList<>();
            String loadBefore = loadAverage();
            long cpuBefore = 0;
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
                if (i == WARMUP) {
                    cpuBefore = processCpuNanos();
                }
                long t = System.nanoTime();
                CheckReport report = lab.check(exercise, sandbox, ns, exercise.dir(), CheckEngine.RunOptions.DEFAULT, CheckListener.NONE);
                long micros = (System.nanoTime() - t) / 1000;
                if (!report.passed()) {
                    throw new IllegalStateException("bench checks must pass: " + report.checks());
                }
                if (i >= WARMUP) {
                    engine.add(micros);
                }
            }
            double cpuPerCheckMs = (processCpuNanos() - cpuBefore) / 1e6 / ROUNDS;
            String loadAfter = loadAverage();
            if (profiled > 0) {
                Path jfr = work.resolve("checks.jfr");
                try (CheckProfile profile = CheckProfile.start(jfr)) {
                    for (int i = 0; i < profiled; i++) {
                        if (!lab.check(exercise, sandbox, ns, exercise.dir(), CheckEngine.RunOptions.DEFAULT, CheckListener.NONE).passed()) {
                            throw new IllegalStateException("bench checks must pass");
                        }
                    }
                    profile.stopAndPrint(profiled);
                }
            }

            Path script = exercise.dir().resolve("verify.sh");
            Path kube = sandbox.kubernetes().orElseThrow().kubeconfig();
            List<Long> shell = new ArrayList<>();
            for (int i = 0; i < 2 + SCRIPT_ROUNDS; i++) {
                long t = System.nanoTime();
                int exit = runWith(script, kube, ns);
                long micros = (System.nanoTime() - t) / 1000;
                if (exit != 0) {
                    throw new IllegalStateException("verify.sh must pass (exit " + exit + "); is kubectl on the PATH?");
                }
                if (i >= 2) {
                    shell.add(micros);
                }
            }
            lab.reset(exercise, sandbox, ns, ProgressListener.NONE);

            double engineMs = median(engine) / 1000.0;
            double shellMs = median(shell) / 1000.0;
            System.out.printf("check engine, 10 assertions, warm: median %.1f ms, p90 %.1f ms (%d runs)%n",
                    engineMs, percentile(engine, 90) / 1000.0, engine.size());
            System.out.printf("  process CPU per check: %.1f ms (all threads of this JVM%s); load average before %s, after %s (%d cores)%n",
                    cpuPerCheckMs, kubeconfig.isEmpty() ? ", the sim's API server included" : "", loadBefore, loadAfter,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("shell script, kubectl per assertion: median %.1f ms, p90 %.1f ms (%d runs)%n",
                    shellMs, percentile(shell, 90) / 1000.0, shell.size());
            System.out.printf("ratio: the engine is %.1fx faster%n", shellMs / engineMs);
        }
    }

    private static int runWith(Path script, Path kubeconfig, String ns) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", script.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        pb.environment().put("NS", ns);
        return pb.start().waitFor();
    }

    /** CPU time of every thread of this process so far. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}), or the JVM's 1-minute figure elsewhere. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static double median(List<Long> values) {
        return percentile(values, 50);
    }

    private static double percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
