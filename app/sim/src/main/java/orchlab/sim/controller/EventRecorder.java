package orchlab.sim.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Supplier;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.ObjectStore;

/**
 * Writes core/v1 Events ({@code Scheduled}, {@code Pulled}, {@code ScalingReplicaSet}, ...) so that
 * {@code kubectl get events} and {@code kubectl describe} tell the story. Repeats of the same event bump its
 * count; the oldest events are removed beyond a fixed number, like the real server's event TTL. Which earlier event a
 * repeat belongs to is remembered here, as client-go's {@code EventCorrelator} keeps it in its own cache (by involved
 * object, reason and message), instead of listing a namespace's events for every event recorded.
 */
public final class EventRecorder {

    private static final int LIMIT = 1000;

    private final ObjectStore store;
    private final ResourceType events;
    private final Supplier<Instant> now;
    private final Deque<String[]> recorded = new ArrayDeque<>();
    /** involved object's uid, reason and message → namespace and name of the event that recorded them */
    private final java.util.Map<String, String[]> similar = new java.util.HashMap<>();
    private long counter;

    public EventRecorder(ObjectStore store, ResourceType events, Supplier<Instant> now) {
        this.store = store;
        this.events = events;
        this.now = now;
    }

    public void normal(ObjectNode object, String reason, String message, String component) {
        record(object, "Normal", reason, message, component);
    }

    public void warning(ObjectNode object, String reason, String message, String component) {
        record(object, "Warning", reason, message, component);
    }

    public void record(ObjectNode object, String type, String reason, String message, String component) {
        record(object, null, type, reason, message, component, now.get());
    }

    /**
     * An event about one container of a Pod, as the kubelet records it ({@code involvedObject.fieldPath}
     * {@code spec.containers{name}}), seen at {@code at} (a probe's time: several may be recorded at once after the
     * sim's clock jumped). Repeats of the same container, reason and message are one event whose count grows.
     */
    public void containerEvent(ObjectNode pod, String container, String type, String reason, String message, String component,
            Instant at) {
        record(pod, "spec.containers{" + container + "}", type, reason, message, component, at);
    }

    private synchronized void record(ObjectNode object, String fieldPath, String type, String reason, String message,
            String component, Instant at) {
        String namespace = Optional.ofNullable(Json.namespace(object)).orElse("default");
        String time = at.truncatedTo(ChronoUnit.SECONDS).toString();
        String uid = Json.uid(object);
        String similarKey = uid == null ? null : uid + '\u0000' + (fieldPath == null ? "" : fieldPath) + '\u0000' + reason
                + '\u0000' + message;
        String[] earlier = similarKey == null ? null : similar.get(similarKey);
        if (earlier != null) {
            Optional<ObjectNode> found = store.get(events, earlier[0], earlier[1]);
            if (found.isPresent() && uid.equals(found.get().path("involvedObject").path("uid").asText())
                    && reason.equals(found.get().path("reason").asText()) && message.equals(found.get().path("message").asText())) {
                ObjectNode existing = found.get();
                existing.put("count", existing.path("count").asInt(1) + 1);
                existing.put("lastTimestamp", time);
                try {
                    store.update(events, existing);
                } catch (ApiException e) {
                    // a concurrent change; the count is only informative
                }
                return;
            }
            similar.remove(similarKey);
        }
        ObjectNode event = Json.object();
        event.put("apiVersion", "v1");
        event.put("kind", "Event");
        String name = Json.name(object) + "." + Long.toHexString(System.nanoTime()) + Long.toHexString(counter++);
        ObjectNode metadata = event.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        ObjectNode involved = event.putObject("involvedObject");
        involved.put("kind", object.path("kind").asText());
        involved.put("namespace", Json.namespace(object));
        involved.put("name", Json.name(object));
        involved.put("uid", uid);
        involved.put("apiVersion", object.path("apiVersion").asText());
        involved.put("resourceVersion", object.path("metadata").path("resourceVersion").asText());
        if (fieldPath != null) {
            involved.put("fieldPath", fieldPath);
        }
        event.put("reason", reason);
        event.put("message", message);
        event.putObject("source").put("component", component);
        event.put("firstTimestamp", time);
        event.put("lastTimestamp", time);
        event.put("count", 1);
        event.put("type", type);
        event.putNull("eventTime");
        event.put("reportingComponent", component);
        event.put("reportingInstance", "");
        try {
            store.create(events, event);
        } catch (ApiException e) {
            return;
        }
        recorded.addLast(new String[] {namespace, name, similarKey});
        if (similarKey != null) {
            similar.put(similarKey, new String[] {namespace, name});
        }
        while (recorded.size() > LIMIT) {
            String[] oldest = recorded.removeFirst();
            store.delete(events, oldest[0], oldest[1]);
            if (oldest[2] != null && similar.get(oldest[2]) != null && similar.get(oldest[2])[1].equals(oldest[1])) {
                similar.remove(oldest[2]);
            }
        }
    }
}
