package orchlab.desktop.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import orchlab.desktop.sandbox.SandboxService;
import orchlab.engine.Lab;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckListener;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.Outcome;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.exercise.ExerciseDriver;
import orchlab.engine.kind.ExerciseKind;
import orchlab.engine.exercise.ExerciseDriver.ApplyResult;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.workspace.Workspaces;

/**
 * The exercise panel: the learner's workspace files, Apply (Build &amp; Run for Docker exercises), Check
 * with one row per check, Hint one at a time, Solution as a diff, Reset. Engine calls run on the
 * background executor; properties change on the FX executor only.
 */
public final class ExerciseViewModel {

    /** What the rest of the app wants to know about (progress, the navigator's marks). */
    public interface Events {
        default void opened(Exercise exercise) {
        }

        default void checked(Exercise exercise, CheckReport report) {
        }

        default void reset(Exercise exercise) {
        }

        /** The learner switched to another file's tab (remembered for the next start). */
        default void fileSelected(Exercise exercise, String file) {
        }
    }

    private final Lab lab;
    private final SandboxService sandboxes;
    private final Workspaces workspaces;
    private final Executor fx;
    private final Executor background;
    private final Events events;

    private final ObjectProperty<Exercise> exercise = new SimpleObjectProperty<>();
    private final ObservableList<String> files = FXCollections.observableArrayList();
    private final ObservableList<CheckRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> shownHints = FXCollections.observableArrayList();
    private final IntegerProperty hintsLeft = new SimpleIntegerProperty();
    private final StringProperty score = new SimpleStringProperty("");
    private final BooleanProperty passed = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty busyText = new SimpleStringProperty("");
    private final DoubleProperty busyProgress = new SimpleDoubleProperty(-1);
    private final ObservableList<ExerciseDriver.Step> steps = FXCollections.observableArrayList();
    private final java.util.ArrayDeque<String> outputLines = new java.util.ArrayDeque<>();
    private volatile java.util.concurrent.FutureTask<?> currentTask;
    /** The check in progress (interrupted when an Apply supersedes it), and which run the rows belong to (FX thread). */
    private volatile java.util.concurrent.Future<?> checkTask;
    private volatile int checkRun;
    private final BooleanProperty checking = new SimpleBooleanProperty();
    private final BooleanProperty wholeWorkspace = new SimpleBooleanProperty();
    private final StringProperty applyLabel = new SimpleStringProperty("Apply");
    private final BooleanProperty applies = new SimpleBooleanProperty(true);
    private final BooleanProperty answersForm = new SimpleBooleanProperty();
    private final orchlab.desktop.quiz.QuizViewModel quiz = new orchlab.desktop.quiz.QuizViewModel();
    private final BooleanProperty prepared = new SimpleBooleanProperty();
    private final StringProperty output = new SimpleStringProperty("");
    private final ObjectProperty<Notice> notice = new SimpleObjectProperty<>();

    private Course course;
    private Path workspace;
    private Optional<String> lastFile = Optional.empty();
    private volatile CheckEngine.RunOptions runOptions = CheckEngine.RunOptions.DEFAULT;
    private CompletableFuture<Void> preparing = CompletableFuture.completedFuture(null);
    private volatile ClusterScopedConsent consent = ClusterScopedConsent.declineAll();
    private volatile java.util.function.BiConsumer<String, List<orchlab.engine.exercise.PackReach.ClusterObject>> refusals =
            (namespace, objects) -> { };

    public ExerciseViewModel(Lab lab, SandboxService sandboxes, Workspaces workspaces, Executor fx, Executor background,
                             Events events) {
        this.lab = lab;
        this.sandboxes = sandboxes;
        this.workspaces = workspaces;
        this.fx = fx;
        this.background = background;
        this.events = events;
    }

    /**
     * Opens an exercise: its workspace (created from the starter the first time), its check rows (the
     * last results when given), and — in the background — its sandbox (namespace, setup objects).
     *
     * @return completes when the sandbox is prepared (or failed to be, with a notice)
     */
    public CompletableFuture<Void> open(Course newCourse, Exercise newExercise, Optional<CheckReport> lastReport) {
        return open(newCourse, newExercise, lastReport, Optional.empty());
    }

