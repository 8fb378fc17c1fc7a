package orchlab.engine.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import orchlab.engine.sandbox.DockerAccess;
import orchlab.engine.sandbox.LabLabels;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxException;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Docker engine for {@code *IT} tests. Skips the test (with the reason printed) when no engine
 * answers. Remembers what the test creates and removes exactly that — never anything else — on close.
 */
public final class DockerTestEngine implements AutoCloseable {
    private final DockerEngine.Found engine;
    private final DockerAccess access;
    private final String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    private final List<String> containers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> images = Collections.synchronizedList(new ArrayList<>());
    private final List<String> volumes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> networks = Collections.synchronizedList(new ArrayList<>());
    private final List<Path> tempDirs = Collections.synchronizedList(new ArrayList<>());
    private final List<String> layers = Collections.synchronizedList(new ArrayList<>());

    private DockerTestEngine(DockerEngine.Found engine) {
        this.engine = engine;
        this.access = new DockerAccess(DockerClients.open(engine.endpoint().host(), DockerClients.CALL_TIMEOUT),
                engine.endpoint().host(), DockerClients.publishedHost(engine.endpoint().host()));
    }

    /** Connects, or skips the calling test with the reason. */
    public static DockerTestEngine connect() {
        try {
            DockerEngine.Found found = DockerEngine.find(Optional.empty());
            return new DockerTestEngine(found);
        } catch (SandboxException e) {
            Assumptions.assumeTrue(false, "Docker engine not reachable: " + e.getMessage());
            throw new IllegalStateException("unreachable");
        }
    }

    public DockerAccess access() {
        return access;
    }

    public DockerEngine.Found engine() {
        return engine;
    }

    /** A name unique to this test run: {@code orchlab-it-<prefix>-<run>}. */
    public String name(String prefix) {
        return "orchlab-it-" + prefix + "-" + runId;
    }

    /** The exercise id under which this run labels what it creates. */
    public String exerciseId() {
        return "it-" + runId;
    }

    public Map<String, String> labels() {
        return LabLabels.forDockerExercise(exerciseId());
    }

    public String container(String name) {
        containers.add(name);
        return name;
    }

    public String image(String tag) {
        images.add(tag);
        return tag;
    }

    public String volume(String name) {
        volumes.add(name);
        return name;
    }

    public String network(String name) {
        networks.add(name);
        return name;
    }

    /**
     * Remembers the intermediate images a build created (the classic builder keeps them as cache, and a build
     * that fails leaves them untagged), so close() can remove them; images reused from the cache are not ours.
     */
    public DockerWorkbench.BuildResult built(DockerWorkbench.BuildResult result) {
        boolean ours = false;
        for (String line : result.log()) {
            String l = line.trim();
            if (l.matches("Step \\d+/\\d+ : .*")) {
                // the id after a FROM step is the base image, never ours
                ours = !l.matches("Step \\d+/\\d+ : (?i:FROM) .*");
            } else if (l.equals("---> Using cache")) {
                ours = false;
            } else if (l.matches("---> [0-9a-f]{12}")) {
                if (ours) {
                    layers.add(l.substring(5));
                }
                ours = false;
            }
        }
        return result;
    }

    public Path tempDir() throws IOException {
        Path dir = Files.createTempDirectory("orchlab-it");
        tempDirs.add(dir);
        return dir;
    }

    /** A TCP port nothing listens on right now, for publishing. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The repository root (where {@code assets/} and {@code exercises/} are). */
    public static Path repositoryRoot() {
        return orchlab.testkit.Repo.root();
    }

