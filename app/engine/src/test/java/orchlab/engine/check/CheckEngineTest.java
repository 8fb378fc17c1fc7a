package orchlab.engine.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.testing.ManualTicker;
import orchlab.engine.testing.TestExercises;
import org.junit.jupiter.api.Test;

class CheckEngineTest {
    private final ManualTicker ticker = new ManualTicker();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger preparations = new AtomicInteger();

    /** A check kind whose answer is scripted: passes from attempt {@code passFrom} on (0 = never). */
    private final class Scripted implements CheckKind {
        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String summary() {
            return "test";
        }

        @Override
        public Set<String> keys() {
            return Set.of("passFrom", "static", "unavailable", "settledAt", "steady");
        }

        @Override
        public SandboxKind needs() {
            return null;
        }

        @Override
        public PreparedCheck prepare(CheckSpec spec, Problems problems) {
            preparations.incrementAndGet();
            int passFrom = spec.get("passFrom").asInt(0);
            boolean isStatic = spec.get("static").asBoolean(false);
            boolean unavailable = spec.get("unavailable").asBoolean(false);
            int settledAt = spec.get("settledAt").asInt(0);
            // steady: "a,a,b": the STEADY token of attempt 1, 2, 3..., cycling
            List<String> steady = spec.get("steady").isMissingNode() ? List.of() : List.of(spec.get("steady").asText().split(","));
            return new PreparedCheck() {
                @Override
                public Outcome attempt(CheckContext context) throws CheckUnavailableException {
                    int n = attempts.incrementAndGet();
                    if (unavailable) {
                        throw new CheckUnavailableException("cannot reach the Kubernetes API");
                    }
                    if (passFrom > 0 && n >= passFrom) {
                        return Outcome.pass("here", "ok");
                    }
                    Outcome failed = Outcome.fail("here", "not yet", List.of(FieldFailure.different("spec.replicas", "3", "2")));
                    if (!steady.isEmpty()) {
                        return failed.with(Convergence.steady(steady.get((n - 1) % steady.size()), "the same answer again"));
                    }
                    return settledAt > 0 && n >= settledAt ? failed.with(Convergence.settled("nothing is changing"))
                            : failed.with(Convergence.converging("pods are starting"));
                }

                @Override
                public List<String> evidence(CheckContext context, Outcome outcome) {
                    return List.of("Pod web-1: BackOff — Back-off pulling image");
                }

                @Override
                public boolean polls() {
                    return !isStatic;
                }
            };
        }
    }

    /** The kinds these tests use; each test's checks are prepared with them, as the course loader would. */
    private CheckKinds kinds() {
        return new CheckKinds(List.of(new Scripted(), new orchlab.engine.check.kinds.FileCheckKind()));
    }

    private CheckEngine engine() {
        return new CheckEngine(new CheckKinds(List.of(new Scripted())), ticker, Runnable::run);
    }

    private static CheckContext context(Exercise exercise) {
        return new CheckContext(exercise, exercise.namespace(), Path.of("."), Optional.empty(), Optional.empty());
    }

