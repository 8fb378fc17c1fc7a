package orchlab.engine.helm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.exercise.ExerciseDriver;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxException;

/**
 * Start, apply and reset of a {@code kind: helm} exercise: the Kubernetes driver prepares and empties the namespace;
 * apply is Helm's {@code upgrade --install} of the chart; reset uninstalls the release first.
 */
final class HelmExerciseDriver implements ExerciseDriver {
    private final ExerciseDriver kubernetes;

    HelmExerciseDriver(ExerciseDriver kubernetes) {
        this.kubernetes = kubernetes;
    }

    @Override
    public SandboxKind kind() {
        return kubernetes.kind();
    }

    private static HelmClient helm(ExerciseTarget target) throws SandboxException {
        KubernetesAccess access = target.sandbox().kubernetes()
                .orElseThrow(() -> new SandboxException("a Helm exercise needs a Kubernetes sandbox, and none is running"));
        return new HelmClient(Optional.of(access), target.namespace());
    }

    @Override
    public void start(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        kubernetes.start(exercise, target, progress);
        HelmExerciseKind.HelmSection s = HelmExerciseKind.HelmSection.of(exercise);
        if (s.installStarter()) {
            HelmClient helm = helm(target);
            try {
                if (helm.find(s.release()).isEmpty()) {
                    helm.upgradeInstall(s.release(), exercise.starterDir().resolve(s.chart()), ValuesInput.NONE, Optional.empty());
                }
            } catch (HelmException | HelmUnavailableException e) {
                throw new SandboxException("setup could not install release " + s.release() + ": " + e.getMessage());
            }
        }
    }

