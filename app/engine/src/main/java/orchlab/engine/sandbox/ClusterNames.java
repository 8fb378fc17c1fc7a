package orchlab.engine.sandbox;

import java.util.List;

/** What the learner reads when a sandbox cannot give a multi-cluster exercise its clusters (ADR 0016). */
public final class ClusterNames {
    private static final List<String> COUNTS = List.of("no", "one", "two", "three");

    private ClusterNames() {
    }

    /** "two clusters, contexts east and west". */
    public static String describe(List<String> clusters) {
        String count = clusters.size() < COUNTS.size() ? COUNTS.get(clusters.size()) : String.valueOf(clusters.size());
        String names = clusters.size() <= 1 ? String.join("", clusters)
                : String.join(", ", clusters.subList(0, clusters.size() - 1)) + " and " + clusters.get(clusters.size() - 1);
        return count + " cluster" + (clusters.size() == 1 ? "" : "s") + ", context" + (clusters.size() == 1 ? " " : "s ") + names;
    }

    /** A sandbox with one cluster, {@code sandbox} as its status bar names it. */
    public static String oneClusterOnly(List<String> clusters, String sandbox) {
        return "this exercise needs " + describe(clusters) + "; " + sandbox + " is one cluster — the simulated cluster provides"
                + " them: choose the simulated cluster in the status bar (lab: --sandbox sim), or a kubeconfig that has contexts "
                + String.join(", ", clusters);
    }
}
