package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;

/** The STATUS column kubectl shows for a pod: Running, ContainerCreating, ImagePullBackOff, Completed, Terminating. */
public final class PodStatusText {

    private PodStatusText() {
    }

    /** As kubectl's {@code printPod}: init containers first ({@code Init:1/2}, {@code Init:Error}, {@code PodInitializing}). */
    public static String of(JsonNode pod) {
        JsonNode status = pod.path("status");
        String reason = status.path("phase").asText("Pending");
        if (status.has("reason")) {
            reason = status.path("reason").asText();
        }
        boolean initializing = false;
        JsonNode inits = status.path("initContainerStatuses");
        for (int i = 0; i < inits.size(); i++) {
            JsonNode s = inits.get(i);
            JsonNode terminated = s.path("state").path("terminated");
            JsonNode waiting = s.path("state").path("waiting");
            if (terminated.isObject() && terminated.path("exitCode").asInt() == 0) {
                continue;
            }
            if (sidecar(pod, s.path("name").asText()) && s.path("started").asBoolean(false)) {
                continue;
            }
            if (terminated.isObject()) {
                reason = terminated.path("reason").asText("").isEmpty()
                        ? "Init:ExitCode:" + terminated.path("exitCode").asInt() : "Init:" + terminated.path("reason").asText();
            } else if (!waiting.path("reason").asText("").isEmpty() && !waiting.path("reason").asText().equals("PodInitializing")) {
                reason = "Init:" + waiting.path("reason").asText();
            } else {
                reason = "Init:" + i + "/" + pod.path("spec").path("initContainers").size();
            }
            initializing = true;
            break;
        }
        if (!initializing || initialized(status)) {
            boolean hasRunning = false;
            JsonNode statuses = status.path("containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode state = statuses.get(i).path("state");
                if (!state.path("waiting").path("reason").asText("").isEmpty()) {
                    reason = state.path("waiting").path("reason").asText();
                } else if (!state.path("terminated").path("reason").asText("").isEmpty()) {
                    reason = state.path("terminated").path("reason").asText();
                } else if (state.path("terminated").isObject()) {
                    reason = "ExitCode:" + state.path("terminated").path("exitCode").asInt();
                } else if (statuses.get(i).path("ready").asBoolean(false) && state.has("running")) {
                    hasRunning = true;
                }
            }
            if (reason.equals("Completed") && hasRunning) {
                reason = "Running";
            }
        }
        if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
            return "Terminating";
        }
        return reason;
    }

    /** The RESTARTS column: the init containers' restarts while the Pod initializes, the app containers' after. */
    public static int restarts(JsonNode pod) {
        JsonNode status = pod.path("status");
        int init = 0;
        boolean initializing = false;
        for (JsonNode s : status.path("initContainerStatuses")) {
            init += s.path("restartCount").asInt();
            JsonNode terminated = s.path("state").path("terminated");
            initializing |= !(terminated.isObject() && terminated.path("exitCode").asInt() == 0)
                    && !(sidecar(pod, s.path("name").asText()) && s.path("started").asBoolean(false));
        }
        if (initializing && !initialized(status)) {
            return init;
        }
        int restarts = 0;
        for (JsonNode s : status.path("containerStatuses")) {
            restarts += s.path("restartCount").asInt();
        }
        return restarts;
    }

    private static boolean initialized(JsonNode status) {
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals("Initialized")) {
                return c.path("status").asText().equals("True");
            }
        }
        return false;
    }

    private static boolean sidecar(JsonNode pod, String name) {
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            if (c.path("name").asText().equals(name)) {
                return c.path("restartPolicy").asText().equals("Always");
            }
        }
        return false;
    }
}