    /** The chart folder: {@code dir/<chart>} for a folder, else the nearest parent of a file holding a Chart.yaml. */
    static Optional<Path> chartOf(Path fileOrDir, String chart) {
        if (Files.isDirectory(fileOrDir) && Files.isRegularFile(fileOrDir.resolve(chart).resolve("Chart.yaml"))) {
            return Optional.of(fileOrDir.resolve(chart));
        }
        for (Path p = fileOrDir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("Chart.yaml"))) {
                return Optional.of(p);
            }
            if (Files.isRegularFile(p.resolve(chart).resolve("Chart.yaml"))) {
                return Optional.of(p.resolve(chart));
            }
        }
        return Optional.empty();
    }

    @Override
    public ApplyResult apply(Exercise exercise, Path fileOrDir, ExerciseTarget target, ProgressListener progress)
            throws SandboxException {
        HelmExerciseKind.HelmSection s = HelmExerciseKind.HelmSection.of(exercise);
        Optional<Path> chart = chartOf(fileOrDir, s.chart());
        if (chart.isEmpty()) {
            return new ApplyResult(List.of(), List.of("no chart " + s.chart() + " (a folder with a Chart.yaml) in " + fileOrDir));
        }
        Path workspace = chart.get().getParent();
        List<Path> values = new ArrayList<>();
        for (String v : s.values()) {
            Path file = workspace.resolve(v).normalize();
            if (!Files.isRegularFile(file)) {
                return new ApplyResult(List.of(), List.of("values file " + v + " not found in the workspace"));
            }
            values.add(file);
        }
        try {
            HelmRelease r = helm(target).upgradeInstall(s.release(), chart.get(), new ValuesInput(values, java.util.Map.of()),
                    Optional.empty());
            return new ApplyResult(List.of("release " + r.name() + " " + r.status() + " at revision " + r.revision()
                    + " (" + r.chartRef() + ")"), List.of());
        } catch (HelmException e) {
            String where = e.problem().filter(p -> !p.where().isEmpty()).map(p -> s.chart() + "/" + p.where() + ": ").orElse("");
            return new ApplyResult(List.of(), List.of(where + e.getMessage()));
        } catch (HelmUnavailableException e) {
            throw new SandboxException(e.getMessage());
        }
    }

    /** Lint (helm lint of the chart) and Rollback (to a revision of the release) beside Install/Upgrade. */
    @Override
    public List<Step> steps(Exercise exercise) {
        return List.of(Step.LINT, Step.ROLLBACK);
    }

    /** For Rollback: every revision but the newest, newest first. */
    @Override
    public List<StepChoice> choices(Exercise exercise, ExerciseTarget target, Step step) throws SandboxException {
        if (step != Step.ROLLBACK) {
            return List.of();
        }
        HelmExerciseKind.HelmSection s = HelmExerciseKind.HelmSection.of(exercise);
        try {
            HelmClient helm = helm(target);
            if (helm.find(s.release()).isEmpty()) {
                return List.of();
            }
            List<HelmRelease> history = new ArrayList<>(helm.history(s.release()));
            java.util.Collections.reverse(history);
            return history.stream().skip(1).map(r -> new StepChoice(String.valueOf(r.revision()), "revision " + r.revision()
                    + " · " + r.status() + " · " + r.chartRef() + " · " + r.description())).toList();
        } catch (HelmException | HelmUnavailableException e) {
            throw new SandboxException("could not read the history of release " + s.release() + ": " + e.getMessage());
        }
    }

    @Override
    public ApplyResult applyStep(Exercise exercise, Path fileOrDir, ExerciseTarget target, Step step, ProgressListener progress)
            throws SandboxException {
        return applyStep(exercise, fileOrDir, target, step, "", progress);
    }

    @Override
    public ApplyResult applyStep(Exercise exercise, Path fileOrDir, ExerciseTarget target, Step step, String choice,
                                 ProgressListener progress) throws SandboxException {
        HelmExerciseKind.HelmSection s = HelmExerciseKind.HelmSection.of(exercise);
        return switch (step) {
            case LINT -> lint(s, fileOrDir);
            case ROLLBACK -> rollback(s, target, choice);
            default -> ExerciseDriver.super.applyStep(exercise, fileOrDir, target, step, progress);
        };
    }

    /** {@code helm lint}: each message as a line with its chart file and line; errors fail the step. */
    private static ApplyResult lint(HelmExerciseKind.HelmSection s, Path fileOrDir) throws SandboxException {
        Optional<Path> chart = chartOf(fileOrDir, s.chart());
        if (chart.isEmpty()) {
            return new ApplyResult(List.of(), List.of("no chart " + s.chart() + " (a folder with a Chart.yaml) in " + fileOrDir));
        }
        try {
            LintReport report = HelmClient.chartsOnly().lint(chart.get(), false);
            List<String> lines = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (HelmMessage m : report.messages()) {
                String where = m.where().isEmpty() ? "" : s.chart() + "/" + m.where() + ": ";
                // no "[INFO]" brackets: the app's notice reads square brackets as BBCode tags
                String line = m.severity() + " " + where + m.text();
                (m.severity() == HelmMessage.Severity.ERROR ? errors : lines).add(line);
            }
            if (errors.isEmpty()) {
                lines.add(0, "helm lint " + s.chart() + ": 1 chart(s) linted, 0 chart(s) failed"
                        + (report.clean() ? "" : " (" + report.messages().size() + " message(s))"));
            }
            return new ApplyResult(lines, errors);
        } catch (HelmException e) {
            String where = e.problem().filter(p -> !p.where().isEmpty()).map(p -> s.chart() + "/" + p.where() + ": ").orElse("");
            return new ApplyResult(List.of(), List.of(where + e.getMessage()));
        } catch (HelmUnavailableException e) {
            throw new SandboxException(e.getMessage());
        }
    }

    private static ApplyResult rollback(HelmExerciseKind.HelmSection s, ExerciseTarget target, String choice)
            throws SandboxException {
        int revision;
        try {
            revision = choice == null || choice.isBlank() ? 0 : Integer.parseInt(choice.strip());
        } catch (NumberFormatException e) {
            return new ApplyResult(List.of(), List.of("rollback needs a revision number, not '" + choice + "'"));
        }
        try {
            HelmClient helm = helm(target);
            if (helm.find(s.release()).isEmpty()) {
                return new ApplyResult(List.of(), List.of("release " + s.release() + " is not installed: nothing to roll back"));
            }
            HelmRelease r = helm.rollback(s.release(), revision, Optional.empty());
            return new ApplyResult(List.of("Rollback was a success! Release " + r.name() + " is at revision " + r.revision()
                    + " (" + r.description() + ", " + r.chartRef() + ")"), List.of());
        } catch (HelmException e) {
            return new ApplyResult(List.of(), List.of(e.getMessage()));
        } catch (HelmUnavailableException e) {
            throw new SandboxException(e.getMessage());
        }
    }

    @Override
    public void reset(Exercise exercise, ExerciseTarget target, ProgressListener progress) throws SandboxException {
        HelmExerciseKind.HelmSection s = HelmExerciseKind.HelmSection.of(exercise);
        try {
            HelmClient helm = helm(target);
            if (helm.find(s.release()).isPresent()) {
                helm.uninstall(s.release(), true);
            }
        } catch (HelmException | HelmUnavailableException e) {
            throw new SandboxException("could not uninstall release " + s.release() + ": " + e.getMessage());
        }
        kubernetes.reset(exercise, target, progress);
    }
}
