package orchlab.desktop.cluster;

import orchlab.engine.live.Health;

/** Style classes of the cluster view; the rules are in {@link #STYLESHEET} (AtlantaFX colours, light and dark). */
public final class ClusterStyles {

    public static final String STYLESHEET = "/orchlab/desktop/cluster/cluster.css";

    public static final String ROOT = "cluster-view";
    public static final String HEADER = "cluster-header";
    public static final String BANNER = "cluster-banner";
    public static final String SIMULATED = "cluster-simulated";
    public static final String PROBLEM = "cluster-problem";
    public static final String TREE = "cluster-tree";
    public static final String GROUP = "cluster-group";
    public static final String BADGE = "cluster-badge";
    public static final String MUTED = "cluster-muted";
    public static final String PLACEHOLDER = "cluster-placeholder";
    public static final String EVENTS = "cluster-events";
    public static final String EVENT_WARNING = "cluster-event-warning";
    public static final String EVENT_NORMAL = "cluster-event-normal";
    public static final String RELEASES = "cluster-releases";
    public static final String YAML = "cluster-yaml";
    public static final String LOGS = "cluster-logs";

    private ClusterStyles() {
    }

    /** {@code cluster-badge-ok}, {@code -progressing}, {@code -failing}, {@code -unknown}: the dot's colour. */
    public static String badge(Health health) {
        return "cluster-badge-" + suffix(health);
    }

    /** {@code cluster-status-ok}, ...: the colour of the STATUS text. */
    public static String status(Health health) {
        return "cluster-status-" + suffix(health);
    }

    private static String suffix(Health health) {
        return health.name().toLowerCase(java.util.Locale.ROOT);
    }
}
