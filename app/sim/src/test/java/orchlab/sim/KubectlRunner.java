package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The real kubectl against a simulated cluster started for a test class: one runner for every kubectl IT. */
final class KubectlRunner implements AutoCloseable {

    record Result(int exit, String out, String err) {
    }

    private final SimCluster cluster;
    private final Path kubeconfig;
    private final Path cacheDir;

    private KubectlRunner(SimCluster cluster, Path kubeconfig, Path cacheDir) {
        this.cluster = cluster;
        this.kubeconfig = kubeconfig;
        this.cacheDir = cacheDir;
    }

    /**
     * A fresh sim with no delays and a kubeconfig for it under {@code dir}. It serves with a certificate kept in
     * {@code dir} by an earlier start, read back from the file, as every start but a sandbox's first does
     * ({@link ServingCertificate}): kubectl's TLS handshakes run against a key the JDK read from PEM.
     */
    static KubectlRunner startSim(Path dir) throws IOException {
        ServingCertificate.in(dir, java.time.Instant.now());
        SimCluster cluster = SimCluster.start(SimSettings.instant(), Optional.empty(), dir);
        return new KubectlRunner(cluster, Kubeconfig.write(dir.resolve("kubeconfig"), cluster), dir.resolve("cache"));
    }

    /** A fresh sim whose controllers run only when the test calls {@code cluster().reconcile()}, on {@code clock}. */
    static KubectlRunner manualSim(Path dir, java.time.Clock clock) throws IOException {
        SimCluster cluster = SimCluster.manual(SimSettings.instant().withPodStartDelay(Duration.ZERO), clock);
        return new KubectlRunner(cluster, Kubeconfig.write(dir.resolve("kubeconfig"), cluster), dir.resolve("cache"));
    }

    static Optional<Path> kubectlPath() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(p, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    SimCluster cluster() {
        return cluster;
    }

    /** Runs kubectl with {@code stdin} (or none) as its input; both output streams are drained at once. */
    Result run(String stdin, String... args) throws Exception {
        return runWithEnv(java.util.Map.of(), stdin, args);
    }

    /** The same, with these variables added to kubectl's environment. */
    Result runWithEnv(java.util.Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cacheDir.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.redirectInput(stdin == null
                ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.PIPE).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (stdin != null) {
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = read(process.getInputStream());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        return new Result(process.exitValue(), out, err.join());
    }

    /** Starts a long-running kubectl (port-forward) without input; the caller reads its output and stops it. */
    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cacheDir.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Bounded poll: a safety net for conditions that a command cannot wait for itself. */
    Result until(Predicate<Result> condition, String... args) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Result result = run(null, args);
        while (!condition.test(result) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            result = run(null, args);
        }
        return result;
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        cluster.close();
    }
}
