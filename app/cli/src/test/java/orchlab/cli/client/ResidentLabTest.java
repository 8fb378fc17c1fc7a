package orchlab.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import orchlab.cli.CliContext;
import orchlab.cli.Main;
import orchlab.engine.testing.SamplePack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin client and the resident lab process it starts ({@code LabDaemon}, a real JVM on this module's class
 * path), against the same command run in this JVM: same output and exit code, the request's environment and
 * folder, a new resident process for a rebuilt jar, and the client running the command itself whenever the resident
 * process is off, busy or not to be trusted. Every resident process started here is stopped in {@link #stopAll}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResidentLabTest {
    @TempDir
    static Path dir;
    /** Stands for the lab's jar: its identity (path, size, time) keys the resident process. */
    private static Path jar;
    private static Map<String, String> env;
    private static Path pack;
    private static Path broken;
    private static final Set<Long> started = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void setUp() throws Exception {
        jar = dir.resolve("lab.jar");
        Files.writeString(jar, "one build of the lab");
        env = new HashMap<>(System.getenv());
        for (String name : List.of("ORCHLAB_HOME", "CI", "ORCHLAB_DAEMON", "KUBECONFIG", "XDG_STATE_HOME")) {
            env.remove(name);
        }
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        pack = SamplePack.copyTo(dir.resolve("pack"));
        broken = SamplePack.copyTo(dir.resolve("broken"));
        SamplePack.replace(broken, "lessons/course.yaml", "modules:", "modulez:");
        // what a resident process that died leaves behind: its socket file, with nobody listening
        DaemonHome home = home(jar, env);
        assertThat(DaemonHome.secureFolder(home.dir().getParent())).isEmpty();
        assertThat(DaemonHome.secureFolder(home.dir())).isEmpty();
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(home.socket()));
        }
        assertThat(home.socket()).exists();
    }

    @AfterAll
    static void stopAll() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DaemonControl.run(setup(Duration.ofSeconds(10)), env, List.of("stop"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        for (long pid : started) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
            });
        }
    }

    @Test
    @Order(1)
    void aCommandGivesTheSameOutputAndExitCodeAsInItsOwnProcessAfterAStaleSocketWasReplaced() throws Exception {
        Run valid = daemon(env, dir, "course", "validate", pack.toString());
        assertThat(valid.exit()).isZero();
        assertThat(valid.out()).startsWith("Course orchlab");
        assertThat(valid).isEqualTo(inProcess(dir, "course", "validate", pack.toString()));
        assertThat(DaemonControl.pid(home(jar, env))).isPresent();
    }

    @Test
    @Order(2)
    void aFailureAndAUsageErrorAreAnsweredAsInItsOwnProcess() throws Exception {
        Run invalid = daemon(env, dir, "course", "validate", broken.toString());
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err()).contains("error");
        assertThat(invalid).isEqualTo(inProcess(dir, "course", "validate", broken.toString()));

        Run usage = daemon(env, dir, "course", "validate", "--nope");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("Unknown option: '--nope'");
        assertThat(usage).isEqualTo(inProcess(dir, "course", "validate", "--nope"));
    }

    @Test
    @Order(3)
    void relativePathsMeanTheClientsFolderNotTheResidentProcesses() throws Exception {
        Run relative = daemon(env, dir, "course", "validate", "pack");
        assertThat(relative.exit()).isZero();
        assertThat(relative).isEqualTo(inProcess(dir, "course", "validate", "pack"));
        assertThat(daemon(env, dir.resolve("pack"), "course", "validate", "../broken").exit()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void eachCommandSeesTheEnvironmentOfItsClient() throws Exception {
        for (String name : List.of("one", "two")) {
            Map<String, String> own = new HashMap<>(env);
            Path kubeconfig = dir.resolve(name).resolve("config");
            own.put("KUBECONFIG", kubeconfig.toString());
            Run check = daemon(own, dir, "check", "k8s-deployment", "--course", pack.toString());
            assertThat(check.exit()).isEqualTo(2);
            assertThat(check.err()).contains("kubeconfig " + kubeconfig + " does not exist");
        }
    }

    @Test
    @Order(5)
    void anEditedCourseIsReadAgainByTheNextCommand() throws Exception {
        Path edited = SamplePack.copyTo(dir.resolve("edited"));
        assertThat(daemon(env, dir, "course", "validate", edited.toString()).exit()).isZero();
        SamplePack.replace(edited, "lessons/course.yaml", "modules:", "modulez:");
        assertThat(daemon(env, dir, "course", "validate", edited.toString()).exit()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aClosedOutputLosesTheOutputButNotTheExitCodeNorTheResidentProcess() throws Exception {
        daemon(env, dir, "course", "validate", pack.toString());
        long pid = DaemonControl.pid(home(jar, env)).orElseThrow();
        java.io.OutputStream closedPipe = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = new LabClient(setup(Duration.ofSeconds(30)), env, dir, closedPipe, err, false)
                .run("course", "validate", broken.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error");
        assertThat(DaemonControl.pid(home(jar, env))).contains(pid);
        assertThat(daemon(env, dir, "course", "validate", pack.toString()).exit()).isZero();
    }

    @Test
    @Order(7)
    void aRebuiltJarGetsANewResidentProcessAndTheOldOneExits() throws Exception {
        daemon(env, dir, "course", "validate", pack.toString());
        long before = DaemonControl.pid(home(jar, env)).orElseThrow();

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertThat(daemon(env, dir, "course", "validate", pack.toString()).exit()).isZero();

        long after = DaemonControl.pid(home(jar, env)).orElseThrow();
        assertThat(after).isNotEqualTo(before);
        Optional<ProcessHandle> old = ProcessHandle.of(before);
        if (old.isPresent()) {
            assertThat(old.get().onExit().get(60, TimeUnit.SECONDS).isAlive()).as("the old resident process exited").isFalse();
        }
    }

    @Test
    @Order(8)
    void turnedOffOrOnCiWithoutOneRunningTheClientAsksTheLauncherToRunTheCommandItself() throws Exception {
        Map<String, String> off = new HashMap<>(env);
        off.put("XDG_STATE_HOME", dir.resolve("off-state").toString());
        off.put("ORCHLAB_DAEMON", "0");
        assertThat(daemon(off, dir, "course", "validate", pack.toString())).isEqualTo(new Run(LabClient.FALLBACK, "", ""));
        off.remove("ORCHLAB_DAEMON");
        off.put("CI", "true");
        assertThat(daemon(off, dir, "course", "validate", pack.toString())).isEqualTo(new Run(LabClient.FALLBACK, "", ""));
        assertThat(dir.resolve("off-state")).as("on CI a command starts no resident process").doesNotExist();
        off.put("ORCHLAB_DAEMON", "1");
        assertThat(LabClient.enabled(off)).isTrue();
    }

    @Test
    @Order(8)
    void onCiACommandRunsInTheResidentProcessThatRunsAlready() throws Exception {
        long running = DaemonControl.pid(home(jar, env)).orElseThrow();
        Map<String, String> ci = new HashMap<>(env);
        ci.put("CI", "true");
        assertThat(daemon(ci, dir, "course", "validate", pack.toString())).isEqualTo(inProcess(dir, "course", "validate", pack.toString()));
        assertThat(DaemonControl.pid(home(jar, env))).contains(running);
        ci.put("ORCHLAB_DAEMON", "0");
        assertThat(daemon(ci, dir, "course", "validate", pack.toString())).isEqualTo(new Run(LabClient.FALLBACK, "", ""));
    }

    @Test
    @Order(9)
    void aResidentProcessThatAnswersGarbageOrNothingIsLeftForTheCommandsOwnProcess() throws Exception {
        Path other = dir.resolve("other.jar");
        Files.writeString(other, "a build whose socket is served by something else");
        DaemonHome home = home(other, env);
        assertThat(DaemonHome.secureFolder(home.dir())).isEmpty();
        for (byte[] answer : List.of("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII), new byte[0])) {
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(home.socket()));
                Thread impostor = new Thread(() -> {
                    try (SocketChannel c = server.accept()) {
                        c.write(ByteBuffer.wrap(answer));
                        ByteBuffer sink = ByteBuffer.allocate(1 << 16);
                        while (c.read(sink.clear()) >= 0) {
                            // reads the request, then stays silent until the client gives up
                        }
                    } catch (IOException ignored) {
                        // the client closed
                    }
                });
                impostor.start();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                LabClient client = new LabClient(setup(other, Duration.ofMillis(500)), env, dir, out, err, false);

                assertThat(client.run("course", "validate")).isEqualTo(LabClient.FALLBACK);
                String note = err.toString(StandardCharsets.UTF_8);
                assertThat(note.lines()).hasSize(1);
                assertThat(note).startsWith("lab: the resident lab process ")
                        .contains(answer.length > 0 ? "sent something that is not a lab answer" : "did not answer for 0.5 s")
                        .contains("running the command in its own process");
                assertThat(out.size()).isZero();
                impostor.join();
            }
            Files.deleteIfExists(home.socket());
        }
    }

    @Test
    @Order(10)
    void aFolderOthersMayEnterIsNeverUsed() throws Exception {
        Path shared = dir.resolve("shared.jar");
        Files.writeString(shared, "a build whose folder is open to everyone");
        DaemonHome home = home(shared, env);
        Files.createDirectories(home.dir());
        Files.setPosixFilePermissions(home.dir(), PosixFilePermissions.fromString("rwxrwxrwx"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = new LabClient(setup(shared, Duration.ofSeconds(10)), env, dir, new ByteArrayOutputStream(), err, false)
                .run("course", "validate");

        assertThat(exit).isEqualTo(LabClient.FALLBACK);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("may be entered by other users").contains("chmod 700");
        assertThat(home.socket()).doesNotExist();
    }

    @Test
    @Order(11)
    void cancellingTheClientEndsItsCommandAndTheResidentProcessServesTheNextOne() throws Exception {
        daemon(env, dir, "course", "validate", pack.toString());
        long pid = DaemonControl.pid(home(jar, env)).orElseThrow();
        List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // a cluster that accepts connections and never answers: the check waits for it
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            Path kubeconfig = dir.resolve("silent.kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: c, cluster: {server: "http://127.0.0.1:%d"}}]
                    users: [{name: u, user: {token: t}}]
                    contexts: [{name: x, context: {cluster: c, user: u}}]
                    current-context: x
                    """.formatted(silent.getLocalPort()));
            LabClient client = new LabClient(setup(Duration.ofSeconds(30)), env, dir, new ByteArrayOutputStream(),
                    new ByteArrayOutputStream(), false);
            java.util.concurrent.CompletableFuture<Integer> exit = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    client.run("check", "k8s-deployment", "--course", pack.toString(), "--kubeconfig", kubeconfig.toString()));
            awaitStatus("running one now");

            client.interrupt(); // what Ctrl+C does: the connection closes

            assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(130);
            awaitStatus("idle for");
            assertThat(Files.readString(home(jar, env).log())).contains("cancelled by the client: check k8s-deployment");
            assertThat(daemon(env, dir, "course", "validate", pack.toString()).exit()).isZero();
            assertThat(DaemonControl.pid(home(jar, env))).contains(pid);
        } finally {
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    /** Last: its resident process (another build) would answer the other tests' {@code lab daemon status} too. */
    @Test
    @Order(14)
    void aZipPackUnpackedForACommandIsRemovedWhenTheCommandEnds() throws Exception {
        Path build = dir.resolve("zip.jar");
        Files.writeString(build, "a build whose resident process keeps its temporary files apart");
        Path tmp = Files.createDirectories(dir.resolve("resident-tmp"));
        Path zip = dir.resolve("pack.zip");
        SamplePack.zip(pack, zip, "my-pack/");
        LabClient.Setup own = new LabClient.Setup(build, System.getProperty("java.class.path"),
                Path.of(System.getProperty("java.home")), List.of("-Djava.io.tmpdir=" + tmp), Optional.empty(),
                Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120));

        for (int i = 0; i < 2; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = new LabClient(own, env, dir, out, new ByteArrayOutputStream(), false).run("course", "validate", zip.toString());
            DaemonControl.pid(home(build, env)).ifPresent(started::add);

            assertThat(exit).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Course orchlab");
            try (var left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("orchlab-pack-")))
                        .as("unpacked packs left in the resident process's temporary folder").isEmpty();
            }
        }
        assertThat(DaemonControl.pid(home(build, env))).as("one resident process served both").isPresent();
    }

    /** Until {@code lab daemon status} says {@code what} (bounded: a minute). */
    private static void awaitStatus(String what) throws Exception {
        awaitStatus(env, what, Duration.ofMinutes(1));
    }

    /** Until {@code lab daemon status} in {@code environment} says {@code what}; fails after {@code bound} with what it said. */
    private static String awaitStatus(Map<String, String> environment, String what, Duration bound) throws Exception {
        long end = System.nanoTime() + bound.toNanos();
        String status = "";
        while (System.nanoTime() < end) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            DaemonControl.run(setup(Duration.ofSeconds(10)), environment, List.of("status"), print, print);
            status = out.toString(StandardCharsets.UTF_8);
            if (status.contains(what)) {
                return status;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("status never said '" + what + "': " + status);
    }

    @Test
    @Order(13)
    void statusNamesTheRunningProcessAndStopEndsIt() throws Exception {
        daemon(env, dir, "course", "validate", pack.toString());
        long pid = DaemonControl.pid(home(jar, env)).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

        assertThat(DaemonControl.run(setup(Duration.ofSeconds(10)), env, List.of("status"), print, print)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("pid " + pid).contains("exits after 30 min idle");

        assertThat(DaemonControl.run(setup(Duration.ofSeconds(10)), env, List.of("stop"), print, print)).isZero();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            assertThat(process.get().onExit().get(60, TimeUnit.SECONDS).isAlive()).as("the resident process exited").isFalse();
        }
        assertThat(home(jar, env).socket()).doesNotExist();
    }

    @Test
    @Order(12)
    void commandsSentBackToBackAreNeverToldBusy() throws Exception {
        daemon(env, dir, "course", "validate", pack.toString());
        int before = served(awaitStatus(env, "idle for", Duration.ofMinutes(1)));

        for (int i = 0; i < 5; i++) {
            // each client sends its command as soon as the one before has its exit code
            Run run = daemon(env, dir, "course", "validate", pack.toString());
            assertThat(run.exit()).as("run %d: %s", i, run.err()).isZero();
        }

        assertThat(served(awaitStatus(env, "idle for", Duration.ofMinutes(1)))).as("all five ran in the resident process")
                .isEqualTo(before + 5);
    }

    @Test
    @Order(15)
    void daemonStartStartsOneResidentProcessEvenOnCiAndTheNextCommandRunsInIt() throws Exception {
        Map<String, String> ahead = aheadEnv("start");
        ahead.put("CI", "true"); // a CI job that asks for one gets it: commands start none there by themselves
        Path identity = dir.resolve("start.jar");
        Files.writeString(identity, "a build started ahead of its first command");
        LabClient.Setup setup = aheadSetup(identity, Files.createDirectories(dir.resolve("start-tmp")));

        Run first = start(setup, ahead);
        long pid = DaemonControl.pid(home(identity, ahead)).orElseThrow();
        started.add(pid);
        Run again = start(setup, ahead);
        // sent at once, whatever the warm-up is doing: it takes nothing a command takes
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new LabClient(setup, ahead, dir, out, err, false).run("course", "validate", pack.toString());

        try {
            assertThat(first).isEqualTo(new Run(0, first.out(), ""));
            assertThat(first.out()).startsWith("Started: pid " + pid + ",");
            assertThat(again.exit()).isZero();
            assertThat(again.out()).as("a second start starts nothing").startsWith("Already running: pid " + pid + ",");
            assertThat(new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)))
                    .isEqualTo(inProcess(dir, "course", "validate", pack.toString()));
            assertThat(DaemonControl.pid(home(identity, ahead))).contains(pid);
            assertThat(awaitStatus(ahead, "idle for", Duration.ofMinutes(1))).as("the command ran in the process started ahead")
                    .contains("pid " + pid + ",").contains(", 1 command,");
        } finally {
            stop(ahead);
        }
    }

    @Test
    @Order(16)
    void aResidentProcessStartedAheadWarmsUpWithoutPrintingOrWritingTheLabsFiles() throws Exception {
        Map<String, String> ahead = aheadEnv("warm");
        Path identity = dir.resolve("warm.jar");
        Files.writeString(identity, "a build that warms up");
        Path tmp = Files.createDirectories(dir.resolve("warm-tmp"));
        LabClient.Setup setup = aheadSetup(identity, tmp);

        assertThat(start(setup, ahead).exit()).isZero();
        DaemonControl.pid(home(identity, ahead)).ifPresent(started::add);
        try {
            String status = awaitStatus(ahead, "warm-up done", Duration.ofMinutes(5));

            assertThat(status).contains(", 0 commands,");
            // its log holds the daemon's own timestamped lines only: the warm-up's check printed nothing
            assertThat(Files.readAllLines(home(identity, ahead).log()))
                    .allMatch(line -> line.matches("\\d{4}-\\d{2}-\\d{2}T\\S+Z (ready: |warm-up done in ).*"), "a daemon log line")
                    .anyMatch(line -> line.contains("warm-up done in "));
            try (var files = Files.walk(Path.of(ahead.get("ORCHLAB_HOME")))) {
                assertThat(files.filter(Files::isRegularFile).map(Path::toString).filter(f -> !f.contains("/state/daemons/")))
                        .as("files in the lab's folders (its state, progress, CEL memory)").isEmpty();
            }
            try (var left = Files.list(tmp)) {
                assertThat(left).as("the warm-up's temporary folder is removed").isEmpty();
            }
        } finally {
            stop(ahead);
        }
    }

    // --- helpers

    record Run(int exit, String out, String err) {
    }

    /** A root of its own ({@code ORCHLAB_HOME}): its resident processes answer no other test's status. */
    private static Map<String, String> aheadEnv(String name) throws IOException {
        Map<String, String> own = new HashMap<>(env);
        own.remove("XDG_STATE_HOME");
        own.put("ORCHLAB_HOME", Files.createDirectories(dir.resolve(name + "-home")).toString());
        return own;
    }

    /** As the launcher sets it up: the built-in course (here the sample pack), a temporary folder of its own. */
    private static LabClient.Setup aheadSetup(Path identity, Path tmp) {
        return new LabClient.Setup(identity, System.getProperty("java.class.path"), Path.of(System.getProperty("java.home")),
                List.of("-Dorchlab.home=" + pack, "-Djava.io.tmpdir=" + tmp), Optional.empty(), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(120));
    }

    /** {@code lab daemon start}. */
    private static Run start(LabClient.Setup setup, Map<String, String> environment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DaemonControl.run(setup, environment, List.of("start"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void stop(Map<String, String> environment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        DaemonControl.run(setup(Duration.ofSeconds(10)), environment, List.of("stop"), print, print);
    }

    /** The commands a status line says the resident process has served. */
    private static int served(String status) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(", (\\d+) commands?,").matcher(status);
        assertThat(m.find()).as("status names the commands served: " + status).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static LabClient.Setup setup(Duration accept) {
        return setup(jar, accept);
    }

    private static LabClient.Setup setup(Path identity, Duration accept) {
        return new LabClient.Setup(identity, System.getProperty("java.class.path"), Path.of(System.getProperty("java.home")),
                List.of(), Optional.empty(), accept, Duration.ofSeconds(60), Duration.ofSeconds(120));
    }

    private static DaemonHome home(Path identity, Map<String, String> environment) throws IOException {
        return DaemonHome.of(DaemonHome.root(environment, System.getProperty("user.home")).orElseThrow(),
                DaemonHome.key(identity, Path.of(System.getProperty("java.home")), environment));
    }

    private static Run daemon(Map<String, String> environment, Path cwd, String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new LabClient(setup(Duration.ofSeconds(30)), environment, cwd, out, err, false).run(args);
        DaemonHome.root(environment, System.getProperty("user.home")).ifPresent(root ->
                DaemonControl.homes(root).forEach(h -> DaemonControl.pid(h).ifPresent(started::add)));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run inProcess(Path cwd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext() {
            @Override
            public Path currentDirectory() {
                return cwd;
            }
        };
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, java.nio.charset.Charset.defaultCharset()), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, java.nio.charset.Charset.defaultCharset()), true);
        int exit = Main.execute(context, args, o, e, false);
        o.flush();
        e.flush();
        return new Run(exit, out.toString(java.nio.charset.Charset.defaultCharset()), err.toString(java.nio.charset.Charset.defaultCharset()));
    }
}
