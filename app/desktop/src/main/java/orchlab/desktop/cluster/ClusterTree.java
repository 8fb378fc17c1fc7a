package orchlab.desktop.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import orchlab.engine.live.LiveObject;

/** Arranges a snapshot as the cluster view's tree: groups by kind, owned objects nested under their owner. */
public final class ClusterTree {

    private ClusterTree() {
    }

    /**
     * @param snapshot objects in snapshot order (kind, then name); that order is kept at every level
     */
    public static List<ClusterGroup> build(List<LiveObject> snapshot) {
        Map<String, LiveObject> byUid = new LinkedHashMap<>();
        for (LiveObject o : snapshot) {
            if (!o.uid().isEmpty()) {
                byUid.put(o.uid(), o);
            }
        }
        Map<String, List<LiveObject>> children = new LinkedHashMap<>();
        List<LiveObject> roots = new ArrayList<>();
        for (LiveObject o : snapshot) {
            String owner = o.ownerUid().orElse("");
            if (!owner.isEmpty() && byUid.containsKey(owner) && !owner.equals(o.uid())) {
                children.computeIfAbsent(owner, k -> new ArrayList<>()).add(o);
            } else {
                roots.add(o);
            }
        }
        Set<String> placed = new HashSet<>();
        Map<String, List<ClusterNode>> groups = new LinkedHashMap<>();
        for (LiveObject root : roots) {
            groups.computeIfAbsent(root.kind(), k -> new ArrayList<>()).add(node(root, children, placed));
        }
        // objects whose owners form a cycle are never reached from a root: show them at the top rather than lose them
        for (LiveObject o : snapshot) {
            if (!placed.contains(ClusterNode.key(o))) {
                groups.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(node(o, Map.of(), placed));
            }
        }
        List<ClusterGroup> result = new ArrayList<>();
        groups.forEach((kind, nodes) -> result.add(new ClusterGroup(kind, plural(kind), nodes)));
        return List.copyOf(result);
    }

    private static ClusterNode node(LiveObject object, Map<String, List<LiveObject>> children, Set<String> placed) {
        placed.add(ClusterNode.key(object));
        List<ClusterNode> nested = new ArrayList<>();
        for (LiveObject child : children.getOrDefault(object.uid(), List.of())) {
            if (!placed.contains(ClusterNode.key(child))) {
                nested.add(node(child, children, placed));
            }
        }
        return new ClusterNode(object, nested);
    }

    /** "Deployment" → "Deployments", "Ingress" → "Ingresses". */
    public static String plural(String kind) {
        return kind.endsWith("s") ? kind + "es" : kind + "s";
    }
}
