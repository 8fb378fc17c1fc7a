package orchlab.engine.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Exercise;

/**
 * Runs an exercise's checks against live state: {@code checks.run(exercise, context)} returns a
 * {@link CheckReport}.
 *
 * <p>Each check polls until it passes, until its kind says waiting cannot change the verdict
 * ({@link Convergence#isSettled()}: a field the learner wrote that the cluster has processed, Pods in
 * {@code ImagePullBackOff}, nothing left converging), or until its own timeout is over — one timeout per check, not
 * per attempt. A failing result carries the evidence its kind found (the last events of the objects involved).
 * Checks of one exercise run side by side, so ten checks waiting 10 s take 10 s, not 100.
 */
public final class CheckEngine {
    /** Pause between two attempts of a check that has not passed yet. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final CheckKinds kinds;
    private final Ticker ticker;
    private final Executor executor;

    public CheckEngine(CheckKinds kinds, Ticker ticker, Executor executor) {
        this.kinds = kinds;
        this.ticker = ticker;
        this.executor = executor;
    }

    /** Real time, checks in parallel on daemon threads. */
    public static CheckEngine create(CheckKinds kinds) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new CheckEngine(kinds, Ticker.system(), pool);
    }

    public CheckKinds kinds() {
        return kinds;
    }

    public CheckReport run(Exercise exercise, CheckContext context) throws InterruptedException {
        return run(exercise, context, RunOptions.DEFAULT, CheckListener.NONE);
    }

    public CheckReport run(Exercise exercise, CheckContext context, RunOptions options, CheckListener listener)
            throws InterruptedException {
        List<java.util.concurrent.FutureTask<CheckResult>> tasks = new ArrayList<>();
        for (CheckSpec spec : exercise.checks()) {
            java.util.concurrent.FutureTask<CheckResult> task =
                    new java.util.concurrent.FutureTask<>(() -> runOne(exercise, spec, context, options, listener));
            tasks.add(task);
            executor.execute(task);
        }
        List<CheckResult> results = new ArrayList<>();
        try {
            for (java.util.concurrent.FutureTask<CheckResult> task : tasks) {
                results.add(task.get());
            }
        } catch (InterruptedException e) {
            // the run was cancelled (the learner applied a fix while checks waited): its checks stop waiting too,
            // instead of holding the engine's threads until their timeouts
            tasks.forEach(task -> task.cancel(true));
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("check crashed", e.getCause());
        }
        return new CheckReport(exercise.id(), results);
    }

    /** The timeout a check gets: its own, else the exercise's default, capped by the run's cap. */
    public static Duration timeoutOf(Exercise exercise, CheckSpec spec, RunOptions options) {
        Duration timeout = spec.timeout().orElse(exercise.defaultTimeout());
        if (options.timeoutCap().isPresent() && options.timeoutCap().get().compareTo(timeout) < 0) {
            timeout = options.timeoutCap().get();
        }
        return timeout;
    }

    private CheckResult runOne(Exercise exercise, CheckSpec spec, CheckContext context, RunOptions options,
                               CheckListener listener) {
        listener.started(spec);
        Duration timeout = timeoutOf(exercise, spec, options);
        CheckResult result;
        if (!options.workspace() && kinds.find(spec.kind()).map(k -> k.scope() == Scope.WORKSPACE).orElse(false)) {
            result = new CheckResult.Skipped(spec.id(), spec.title(), spec.location().toString(),
                    "SKIP — no workspace: this check reads the learner's files; pass --workspace DIR to run it");
        } else {
            // prepared once, when the course loaded (CheckSpec#preparation); the engine only runs it
            Preparation preparation = spec.preparation();
            java.util.Optional<String> cluster = exercise.clusterOf(spec);
            CheckContext checked = context;
            String unavailable = null;
            if (cluster.isPresent()) {
                try {
                    // ADR 0016: the check reads its own cluster; where the sandbox cannot give the exercise its clusters,
                    // every check says so (even one reading files: the exercise cannot be done there)
                    checked = context.inCluster(cluster.get());
                } catch (CheckUnavailableException e) {
                    unavailable = e.getMessage();
                }
            }
            if (unavailable != null) {
                result = error(spec, unavailable, Duration.ZERO, Duration.ZERO);
            } else if (preparation instanceof Preparation.Ready ready) {
                result = poll(spec, ready.check(), checked, timeout, listener);
            } else {
                result = error(spec, ((Preparation.Refused) preparation).message(), Duration.ZERO, Duration.ZERO);
            }
        }
        listener.finished(result);
        return result;
    }

    private CheckResult poll(CheckSpec spec, PreparedCheck check, CheckContext context, Duration timeout,
                             CheckListener listener) {
        long start = ticker.nanos();
        Duration effectiveTimeout = check.polls() ? timeout : Duration.ZERO;
        String steadyToken = null; // the STEADY token of the previous attempts, and how many in a row saw it
        int steadyRun = 0;
        while (true) {
            Outcome outcome;
            try {
                outcome = check.attempt(context);
            } catch (CheckUnavailableException e) {
                return error(spec, e.getMessage(), elapsed(start), effectiveTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return error(spec, "check was cancelled", elapsed(start), effectiveTimeout);
            } catch (RuntimeException e) {
                return error(spec, "the check could not run: " + describe(e), elapsed(start), effectiveTimeout);
            }
            Duration waited = elapsed(start);
            if (outcome.passed() || !check.polls()) {
                return result(spec, check, context, outcome, waited, effectiveTimeout, "");
            }
            if (outcome.convergence().isSettled()) {
                // waiting cannot change the verdict: answer now, and say why
                return result(spec, check, context, outcome, waited, effectiveTimeout, outcome.convergence().why());
            }
            Convergence convergence = outcome.convergence();
            if (convergence.state() == Convergence.State.STEADY) {
                steadyRun = convergence.token().equals(steadyToken) ? steadyRun + 1 : 1;
                steadyToken = convergence.token();
                if (steadyRun >= Convergence.STEADY_ATTEMPTS) {
                    // the same wrong answer, attempt after attempt, with nothing changing behind it
                    return result(spec, check, context, outcome, waited, effectiveTimeout, convergence.why());
                }
            } else {
                steadyToken = null;
                steadyRun = 0;
            }
            if (waited.compareTo(timeout) >= 0) {
                return result(spec, check, context, outcome, waited, effectiveTimeout, "");
            }
            listener.waiting(spec, outcome, waited);
            Duration remaining = timeout.minus(waited);
            try {
                ticker.sleep(remaining.compareTo(POLL_INTERVAL) < 0 ? remaining : POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result(spec, check, context, outcome, elapsed(start), effectiveTimeout, "");
            }
        }
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    private Duration elapsed(long start) {
        return Duration.ofNanos(ticker.nanos() - start);
    }

    private static CheckResult result(CheckSpec spec, PreparedCheck check, CheckContext context, Outcome outcome,
                                      Duration waited, Duration timeout, String settled) {
        return outcome.match(
                passed -> new CheckResult.Passed(spec.id(), spec.title(), passed.location(), passed.message(), waited,
                        timeout),
                failed -> new CheckResult.Failed(spec.id(), spec.title(), failed.location(), failed.message(),
                        failed.failures(), spec.hint(), waited, timeout, settled, evidence(check, context, failed)),
                notFound -> new CheckResult.NotFound(spec.id(), spec.title(), notFound.location(), notFound.message(),
                        notFound.failures(), spec.hint(), waited, timeout, settled, evidence(check, context, notFound)));
    }

    /** What the outcome carries, else what the kind finds now (the last events of the objects involved). */
    private static List<String> evidence(PreparedCheck check, CheckContext context, Outcome outcome) {
        List<String> evidence = outcome.evidence();
        if (evidence.isEmpty()) {
            try {
                evidence = check.evidence(context, outcome);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                evidence = List.of(); // evidence is a courtesy; the verdict stands without it
            }
        }
        return evidence;
    }

    private static CheckResult error(CheckSpec spec, String message, Duration waited, Duration timeout) {
        return new CheckResult.CouldNotLook(spec.id(), spec.title(), spec.location().toString(), message, spec.hint(),
                waited, timeout);
    }

    /**
     * @param timeoutCap caps every check's wait ({@code lab check --timeout 2s}); graders and tests use a short one
     * @param workspace  whether the run has the learner's files: without them, {@link Scope#WORKSPACE} checks are
     *                   skipped and not scored
     */
    public record RunOptions(Optional<Duration> timeoutCap, boolean workspace) {
        public static final RunOptions DEFAULT = new RunOptions(Optional.empty(), true);

        public RunOptions(Optional<Duration> timeoutCap) {
            this(timeoutCap, true);
        }

        public static RunOptions capped(Duration cap) {
            return new RunOptions(Optional.of(cap), true);
        }

        /** The same run, grading live state only: workspace checks are skipped. */
        public RunOptions liveOnly() {
            return new RunOptions(timeoutCap, false);
        }
    }
}
