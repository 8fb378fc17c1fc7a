package orchlab.desktop.cluster;

import java.util.List;
import orchlab.engine.live.LiveObject;

/** An object of the cluster tree and what it owns (a Deployment's ReplicaSets, a ReplicaSet's Pods). */
public record ClusterNode(LiveObject object, List<ClusterNode> children) {

    public ClusterNode {
        children = List.copyOf(children);
    }

    /** {@code Pod/web-7d9c-abc}: stable across snapshots, unique within a namespace. */
    public String key() {
        return key(object);
    }

    static String key(LiveObject object) {
        return object.kind() + "/" + object.name();
    }
}
