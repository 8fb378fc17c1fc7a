package orchlab.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where warm checks spend their CPU, from a Java Flight Recorder recording of CPU samples ({@code jdk.ExecutionSample},
 * every millisecond) taken around the measured runs only (part of {@link CheckLatencyBench}, {@code --profile N}).
 * Prints the samples by thread group (the check's threads, the HTTP client's, the sim's API server...) and, over all
 * threads, by layer: a sample counts for every layer one of its frames belongs to (inclusive), so the layers overlap.
 */
final class CheckProfile implements AutoCloseable {
    /** Layers by frame class-name prefix; a sample counts once per layer. */
    private static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("fabric8 client (DSL, typed model, serialization, HTTP layers)", List.of("io.fabric8.kubernetes.client."));
        LAYERS.put("fabric8 model (GenericKubernetesResource...)", List.of("io.fabric8.kubernetes.api."));
        LAYERS.put("orchlab PlainKubeReads", List.of("orchlab.engine.sandbox.kube.PlainKubeReads"));
        LAYERS.put("JDK HttpClient", List.of("jdk.internal.net.http.", "java.net.http."));
        LAYERS.put("Jackson (all uses)", List.of("com.fasterxml.jackson."));
        LAYERS.put("TLS (sun.security.ssl)", List.of("sun.security.ssl.", "javax.net.ssl."));
        LAYERS.put("orchlab check engine + kinds", List.of("orchlab.engine.check."));
        LAYERS.put("orchlab sim (API server, store)", List.of("orchlab.sim."));
    }

    private final Recording recording;
    private final Path file;

    private CheckProfile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** Starts recording CPU samples now. */
    static CheckProfile start(Path file) {
        Recording recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
        recording.setToDisk(true);
        recording.start();
        return new CheckProfile(recording, file);
    }

    /** Stops, saves to the file and prints the breakdown ({@code checks}: how many checks ran while recording). */
    void stopAndPrint(int checks) throws IOException {
        recording.stop();
        recording.dump(file);
        List<RecordedEvent> samples = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample")).toList();
        int total = samples.size();
        System.out.printf("JFR profile of %d warm checks: %d CPU samples (1 ms period), saved to %s%n", checks, total, file);
        if (total == 0) {
            return;
        }
        Map<String, Integer> byThread = new TreeMap<>();
        for (RecordedEvent e : samples) {
            byThread.merge(threadGroup(e.getThread("sampledThread")), 1, Integer::sum);
        }
        System.out.println("  by thread:");
        byThread.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(t -> System.out.printf("    %5.1f%%  %s%n", 100.0 * t.getValue() / total, t.getKey()));
        System.out.println("  by layer (inclusive: a sample with a frame of the layer; layers overlap):");
        for (Map.Entry<String, List<String>> layer : LAYERS.entrySet()) {
            long n = samples.stream().filter(e -> anyFrame(e, name -> layer.getValue().stream().anyMatch(name::startsWith))).count();
            System.out.printf("    %5.1f%%  %s%n", 100.0 * n / total, layer.getKey());
        }
        Map<String, Integer> top = new TreeMap<>();
        for (RecordedEvent e : samples) {
            RecordedStackTrace stack = e.getStackTrace();
            if (stack != null && !stack.getFrames().isEmpty()) {
                top.merge(pkg(stack.getFrames().get(0).getMethod().getType().getName()), 1, Integer::sum);
            }
        }
        System.out.println("  by package of the running method (self), top 10:");
        top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(10)
                .forEach(t -> System.out.printf("    %5.1f%%  %s%n", 100.0 * t.getValue() / total, t.getKey()));
    }

    private static boolean anyFrame(RecordedEvent e, Predicate<String> className) {
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null) {
            return false;
        }
        for (RecordedFrame f : stack.getFrames()) {
            if (f.getMethod() != null && className.test(f.getMethod().getType().getName())) {
                return true;
            }
        }
        return false;
    }

    private static String threadGroup(RecordedThread thread) {
        String name = thread == null ? "?" : thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        if (name == null) {
            return "?";
        }
        // pool threads by pool: "orchlab-sim-api-39" -> "orchlab-sim-api-*"
        return name.replaceAll("-[0-9]+(?=(-|$))", "-*").replaceAll("@[0-9a-f]+", "");
    }

    private static String pkg(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(0, dot);
    }

    @Override
    public void close() {
        recording.close();
    }
}