    /** The static busybox binary from the busybox-static package, or skips. */
    public static Path busybox() {
        for (String candidate : List.of(Optional.ofNullable(System.getenv("BUSYBOX")).orElse(""), "/bin/busybox", "/usr/bin/busybox")) {
            if (!candidate.isEmpty() && Files.isExecutable(Path.of(candidate)) && isStatic(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        Assumptions.assumeTrue(false, "no static busybox binary: apt-get install busybox-static (needed to build test images offline)");
        throw new IllegalStateException("unreachable");
    }

    private static boolean isStatic(Path binary) {
        try {
            Process p = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out.contains("not a dynamic executable") || out.contains("statically linked");
        } catch (IOException e) {
            return true; // no ldd: trust the path
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Makes sure an offline stand-in image (see assets/offline-images) exists under {@code tag}. When it is
     * missing it is built from its recipe here and removed again on close; an existing image (stand-in or
     * real) is used as it is.
     */
    public void ensureStandIn(String tag) throws Exception {
        try {
            access.client().inspectImageCmd(tag).exec();
            return;
        } catch (NotFoundException e) {
            // build it
        }
        Path recipes = repositoryRoot().resolve("assets/offline-images");
        Path recipe;
        try (Stream<Path> dirs = Files.list(recipes)) {
            recipe = dirs.filter(d -> Files.isRegularFile(d.resolve("TAG")))
                    .filter(d -> {
                        try {
                            return Files.readAllLines(d.resolve("TAG")).stream().map(String::trim).anyMatch(tag::equals);
                        } catch (IOException ex) {
                            return false;
                        }
                    }).findFirst().orElseThrow(() -> new IllegalStateException("no stand-in recipe for " + tag));
        }
        Path context = tempDir();
        copyTree(recipe, context);
        copyTree(recipes.resolve("common"), context.resolve("common"));
        Files.copy(busybox(), context.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        try (DockerWorkbench bench = new DockerWorkbench(access)) {
            var result = built(bench.build(new DockerWorkbench.BuildRequest(context, context.resolve("Dockerfile"), tag, Map.of(),
                    Optional.empty(), Map.of("org.orchlab.stand-in", "true")), ProgressListener.NONE));
            if (!result.ok()) {
                throw new IllegalStateException("stand-in " + tag + " did not build: " + result.error().orElse("") + "\n" + String.join("\n", result.log()));
            }
        }
        images.add(tag);
    }

    /** A context directory holding the static busybox binary and the given Dockerfile (FROM scratch based). */
    public Path busyboxContext(String dockerfile) throws IOException {
        Path context = tempDir();
        Files.copy(busybox(), context.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        return context;
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Removes what this run created: its containers (also everything labelled with its exercise id), images, volumes, networks. */
    @Override
    public void close() {
        var client = access.client();
        List<String> all = new ArrayList<>(containers);
        try {
            client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(LabLabels.DOCKER_EXERCISE + "=" + exerciseId()))
                    .exec().forEach(c -> all.add(c.getId()));
        } catch (RuntimeException ignored) {
            // engine gone
        }
        for (String c : all) {
            quietly(() -> client.removeContainerCmd(c).withForce(true).withRemoveVolumes(true).exec());
        }
        for (String v : volumes) {
            quietly(() -> client.removeVolumeCmd(v).exec());
        }
        for (String n : networks) {
            quietly(() -> client.removeNetworkCmd(n).exec());
        }
        List<String> reversed = new ArrayList<>(images);
        Collections.reverse(reversed);
        for (String i : reversed) {
            quietly(() -> client.removeImageCmd(i).withForce(true).exec());
        }
        List<String> created = new ArrayList<>(layers);
        Collections.reverse(created);
        for (String id : created) {
            // untagged leftovers only, and without force, so a tagged image or one something else uses stays
            quietly(() -> {
                var tags = client.inspectImageCmd(id).exec().getRepoTags();
                if (tags == null || tags.isEmpty()) {
                    client.removeImageCmd(id).withNoPrune(true).exec();
                }
            });
        }
        for (Path dir : tempDirs) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp
            }
        }
        DockerEngine.closeQuietly(access.client());
        DockerEngine.closeQuietly(engine.client());
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
