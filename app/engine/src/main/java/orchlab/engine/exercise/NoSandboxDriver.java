package orchlab.engine.exercise;

import java.nio.file.Path;
import java.util.List;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.ProgressListener;

/**
 * The driver of exercises whose kind needs no sandbox (a quiz): start and reset have nothing to prepare or remove,
 * and apply has nothing to send anywhere — the checks read the learner's workspace.
 */
public final class NoSandboxDriver implements ExerciseDriver {
    public static final NoSandboxDriver INSTANCE = new NoSandboxDriver();

    private NoSandboxDriver() {
    }

    /** Never registered by sandbox kind; answers {@code null} as "none". */
    @Override
    public SandboxKind kind() {
        return null;
    }

    @Override
    public void start(Exercise exercise, ExerciseTarget target, ProgressListener progress) {
        progress.progress(1, exercise.id() + " needs no sandbox");
    }

    @Override
    public ApplyResult apply(Exercise exercise, Path fileOrDir, ExerciseTarget target, ProgressListener progress) {
        return new ApplyResult(List.of(exercise.id() + " needs no sandbox: nothing to apply, Check reads your answers"), List.of());
    }

    @Override
    public void reset(Exercise exercise, ExerciseTarget target, ProgressListener progress) {
        progress.progress(1, exercise.id() + " needs no sandbox: nothing to remove");
    }
}
