package orchlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import orchlab.engine.Lab;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckListener;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.LoadResult;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;

/**
 * Feedback latency: time from {@code apply} to the red result for five typical mistakes (wrong replicas, wrong label
 * selector, missing port, wrong image tag, missing Secret key) and to green for the right answer, on the simulated
 * cluster in-process, with the sim's real Pod start delay. Each scenario runs in a fresh namespace.
 *
 * <pre>
 * app/bench/run FeedbackBench                          # podStartDelay 2s (the sim's default)
 * app/bench/run FeedbackBench --pod-start-delay 500ms
 * </pre>
 *
 * <p>Times run from the moment the apply has returned (the learner presses Check): "first red" is when the first
 * failing check finished (what the learner sees first), "report" when the last check finished. Prints numbers,
 * asserts nothing.
 */
public final class FeedbackBench {
    private static final int ROUNDS = 3;
    private static boolean verbose;

    private FeedbackBench() {
    }

    public static void main(String[] args) throws Exception {
        String delay = "2s";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--pod-start-delay")) {
                delay = args[++i];
            } else if (args[i].equals("--verbose")) {
                verbose = true;
            }
        }
        Path work = Files.createTempDirectory("orchlab-feedback-bench");
        Path pack = BenchPack.unpack(work.resolve("pack"));
        Lab lab = Lab.standard();
        LoadResult loaded = lab.loadCourse(pack);
        if (!loaded.ok()) {
            loaded.problems().forEach(p -> System.err.println(p.format()));
            throw new IllegalStateException("bench pack does not load");
        }
        Exercise exercise = loaded.course().orElseThrow().exercise("feedback").orElseThrow();
        SandboxOptions options = SandboxOptions.defaults(work.resolve("state")).with("podStartDelay", delay);
        try (Sandbox sandbox = lab.providers().find("sim").orElseThrow().open(options, ProgressListener.NONE)) {
            System.out.println("sandbox: " + sandbox.description() + ", podStartDelay " + delay + ", check timeout "
                    + exercise.defaultTimeout().toSeconds() + " s, medians of " + ROUNDS + " rounds");
            System.out.printf("%-22s %-6s %12s %12s  %s%n", "ANSWER", "RESULT", "FIRST RED", "REPORT", "WHAT THE LEARNER SEES FIRST");
            Map<String, Path> answers = new LinkedHashMap<>();
            for (String mistake : BenchPack.MISTAKES) {
                answers.put("wrong/" + mistake, exercise.dir().resolve("wrong").resolve(mistake));
            }
            answers.put("solution", exercise.solutionDir());
            int round = 0;
            for (Map.Entry<String, Path> answer : answers.entrySet()) {
                List<Long> firstRed = new ArrayList<>();
                List<Long> total = new ArrayList<>();
                Run last = null;
                for (int r = 0; r < ROUNDS; r++) {
                    last = run(lab, exercise, sandbox, "fb-" + (++round) + "-" + Long.toHexString(System.nanoTime() & 0xfff),
                            staged(answer.getValue(), work.resolve("staged-" + round)));
                    if (last.firstRedNanos > 0) {
                        firstRed.add(last.firstRedNanos);
                    }
                    total.add(last.totalNanos);
                }
                System.out.printf("%-22s %-6s %12s %12s  %s%n", answer.getKey(), last.report.passed() ? "green" : "red",
                        firstRed.isEmpty() ? "-" : ms(median(firstRed)), ms(median(total)), last.first);
            }
        }
    }

    private record Run(CheckReport report, long firstRedNanos, long totalNanos, String first) {
    }

    private static Run run(Lab lab, Exercise exercise, Sandbox sandbox, String ns, Path files) throws Exception {
        lab.start(exercise, sandbox, ns, ProgressListener.NONE);
        AtomicLong firstRed = new AtomicLong();
        StringBuilder first = new StringBuilder();
        var applied = lab.apply(exercise, sandbox, ns, files, ProgressListener.NONE);
        if (!applied.ok()) {
            throw new IllegalStateException("cannot apply " + files + ": " + applied.errors());
        }
        long start = System.nanoTime(); // kubectl apply has returned: the learner presses Check
        CheckReport report = lab.check(exercise, sandbox, ns, files, CheckEngine.RunOptions.DEFAULT, new CheckListener() {
            @Override
            public synchronized void finished(CheckResult result) {
                if (!(result instanceof CheckResult.Passed) && firstRed.get() == 0) {
                    firstRed.set(System.nanoTime() - start);
                    first.append(result.id()).append(": ").append(result.failures().isEmpty() ? result.message()
                            : result.failures().get(0).describe());
                }
            }
        });
        long total = System.nanoTime() - start;
        if (verbose) {
            System.out.print(orchlab.engine.report.ReportWriter.text(report));
        }
        lab.reset(exercise, sandbox, ns, ProgressListener.NONE);
        if (report.passed()) {
            first.append("all ").append(report.checks().size()).append(" checks pass");
        } else {
            report.checks().stream().filter(c -> !(c instanceof CheckResult.Passed)).forEach(c -> first.append(" | ").append(c.id()).append(" ")
                    .append(c.waitedText()).append(c.settled().isEmpty() ? " (timeout)" : ""));
        }
        return new Run(report, firstRed.get(), total, first.toString());
    }

    /** The answer's files without {@code expect.yaml} (never applied). */
    private static Path staged(Path dir, Path target) throws IOException {
        Files.createDirectories(target);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("expect.yaml")) {
                    Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    private static String ms(double nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