    /** Like {@link #open(Course, Exercise, Optional)}, selecting the file the learner had open last time. */
    public CompletableFuture<Void> open(Course newCourse, Exercise newExercise, Optional<CheckReport> lastReport,
                                        Optional<String> lastFile) {
        this.course = newCourse;
        this.lastFile = lastFile;
        exercise.set(newExercise);
        ExerciseKind kind = newExercise.kind();
        wholeWorkspace.set(kind.appliesWorkspace());
        applies.set(!kind.steps().isEmpty());
        answersForm.set(kind.workspace() == ExerciseKind.Workspace.ANSWERS_FORM);
        applyLabel.set(String.join(" & ", kind.steps().stream().map(ExerciseKind.StepLabel::label).toList()));
        steps.setAll(lab.steps(newExercise));
        outputLines.clear();
        prepared.set(false);
        // a check of the exercise before still running reports to nobody: its rows and banner are not this one's
        abandonCheck();
        shownHints.clear();
        hintsLeft.set(newExercise.hints().size());
        output.set("");
        outputLines.clear();
        notice.set(null);
        try {
            workspace = workspaces.open(newCourse, newExercise);
            files.setAll(Workspaces.files(workspace).stream().map(p -> p.toString().replace('\\', '/')).toList());
        } catch (IOException e) {
            workspace = null;
            files.clear();
            notice.set(Notice.error("Your files for " + newExercise.id() + " could not be created in "
                    + workspaces.dirOf(newCourse, newExercise) + ": " + e.getMessage()));
        }
        showRows(newExercise, lastReport);
        if (answersForm.get() && workspace != null) {
            quiz.open(newExercise, workspace);
            lastReport.ifPresent(quiz::show);
        }
        events.opened(newExercise);
        preparing = prepare(newExercise);
        return preparing;
    }

    /**
     * Shows no exercise (another course is open and has none to show yet): files, rows, hints, output and banner
     * of the one before are cleared.
     */
    public void close() {
        exercise.set(null);
        files.clear();
        workspace = null;
        lastFile = Optional.empty();
        rows.clear();
        shownHints.clear();
        hintsLeft.set(0);
        steps.clear();
        score.set("");
        passed.set(false);
        abandonCheck();
        prepared.set(false);
        answersForm.set(false);
        outputLines.clear();
        output.set("");
        notice.set(null);
    }

    /**
     * The sandbox under the open exercise was replaced (another one chosen in Settings, or restarted): the check
     * results and output were about the old one, so they go, and the exercise is prepared in the new one.
     */
    public CompletableFuture<Void> sandboxChanged() {
        Exercise ex = exercise.get();
        if (ex == null) {
            return CompletableFuture.completedFuture(null);
        }
        rows.setAll(ex.checks().stream().map(CheckRow::notChecked).toList());
        score.set("");
        passed.set(false);
        outputLines.clear();
        output.set("");
        prepared.set(false);
        notice.set(Notice.info("The sandbox changed: apply your files again, then Check."));
        preparing = prepare(ex);
        return preparing;
    }

    private void showRows(Exercise ex, Optional<CheckReport> lastReport) {
        List<CheckRow> initial = new ArrayList<>();
        for (CheckSpec spec : ex.checks()) {
            Optional<CheckResult> last = lastReport.flatMap(r -> r.checks().stream().filter(c -> c.id().equals(spec.id())).findFirst());
            initial.add(last.map(CheckRow::of).orElse(CheckRow.notChecked(spec)));
        }
        rows.setAll(initial);
        if (lastReport.isPresent()) {
            showScore(lastReport.get());
        } else {
            score.set("");
            passed.set(false);
        }
    }

    private CompletableFuture<Void> prepare(Exercise ex) {
        // the toolbar says what happens in a word or two: the exercise is the one open (its id was cut to "Preparing why-cont..." at 1024x768)
        return run("Preparing", () -> {
            Sandbox sandbox = sandboxFor(ex);
            start(ex, sandbox, progress());
            return null;
        }).handle((ignored, error) -> {
            fx.execute(() -> {
                if (current(ex)) {
                    prepared.set(error == null);
                    if (declined(error)) {
                        notice.set(Notice.warning(reason(error)));
                    } else if (error != null) {
                        notice.set(Notice.error("The sandbox could not be prepared for this exercise: " + reason(error)));
                    }
                }
            });
            return null;
        });
    }

