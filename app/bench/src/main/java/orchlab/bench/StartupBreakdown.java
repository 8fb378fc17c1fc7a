package orchlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a fresh {@code lab} process spends its start-up, from one instrumented run (part of {@link LabProcessBench}):
 * <ul>
 *   <li>classes loaded per subsystem, from {@code -Xlog:class+load} (and how many of them the AppCDS archive gave);</li>
 *   <li>the JVM's counters ({@code -XX:+PerfDataSaveToFile}, read with {@code jstat -snap}): time loading classes,
 *       in static initialisers (their own code, {@code self}), verifying, JIT-compiling (compiler threads) and in GC.</li>
 * </ul>
 * The options reach the launcher's JVM through {@code JDK_JAVA_OPTIONS}, so the launcher's own options and archive
 * are used as a learner's run uses them. The counters are cumulative thread times, not a split of the wall clock.
 */
final class StartupBreakdown {
    /** Subsystems by class-name prefix; the first that matches counts. */
    private static final Map<String, List<String>> SUBSYSTEMS = new LinkedHashMap<>();

    static {
        SUBSYSTEMS.put("fabric8 (client, model, mock server)", List.of("io.fabric8."));
        SUBSYSTEMS.put("Jackson", List.of("com.fasterxml.jackson."));
        SUBSYSTEMS.put("CEL (dev.cel, protobuf, Guava, ANTLR)", List.of("dev.cel.", "com.google.", "org.antlr.", "cel."));
        SUBSYSTEMS.put("docker-java", List.of("com.github.dockerjava."));
        // two YAML libraries: SnakeYAML (the course reader, Jackson's YAML) and snakeyaml-engine (fabric8's serializer)
        SUBSYSTEMS.put("SnakeYAML", List.of("org.yaml.snakeyaml."));
        SUBSYSTEMS.put("snakeyaml-engine (fabric8)", List.of("org.snakeyaml."));
        SUBSYSTEMS.put("Bouncy Castle", List.of("org.bouncycastle."));
        SUBSYSTEMS.put("Netty / vert.x", List.of("io.netty.", "io.vertx."));
        SUBSYSTEMS.put("Helm (helm-java, JNA)", List.of("com.marcnuri.", "com.sun.jna."));
        SUBSYSTEMS.put("picocli", List.of("picocli."));
        SUBSYSTEMS.put("orchlab.cli", List.of("orchlab.cli."));
        SUBSYSTEMS.put("orchlab.engine", List.of("orchlab.engine."));
        SUBSYSTEMS.put("orchlab.sim", List.of("orchlab.sim."));
        // the desktop's
        SUBSYSTEMS.put("orchlab.desktop", List.of("orchlab.desktop."));
        SUBSYSTEMS.put("JavaFX", List.of("javafx.", "com.sun.javafx.", "com.sun.prism.", "com.sun.glass.", "com.sun.scenario.",
                "com.sun.marlin.", "com.sun.pisces.", "com.sun.webkit.", "com.sun.media."));
        SUBSYSTEMS.put("AtlantaFX", List.of("atlantafx."));
        SUBSYSTEMS.put("RichTextFX (+ ReactFX, Flowless, UndoFX)", List.of("org.fxmisc.", "org.reactfx."));
        SUBSYSTEMS.put("Ikonli", List.of("org.kordamp."));
        SUBSYSTEMS.put("commonmark", List.of("org.commonmark."));
        SUBSYSTEMS.put("JediTermFX", List.of("com.jediterm.", "com.techsenger.", "org.jetbrains."));
        SUBSYSTEMS.put("JDK", List.of("java.", "javax.", "jdk.", "sun.", "com.sun.crypto.", "com.sun.net.", "com.sun.security.",
                "com.sun.jndi.", "com.sun.org.", "com.sun.management.", "org.w3c.", "org.xml.", "org.jcp."));
    }

    /** The counters read from the saved perf data, in the order printed: name, label. */
    private static final Map<String, String> COUNTERS = new LinkedHashMap<>();

    static {
        COUNTERS.put("sun.cls.time", "class loading (all)");
        COUNTERS.put("sun.cls.classInitTime.self", "static initialisers (self)");
        COUNTERS.put("sun.cls.classVerifyTime.self", "bytecode verification (self)");
        COUNTERS.put("sun.cls.classLinkedTime.self", "linking (self)");
        COUNTERS.put("java.ci.totalTime", "JIT compilation (compiler threads)");
        COUNTERS.put("sun.gc.collector.0.time", "GC, young");
        COUNTERS.put("sun.gc.collector.1.time", "GC, full");
    }

    private StartupBreakdown() {
    }

