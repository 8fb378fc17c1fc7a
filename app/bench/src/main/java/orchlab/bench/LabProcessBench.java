package orchlab.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import orchlab.engine.Lab;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.LoadResult;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;

/**
 * The lab as people meet it: a fresh {@code app/bin/lab} process each time. Side by side in one run,
 * against one simulated cluster:
 * <ul>
 *   <li>{@code lab check ten-asserts} with the launcher's AppCDS archive, without it ({@code ORCHLAB_CDS=0}), on JDK 25
 *       when installed ({@code ORCHLAB_JAVA}), and the
 *       same ten assertions as a kubectl-per-assertion script — wall and CPU, median/min/max, and the ratios;</li>
 *   <li>{@code lab check ten-asserts} through the resident lab process ({@code ORCHLAB_DAEMON=1}; every other row
 *       runs the command in a process of its own): first calls (each starts the resident process), warm calls, and
 *       first calls after {@code lab daemon start} (started ahead, as {@code lab sandbox up} does, and warmed up),
 *       the resident process's CPU counted with the client's;</li>
 *   <li>{@code lab course validate} of the built-in course, with and without the archive;</li>
 *   <li>{@code lab sandbox up --type sim} from a fresh process to the first answered API request;</li>
 *   <li>where start-up goes, one instrumented run of each ({@link StartupBreakdown}): classes loaded per subsystem
 *       (fabric8, Jackson, CEL with protobuf/Guava/ANTLR, docker-java, SnakeYAML, Bouncy Castle, picocli, the sim,
 *       the JDK), how many came from the AppCDS archive, and the JVM's own counters for class loading, static
 *       initialisers, JIT compilation and GC.</li>
 * </ul>
 * The lab processes get a fresh {@code ORCHLAB_HOME}: the warm-up run fills it (the CEL expressions known to compile)
 * the way a learner's first command does.
 * CPU and peak RSS come from {@code /usr/bin/time} when it is installed (Debian package {@code time}).
 *
 * <pre>app/bench/run LabProcessBench [RUNS]            everything
 * app/bench/run LabProcessBench [RUNS] breakdown  only the start-up breakdown
 * app/bench/run LabProcessBench [RUNS] sandbox    only {@code lab sandbox up --type sim} and its breakdown
 * app/bench/run LabProcessBench [RUNS] resident   only {@code lab check}: own process, resident process, kubectl script
 * app/bench/run LabProcessBench [RUNS] sandbox --against OTHER/lab.jar
 *                                                 the same, runs interleaved with another build's jar (copy main's
 *                                                 {@code app/cli/target/lab.jar} somewhere first): before/after pairs</pre>
 */
