package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;

/** The STATUS column kubectl shows for a pod: Running, ContainerCreating, ImagePullBackOff, Completed, Terminating. */
public final class PodStatusText {

    private PodStatusText() {
    }

    public static String of(JsonNode pod) {
        if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
            return "Terminating";
        }
        String reason = pod.path("status").path("phase").asText("Pending");
        if (pod.path("status").has("reason")) {
            reason = pod.path("status").path("reason").asText();
        }
        for (JsonNode s : pod.path("status").path("initContainerStatuses")) {
            JsonNode waiting = s.path("state").path("waiting");
            if (waiting.has("reason") && !waiting.path("reason").asText().equals("PodInitializing")) {
                return "Init:" + waiting.path("reason").asText();
            }
        }
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            JsonNode state = s.path("state");
            if (state.path("waiting").has("reason")) {
                reason = state.path("waiting").path("reason").asText();
            } else if (state.path("terminated").has("reason")) {
                reason = state.path("terminated").path("reason").asText();
            }
        }
        return reason;
    }
}