    /** Runs {@code command} once, instrumented, and prints its breakdown. */
    static void print(String title, List<String> command, Map<String, String> env, Path work) throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "classes", ".log");
        Path perf = Files.createTempFile(work, "perf", ".hsperf");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        pb.environment().put("JDK_JAVA_OPTIONS", options(log, perf));
        long start = System.nanoTime();
        int exit = pb.start().waitFor();
        report(title + (exit == 0 ? "" : " (exit " + exit + ")"), (System.nanoTime() - start) / 1e9, log, perf);
    }

    /**
     * {@code lab sandbox up --type sim}, stopped (SIGTERM) once its kubeconfig answers: a later start, in a state
     * folder an earlier start left (its kept TLS certificate), as most starts are.
     */
    static void printSandboxUp(Path lab, Map<String, String> env, Path work) throws IOException, InterruptedException {
        Path state = work.resolve("breakdown-up-state");
        if (!Files.isDirectory(state)) {
            // the earlier start that leaves the state folder behind
            printSandboxUp(lab, env, work, state, false);
        }
        printSandboxUp(lab, env, work, state, true);
    }

    private static void printSandboxUp(Path lab, Map<String, String> env, Path work, Path state, boolean print)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "classes", ".log");
        Path perf = Files.createTempFile(work, "perf", ".hsperf");
        Path kube = work.resolve("breakdown-up.kubeconfig");
        // the earlier start's kubeconfig names a server that is gone: polling it would time the wait for its answer
        Files.deleteIfExists(kube);
        ProcessBuilder pb = new ProcessBuilder(lab.toString(), "sandbox", "up", "--type", "sim", "--kubeconfig-out", kube.toString(),
                "--state-dir", state.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        pb.environment().put("JDK_JAVA_OPTIONS", options(log, perf));
        long start = System.nanoTime();
        Process p = pb.start();
        double seconds = -1;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60) && p.isAlive()) {
            if (Files.isRegularFile(kube) && LabProcessBench.answers(kube)) {
                seconds = (System.nanoTime() - start) / 1e9;
                break;
            }
            Thread.sleep(10);
        }
        // the launcher execs java, so this is the JVM: SIGTERM runs its exit, which saves the counters
        p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
        p.destroyForcibly();
        if (print) {
            report("lab sandbox up --type sim (a later start), until it answers" + (seconds < 0 ? " (did not answer)" : ""),
                    seconds, log, perf);
        }
    }

    static String options(Path log, Path perf) {
        return "-Xlog:class+load=info:file=" + log + " -XX:+PerfDataSaveToFile -XX:PerfDataSaveFile=" + perf;
    }

    private static void report(String title, double seconds, Path log, Path perf) throws IOException, InterruptedException {
        report(title, seconds, log, perf, Long.MAX_VALUE);
    }

    /** The breakdown of one run: classes loaded until {@code untilMs} (JVM uptime), then the JVM's counters at its exit. */
    static void report(String title, double seconds, Path log, Path perf, long untilMs) throws IOException, InterruptedException {
        Map<String, int[]> bySubsystem = new LinkedHashMap<>();
        SUBSYSTEMS.keySet().forEach(k -> bySubsystem.put(k, new int[2]));
        bySubsystem.put("other", new int[2]);
        Map<String, Integer> otherPackages = new TreeMap<>();
        int total = 0;
        int shared = 0;
        for (String line : Files.readAllLines(log)) {
            // [0.123s][info][class,load] java.lang.Object source: shared objects file
            int at = line.indexOf("[class,load] ");
            if (at < 0) {
                continue;
            }
            if (untilMs != Long.MAX_VALUE && line.startsWith("[")) {
                int s = line.indexOf("s]");
                try {
                    if (s > 1 && Double.parseDouble(line.substring(1, s)) * 1000 > untilMs) {
                        break;
                    }
                } catch (NumberFormatException e) {
                    // another decoration: counted
                }
            }
            String rest = line.substring(at + "[class,load] ".length());
            int space = rest.indexOf(' ');
            String name = space < 0 ? rest : rest.substring(0, space);
            boolean fromArchive = rest.contains("source: shared objects file");
            String subsystem = subsystemOf(name);
            int[] counts = bySubsystem.get(subsystem);
            counts[0]++;
            if (fromArchive) {
                counts[1]++;
                shared++;
            }
            total++;
            if (subsystem.equals("other")) {
                String[] parts = name.split("\\.");
                otherPackages.merge(parts.length > 2 ? parts[0] + "." + parts[1] : name, 1, Integer::sum);
            }
        }
        System.out.printf("%nstart-up breakdown — %s: %s; %d classes loaded, %d of them from the AppCDS archive%n",
                title, seconds < 0 ? "no time" : String.format("%.2f s wall", seconds), total, shared);
        for (Map.Entry<String, int[]> e : bySubsystem.entrySet()) {
            if (e.getValue()[0] > 0) {
                System.out.printf("  %-42s %5d classes (%d from the archive)%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
            }
        }
        if (!otherPackages.isEmpty()) {
            List<String> top = new ArrayList<>();
            otherPackages.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(6)
                    .forEach(e -> top.add(e.getKey() + " " + e.getValue()));
            System.out.println("  other: " + String.join(", ", top));
        }
        Map<String, Long> counters = counters(perf);
        if (counters.isEmpty()) {
            System.out.println("  (no JVM counters: jstat missing or the perf data was not saved)");
            return;
        }
        double hz = counters.getOrDefault("sun.os.hrt.frequency", 1_000_000_000L);
        for (Map.Entry<String, String> c : COUNTERS.entrySet()) {
            Long ticks = counters.get(c.getKey());
            if (ticks != null) {
                System.out.printf("  %-42s %6.0f ms%n", c.getValue(), ticks / hz * 1000);
            }
        }
    }

    private static String subsystemOf(String className) {
        for (Map.Entry<String, List<String>> e : SUBSYSTEMS.entrySet()) {
            for (String prefix : e.getValue()) {
                if (className.startsWith(prefix)) {
                    return e.getKey();
                }
            }
        }
        return "other";
    }

    /** The saved perf data, through {@code jstat -snap file://...} of the running JDK. */
    private static Map<String, Long> counters(Path perf) throws IOException, InterruptedException {
        Map<String, Long> out = new LinkedHashMap<>();
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        if (!Files.isExecutable(jstat) || Files.size(perf) == 0) {
            return out;
        }
        Process p = new ProcessBuilder(jstat.toString(), "-J-Djstat.showUnsupported=true", "-snap", perf.toUri().toString())
                .redirectErrorStream(true).start();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                try {
                    out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
                } catch (NumberFormatException e) {
                    // a text counter
                }
            }
        }
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
