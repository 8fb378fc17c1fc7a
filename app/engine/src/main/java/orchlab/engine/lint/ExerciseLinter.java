package orchlab.engine.lint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import orchlab.engine.istio.MeshObject;
import orchlab.engine.istio.MeshObjects;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.Sandbox;

/**
 * Everything the editor underlines in a file of an exercise's workspace: the {@link WorkspaceLinter}'s marks (YAML,
 * Kubernetes schema, Dockerfile rules), {@code helm lint}'s messages on a file of a chart ({@link HelmLint}), and the
 * Istio analyzer's findings on the Istio objects of the file, read over the exercise's namespace in the cluster
 * ({@link IstioLint}; only while the cluster can be read). Never throws; thread-safe.
 */
public final class ExerciseLinter {
    private final WorkspaceLinter files;

    public ExerciseLinter(WorkspaceLinter files) {
        this.files = files;
    }

    /**
     * @param workspace the exercise's workspace, or {@code null} for a file outside one (then the file's own checks only)
     * @param file      the file, relative to the workspace ({@code my-app-chart/templates/deployment.yaml})
     * @param text      its text as the editor holds it
     * @param namespace the exercise's namespace, when it has one (Istio findings need it)
     * @param cluster   the open Kubernetes sandbox, when there is one (its objects answer the file's references)
     */
    public List<LintMark> lint(Path workspace, String file, String text, Optional<String> namespace, Optional<Sandbox> cluster) {
        List<LintMark> marks = new ArrayList<>(files.lint(file, text));
        try {
            if (workspace != null) {
                HelmLint.chartOf(workspace, Path.of(file)).ifPresent(chart -> marks.addAll(HelmLint.marks(chart,
                        chart.relativize(workspace.toAbsolutePath().normalize().resolve(file).normalize()).toString(), text)));
            }
            if (namespace.isPresent() && IstioLint.mentionsIstio(text) && !text.contains("{{")) {
                clusterObjects(cluster, namespace.get())
                        .ifPresent(objects -> marks.addAll(IstioLint.marks(file, text, namespace.get(), objects)));
            }
        } catch (RuntimeException e) {
            marks.add(new LintMark(1, 1, 0, LintMark.Severity.INFO, "The lab could not run Helm's lint or Istio's analyzers on "
                    + file + " while you type (" + e.getClass().getSimpleName() + "); the checks still run when you check it.",
                    WorkspaceLinter.INTERNAL));
        }
        marks.sort(Comparator.comparingInt(LintMark::line).thenComparingInt(LintMark::column));
        return List.copyOf(marks);
    }

    /**
     * The namespace's objects in the cluster; empty when there is no cluster yet or it cannot be read now: the file
     * alone would show every Service it routes to as not found, so the editor waits for the cluster (it lints again
     * when the exercise's sandbox is ready).
     */
    private static Optional<List<MeshObject>> clusterObjects(Optional<Sandbox> cluster, String namespace) {
        Optional<KubernetesAccess> kube = cluster.flatMap(Sandbox::kubernetes);
        if (kube.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MeshObjects.fromCluster(kube.get().client(), namespace));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