    /**
     * The file to show first: the one the learner had open, else the Dockerfile of a Docker exercise or the
     * first manifest, never a hidden file when another exists.
     */
    public Optional<String> preferredFile() {
        if (lastFile.isPresent() && files.contains(lastFile.get())) {
            return lastFile;
        }
        Optional<String> dockerfile = files.stream().filter(f -> f.endsWith("Dockerfile")).findFirst();
        if (wholeWorkspace.get() && dockerfile.isPresent()) {
            return dockerfile;
        }
        return files.stream().filter(f -> f.endsWith(".yaml") || f.endsWith(".yml")).findFirst()
                .or(() -> files.stream().filter(f -> !f.startsWith(".") && !f.contains("/.")).findFirst())
                .or(() -> files.stream().findFirst());
    }

    /** The learner looks at another file now. */
    public void selectFile(String file) {
        Exercise ex = exercise.get();
        if (ex != null && files.contains(file)) {
            lastFile = Optional.of(file);
            events.fileSelected(ex, file);
        }
    }

    /** The text of a workspace file. */
    public String read(String file) throws IOException {
        return Files.readString(fileOf(file));
    }

    /** Saves a workspace file (atomically: a crash never leaves half a file). */
    public void save(String file, String text) throws IOException {
        Workspaces.writeAtomically(fileOf(file), text);
    }

    /**
     * Saves the file and applies it to the sandbox: the file itself for Kubernetes exercises
     * (server-side apply), the exercise's build and run recipe on the whole workspace for Docker ones.
     */
    public CompletableFuture<ApplyResult> apply(String file, String text) {
        Exercise ex = exercise.get();
        try {
            save(file, text);
        } catch (IOException e) {
            notice.set(Notice.error(file + " could not be saved: " + e.getMessage()));
            return CompletableFuture.failedFuture(e);
        }
        Path target = ex.kind().appliesWorkspace() ? workspace : fileOf(file);
        String what = ex.kind().applying(file);
        CompletableFuture<Void> ready = preparing;
        // a check still waiting was looking at the state before this Apply: it stops, and checks again once the
        // Apply is in, so every row is about what the learner has just applied (not half before, half after)
        boolean checkAgain = stopCheck(ex);
        return run(what, () -> {
            awaitQuietly(ready);
            Sandbox sandbox = sandboxFor(ex);
            start(ex, sandbox, ProgressListener.NONE);
            return lab.apply(ex, sandbox, ex.namespace(), target, progress());
        }).whenComplete((result, error) -> fx.execute(() -> {
            showApplied(ex, what, ex.kind().applied(file), result, error);
            if (checkAgain && current(ex)) {
                if (error == null && result.ok()) {
                    check();
                } else {
                    // nothing new to look at: the banner says why the Apply was refused
                    rows.setAll(ex.checks().stream().map(CheckRow::notChecked).toList());
                }
            }
        }));
    }

    /** The check in progress, if any, stops and reports to nobody. */
    private void abandonCheck() {
        checkRun++;
        checking.set(false);
        java.util.concurrent.Future<?> task = checkTask;
        checkTask = null;
        if (task != null) {
            task.cancel(true);
        }
    }

    /**
     * Stops the check in progress, if any: its rows are shown as waiting for the Apply, and what it still reports goes
     * to nobody. The engine's checks stop waiting (their thread is interrupted).
     *
     * @return whether a check was running
     */
    private boolean stopCheck(Exercise ex) {
        if (!checking.get()) {
            return false;
        }
        abandonCheck();
        rows.setAll(ex.checks().stream().map(spec -> CheckRow.running(spec, "checks again when your Apply is in…")).toList());
        return true;
    }

    /**
     * One step of a Docker exercise on the whole workspace: Build (the image, log lines streamed to the output
     * with the build's real progress) or Run (the container, replacing the one of the same name). Cancellable.
     */
    public CompletableFuture<ApplyResult> applyStep(ExerciseDriver.Step step) {
        return applyStep(step, "");
    }

