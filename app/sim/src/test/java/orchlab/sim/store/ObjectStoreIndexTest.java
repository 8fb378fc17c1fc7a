package orchlab.sim.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceCatalog;
import orchlab.sim.api.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The store's index (type, namespace, name; labels; owners) answers what a scan over every object answered, stays
 * true through relabeling, re-owning and deletion, and the lighter event history still lets a watch resume from a
 * resource version (or says 410 Gone once the version fell out of the count or byte bound).
 */
class ObjectStoreIndexTest {

    private final ResourceCatalog catalog = new ResourceCatalog();
    private final ResourceType pods = catalog.require("", "pods");
    private final ResourceType configMaps = catalog.require("", "configmaps");
    private final ResourceType namespaces = catalog.require("", "namespaces");
    private final ObjectStore store = new ObjectStore();

    private static ObjectNode pod(String namespace, String name, Map<String, String> labels, String ownerUid) {
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        labels.forEach(metadata.putObject("labels")::put);
        if (ownerUid != null) {
            ObjectNode ref = metadata.putArray("ownerReferences").addObject();
            ref.put("apiVersion", "apps/v1");
            ref.put("kind", "ReplicaSet");
            ref.put("name", "owner");
            ref.put("uid", ownerUid);
            ref.put("controller", true);
        }
        pod.putObject("spec").putArray("containers").addObject().put("name", "web").put("image", "nginx");
        return pod;
    }

    private static List<String> names(List<ObjectNode> objects) {
        return objects.stream().map(o -> Json.namespace(o) + "/" + Json.name(o)).toList();
    }

    /** What the store answered before it had an index: every object of the type, filtered one by one. */
    private List<String> scanned(String namespace, Predicate<ObjectNode> filter) {
        List<ObjectNode> all = new ArrayList<>();
        for (ObjectNode o : store.all()) {
            if (o.path("kind").asText().equals("Pod") && (namespace == null || namespace.equals(Json.namespace(o))) && filter.test(o)) {
                all.add(o);
            }
        }
        return names(all).stream().sorted().toList();
    }

    private void fill() {
        for (int i = 0; i < 30; i++) {
            String ns = i % 3 == 0 ? "blue" : "green";
            store.create(pods, pod(ns, "pod-" + (char) ('z' - i % 26) + i, Map.of("app", i % 2 == 0 ? "web" : "db",
                    "tier", i % 5 == 0 ? "front" : "back"), i % 4 == 0 ? "uid-a" : "uid-b"));
        }
        ObjectNode cm = Json.object();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", "pod-y1").put("namespace", "green").putObject("labels").put("app", "web");
        store.create(configMaps, cm);
    }