    @Test
    void pollsUntilTheCheckPasses() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, passFrom: 3, timeout: 10s}");

        CheckResult result = engine().run(exercise, context(exercise)).checks().get(0);

        assertThat(result).isInstanceOf(CheckResult.Passed.class);
        assertThat(attempts).hasValue(3);
        assertThat(result.waited()).isEqualTo(CheckEngine.POLL_INTERVAL.multipliedBy(2));
    }

    @Test
    void givesUpWhenItsOwnTimeoutIsOverAndReportsHowLongItWaited() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, timeout: 3s, hint: try harder}");

        CheckResult result = engine().run(exercise, context(exercise)).checks().get(0);

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.waited()).isEqualTo(Duration.ofSeconds(3));
        assertThat(result.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(result.waitedText()).isEqualTo("waited 3 s of 3 s");
        assertThat(result.failures()).extracting(FieldFailure::describe).containsExactly("spec.replicas: expected 3, found 2");
        assertThat(result.hint()).isEqualTo("try harder");
    }

    @Test
    void stopsWaitingAtTheFirstAttemptItsKindSaysIsSettledAndSaysWhy() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, settledAt: 3, timeout: 30s}");

        CheckResult result = engine().run(exercise, context(exercise)).checks().get(0);

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(attempts).hasValue(3);
        assertThat(result.waited()).isEqualTo(CheckEngine.POLL_INTERVAL.multipliedBy(2));
        assertThat(result.settled()).isEqualTo("nothing is changing");
    }

    @Test
    void aSteadyAnswerIsFinalOnceItRepeatsOnThreeAttemptsInARow() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, steady: 'a,a,b,b,b', timeout: 30s}");

        CheckResult result = engine().run(exercise, context(exercise)).checks().get(0);

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(attempts).hasValue(5); // a, a, then b three times: a changed answer starts the count again
        assertThat(result.settled()).isEqualTo("the same answer again");
    }

    @Test
    void anAnswerThatKeepsChangingIsNeverSteadyAndWaitsItsTimeout() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, steady: 'a,b', timeout: 5s}");

        CheckResult result = engine().run(exercise, context(exercise)).checks().get(0);

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.settled()).isEmpty();
        assertThat(result.waited()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aFailureThatRanOutOfTimeSaysNoSettledReasonButCarriesItsEvidence() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, timeout: 2s}");

        CheckResult result = engine().run(exercise, context(exercise)).checks().get(0);

        assertThat(result.settled()).isEmpty();
        assertThat(result.evidence()).containsExactly("Pod web-1: BackOff — Back-off pulling image");
    }

    @Test
    void aPassingCheckCarriesNoEvidence() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, passFrom: 1}");

        CheckResult result = engine().run(exercise, context(exercise)).checks().get(0);

        assertThat(result.evidence()).isEmpty();
    }

    @Test
    void withoutAWorkspaceSkipsWorkspaceChecksAndScoresOnlyLiveOnes() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", """
                - {id: live, title: Live, kind: scripted, passFrom: 1}
                - {id: files, title: Files, kind: file, path: deployment.yaml}
                """);
        CheckEngine engine = new CheckEngine(new CheckKinds(List.of(new Scripted(), new orchlab.engine.check.kinds.FileCheckKind())),
                ticker, Runnable::run);

        CheckReport report = engine.run(exercise, context(exercise), CheckEngine.RunOptions.DEFAULT.liveOnly(), CheckListener.NONE);

        assertThat(report.checks()).hasExactlyElementsOfTypes(CheckResult.Passed.class, CheckResult.Skipped.class);
        assertThat(report.checks().get(1).message()).startsWith("SKIP — no workspace");
        assertThat(report.score()).hasToString("1/1");
        assertThat(report.passed()).isTrue();
    }

    @Test
    void withAWorkspaceRunsWorkspaceChecks() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: files, title: Files, kind: file, path: deployment.yaml}");
        CheckEngine engine = new CheckEngine(new CheckKinds(List.of(new orchlab.engine.check.kinds.FileCheckKind())), ticker, Runnable::run);

        CheckReport report = engine.run(exercise, context(exercise), CheckEngine.RunOptions.DEFAULT, CheckListener.NONE);

        assertThat(report.checks().get(0)).isInstanceOf(CheckResult.NotFound.class);
    }

    @Test
    void usesTheExerciseDefaultTimeoutWhenTheCheckHasNone() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted}", Duration.ofSeconds(4));

        CheckResult result = engine().run(exercise, context(exercise)).checks().get(0);

        assertThat(result.waited()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void capsEveryCheckWaitWithTheRunTimeout() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, timeout: 60s}");

        CheckResult result = engine().run(exercise, context(exercise), CheckEngine.RunOptions.capped(Duration.ofMillis(1200)),
                CheckListener.NONE).checks().get(0);

        assertThat(result.waited()).isEqualTo(Duration.ofMillis(1200));
        assertThat(attempts).hasValue(4);
    }

    @Test
    void runsStaticChecksOnceWithoutWaiting() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, static: true, timeout: 30s}");

        CheckResult result = engine().run(exercise, context(exercise)).checks().get(0);

        assertThat(attempts).hasValue(1);
        assertThat(result.waited()).isZero();
        assertThat(result.waitedText()).isEmpty();
    }

    @Test
    void reportsAnUnreachableSandboxAsAnErrorNotAFailure() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, unavailable: true}");

        CheckReport report = engine().run(exercise, context(exercise));

        assertThat(report.checks().get(0)).isInstanceOf(CheckResult.CouldNotLook.class);
        assertThat(report.checks().get(0).message()).contains("cannot reach the Kubernetes API");
        assertThat(report.hasErrors()).isTrue();
        assertThat(attempts).hasValue(1);
    }

    @Test
    void runsWhatWasPreparedWhenTheExerciseLoadedAndNeverPreparesAgain() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, passFrom: 1}");
        CheckEngine engine = engine();

        engine.run(exercise, context(exercise));
        engine.run(exercise, context(exercise));

        assertThat(exercise.checks().get(0).preparation()).isInstanceOf(Preparation.Ready.class);
        assertThat(preparations).hasValue(1);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aCheckWhoseSettingsWereRefusedIsAnErrorNamingTheFirstProblem() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: f, title: F, kind: file}");

        CheckResult result = engine().run(exercise, context(exercise)).checks().get(0);

        assertThat(exercise.checks().get(0).preparation()).isInstanceOf(Preparation.Refused.class);
        assertThat(result).isInstanceOf(CheckResult.CouldNotLook.class);
        assertThat(result.message()).isEqualTo("exercises/ex/exercise.yaml:2:5: error: file check needs 'path' — add 'path: ...'");
    }

    @Test
    void reportsAnUnknownKindAsAnErrorAtItsLine() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: nope}");

        CheckResult result = engine().run(exercise, context(exercise)).checks().get(0);

        assertThat(result).isInstanceOf(CheckResult.CouldNotLook.class);
        assertThat(result.message()).contains("unknown check kind 'nope'").contains("exercise.yaml:2");
    }

    @Test
    void scoresPassedChecksOutOfAll() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", """
                - {id: a, title: A, kind: scripted, passFrom: 1}
                - {id: b, title: B, kind: scripted, static: true}
                """);

        CheckReport report = engine().run(exercise, context(exercise));

        assertThat(report.score()).isEqualTo(new CheckReport.Score(1, 2));
        assertThat(report.passed()).isFalse();
    }

    @Test
    void tellsTheListenerAboutEachCheck() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, passFrom: 2}");
        StringBuilder events = new StringBuilder();

        engine().run(exercise, context(exercise), CheckEngine.RunOptions.DEFAULT, new CheckListener() {
            @Override
            public void started(CheckSpec check) {
                events.append("started ").append(check.id()).append(';');
            }

            @Override
            public void waiting(CheckSpec check, Outcome latest, Duration waited) {
                events.append("waiting ").append(latest.message()).append(';');
            }

            @Override
            public void finished(CheckResult result) {
                events.append("finished ").append(result.getClass().getSimpleName()).append(';');
            }
        });

        assertThat(events).hasToString("started a;waiting not yet;finished Passed;");
    }

    @Test
    void interruptingARunStopsItsWaitingChecksInsteadOfLeavingThemToTheirTimeouts() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds(), "ex", "- {id: a, title: A, kind: scripted, passFrom: 0}");
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        // a check that would wait for its whole timeout: its sleep returns only when interrupted
        Ticker untilInterrupted = new Ticker() {
            @Override
            public long nanos() {
                return 0;
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                waiting.countDown();
                new java.util.concurrent.CountDownLatch(1).await();
            }
        };
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            CheckEngine engine = new CheckEngine(new CheckKinds(List.of(new Scripted())), untilInterrupted, pool);
            java.util.concurrent.CompletableFuture<CheckResult> finished = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
            Thread run = new Thread(() -> {
                try {
                    engine.run(exercise, context(exercise), CheckEngine.RunOptions.DEFAULT, new CheckListener() {
                        @Override
                        public void finished(CheckResult result) {
                            finished.complete(result);
                        }
                    });
                } catch (InterruptedException | RuntimeException e) {
                    thrown.set(e);
                }
            });
            run.start();
            waiting.await();

            run.interrupt();
            run.join();

            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            // the engine's thread is free again: the check stopped waiting and finished (with what it saw last)
            assertThat(finished.get(30, java.util.concurrent.TimeUnit.SECONDS).id()).isEqualTo("a");
        } finally {
            pool.shutdownNow();
        }
    }
}
