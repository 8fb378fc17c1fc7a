package orchlab.desktop;

import java.lang.management.ManagementFactory;
import javafx.application.Platform;
import orchlab.desktop.sandbox.SandboxStatus;

/**
 * For the start-up benchmark ({@code app/bench DesktopStartBench}) only, with {@code -Dorchlab.startupProbe=true}:
 * prints, measured from the JVM's start, when the first frame (the start skeleton) was laid out, when the real window
 * was in it, when the first lesson was rendered, when a button of the real window could first be pressed, and when
 * the Kubernetes sandbox was running, and the resident memory then. Never on in normal use.
 */
final class StartupProbe {
    static final boolean ON = Boolean.getBoolean("orchlab.startupProbe");
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private StartupProbe() {
    }

    /**
     * A step of the start (reading the course, building the window...) measured from its start to its end on the thread
     * that ran it, with that thread's CPU time: {@code orchlab-startup-span NAME thread=T from=MS to=MS cpu-ms=MS}.
     * The benchmark orders the steps into the start's critical path. Nothing is measured when the probe is off.
     */
    static Span span(String name) {
        return ON ? new Span(name, sinceStart(), THREADS.getCurrentThreadCpuTime()) : Span.OFF;
    }

    /** An open step; {@link #close} prints it. */
    static final class Span implements AutoCloseable {
        static final Span OFF = new Span(null, 0, 0);
        private final String name;
        private final long from;
        private final long cpuNanos;

        private Span(String name, long from, long cpuNanos) {
            this.name = name;
            this.from = from;
            this.cpuNanos = cpuNanos;
        }

        @Override
        public void close() {
            if (name == null) {
                return;
            }
            long cpu = (THREADS.getCurrentThreadCpuTime() - cpuNanos) / 1_000_000;
            System.out.println("orchlab-startup-span " + name + " thread=" + Thread.currentThread().getName().replace(' ', '_')
                    + " from=" + from + " to=" + sinceStart() + " cpu-ms=" + cpu);
            System.out.flush();
        }
    }

    /** Runs {@code work} as the step {@code name}. */
    static <T> T span(String name, java.util.function.Supplier<T> work) {
        try (Span s = span(name)) {
            return work.get();
        }
    }

    private static long sinceStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    static void attach(MainViewModel vm, javafx.scene.Scene scene) {
        print("window-shown");
        // the real window's first layout (its CSS applied to every control) is done
        Runnable[] laidOut = new Runnable[1];
        Span firstLayout = span("window-first-layout");
        laidOut[0] = () -> {
            scene.removePostLayoutPulseListener(laidOut[0]);
            firstLayout.close();
            print("window-laid-out");
        };
        scene.addPostLayoutPulseListener(laidOut[0]);
        // the first Button of the real window a learner can press (enabled and shown), once the course is open
        Runnable[] usable = new Runnable[1];
        usable[0] = () -> {
            if (vm.courseProperty().get() != null && scene.getRoot().lookupAll(".button").stream()
                    .anyMatch(n -> n instanceof javafx.scene.control.Button b && !b.isDisabled() && b.isVisible()
                            && b.getScene() != null && visibleUpwards(b) && b.getWidth() > 0)) {
                scene.removePostLayoutPulseListener(usable[0]);
                Platform.runLater(() -> print("button-usable"));
            }
        };
        scene.addPostLayoutPulseListener(usable[0]);
        vm.courseProperty().addListener((o, a, c) -> {
            if (a == null && c != null) {
                print("course-loaded");
            }
        });
        vm.lesson().lessonProperty().addListener((o, a, lesson) -> {
            if (a == null && lesson != null) {
                // the first frame holding the lesson laid out and handed to the renderer (as first-frame)
                Runnable[] drawn = new Runnable[1];
                drawn[0] = () -> {
                    scene.removePostLayoutPulseListener(drawn[0]);
                    print("lesson-rendered");
                    printThreads("lesson-rendered");
                };
                scene.addPostLayoutPulseListener(drawn[0]);
            }
        });
        vm.status().kubernetesProperty().addListener((o, a, s) -> {
            if (s.state() == SandboxStatus.State.RUNNING && (a == null || a.state() != SandboxStatus.State.RUNNING)) {
                print("sandbox-running " + s.type());
            }
        });
    }

    private static boolean visibleUpwards(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** A moment of the start, with the resident memory and the CPU time of the whole process (all threads) until then. */
    static void print(String what) {
        long ms = sinceStart();
        System.out.println("orchlab-startup " + what + " ms=" + ms + " rss-kb=" + rssKb() + " cpu-ms=" + processCpuMs());
        System.out.flush();
    }

    /**
     * The CPU time of every thread of the process until {@code what}, the JVM's own included (JIT compilers, GC), from
     * {@code /proc/self/task}: {@code orchlab-startup-threads WHAT NAME=MS NAME=MS ...}, largest first (Linux only).
     */
    static void printThreads(String what) {
        java.util.Map<String, Long> cpu = new java.util.TreeMap<>();
        long tick = 10; // ms per clock tick (USER_HZ is 100 on Linux)
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(' ', '_')
                            .replaceAll("[0-9]+$", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    cpu.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick, Long::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return; // not Linux
        }
        StringBuilder line = new StringBuilder("orchlab-startup-threads " + what);
        cpu.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> line.append(' ').append(e.getKey()).append('=').append(e.getValue()));
        System.out.println(line);
        System.out.flush();
    }

    private static long processCpuMs() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1_000_000 : -1;
    }

    private static long rssKb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