    @Test
    void aListByNamespaceHasExactlyThatNamespacesObjectsOfTheTypeSortedByName() {
        fill();
        List<ObjectNode> green = store.list(pods, "green");
        assertThat(names(green)).isEqualTo(scanned("green", o -> true));
        assertThat(names(store.list(pods, null))).isEqualTo(scanned(null, o -> true));
        assertThat(store.list(pods, "nowhere")).isEmpty();
        // a ConfigMap and a Pod of the same name are different objects
        assertThat(store.get(pods, "green", "pod-y1").orElseThrow().path("kind").asText()).isEqualTo("Pod");
        assertThat(store.get(configMaps, "green", "pod-y1").orElseThrow().path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(store.list(configMaps, null)).hasSize(1);
    }

    @Test
    void aListByMatchLabelsGivesWhatTheFilterOverEveryObjectGives() {
        fill();
        Map<String, String> selector = Map.of("app", "web", "tier", "front");
        Predicate<ObjectNode> byLabels = o -> Selectors.labels(o).entrySet().containsAll(selector.entrySet());
        assertThat(names(store.list(pods, null, selector, o -> true))).isEqualTo(scanned(null, byLabels)).isNotEmpty();
        assertThat(names(store.list(pods, "blue", selector, o -> true))).isEqualTo(scanned("blue", byLabels));
        assertThat(store.list(pods, null, Map.of("app", "cache"), o -> true)).isEmpty();
        assertThat(store.list(pods, null, Map.of(), o -> true)).hasSize(30);
    }

    @Test
    void anObjectWhoseLabelsChangeMovesBetweenSelectorsAndADeletedOneLeavesThem() {
        fill();
        ObjectNode moved = store.list(pods, "green", Map.of("app", "db"), o -> true).get(0);
        Json.metadata(moved).with("labels").put("app", "web");
        store.update(pods, moved);
        assertThat(names(store.list(pods, "green", Map.of("app", "web"), o -> true))).contains("green/" + Json.name(moved));
        assertThat(names(store.list(pods, "green", Map.of("app", "db"), o -> true))).doesNotContain("green/" + Json.name(moved));

        store.delete(pods, "green", Json.name(moved));
        assertThat(names(store.list(pods, "green", Map.of("app", "web"), o -> true))).doesNotContain("green/" + Json.name(moved));
        Predicate<ObjectNode> web = o -> "web".equals(Selectors.labels(o).get("app"));
        assertThat(names(store.list(pods, null, Map.of("app", "web"), o -> true))).isEqualTo(scanned(null, web));
    }

    @Test
    void theOwnerIndexFollowsOwnerReferencesThroughUpdatesAndDeletes() {
        fill();
        Predicate<ObjectNode> ownedByA = o -> GarbageCollectorOwned.by(o, "uid-a");
        assertThat(names(store.listOwnedBy(pods, null, "uid-a", o -> true))).isEqualTo(scanned(null, ownedByA)).hasSize(8);
        assertThat(names(store.listOwnedBy(pods, "blue", "uid-a", o -> true))).isEqualTo(scanned("blue", ownedByA));

        ObjectNode orphan = store.listOwnedBy(pods, null, "uid-a", o -> true).get(0);
        Json.metadata(orphan).remove("ownerReferences");
        store.update(pods, orphan);
        ObjectNode gone = store.listOwnedBy(pods, null, "uid-a", o -> true).get(0);
        store.delete(pods, Json.namespace(gone), Json.name(gone));
        assertThat(names(store.listOwnedBy(pods, null, "uid-a", o -> true))).isEqualTo(scanned(null, ownedByA)).hasSize(6);
        assertThat(store.listOwnedBy(pods, null, "uid-none", o -> true)).isEmpty();
    }

    /** Any ownerReference, as the garbage collector counts dependents. */
    private static final class GarbageCollectorOwned {
        static boolean by(ObjectNode o, String uid) {
            for (var ref : o.path("metadata").path("ownerReferences")) {
                if (ref.path("uid").asText().equals(uid)) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void readingInPlaceVisitsTheObjectsAListReturnsInTheSameOrder() {
        fill();
        List<String> visited = new ArrayList<>();
        store.read(pods, "green", o -> visited.add(Json.namespace(o) + "/" + Json.name(o)));
        assertThat(visited).isEqualTo(names(store.list(pods, "green")));
        visited.clear();
        store.read(pods, null, o -> visited.add(Json.namespace(o) + "/" + Json.name(o)));
        assertThat(visited).isEqualTo(names(store.list(pods, null))).hasSize(30);
    }

    @Test
    void aViewFindsWhatTheCopyingListFindsAndKeepsTheStateItWasTakenIn() {
        fill();
        Map<String, String> web = Map.of("app", "web");
        List<com.fasterxml.jackson.databind.JsonNode> view = store.view(pods, "green", web, o -> true);
        assertThat(view).isEqualTo(store.list(pods, "green", web, o -> true));
        assertThat(store.viewOwnedBy(pods, null, "uid-a", o -> true)).isEqualTo(store.listOwnedBy(pods, null, "uid-a", o -> true));

        ObjectNode changed = store.get(pods, "green", Json.name(view.get(0))).orElseThrow();
        Json.metadata(changed).with("labels").put("app", "db");
        store.update(pods, changed);
        // a write replaces the stored object: what was viewed before stays as it was
        assertThat(view.get(0).path("metadata").path("labels").path("app").asText()).isEqualTo("web");
        assertThat(store.view(pods, "green", web, o -> true)).hasSize(view.size() - 1);
    }

    @Test
    void whatAReadReturnsIsACopyThatCannotChangeTheStoredObject() {
        fill();
        ObjectNode read = store.get(pods, "blue", store.list(pods, "blue").get(0).path("metadata").path("name").asText()).orElseThrow();
        Json.metadata(read).with("labels").put("app", "changed-in-a-copy");
        assertThat(store.list(pods, null, Map.of("app", "changed-in-a-copy"), o -> true)).isEmpty();
        assertThat(store.get(pods, "blue", Json.name(read)).orElseThrow().path("metadata").path("labels").path("app").asText())
                .isNotEqualTo("changed-in-a-copy");
    }

    @Test
    void aPutKeepsTheServersRulesConflictGenerationAndNoChangeWithoutAnEvent() {
        ObjectNode created = store.create(pods, pod("blue", "web", Map.of("app", "web"), null));
        List<StoreEvent> seen = new ArrayList<>();
        store.addListener(seen::add);

        ObjectNode sameAgain = store.update(pods, created.deepCopy());
        assertThat(sameAgain.path("metadata").path("resourceVersion").asText())
                .isEqualTo(created.path("metadata").path("resourceVersion").asText());
        assertThat(seen).isEmpty();

        ObjectNode labelled = created.deepCopy();
        Json.metadata(labelled).with("labels").put("tier", "front");
        ObjectNode afterLabel = store.update(pods, labelled);
        assertThat(afterLabel.path("metadata").path("generation").asInt()).isEqualTo(1);
        ObjectNode respecced = afterLabel.deepCopy();
        ((ObjectNode) respecced.path("spec").path("containers").get(0)).put("image", "nginx:1.27");
        assertThat(store.update(pods, respecced).path("metadata").path("generation").asInt()).isEqualTo(2);
        assertThat(seen).extracting(StoreEvent::type).containsExactly("MODIFIED", "MODIFIED");

        assertThatThrownBy(() -> store.update(pods, labelled)) // based on the first resource version
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409));
    }

    @Test
    void aDeleteWithAFinalizerOnlyMarksAndThePutThatClearsTheFinalizerDeletes() {
        ObjectNode pod = pod("blue", "held", Map.of(), null);
        Json.metadata(pod).putArray("finalizers").add("example.com/hold");
        store.create(pods, pod);
        ObjectNode marked = store.delete(pods, "blue", "held").orElseThrow();
        assertThat(marked.path("metadata").hasNonNull("deletionTimestamp")).isTrue();
        assertThat(store.get(pods, "blue", "held")).isPresent();
        Json.metadata(marked).remove("finalizers");
        store.update(pods, marked);
        assertThat(store.get(pods, "blue", "held")).isEmpty();
    }

    @Test
    void aWatchResumesFromAResourceVersionWithEachChangeAndItsPreviousState() {
        ObjectNode created = store.create(pods, pod("blue", "web", Map.of("app", "web"), null));
        long since = Long.parseLong(created.path("metadata").path("resourceVersion").asText());
        ObjectNode relabelled = created.deepCopy();
        Json.metadata(relabelled).with("labels").put("app", "api");
        store.update(pods, relabelled);
        store.delete(pods, "blue", "web");

        List<StoreEvent> replay = store.eventsSince(since).orElseThrow();
        assertThat(replay).extracting(StoreEvent::type).containsExactly("MODIFIED", "DELETED");
        assertThat(replay.get(0).previous().path("metadata").path("labels").path("app").asText()).isEqualTo("web");
        assertThat(replay.get(0).object().path("metadata").path("labels").path("app").asText()).isEqualTo("api");
        assertThat(replay.get(1).object().path("metadata").path("resourceVersion").asLong()).isEqualTo(replay.get(1).resourceVersion());
        assertThat(store.eventsSince(replay.get(1).resourceVersion()).orElseThrow()).isEmpty();
        assertThat(store.get(namespaces, null, "blue")).isEmpty();
    }

    @Test
    void theHistoryIsBoundedByCountAndByBytesAndAnOlderVersionIsGone() {
        ObjectStore byCount = new ObjectStore(5, Long.MAX_VALUE);
        ObjectStore byBytes = new ObjectStore(Integer.MAX_VALUE, 3_000);
        long first = 0;
        for (int i = 0; i < 20; i++) {
            ObjectNode a = byCount.create(pods, pod("blue", "p" + i, Map.of("padding", "x".repeat(50)), null));
            byBytes.create(pods, pod("blue", "p" + i, Map.of("padding", "x".repeat(50)), null));
            if (i == 0) {
                first = Long.parseLong(a.path("metadata").path("resourceVersion").asText());
            }
        }
        assertThat(byCount.historySize()[0]).isEqualTo(5);
        assertThat(byBytes.historySize()[1]).isLessThanOrEqualTo(3_000);
        assertThat(byBytes.historySize()[0]).isBetween(1L, 19L);
        assertThat(byCount.eventsSince(first)).isEmpty(); // 410 Gone: list again
        assertThat(byBytes.eventsSince(first)).isEmpty();
        long lastKept = byCount.latestResourceVersion() - 2;
        assertThat(byCount.eventsSince(lastKept).orElseThrow()).hasSize(2);
        assertThat(byCount.list(pods, "blue")).hasSize(20);
    }
}
