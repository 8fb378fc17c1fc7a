package orchlab.engine.check.toolkit;

import orchlab.engine.check.*;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import orchlab.engine.sandbox.KubeReads;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import orchlab.engine.check.CheckUnavailableException;

/**
 * The last events of the objects a failing check involves, like Chainsaw's {@code catch: events}:
 * {@code Pod web-7c9f: Failed — Back-off pulling image "nginx:latestt"}. Objects involved are the ones the check
 * selected, the Pods they own or select, and every Pod of the namespace that is stuck.
 */
public final class Evidence {
    /** How many events a failing check shows at most. */
    public static final int MAX_EVENTS = 6;

    private Evidence() {
    }

    /**
     * @param names the names of the objects involved (any kind); empty: the namespace's stuck or pending Pods
     */
    public static List<String> events(KubernetesClient client, String namespace, Set<String> names) {
        return events(KubeReads.of(client), namespace, names);
    }

    /** {@link #events(KubernetesClient, String, Set)} through any {@link KubeReads}. */
    public static List<String> events(KubeReads client, String namespace, Set<String> names) {
        try {
            Set<String> involved = new LinkedHashSet<>(names);
            for (JsonNode pod : ClusterActivity.list(client, "v1", "Pod", namespace)) {
                String podName = ClusterActivity.name(pod);
                boolean owned = false;
                for (JsonNode ref : pod.path("metadata").path("ownerReferences")) {
                    owned |= involved.contains(ref.path("name").asText());
                }
                // a Deployment's Pods are owned by its ReplicaSet: "web-7c9f" belongs to "web"
                boolean named = involved.stream().anyMatch(n -> podName.startsWith(n + "-"));
                boolean notRunning = !ClusterActivity.hasCondition(pod, "Ready", "True")
                        && !"Succeeded".equals(pod.path("status").path("phase").asText());
                if (owned || named || (names.isEmpty() && notRunning)) {
                    involved.add(podName);
                }
            }
            List<JsonNode> events = new ArrayList<>();
            for (JsonNode event : ClusterActivity.list(client, "v1", "Event", namespace)) {
                if (involved.contains(event.path("involvedObject").path("name").asText())) {
                    events.add(event);
                }
            }
            events.sort(Comparator.comparing(Evidence::when));
            List<String> out = new ArrayList<>();
            for (JsonNode e : events.subList(Math.max(0, events.size() - MAX_EVENTS), events.size())) {
                JsonNode obj = e.path("involvedObject");
                out.add(obj.path("kind").asText("?") + " " + obj.path("name").asText("?") + ": "
                        + e.path("reason").asText("") + " — " + e.path("message").asText("").strip()
                        + (e.path("count").asInt(1) > 1 ? " (x" + e.path("count").asInt() + ")" : ""));
            }
            return out;
        } catch (CheckUnavailableException | RuntimeException e) {
            return List.of();
        }
    }

    private static String when(JsonNode event) {
        for (String field : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
            String t = event.path(field).asText("");
            if (!t.isEmpty() && !t.equals("null")) {
                return t;
            }
        }
        return event.path("metadata").path("creationTimestamp").asText("");
    }
}
