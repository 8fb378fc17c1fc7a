package orchlab.desktop.cluster;

import static orchlab.desktop.cluster.TestObjects.deployment;
import static orchlab.desktop.cluster.TestObjects.object;
import static orchlab.desktop.cluster.TestObjects.pod;
import static orchlab.desktop.cluster.TestObjects.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import orchlab.engine.live.Health;
import orchlab.engine.live.LiveObject;
import org.junit.jupiter.api.Test;

class ClusterTreeTest {

    @Test
    void podsNestUnderReplicaSetUnderDeployment() {
        List<ClusterGroup> groups = ClusterTree.build(List.of(deployment("web", "d1"), replicaSet("web-7d9c", "r1", "d1"),
                pod("web-7d9c-a", "p1", "r1", "Running", Health.OK), pod("web-7d9c-b", "p2", "r1", "Running", Health.OK)));
        assertThat(groups).extracting(ClusterGroup::title).containsExactly("Deployments");
        ClusterNode web = groups.get(0).nodes().get(0);
        assertThat(web.object().name()).isEqualTo("web");
        ClusterNode rs = web.children().get(0);
        assertThat(rs.object().name()).isEqualTo("web-7d9c");
        assertThat(rs.children()).extracting(n -> n.object().name()).containsExactly("web-7d9c-a", "web-7d9c-b");
    }

    @Test
    void objectsWhoseOwnerIsNotShownStayAtTheTopOfTheirKind() {
        List<ClusterGroup> groups = ClusterTree.build(List.of(pod("orphan", "p1", "gone", "Running", Health.OK),
                object("Service", "web", "s1", null, "ClusterIP 10.0.0.1 80/TCP", Health.OK)));
        assertThat(groups).extracting(ClusterGroup::title).containsExactly("Pods", "Services");
        assertThat(groups.get(0).nodes()).extracting(n -> n.object().name()).containsExactly("orphan");
    }

    @Test
    void ownersInACycleAreStillShown() {
        List<LiveObject> cycle = List.of(replicaSet("a", "u1", "u2"), replicaSet("b", "u2", "u1"));
        List<ClusterGroup> groups = ClusterTree.build(cycle);
        List<String> names = new java.util.ArrayList<>();
        groups.forEach(g -> g.nodes().forEach(n -> collect(n, names)));
        assertThat(names).containsExactlyInAnyOrder("a", "b");
    }

    private static void collect(ClusterNode node, List<String> names) {
        names.add(node.object().name());
        node.children().forEach(c -> collect(c, names));
    }

    @Test
    void kindsArePluralInTitles() {
        assertThat(ClusterTree.plural("Ingress")).isEqualTo("Ingresses");
        assertThat(ClusterTree.plural("PersistentVolumeClaim")).isEqualTo("PersistentVolumeClaims");
    }
}
