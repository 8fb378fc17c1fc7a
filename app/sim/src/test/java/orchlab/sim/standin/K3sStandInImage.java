package orchlab.sim.standin;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import orchlab.engine.sandbox.k3s.K3sSandboxProvider;

/**
 * The k3s TEST STAND-IN image for tests and benchmarks: built once per content (this JVM's class path, the recipe in
 * {@code assets/offline-images/k3s-standin/}, the JDK) as {@code orchlab/k3s-standin:<hash>}, and tagged as the
 * image {@link K3sSandboxProvider} uses ({@link K3sSandboxProvider#DEFAULT_IMAGE}) only while a test needs it
 * ({@link #useAsK3s()} … {@link #release()}), so that nothing else on the machine (a desktop's "auto" sandbox, another
 * module's tests) mistakes it for k3s afterwards. A real k3s image under that name is never replaced.
 */
public final class K3sStandInImage {

    public static final String REPOSITORY = "orchlab/k3s-standin";
    public static final String STAND_IN_LABEL = "org.orchlab.stand-in";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    private static String built;
    private static volatile boolean active;

    private K3sStandInImage() {
    }

    /** Whether the provider's image name is the stand-in now ({@link #useAsK3s()} without {@link #release()}). */
    static boolean active() {
        return active;
    }

