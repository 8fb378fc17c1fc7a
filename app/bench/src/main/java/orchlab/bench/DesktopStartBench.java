package orchlab.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark of the desktop app (not a test): cold start — a new JVM each run, as a learner starts the app —
 * to the first lesson rendered, to the simulated cluster running, and the resident memory (RSS) with the
 * sim running a few seconds later. Needs a display: {@code xvfb-run -a app/bench/run DesktopStartBench}.
 * Prints every moment the app's start-up probe reports, each as median/min/max: {@code first-frame} (the start skeleton
 * — course title, navigator — laid out and handed to the renderer), {@code window-shown} (the real window built into
 * it), {@code course-loaded}, {@code lesson-rendered}, {@code button-usable} (the first enabled, shown button of the
 * real window once the course is open) and {@code sandbox-running}. Goals: first frame &lt; 1 s, first lesson &lt; 2 s,
 * RSS &lt; 400 MB.
 *
 * <p>Runs {@code app/desktop/target/desktop.jar} (build it with {@code app/bin/orchlab} or
 * {@code mvn -pl app/desktop -am package}) with a fresh, empty lab folder each time, on the sim: with {@code java -jar}
 * and no class-data archive, or ({@code DesktopStartBench RUNS launcher}) through {@code app/bin/orchlab} with the
 * launcher's archive (one warm-up run first makes it). {@code breakdown} adds one instrumented run and prints the classes
 * loaded until the first lesson per library (and how many the archive gave) and the JVM's counters.
 */
public final class DesktopStartBench {
    private static final Pattern LINE = Pattern.compile("orchlab-startup (\\S+)(?: \\S+)? ms=(\\d+) rss-kb=(-?\\d+)(?: cpu-ms=(-?\\d+))?");
    /** A step of the start as the app's probe reports it: name, thread, from, to (ms from JVM start), the thread's CPU. */
    /** Every thread's CPU time until a moment (the JVM's JIT and GC threads included): {@code NAME=MS} pairs. */
    private static final Pattern THREADS = Pattern.compile("orchlab-startup-threads (\\S+) (.*)");
    private static final Pattern SPAN = Pattern.compile("orchlab-startup-span (\\S+) thread=(\\S+) from=(\\d+) to=(\\d+) cpu-ms=(-?\\d+)");

