package orchlab.engine.kind.builtin;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.kind.ExerciseKind;

/** {@code kind: kubernetes} (the default; also {@code sandbox: kubernetes}): manifests applied to a namespace of a cluster. */
public final class KubernetesExerciseKind implements ExerciseKind {

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public String summary() {
        return "the learner writes manifests; Apply sends the edited file to the exercise's namespace (server-side apply)";
    }

    @Override
    public Optional<String> section() {
        return Optional.empty();
    }

    @Override
    public Set<SandboxKind> needs() {
        return Set.of(SandboxKind.KUBERNETES);
    }

    @Override
    public Workspace workspace() {
        return Workspace.FILES;
    }

    @Override
    public List<StepLabel> steps() {
        return List.of(new StepLabel("apply", "Apply", "Save the file and apply it to the exercise's namespace"));
    }

    @Override
    public String applying(String file) {
        return "Applying " + file;
    }

    @Override
    public String applied(String file) {
        return "Applied " + file + ": ";
    }

    @Override
    public String resetRemoves(Exercise exercise, String namespace) {
        return "everything in namespace " + namespace
                + " is removed (only objects of this exercise; nothing else in the cluster)";
    }

    @Override
    public String resetDone(Exercise exercise, String namespace) {
        return "Starter files restored; namespace " + namespace + " was emptied and set up again.";
    }

    @Override
    public String whereItRuns(Exercise exercise, String namespace) {
        return "Kubernetes exercise · namespace " + namespace;
    }

    @Override
    public Optional<String> namespaceToFollow(Exercise exercise) {
        return Optional.of(exercise.namespace());
    }

    @Override
    public boolean multiCluster() {
        return true;
    }

    @Override
    public boolean solutionHoldsManifests() {
        return true;
    }
}