    /** A docker-java client for the default engine (DOCKER_HOST or the local socket). */
    public static DockerClient docker() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        return DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(2)).responseTimeout(Duration.ofSeconds(60)).build());
    }

    /** Null when Docker answers, else why not. */
    public static String dockerProblem() {
        try (DockerClient docker = docker()) {
            docker.pingCmd().exec();
            return null;
        } catch (Exception e) {
            return "no Docker engine answers here (" + e.getMessage() + ")";
        }
    }

    /**
     * Builds the stand-in (unless an image of the same content exists) and tags it as the provider's k3s image.
     *
     * @return why the stand-in cannot be used here, or empty when it is ready under the provider's image name
     */
    public static synchronized Optional<String> useAsK3s() {
        String problem = dockerProblem();
        if (problem != null) {
            return Optional.of(problem);
        }
        try (DockerClient docker = docker()) {
            Optional<InspectImageResponse> current = inspect(docker, K3sSandboxProvider.DEFAULT_IMAGE);
            if (current.isPresent() && !isStandIn(current.get())) {
                return Optional.of("a real k3s image " + K3sSandboxProvider.DEFAULT_IMAGE
                        + " is on this machine: the stand-in never replaces it (K3sSandboxIT runs against it)");
            }
            if (built == null) {
                long start = System.nanoTime();
                String tag = REPOSITORY + ":" + contentHash();
                boolean present = inspect(docker, tag).isPresent();
                System.out.printf("k3s stand-in %s %s (content hashed in %.1f s)%n", tag,
                        present ? "is here: not built again" : "is not here yet", (System.nanoTime() - start) / 1e9);
                if (!present) {
                    Optional<String> failed = build(tag);
                    if (failed.isPresent()) {
                        return failed;
                    }
                }
                built = tag;
            }
            String[] parts = K3sSandboxProvider.DEFAULT_IMAGE.split(":");
            docker.tagImageCmd(built, parts[0], parts[1]).withForce().exec();
            active = true;
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("the k3s stand-in could not be prepared: " + e.getMessage());
        }
    }

    /** Removes the provider's image name from the stand-in again (the stand-in stays, under its own name). */
    public static synchronized void release() {
        active = false;
        try (DockerClient docker = docker()) {
            Optional<InspectImageResponse> current = inspect(docker, K3sSandboxProvider.DEFAULT_IMAGE);
            if (current.isPresent() && isStandIn(current.get())) {
                docker.removeImageCmd(K3sSandboxProvider.DEFAULT_IMAGE).withNoPrune(true).exec();
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("k3s stand-in: could not untag " + K3sSandboxProvider.DEFAULT_IMAGE + ": " + e.getMessage());
        }
    }

    /**
     * Removes the k3s sandbox containers that run the stand-in (labelled {@code orchlab.sandbox=k3s} by the provider):
     * what reuse tests leave running on purpose, and what an interrupted run left behind. Never a real k3s container.
     */
    public static void removeStandInContainers() {
        try (DockerClient docker = docker()) {
            List<Container> containers = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("orchlab.sandbox", "k3s")).exec();
            for (Container c : containers) {
                Optional<InspectImageResponse> image = inspect(docker, c.getImageId());
                if (image.isPresent() && isStandIn(image.get())) {
                    docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                }
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("k3s stand-in: could not remove its containers: " + e.getMessage());
        }
    }

    /** The running stand-in containers of the k3s sandbox (ids). */
    public static List<String> runningStandInContainers() {
        try (DockerClient docker = docker()) {
            List<String> ids = new ArrayList<>();
            for (Container c : docker.listContainersCmd().withLabelFilter(Map.of("orchlab.sandbox", "k3s")).exec()) {
                if (inspect(docker, c.getImageId()).map(K3sStandInImage::isStandIn).orElse(false)) {
                    ids.add(c.getId());
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every container the k3s sandbox made (label {@code orchlab.sandbox=k3s}) of that image, stopped ones too (ids). */
    public static List<String> labK3sContainers(String image) {
        try (DockerClient docker = docker()) {
            return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("orchlab.sandbox", "k3s"))
                    .withAncestorFilter(List.of(image)).exec()
                    .stream().map(Container::getId).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether an image of that name is on this machine. */
    public static boolean imagePresent(String image) {
        try (DockerClient docker = docker()) {
            return inspect(docker, image).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isStandIn(InspectImageResponse image) {
        Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
        return labels != null && "true".equals(labels.get(STAND_IN_LABEL));
    }

    private static Optional<InspectImageResponse> inspect(DockerClient docker, String image) {
        try {
            return Optional.of(docker.inspectImageCmd(image).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Jars of the class path the simulated cluster never loads (test tools, Testcontainers, Helm's native library):
     * left out of the image to keep it small. A jar that is needed after all fails the start with a
     * NoClassDefFoundError in the container's log, which the failing test prints.
     */
    private static final List<String> NOT_IN_IMAGE = List.of("testcontainers-", "linux-amd64-", "linux-arm64-",
            "darwin-amd64-", "darwin-arm64-", "windows-amd64-", "byte-buddy", "archunit", "assertj-", "junit-",
            "opentest4j-", "apiguardian-", "surefire", "jna-");

    static List<Path> classPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).filter(Files::exists)
                .filter(p -> NOT_IN_IMAGE.stream().noneMatch(prefix -> p.getFileName().toString().startsWith(prefix)))
                .toList();
    }

    private static Path recipe() {
        Path root = Path.of(System.getProperty("orchlab.root", "."));
        for (Path dir = root.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path recipe = dir.resolve("assets/offline-images/k3s-standin");
            if (Files.isRegularFile(recipe.resolve("build.sh"))) {
                return recipe;
            }
        }
        throw new IllegalStateException("assets/offline-images/k3s-standin/ not found above " + root.toAbsolutePath()
                + " (set -Dorchlab.root to the repository)");
    }

    /** SHA-256 over the class path's files, the recipe and the JDK: the same content never builds twice. */
    static String contentHash() throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update((System.getProperty("java.home") + "|" + System.getProperty("java.version")).getBytes(StandardCharsets.UTF_8));
        List<Path> inputs = new ArrayList<>(classPath());
        inputs.add(recipe());
        for (Path entry : inputs) {
            List<Path> files;
            if (Files.isDirectory(entry)) {
                try (Stream<Path> walk = Files.walk(entry)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
            } else {
                files = List.of(entry);
            }
            for (Path file : files) {
                digest.update(entry.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                if (file.getFileName().toString().startsWith("orchlab-") && file.toString().endsWith(".jar")) {
                    hashEntries(file, digest);
                    continue;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    update(digest, in);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    /**
     * The lab's own jars by their entries' names and contents: Maven stamps each build's jar with the time, so the
     * same sources built again (a fresh clone in CI) would otherwise never find the image built from them before.
     */
    private static void hashEntries(Path jar, MessageDigest digest) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<JarEntry> entries = file.stream().filter(e -> !e.isDirectory())
                    .sorted(java.util.Comparator.comparing(JarEntry::getName)).toList();
            for (JarEntry e : entries) {
                digest.update(e.getName().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = file.getInputStream(e)) {
                    update(digest, in);
                }
            }
        }
    }

    private static void update(MessageDigest digest, InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
    }

    private static Optional<String> build(String tag) throws IOException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        if (!Files.isExecutable(javaHome.resolve("bin/jlink"))) {
            return Optional.of("the k3s stand-in needs a JDK with jlink to build its Java runtime; " + javaHome + " has none");
        }
        Path list = Files.createTempFile("k3s-standin-classpath", ".txt");
        Path log = Files.createTempFile("k3s-standin-build", ".log");
        try {
            Files.write(list, classPath().stream().map(Path::toString).toList());
            ProcessBuilder pb = new ProcessBuilder("bash", recipe().resolve("build.sh").toString(), list.toString(), tag)
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("JAVA_HOME", javaHome.toString());
            long start = System.nanoTime();
            Process process = pb.start();
            boolean done = process.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                process.destroyForcibly();
                throw new IllegalStateException("building the k3s stand-in took longer than " + BUILD_TIMEOUT.toMinutes() + " minutes: "
                        + Files.readString(log));
            }
            if (process.exitValue() == 3) {
                return Optional.of("the k3s stand-in cannot be built here: " + Files.readString(log).strip());
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("building the k3s stand-in failed: " + Files.readString(log).strip());
            }
            System.out.printf("k3s stand-in %s built in %.1f s%n", tag, (System.nanoTime() - start) / 1e9);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while building the k3s stand-in");
        } finally {
            Files.deleteIfExists(list);
            Files.deleteIfExists(log);
        }
    }
}
