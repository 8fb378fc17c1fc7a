package orchlab.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckListener;
import orchlab.engine.check.CheckReport;
import orchlab.engine.course.Exercise;
import orchlab.engine.sandbox.Sandbox;

/**
 * One grader: (exercises, targets) → reports. Each target is an exercise, the sandbox and namespace holding a
 * learner's live state, and optionally their workspace (without one, workspace checks are skipped and not scored).
 * Targets are graded concurrently on a bounded pool — a class of thirty namespaces does not open thirty threads of
 * thirty checks each — and reports come back in the targets' order. {@code lab check} grades one target; classroom
 * grading many.
 */
public final class Grader {
    private final Lab lab;
    private final int parallelism;

    /** @param parallelism how many targets are graded at the same time (at least 1) */
    public Grader(Lab lab, int parallelism) {
        this.lab = lab;
        this.parallelism = Math.max(1, parallelism);
    }

    /** What to grade: an exercise against one learner's live state, and their files if there are any. */
    public record Target(Exercise exercise, Sandbox sandbox, String namespace, Optional<Path> workspace) {
    }

    public List<CheckReport> grade(List<Target> targets, CheckEngine.RunOptions options) throws InterruptedException {
        if (targets.size() == 1) {
            return List.of(gradeOne(targets.get(0), options));
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, targets.size())), r -> {
            Thread t = new Thread(r, "grade-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CheckReport>> futures = new ArrayList<>();
            for (Target target : targets) {
                futures.add(pool.submit(() -> gradeOne(target, options)));
            }
            List<CheckReport> reports = new ArrayList<>();
            for (Future<CheckReport> future : futures) {
                try {
                    reports.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("grading crashed", e.getCause());
                }
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    private CheckReport gradeOne(Target target, CheckEngine.RunOptions options) throws InterruptedException {
        CheckEngine.RunOptions run = target.workspace().isPresent() ? options : options.liveOnly();
        Path files = target.workspace().orElse(target.exercise().dir());
        return lab.check(target.exercise(), target.sandbox(), target.namespace(), files, run, CheckListener.NONE);
    }
}