    /**
     * One step done with an option chosen among {@link #choices} (Helm's Rollback to a revision); Lint and Rollback
     * of a Helm exercise go here too, with their lines (lint findings with chart file and line) in Output.
     */
    public CompletableFuture<ApplyResult> applyStep(ExerciseDriver.Step step, String choice) {
        Exercise ex = exercise.get();
        String what = switch (step) {
            case BUILD -> "Building";
            case RUN -> "Starting";
            case LINT -> "Linting";
            case ROLLBACK -> "Rolling back";
        };
        CompletableFuture<Void> ready = preparing;
        appendOutput("— " + step.name().toLowerCase(java.util.Locale.ROOT) + (choice.isEmpty() ? "" : " " + choice) + " —");
        return run(what, () -> {
            awaitQuietly(ready);
            Sandbox sandbox = sandboxFor(ex);
            return lab.apply(ex, sandbox, ex.namespace(), workspace, step, choice, (fraction, message) -> fx.execute(() -> {
                busyProgress.set(fraction);
                busyText.set(message);
                appendOutput(message);
            }));
        }).whenComplete((result, error) -> fx.execute(() -> showApplied(ex, what, "", result, error)));
    }

    /** The options of a step that needs one (the revisions Rollback can go back to, newest first), read in the background. */
    public CompletableFuture<List<ExerciseDriver.StepChoice>> choices(ExerciseDriver.Step step) {
        Exercise ex = exercise.get();
        CompletableFuture<Void> ready = preparing;
        return CompletableFuture.supplyAsync(() -> {
            try {
                awaitQuietly(ready);
                return lab.choices(ex, sandboxFor(ex), ex.namespace(), step);
            } catch (SandboxException | InterruptedException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, background);
    }

    /** What Apply, Build or Run did: its lines in Output, and a notice (done, the located errors, or cancelled). */
    private void showApplied(Exercise ex, String what, String successPrefix, ApplyResult result, Throwable error) {
        if (!current(ex)) {
            return;
        }
        if (error != null) {
            boolean cancelled = error instanceof java.util.concurrent.CancellationException
                    || error.getCause() instanceof java.util.concurrent.CancellationException;
            notice.set(cancelled ? Notice.warning(what + " was cancelled.") : Notice.error(what + " failed: " + reason(error)));
            appendOutput("error: " + reason(error));
            return;
        }
        result.lines().forEach(this::appendOutput);
        result.errors().forEach(line -> appendOutput("error: " + line));
        notice.set(result.ok() ? Notice.success(successPrefix + String.join("; ", result.lines()))
                : Notice.error(String.join("\n", result.errors())));
        List<orchlab.engine.exercise.PackReach.ClusterObject> refused = result.errors().stream()
                .flatMap(e -> orchlab.engine.exercise.PackReach.refusedInOwnFile(e).stream()).toList();
        if (!refused.isEmpty()) {
            refusals.accept(ex.namespace(), refused);
        }
    }

    /** Stops the Build (or other long step) in progress: its thread is interrupted, the engine cancels the build. */
    public void cancel() {
        java.util.concurrent.FutureTask<?> task = currentTask;
        if (task != null) {
            task.cancel(true);
        }
    }

    /** Runs every check of the exercise; rows turn green or red as each check finishes. */
    public CompletableFuture<CheckReport> check() {
        Exercise ex = exercise.get();
        if (answersForm.get()) {
            try {
                quiz.save();
            } catch (IOException e) {
                notice.set(Notice.error("Your answers could not be saved: " + e.getMessage()));
                return CompletableFuture.failedFuture(e);
            }
        }
        checking.set(true);
        notice.set(null);
        int run = ++checkRun;
        rows.setAll(ex.checks().stream().map(spec -> CheckRow.running(spec, "checking…")).toList());
        CheckListener listener = new CheckListener() {
            @Override
            public void waiting(CheckSpec check, Outcome latest, Duration waited) {
                CheckRow row = CheckRow.waiting(check, latest.location(), latest.message(), latest.failures(), waited.toSeconds());
                fx.execute(() -> replaceRow(ex, run, check.id(), row));
            }

            @Override
            public void finished(CheckResult result) {
                fx.execute(() -> replaceRow(ex, run, result.id(), CheckRow.of(result)));
            }
        };
        CompletableFuture<CheckReport> checked = new CompletableFuture<>();
        Path files = workspace;
        java.util.concurrent.FutureTask<Void> task = new java.util.concurrent.FutureTask<>(() -> {
            try {
                Sandbox sandbox = sandboxFor(ex);
                checked.complete(lab.check(ex, sandbox, ex.namespace(), files, runOptions, listener));
            } catch (InterruptedException e) {
                checked.completeExceptionally(new java.util.concurrent.CancellationException("Check stopped"));
            } catch (Exception | Error e) {
                checked.completeExceptionally(e);
            }
            return null;
        }) {
            @Override
            protected void done() {
                if (isCancelled()) {
                    checked.completeExceptionally(new java.util.concurrent.CancellationException("Check stopped"));
                }
            }
        };
        checkTask = task;
        background.execute(task);
        return checked.whenComplete((report, error) -> fx.execute(() -> {
            if (!current(ex) || run != checkRun) {
                // another exercise is open, or an Apply stopped this check to run it again: its results are not shown
                return;
            }
            checking.set(false);
            if (error != null) {
                rows.setAll(ex.checks().stream().map(CheckRow::notChecked).toList());
                notice.set(Notice.error("Check could not look at the sandbox: " + reason(error)));
                return;
            }
            rows.setAll(report.checks().stream().map(CheckRow::of).toList());
            if (answersForm.get()) {
                quiz.show(report);
            }
            showScore(report);
            if (report.passed()) {
                notice.set(Notice.success("All " + report.checks().size() + " checks passed — exercise done."));
            } else if (report.hasErrors()) {
                notice.set(Notice.warning("Some checks could not look at the sandbox; see the rows marked ERROR."));
            }
            events.checked(ex, report);
        }));
    }

    private void replaceRow(Exercise ex, int run, String id, CheckRow row) {
        if (!current(ex) || run != checkRun) {
            return;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id().equals(id)) {
                rows.set(i, row);
                return;
            }
        }
    }

    private void showScore(CheckReport report) {
        CheckReport.Score s = report.score();
        score.set(s.passed() + " of " + s.total() + " checks passed");
        passed.set(report.passed());
    }

    /** Shows the next hint, one at a time; empty when all are shown. */
    public Optional<String> nextHint() {
        Exercise ex = exercise.get();
        if (ex == null || shownHints.size() >= ex.hints().size()) {
            return Optional.empty();
        }
        String hint = ex.hints().get(shownHints.size());
        shownHints.add(hint);
        hintsLeft.set(ex.hints().size() - shownHints.size());
        return Optional.of(hint);
    }

    /** The reference solution of a workspace file, next to the learner's text, for the diff. */
    public Optional<SolutionFile> solution(String file) throws IOException {
        Exercise ex = exercise.get();
        Path solutionFile = ex.solutionDir().resolve(file).normalize();
        if (!solutionFile.startsWith(ex.solutionDir().normalize()) || !Files.isRegularFile(solutionFile)) {
            return Optional.empty();
        }
        Path mine = fileOf(file);
        String learner = Files.isRegularFile(mine) ? Files.readString(mine) : "";
        return Optional.of(new SolutionFile(file, learner, Files.readString(solutionFile)));
    }

    /** Replaces the learner's file with the solution (after they confirmed); returns the new text. */
    public String useSolution(String file) throws IOException {
        SolutionFile s = solution(file).orElseThrow(() -> new IOException("the solution has no " + file));
        save(file, s.solution());
        notice.set(Notice.info(file + " now holds the reference solution — Apply it, then Check."));
        return s.solution();
    }

    /** The learner's file and the solution's, for the Solution diff. */
    public record SolutionFile(String file, String learner, String solution) {
    }

    /**
     * Puts back the starter files and removes what the lab and the learner created in the sandbox for
     * this exercise (nothing else), then prepares the exercise again.
     */
    public CompletableFuture<Void> reset() {
        Exercise ex = exercise.get();
        return run("Resetting", () -> {
            Sandbox sandbox = sandboxFor(ex);
            lab.reset(ex, sandbox, ex.namespace(), progress());
            workspaces.reset(course, ex);
            consent.forget(ex);
            start(ex, sandbox, progress());
            return null;
        }).whenComplete((ignored, error) -> fx.execute(() -> {
            if (!current(ex)) {
                return;
            }
            try {
                files.setAll(Workspaces.files(workspace).stream().map(p -> p.toString().replace('\\', '/')).toList());
            } catch (IOException e) {
                files.clear();
            }
            shownHints.clear();
            hintsLeft.set(ex.hints().size());
            rows.setAll(ex.checks().stream().map(CheckRow::notChecked).toList());
            // what Apply printed was about the objects Reset just removed
            outputLines.clear();
            output.set("");
            if (answersForm.get() && workspace != null) {
                quiz.open(ex, workspace);
            }
            score.set("");
            passed.set(false);
            if (declined(error)) {
                notice.set(Notice.warning(reason(error)));
            } else if (error != null) {
                notice.set(Notice.error("Reset did not finish: " + reason(error)));
            } else {
                notice.set(Notice.info(ex.kind().resetDone(ex, ex.namespace())));
                events.reset(ex);
            }
        })).thenApply(x -> null);
    }

    /**
     * Starts the exercise in its sandbox (namespace, setup), first asking the learner through {@link ClusterScopedConsent}
     * when the setup would create cluster-scoped objects; when they say no, nothing of the setup is applied.
     */
    private void start(Exercise ex, Sandbox sandbox, ProgressListener progress) throws SandboxException, InterruptedException {
        java.nio.file.Path state = orchlab.engine.LabDirs.fromEnvironment().state();
        // what starting creates cluster-wide here: the setup's objects, and Istio's API where the cluster lacks it
        boolean allow = ex.kind().sandbox().isPresent()
                && consent.allowFor(ex, lab.clusterScopedObjects(ex, new ExerciseDriver.ExerciseTarget(sandbox, ex.namespace(), state, false)));
        lab.start(ex, new ExerciseDriver.ExerciseTarget(sandbox, ex.namespace(), state, allow), progress);
    }

    private static boolean declined(Throwable error) {
        Throwable t = error;
        while (t != null && !(t instanceof ClusterScopedConsent.Declined)) {
            t = t.getCause();
        }
        return t != null;
    }

    /** Who asks the learner before an exercise creates cluster-scoped objects (the app: a dialog); default: nobody, so no. */
    public void setClusterScopedConsent(ClusterScopedConsent consent) {
        this.consent = consent;
    }

    /**
     * Who tells the learner, on the FX thread, that Apply refused cluster-wide objects in their own file (the app:
     * {@link ClusterScopedRefusalDialog}); called with the exercise's namespace and the objects with file and line.
     */
    public void setClusterScopedRefusals(java.util.function.BiConsumer<String, List<orchlab.engine.exercise.PackReach.ClusterObject>> refusals) {
        this.refusals = refusals;
    }

    /** The sandbox the exercise's kind needs, started if it is not; {@code null} when the kind needs none (a quiz). */
    private Sandbox sandboxFor(Exercise ex) throws SandboxException {
        Optional<SandboxKind> needed = ex.kind().sandbox();
        return needed.isPresent() ? sandboxes.require(needed.get()) : null;
    }

    /** Waits for the exercise's preparation; its failure was already shown, and the next step retries. */
    private static void awaitQuietly(CompletableFuture<Void> future) throws InterruptedException {
        try {
            future.get();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
            // reported by prepare()
        }
    }

    /** Work that may throw, run on the background executor with the busy flag set on the FX executor. */
    private interface Work<T> {
        T run() throws Exception;
    }

    private <T> CompletableFuture<T> run(String what, Work<T> work) {
        busy.set(true);
        busyText.set(what + "…");
        busyProgress.set(-1);
        CompletableFuture<T> result = new CompletableFuture<>();
        // cancel(true) marks the task cancelled before it interrupts the worker, so the worker — which may return
        // ("apply was interrupted") before done() runs — reports a cancelled task as cancelled, never as finished
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.FutureTask<T>> self = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(() -> {
            try {
                T value = work.run();
                if (self.get().isCancelled()) {
                    result.completeExceptionally(new java.util.concurrent.CancellationException(what + " cancelled"));
                } else {
                    result.complete(value);
                }
                return value;
            } catch (Exception e) {
                result.completeExceptionally(self.get().isCancelled()
                        ? new java.util.concurrent.CancellationException(what + " cancelled") : e);
                return null;
            }
        }) {
            @Override
            protected void done() {
                if (isCancelled()) {
                    result.completeExceptionally(new java.util.concurrent.CancellationException(what + " cancelled"));
                }
            }
        };
        self.set(task);
        currentTask = task;
        background.execute(task);
        return result.whenComplete((r, e) -> fx.execute(() -> {
            if (currentTask == task) {
                currentTask = null;
            }
            busy.set(false);
            busyText.set("");
            busyProgress.set(-1);
        }));
    }

    private ProgressListener progress() {
        return (fraction, message) -> fx.execute(() -> busyText.set(message));
    }

    private boolean current(Exercise ex) {
        return exercise.get() == ex;
    }

    private void appendOutput(String line) {
        outputLines.addLast(line);
        while (outputLines.size() > 2000) {
            outputLines.removeFirst();
        }
        output.set(String.join("\n", outputLines));
    }

    private Path fileOf(String file) {
        if (workspace == null) {
            throw new IllegalStateException("no workspace is open");
        }
        Path resolved = workspace.resolve(file).normalize();
        if (!resolved.startsWith(workspace.normalize())) {
            throw new IllegalArgumentException(file + " is outside the exercise's folder");
        }
        return resolved;
    }

    /** One sentence from an error: the engine's SandboxException messages are written for learners. */
    static String reason(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** How long checks may wait (graders and tests cap it; the app uses each check's own timeout). */
    public void setRunOptions(CheckEngine.RunOptions options) {
        this.runOptions = options;
    }

    public Path workspace() {
        return workspace;
    }

    public ReadOnlyObjectProperty<Exercise> exerciseProperty() {
        return exercise;
    }

    public ObservableList<String> files() {
        return files;
    }

    public ObservableList<CheckRow> rows() {
        return rows;
    }

    public ObservableList<String> shownHints() {
        return shownHints;
    }

    public IntegerProperty hintsLeftProperty() {
        return hintsLeft;
    }

    public StringProperty scoreProperty() {
        return score;
    }

    public ReadOnlyBooleanProperty passedProperty() {
        return passed;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty busyTextProperty() {
        return busyText;
    }

    /** Fraction of the long operation done (a build's "Step 3/9"), negative when unknown. */
    public DoubleProperty busyProgressProperty() {
        return busyProgress;
    }

    /** The separate steps of apply this exercise offers (Docker: Build, Run); empty means one Apply. */
    public ObservableList<ExerciseDriver.Step> steps() {
        return steps;
    }

    public ReadOnlyBooleanProperty checkingProperty() {
        return checking;
    }

    /** The exercise's kind applies the whole workspace (a Docker build), not the file being edited. */
    public ReadOnlyBooleanProperty wholeWorkspaceProperty() {
        return wholeWorkspace;
    }

    /** The main button's text, from the exercise kind's steps ("Apply", "Build & Run"). */
    public javafx.beans.property.ReadOnlyStringProperty applyLabelProperty() {
        return applyLabel;
    }

    /** The exercise is answered in a form (its kind says so): the view shows {@link #quiz()} instead of editors. */
    public ReadOnlyBooleanProperty answersFormProperty() {
        return answersForm;
    }

    /** The quiz form of the open exercise (empty unless {@link #answersFormProperty()}). */
    public orchlab.desktop.quiz.QuizViewModel quiz() {
        return quiz;
    }

    /** Whether the exercise has anything to apply (a quiz has not: Check reads the answers). */
    public ReadOnlyBooleanProperty appliesProperty() {
        return applies;
    }

    public ReadOnlyBooleanProperty preparedProperty() {
        return prepared;
    }

    public StringProperty outputProperty() {
        return output;
    }

    public ObjectProperty<Notice> noticeProperty() {
        return notice;
    }
}