public final class LabProcessBench {
    private static final Path TIME = Path.of("/usr/bin/time");
    /** A newer JDK measured beside the default one when it is installed (Temurin's Debian package). */
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    private LabProcessBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean breakdownOnly = args.length > 1 && args[1].equals("breakdown");
        boolean sandboxOnly = args.length > 1 && args[1].equals("sandbox");
        boolean residentOnly = args.length > 1 && args[1].equals("resident");
        Path root = Path.of(System.getProperty("orchlab.root", ".")).toAbsolutePath().normalize();
        Path lab = root.resolve("app/bin/lab");
        Path work = Files.createTempDirectory("orchlab-procbench");
        Path pack = BenchPack.unpack(work.resolve("pack"));
        labHome = work.resolve("home");
        if (sandboxOnly) {
            Optional<Path> against = args.length > 3 && args[2].equals("--against")
                    ? Optional.of(Path.of(args[3]).toAbsolutePath()) : Optional.empty();
            System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores; " + runs
                    + " runs after one warm-up; `lab sandbox up` only"
                    + against.map(j -> "; interleaved with " + j).orElse(""));
            // the launcher builds its jar when the sources changed: not part of any measured run
            new ProcessBuilder(lab.toString(), "--version").inheritIO().start().waitFor();
            List<Launcher> launchers = new ArrayList<>(List.of(Launcher.of(lab)));
            against.ifPresent(jar -> launchers.add(Launcher.ofJar("against " + jar, root, jar)));
            sandboxUp(launchers, work, runs);
            StartupBreakdown.printSandboxUp(lab, labEnv(Map.of()), work);
            return;
        }
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores; " + runs
                + " runs each after one warm-up" + (Files.isExecutable(TIME) ? "" : " (no /usr/bin/time: wall only)"));

        Lab engine = Lab.standard();
        LoadResult loaded = engine.loadCourse(pack);
        Course course = loaded.course().orElseThrow(() -> new IllegalStateException("bench pack does not load"));
        Exercise exercise = course.exercise("ten-asserts").orElseThrow();
        SandboxOptions options = SandboxOptions.defaults(work.resolve("state")).with("podStartDelay", "0s");
        try (Sandbox sandbox = engine.providers().find("sim").orElseThrow().open(options, ProgressListener.NONE)) {
            String ns = "procbench";
            engine.start(exercise, sandbox, ns, ProgressListener.NONE);
            if (!engine.apply(exercise, sandbox, ns, exercise.solutionDir(), ProgressListener.NONE).ok()) {
                throw new IllegalStateException("cannot apply the bench objects");
            }
            String kube = sandbox.kubernetes().orElseThrow().kubeconfig().toString();
            List<String> check = List.of(lab.toString(), "check", "ten-asserts", "--course", pack.toString(),
                    "--kubeconfig", kube, "-n", ns);
            if (breakdownOnly) {
                // one warm-up each first: it makes the command's AppCDS archive (and fills the lab's folder)
                List<String> validate = List.of(lab.toString(), "course", "validate", root.toString());
                measure("lab check, warm-up", check, Map.of(), 0, 0);
                measure("lab course validate, warm-up", validate, Map.of(), 0, 0);
                sandboxUp(List.of(Launcher.of(lab)), work, 0);
                StartupBreakdown.print("lab check ten-asserts (10 assertions, on the sim)", check, labEnv(Map.of()), work);
                StartupBreakdown.print("lab course validate (built-in course)", validate, labEnv(Map.of()), work);
                StartupBreakdown.printSandboxUp(lab, labEnv(Map.of()), work);
                return;
            }
            if (residentOnly) {
                Stats own = measure("lab check (AppCDS, own process)", check, Map.of(), runs, 0);
                Stats script = measure("kubectl script, 10 calls", List.of("sh", exercise.dir().resolve("verify.sh").toString()),
                        Map.of("KUBECONFIG", kube, "NS", ns), runs, 0);
                System.out.printf("ratio lab check (AppCDS, own process) / kubectl script: wall %.2f, cpu %s%n",
                        own.wallMedian() / script.wallMedian(), cpuRatio(own, script));
                resident(lab, check, runs, script);
                return;
            }
            Stats cds = measure("lab check (AppCDS)", check, Map.of(), runs, 0);
            Stats plain = measure("lab check (ORCHLAB_CDS=0)", check, Map.of("ORCHLAB_CDS", "0"), runs, 0);
            Stats newer = null;
            if (Files.isExecutable(JDK25)) {
                // the launcher on a newer JDK (ORCHLAB_JAVA): its own archive, made by the warm-up run
                newer = measure("lab check (AppCDS, JDK 25)", check, Map.of("ORCHLAB_JAVA", JDK25.toString()), runs, 0);
            }
            Stats script = measure("kubectl script, 10 calls", List.of("sh", exercise.dir().resolve("verify.sh").toString()),
                    Map.of("KUBECONFIG", kube, "NS", ns), runs, 0);
            System.out.printf("ratio lab check (AppCDS) / kubectl script: wall %.2f, cpu %s%n",
                    cds.wallMedian() / script.wallMedian(), cpuRatio(cds, script));
            System.out.printf("ratio lab check (no CDS) / kubectl script: wall %.2f, cpu %s%n",
                    plain.wallMedian() / script.wallMedian(), cpuRatio(plain, script));
            if (newer != null) {
                System.out.printf("ratio lab check (AppCDS, JDK 25) / kubectl script: wall %.2f, cpu %s%n",
                        newer.wallMedian() / script.wallMedian(), cpuRatio(newer, script));
            }
            resident(lab, check, runs, script);
            StartupBreakdown.print("lab check ten-asserts (10 assertions, on the sim)", check, labEnv(Map.of()), work);
        }

        List<String> validate = List.of(lab.toString(), "course", "validate", root.toString());
        measure("lab course validate, built-in course (AppCDS)", validate, Map.of(), runs, 0);
        measure("lab course validate, built-in course (ORCHLAB_CDS=0)", validate, Map.of("ORCHLAB_CDS", "0"), runs, 0);
        sandboxUp(List.of(Launcher.of(lab)), work, runs);
        StartupBreakdown.print("lab course validate (built-in course)", validate, labEnv(Map.of()), work);
        StartupBreakdown.printSandboxUp(lab, labEnv(Map.of()), work);
    }

    /**
     * {@code lab check} through the resident lab process: first calls (each after {@code lab daemon stop}, so the
     * client starts a resident process and the command runs in its cold JVM), then warm calls. The client is a child
     * of the launcher, so {@code /usr/bin/time} counts it; the resident process runs in a session of its own and is
     * counted from {@code /proc/<pid>/stat} (user + system time) read before the call and again 300 ms after it
     * ended, so that JIT and GC work the call left behind are counted too. For a first call the resident process's
     * whole CPU (its start included) is counted.
     */
    private static void resident(Path lab, List<String> check, int runs, Stats script) throws Exception {
        Map<String, String> env = labEnv(Map.of("ORCHLAB_DAEMON", "1"));
        List<String> stop = List.of(lab.toString(), "daemon", "stop");
        Path daemons = labHome.resolve("state/daemons");
        try {
            List<double[]> first = new ArrayList<>();
            for (int i = 0; i < runs + 1; i++) {
                timed(stop, env);
                double[] run = timed(check, env);
                Thread.sleep(300);
                double daemonCpu = daemonCpu(daemons);
                if (i > 0) { // the warm-up makes the client's class-data archive
                    first.add(new double[] {run[0], run[1], daemonCpu, run[2]});
                }
            }
            report("lab check, resident process: first call (starts it)", first, script);
            List<double[]> warm = new ArrayList<>();
            for (int i = 0; i < runs + 1; i++) {
                double before = daemonCpu(daemons);
                double[] run = timed(check, env);
                Thread.sleep(300);
                double daemonCpu = daemonCpu(daemons) - before;
                if (i > 0) {
                    warm.add(new double[] {run[0], run[1], daemonCpu, run[2]});
                }
            }
            report("lab check, resident process: warm call", warm, script);
            // started ahead (`lab daemon start`, as `lab sandbox up` does in the background), warmed up, then the first check
            List<double[]> ahead = new ArrayList<>();
            List<Double> warmUpCpu = new ArrayList<>();
            List<Double> startWall = new ArrayList<>();
            for (int i = 0; i < runs + 1; i++) {
                timed(stop, env);
                startWall.add(timed(List.of(lab.toString(), "daemon", "start"), env)[0]);
                String warmed = awaitWarmUp(lab, env);
                double before = daemonCpu(daemons);
                double[] run = timed(check, env);
                Thread.sleep(300);
                double daemonCpu = daemonCpu(daemons) - before;
                if (i > 0) {
                    ahead.add(new double[] {run[0], run[1], daemonCpu, run[2]});
                    warmUpCpu.add(before);
                    if (i == 1) {
                        System.out.println("  (" + warmed + ")");
                    }
                }
            }
            report("lab check, resident process: first call after `lab daemon start`", ahead, script);
            System.out.printf("  `lab daemon start` wall median %.2f s; the resident process's CPU by the end of its warm-up"
                    + " median %.2f s (min %.2f, max %.2f): paid once per start, before the first check%n", median(startWall.subList(1,
                    startWall.size())), median(warmUpCpu), Collections.min(warmUpCpu), Collections.max(warmUpCpu));
            System.out.printf("  resident process RSS after %d calls: %d MB; load average %s%n", 2 * runs + 2,
                    daemonRssKb(daemons) / 1024, Files.readString(Path.of("/proc/loadavg")).strip());
        } finally {
            timed(stop, env);
        }
    }

    /** Until {@code lab daemon status} no longer says "warming up" (bounded: 5 minutes); its warm-up words. */
    private static String awaitWarmUp(Path lab, Map<String, String> env) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        String status = "";
        while (System.nanoTime() < end) {
            ProcessBuilder pb = new ProcessBuilder(lab.toString(), "daemon", "status").redirectErrorStream(true);
            pb.environment().remove("CI");
            pb.environment().putAll(env);
            Process p = pb.start();
            status = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            java.util.regex.Matcher warm = java.util.regex.Pattern.compile("warm-up [^(]*").matcher(status);
            if (warm.find() && !status.contains("warming up")) {
                return warm.group().strip();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the resident process was still warming up after 5 minutes: " + status);
    }

    private static void report(String name, List<double[]> runs, Stats script) {
        List<Double> wall = runs.stream().map(r -> r[0]).toList();
        List<Double> client = runs.stream().map(r -> r[1]).toList();
        List<Double> daemon = runs.stream().map(r -> r[2]).toList();
        List<Double> total = runs.stream().map(r -> r[1] + r[2]).toList();
        System.out.printf("%-52s wall median %.2f s (min %.2f, max %.2f); cpu median %.2f s (min %.2f, max %.2f) ="
                        + " client %.2f + resident %.2f; client peak RSS median %d MB%n", name, median(wall),
                Collections.min(wall), Collections.max(wall), median(total), Collections.min(total), Collections.max(total),
                median(client), median(daemon), Math.round(median(runs.stream().map(r -> r[3]).toList()) / 1024));
        System.out.printf("ratio %s / kubectl script: wall %.2f, cpu %s%n", name, median(wall) / script.wallMedian(),
                script.cpu().isEmpty() ? "n/a" : String.format("%.2f", median(total) / median(script.cpu())));
    }

    /** One run under /usr/bin/time: wall s, CPU s (user + system), peak RSS KB; fails unless it exits 0. */
    private static double[] timed(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path timeOut = Files.createTempFile("orchlab-time", ".txt");
        Path errors = Files.createTempFile("orchlab-stderr", ".txt");
        try {
            List<String> full = new ArrayList<>(List.of(TIME.toString(), "-o", timeOut.toString(), "-f", "%U %S %M"));
            full.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(full).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errors.toFile());
            pb.environment().remove("CI");
            pb.environment().putAll(env);
            long start = System.nanoTime();
            int exit = pb.start().waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exit + "\n" + Files.readString(errors));
            }
            String[] t = Files.readString(timeOut).trim().split("\\s+");
            return new double[] {seconds, Double.parseDouble(t[0]) + Double.parseDouble(t[1]), Double.parseDouble(t[2])};
        } finally {
            Files.deleteIfExists(timeOut);
            Files.deleteIfExists(errors);
        }
    }

    /** The resident process's pid (one runs during these rows). */
    private static long daemonPid(Path daemons) throws IOException {
        try (var dirs = Files.list(daemons)) {
            for (Path d : dirs.toList()) {
                Path pid = d.resolve("daemon.pid");
                if (Files.isRegularFile(pid)) {
                    return Long.parseLong(Files.readString(pid).strip());
                }
            }
        }
        throw new IllegalStateException("no resident lab process under " + daemons);
    }

    /** User + system CPU seconds of the resident process so far ({@code /proc/<pid>/stat} fields 14 and 15). */
    private static double daemonCpu(Path daemons) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(daemonPid(daemons)), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields after "pid (comm) ": state is index 0, so utime (field 14) is index 11 and stime index 12
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static long daemonRssKb(Path daemons) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(daemonPid(daemons)), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** The lab's own folder for every lab process of this run (fresh per run; the warm-up fills it). */
    private static Path labHome;

    static Map<String, String> labEnv(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>();
        // a process of its own unless the row measures the resident lab process (ORCHLAB_DAEMON=1)
        env.put("ORCHLAB_DAEMON", "0");
        env.putAll(extra);
        env.put("ORCHLAB_HOME", labHome.toString());
        // the warm-up's archive is made before the measured runs start (the launcher makes it in the background)
        env.put("ORCHLAB_CDS_WAIT", "1");
        return env;
    }

    /**
     * Until no launcher is making a class-data archive next to the jars in {@code dir} (a {@code *.jsa.lock} folder):
     * a warm-up that was stopped (sandbox up, the desktop) leaves its archive being made in the background.
     */
    static void awaitArchives(Path dir) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < end) {
            try (var files = Files.list(dir)) {
                if (files.noneMatch(f -> f.getFileName().toString().endsWith(".jsa.lock"))) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        System.out.println("(an archive was still being made after 5 minutes: the runs below may be without it)");
    }

    /**
     * A way to run {@code lab}: this tree's launcher, or another {@code lab.jar} (a copy of main's, say) run the way
     * the launcher runs it — the same JVM options and its own AppCDS archive beside that jar ({@code app/bin/lib/cds.sh}).
     */
    record Launcher(String name, List<String> prefix, Path archiveDir) {
        /** This tree's {@code app/bin/lab}. */
        static Launcher of(Path lab) {
            return new Launcher("this tree", List.of(lab.toString()), lab.getParent().getParent().resolve("cli/target"));
        }

        static Launcher ofJar(String name, Path root, Path jar) {
            String script = ". \"$1\"; shift; JAR=\"$1\"; shift; CDS_TAG=sandbox; "
                    + "cds_run \"$JAR\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dorchlab.home=\"$ORCHLAB_ROOT_FOR_BENCH\" -- \"$@\"";
            return new Launcher(name, List.of("bash", "-c", script, "bash", root.resolve("app/bin/lib/cds.sh").toString(),
                    jar.toString()), jar.getParent());
        }
    }

    /**
     * {@code lab sandbox up --type sim}: process start until the kubeconfig it writes answers a request — wall time,
     * and the CPU the lab process had used by then ({@code /proc/PID/stat}, all its threads: what compares on a
     * loaded machine). Two kinds of cold start (a fresh JVM each time): a sandbox's first, in an empty state folder,
     * and a later one, in the state folder an earlier start left (the sim keeps its TLS certificate there). With
     * several launchers their runs alternate (A B, B A, ...).
     */
    private static void sandboxUp(List<Launcher> launchers, Path work, int runs) throws Exception {
        Map<String, List<double[]>> times = new java.util.LinkedHashMap<>();
        for (Launcher launcher : launchers) {
            for (boolean kept : new boolean[] {true, false}) {
                times.put(row(launcher, kept, launchers.size() > 1), new ArrayList<>());
            }
        }
        for (int i = 0; i < runs + 1; i++) {
            List<Launcher> order = new ArrayList<>(launchers);
            if (i % 2 == 1) {
                Collections.reverse(order);
            }
            for (Launcher launcher : order) {
                int index = launchers.indexOf(launcher);
                for (boolean kept : new boolean[] {true, false}) {
                    Path state = kept ? work.resolve("up-kept-state-" + index) : work.resolve("up-state-" + index + "-" + i);
                    double[] measured = sandboxUpOnce(launcher, work, "up-" + index + "-" + i + (kept ? "-kept" : ""), state);
                    if (i > 0) {
                        times.get(row(launcher, kept, launchers.size() > 1)).add(measured);
                    }
                }
            }
            if (i == 0) {
                for (Launcher launcher : launchers) {
                    awaitArchives(launcher.archiveDir());
                }
            }
        }
        if (runs == 0) {
            return; // warm-up only
        }
        for (Map.Entry<String, List<double[]>> e : times.entrySet()) {
            List<Double> wall = e.getValue().stream().map(t -> t[0]).toList();
            List<Double> cpu = e.getValue().stream().map(t -> t[1]).filter(c -> c >= 0).toList();
            System.out.printf("%-60s wall median %.2f s (min %.2f, max %.2f)%s%n", e.getKey(),
                    median(wall), Collections.min(wall), Collections.max(wall), cpu.isEmpty() ? ""
                            : String.format("; cpu by then median %.2f s (min %.2f, max %.2f)", median(cpu), Collections.min(cpu),
                                    Collections.max(cpu)));
        }
    }

    private static String row(Launcher launcher, boolean kept, boolean named) {
        return "lab sandbox up --type sim, to first answer, " + (kept ? "later start" : "first start")
                + (named ? " [" + launcher.name() + "]" : "");
    }

    /** One cold start: {wall seconds, CPU seconds of the lab process by the first answer (-1 when unknown)}. */
    private static double[] sandboxUpOnce(Launcher launcher, Path work, String name, Path state) throws Exception {
        Path kube = work.resolve(name + ".kubeconfig");
        List<String> command = new ArrayList<>(launcher.prefix());
        command.addAll(List.of("sandbox", "up", "--type", "sim", "--kubeconfig-out", kube.toString(),
                "--state-dir", state.toString()));
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(labEnv(Map.of()));
        pb.environment().put("ORCHLAB_ROOT_FOR_BENCH", System.getProperty("orchlab.root", "."));
        Process p = pb.start();
        try {
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60) && p.isAlive()) {
                if (Files.isRegularFile(kube) && answers(kube)) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    return new double[] {seconds, cpuSeconds(p.toHandle())};
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException(launcher.name() + ": lab sandbox up did not answer within 60 s (exit "
                    + (p.isAlive() ? "-" : p.exitValue()) + ")");
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    /**
     * CPU time (user + system, all threads) of the JVM a launcher started: the process itself once the launcher
     * has exec'd java, else its java child (the launcher's recording run).
     */
    static double cpuSeconds(ProcessHandle process) {
        ProcessHandle jvm = process.children().filter(c -> c.info().command().map(cmd -> cmd.endsWith("/java")).orElse(false))
                .findFirst().orElse(process);
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(jvm.pid()), "stat"));
            // fields after the command name (in parentheses, may hold spaces): state is field 3; utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static boolean answers(Path kubeconfig) {
        try {
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            config.setConnectionTimeout(500);
            config.setRequestTimeout(500);
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                return client.getKubernetesVersion() != null;
            }
        } catch (Exception e) {
            return false;
        }
    }

    private record Stats(List<Double> wall, List<Double> cpu, List<Long> rssKb) {
        double wallMedian() {
            return median(wall);
        }
    }

    private static String cpuRatio(Stats a, Stats b) {
        return a.cpu().isEmpty() || b.cpu().isEmpty() ? "n/a" : String.format("%.2f", median(a.cpu()) / median(b.cpu()));
    }

    private static Stats measure(String name, List<String> command, Map<String, String> env, int runs, int expectedExit)
            throws IOException, InterruptedException {
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        for (int i = 0; i < runs + 1; i++) {
            Path timeOut = Files.createTempFile("orchlab-time", ".txt");
            List<String> full = new ArrayList<>();
            if (Files.isExecutable(TIME)) {
                full.addAll(List.of(TIME.toString(), "-o", timeOut.toString(), "-f", "%U %S %M"));
            }
            full.addAll(command);
            Path errors = Files.createTempFile("orchlab-stderr", ".txt");
            ProcessBuilder pb = new ProcessBuilder(full).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile());
            pb.environment().putAll(command.get(0).endsWith("/lab") ? labEnv(env) : env);
            long start = System.nanoTime();
            int exit = pb.start().waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            String stderr = Files.readString(errors);
            Files.deleteIfExists(errors);
            if (exit != expectedExit) {
                throw new IllegalStateException(name + " exited " + exit + ": " + String.join(" ", command) + "\n" + stderr);
            }
            if (i == 0) {
                continue; // warm-up: builds the jar or the archive, fills the page cache
            }
            wall.add(seconds);
            String[] t = Files.readString(timeOut).trim().split("\\s+");
            if (t.length == 3) {
                cpu.add(Double.parseDouble(t[0]) + Double.parseDouble(t[1]));
                rss.add(Long.parseLong(t[2]));
            }
            Files.deleteIfExists(timeOut);
        }
        if (wall.isEmpty()) {
            return new Stats(wall, cpu, rss);
        }
        Stats stats = new Stats(wall, cpu, rss);
        System.out.printf("%-52s wall median %.2f s (min %.2f, max %.2f)%s%n", name, median(wall), Collections.min(wall),
                Collections.max(wall), cpu.isEmpty() ? "" : String.format("; cpu median %.2f s; peak RSS median %d MB",
                        median(cpu), Math.round(median(rss.stream().map(Long::doubleValue).toList()) / 1024)));
        return stats;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
