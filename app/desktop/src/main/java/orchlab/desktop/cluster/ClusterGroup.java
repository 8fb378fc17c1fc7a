package orchlab.desktop.cluster;

import java.util.List;

/**
 * The top level of the cluster tree: one group per kind ("Deployments"), holding the objects of that kind that
 * nothing else in the namespace owns; owned objects are nested under their owner instead.
 */
public record ClusterGroup(String kind, String title, List<ClusterNode> nodes) {

    public ClusterGroup {
        nodes = List.copyOf(nodes);
    }
}