    /** The launcher's default JVM options (app/bin/orchlab); {@code ORCHLAB_JAVA_OPTS} replaces them, as there. */
    private static final String JVM_OPTIONS = System.getenv().getOrDefault("ORCHLAB_JAVA_OPTS",
            "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

    /** How long one run waits for the moments it expects. */
    private static final java.time.Duration MOMENT_DEADLINE = java.time.Duration.ofSeconds(120);

    private DesktopStartBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("orchlab.root", "."));
        Path jar = root.resolve("app/desktop/target/desktop.jar");
        if (!Files.isRegularFile(jar)) {
            System.err.println("DesktopStartBench: " + jar + " is missing — run `mvn -pl app/desktop -am package -DskipTests` first");
            System.exit(2);
        }
        if (System.getenv("DISPLAY") == null) {
            System.err.println("DesktopStartBench: no display — run it as `xvfb-run -a app/bench/run DesktopStartBench`");
            System.exit(2);
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> flags = List.of(args).subList(Math.min(1, args.length), args.length);
        boolean launcher = flags.contains("launcher");
        boolean breakdown = flags.contains("breakdown");
        if (launcher) {
            // app/bin/orchlab as a learner starts it: its options and its class-data archive, made by this warm-up
            System.out.println("warm-up run through app/bin/orchlab (makes its class-data archive when the jar is new)");
            run(root, jar, true, new java.util.LinkedHashMap<>(), new ArrayList<>(), -1);
            LabProcessBench.awaitArchives(jar.getParent());
        }
        // every moment the app's start-up probe reports, per run (ms from JVM start)
        java.util.Map<String, List<Long>> moments = new java.util.LinkedHashMap<>();
        List<Long> rss = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            run(root, jar, launcher, moments, rss, i);
        }
        System.out.printf("DesktopStartBench (%d cold starts, %d cores, %s, JVM options %s), ms from JVM start:%n",
                runs, Runtime.getRuntime().availableProcessors(), launcher ? "app/bin/orchlab with its class-data archive"
                        : "java -jar desktop.jar without an archive", JVM_OPTIONS);
        moments.entrySet().stream().filter(e -> !e.getKey().contains(":") && !e.getKey().contains("@")).forEach(e -> {
            String what = e.getKey();
            List<Long> values = e.getValue();
            List<Long> cpu = moments.getOrDefault("cpu@" + what, List.of());
            System.out.printf("  %-22s median %5d ms (min %d, max %d)%s%s%n", what, median(values),
                values.stream().mapToLong(Long::longValue).min().orElse(-1), values.stream().mapToLong(Long::longValue).max().orElse(-1),
                    what.equals("first-frame") ? " (goal < 1000)" : what.equals("lesson-rendered") ? " (goal < 2000)" : "",
                    cpu.isEmpty() ? "" : String.format("; process CPU until then median %d ms", median(cpu)));
        });
        System.out.printf("  %-22s median %5d MB (min %d, max %d) (goal < 400)%n", "RSS, sim running", median(rss) / 1024,
                rss.stream().mapToLong(Long::longValue).min().orElse(-1) / 1024, rss.stream().mapToLong(Long::longValue).max().orElse(-1) / 1024);
        printCriticalPath(moments);
        if (breakdown) {
            // one more run with the class-loading log and the JVM's counters: which libraries the path to the first lesson loads
            Path work = Files.createTempDirectory("orchlab-startbreakdown");
            Path log = work.resolve("classes.log");
            Path perf = work.resolve("perf.hsperf");
            BREAKDOWN_FILES = StartupBreakdown.options(log, perf);
            java.util.Map<String, List<Long>> one = new java.util.LinkedHashMap<>();
            run(root, jar, launcher, one, new ArrayList<>(), 0);
            long lesson = one.getOrDefault("lesson-rendered", List.of(Long.MAX_VALUE)).get(0);
            StartupBreakdown.report("desktop cold start until the first lesson was rendered (JVM counters: until the app was"
                    + " stopped, 5 s after the sandbox ran)", lesson == Long.MAX_VALUE ? -1 : lesson / 1000.0, log, perf, lesson);
        }
    }

    /** One cold start; {@code index < 0} is a warm-up whose numbers are not kept. */
    private static void run(Path root, Path jar, boolean launcher, java.util.Map<String, List<Long>> moments, List<Long> rss,
            int index) throws Exception {
        {
            int i = index;
            Path home = Files.createTempDirectory("orchlab-startbench");
            Files.createDirectories(home.resolve("config"));
            Files.writeString(home.resolve("config/settings.json"), "{\"sandbox\":\"sim\"}");
            List<String> command = new ArrayList<>();
            ProcessBuilder pb;
            if (launcher) {
                // the launcher execs java: the process is the JVM once the archive exists (after the warm-up)
                command.add(root.resolve("app/bin/orchlab").toAbsolutePath().toString());
                pb = new ProcessBuilder(command);
                pb.environment().put("ORCHLAB_JAVA_OPTS", JVM_OPTIONS);
                pb.environment().put("JDK_JAVA_OPTIONS", "-Dorchlab.startupProbe=true");
            } else {
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(List.of(JVM_OPTIONS.trim().split("\\s+")));
                command.addAll(List.of("-Dorchlab.startupProbe=true", "-Dorchlab.home=" + root.toAbsolutePath(), "-jar", jar.toString()));
                pb = new ProcessBuilder(command);
            }
            pb.environment().put("ORCHLAB_HOME", home.toString());
            pb.redirectErrorStream(true);
            if (BREAKDOWN_FILES != null) {
                pb.environment().put("JDK_JAVA_OPTIONS", (pb.environment().getOrDefault("JDK_JAVA_OPTIONS", "") + " "
                        + BREAKDOWN_FILES).trim());
            }
            Process app = pb.start();
            java.util.Map<String, Long> seen = new java.util.LinkedHashMap<>();
            // a reader thread, so that a moment the app never reports (an older build without it, a sandbox that
            // does not start) ends the run after MOMENT_DEADLINE instead of blocking the benchmark
            java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = out.readLine(); l != null; l = out.readLine()) {
                        lines.add(l);
                    }
                } catch (java.io.IOException e) {
                    // the app ended
                }
            }, "desktop-output");
            reader.setDaemon(true);
            reader.start();
            try {
                long end = System.nanoTime() + MOMENT_DEADLINE.toNanos();
                while (!seen.keySet().containsAll(List.of("lesson-rendered", "sandbox-running", "button-usable"))
                        && System.nanoTime() < end && (app.isAlive() || !lines.isEmpty())) {
                    String line = lines.poll(200, TimeUnit.MILLISECONDS);
                    Matcher m = line == null ? null : LINE.matcher(line);
                    if (m != null && m.find()) {
                        seen.putIfAbsent(m.group(1), Long.parseLong(m.group(2)));
                        if (m.group(4) != null) {
                            seen.putIfAbsent("cpu@" + m.group(1), Long.parseLong(m.group(4)));
                        }
                    }
                    Matcher threads = line == null ? null : THREADS.matcher(line);
                    if (threads != null && threads.find()) {
                        for (String pair : threads.group(2).trim().split(" ")) {
                            int eq = pair.lastIndexOf('=');
                            if (eq > 0) {
                                seen.merge("thread@" + threads.group(1) + ":" + pair.substring(0, eq),
                                        Long.parseLong(pair.substring(eq + 1)), Long::sum);
                            }
                        }
                    }
                    Matcher span = line == null ? null : SPAN.matcher(line);
                    if (span != null && span.find()) {
                        String name = "span:" + span.group(1) + "@" + span.group(2).replaceAll("-\\d+$", "");
                        seen.putIfAbsent(name + ":from", Long.parseLong(span.group(3)));
                        seen.putIfAbsent(name + ":to", Long.parseLong(span.group(4)));
                        seen.putIfAbsent(name + ":cpu", Long.parseLong(span.group(5)));
                    }
                }
                // settle: the first exercise is prepared, the terminal's shell starts
                Thread.sleep(5000);
                long kb = rssKb(app.pid());
                if (i >= 0) {
                    rss.add(kb);
                }
            } finally {
                app.destroy();
                if (!app.waitFor(20, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
            if (i < 0) {
                return;
            }
            seen.forEach((what, ms) -> moments.computeIfAbsent(what, k -> new ArrayList<>()).add(ms));
            System.out.printf("run %d: %s, RSS %d MB%n", i + 1, String.join(", ", seen.entrySet().stream()
                    .filter(e -> !e.getKey().contains(":") && !e.getKey().contains("@"))
                    .map(e -> e.getKey() + " " + e.getValue() + " ms").toList()), rss.get(rss.size() - 1) / 1024);
        }
    }

    /**
     * The steps of the start the app's probe measured ({@code orchlab-startup-span}), ordered by when they began: on which
     * thread, from when to when (medians over the runs, ms from JVM start) and that thread's CPU time in them. Steps on
     * the JavaFX thread run one after another; a background step ending after the window was ready is on the critical
     * path of the first lesson.
     */
    private static void printCriticalPath(java.util.Map<String, List<Long>> moments) {
        List<String> spans = moments.keySet().stream().filter(k -> k.startsWith("span:") && k.endsWith(":from"))
                .map(k -> k.substring(0, k.length() - ":from".length()))
                .sorted(java.util.Comparator.comparingLong(k -> median(moments.get(k + ":from")))).toList();
        if (spans.isEmpty()) {
            return;
        }
        // CPU per thread until the first lesson (a thread absent from a run counts 0 there)
        int runs = moments.getOrDefault("lesson-rendered", List.of()).size();
        List<String> threads = moments.keySet().stream().filter(k -> k.startsWith("thread@lesson-rendered:")).toList();
        if (!threads.isEmpty() && runs > 0) {
            System.out.println("  CPU per thread until the first lesson (medians, ms; /proc names, 15 characters):");
            threads.stream().map(k -> {
                List<Long> v = new ArrayList<>(moments.get(k));
                while (v.size() < runs) {
                    v.add(0L);
                }
                return java.util.Map.entry(k.substring("thread@lesson-rendered:".length()), median(v));
            }).filter(e -> e.getValue() > 0).sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> System.out.printf("    %-22s %5d ms%n", e.getKey(), e.getValue()));
        }
        System.out.println("  steps of the start (medians, ms from JVM start; CPU of the thread running the step):");
        for (String span : spans) {
            int at = span.lastIndexOf('@');
            System.out.printf("    %-20s %-26s %6d → %6d  (%5d ms wall, CPU %5d ms)%n", span.substring("span:".length(), at),
                    span.substring(at + 1), median(moments.get(span + ":from")), median(moments.get(span + ":to")),
                    median(moments.get(span + ":to")) - median(moments.get(span + ":from")), median(moments.get(span + ":cpu")));
        }
    }

    /** JVM options of a breakdown run (class loading log, saved counters); null in a normal run. */
    private static String BREAKDOWN_FILES;

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }
}
