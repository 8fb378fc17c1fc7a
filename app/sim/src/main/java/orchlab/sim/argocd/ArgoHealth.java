package orchlab.sim.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The health of one live object, as Argo CD's gitops-engine ({@code pkg/health}) assesses it: Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, Service, Ingress, PersistentVolumeClaim, Pod and Job have a health; other kinds
 * (ConfigMap, Secret, ...) have none and do not count towards the Application's.
 */
final class ArgoHealth {

    static final String HEALTHY = "Healthy";
    static final String PROGRESSING = "Progressing";
    static final String DEGRADED = "Degraded";
    static final String SUSPENDED = "Suspended";
    static final String MISSING = "Missing";
    static final String UNKNOWN = "Unknown";

    /** gitops-engine's {@code healthOrder}, most healthy first. */
    private static final List<String> ORDER = List.of(HEALTHY, SUSPENDED, PROGRESSING, MISSING, DEGRADED, UNKNOWN);

    record Health(String status, String message) {
    }

    private ArgoHealth() {
    }

    static boolean isWorse(String current, String candidate) {
        return ORDER.indexOf(candidate) > ORDER.indexOf(current);
    }

    static Optional<Health> of(JsonNode live) {
        String kind = live.path("kind").asText();
        String group = group(live.path("apiVersion").asText());
        return switch (group + "/" + kind) {
            case "apps/Deployment" -> Optional.of(deployment(live));
            case "apps/StatefulSet" -> Optional.of(statefulSet(live));
            case "apps/DaemonSet" -> Optional.of(daemonSet(live));
            case "apps/ReplicaSet" -> Optional.of(replicaSet(live));
            case "/Service" -> Optional.of(service(live));
            case "networking.k8s.io/Ingress" -> Optional.of(ingress(live));
            case "/PersistentVolumeClaim" -> Optional.of(pvc(live));
            case "/Pod" -> Optional.of(pod(live));
            case "batch/Job" -> Optional.of(job(live));
            default -> Optional.empty();
        };
    }

    static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static boolean observed(JsonNode o) {
        return o.path("metadata").path("generation").asLong(0) <= o.path("status").path("observedGeneration").asLong(0);
    }

    private static Health deployment(JsonNode d) {
        JsonNode spec = d.path("spec");
        JsonNode status = d.path("status");
        if (spec.path("paused").asBoolean(false)) {
            return new Health(SUSPENDED, "Deployment is paused");
        }
        if (!observed(d)) {
            return new Health(PROGRESSING, "Waiting for rollout to finish: observed deployment generation less than desired generation");
        }
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals("Progressing") && c.path("reason").asText().equals("ProgressDeadlineExceeded")) {
                return new Health(DEGRADED, "Deployment \"" + d.path("metadata").path("name").asText() + "\" exceeded its progress deadline");
            }
        }
        long replicas = spec.path("replicas").asLong(1);
        long updated = status.path("updatedReplicas").asLong(0);
        long total = status.path("replicas").asLong(0);
        long available = status.path("availableReplicas").asLong(0);
        if (updated < replicas) {
            return new Health(PROGRESSING, "Waiting for rollout to finish: " + updated + " out of " + replicas
                    + " new replicas have been updated...");
        }
        if (total > updated) {
            return new Health(PROGRESSING, "Waiting for rollout to finish: " + (total - updated) + " old replicas are pending termination...");
        }
        if (available < updated) {
            return new Health(PROGRESSING, "Waiting for rollout to finish: " + available + " of " + updated
                    + " updated replicas are available...");
        }
        return new Health(HEALTHY, "");
    }

    private static Health statefulSet(JsonNode s) {
        JsonNode status = s.path("status");
        if (status.path("observedGeneration").asLong(0) == 0 || !observed(s)) {
            return new Health(PROGRESSING, "Waiting for statefulset spec update to be observed...");
        }
        long replicas = s.path("spec").path("replicas").asLong(1);
        long ready = status.path("readyReplicas").asLong(0);
        if (ready < replicas) {
            return new Health(PROGRESSING, "Waiting for " + (replicas - ready) + " pods to be ready...");
        }
        String update = status.path("updateRevision").asText();
        String current = status.path("currentRevision").asText();
        if (!update.equals(current)) {
            return new Health(PROGRESSING, "waiting for statefulset rolling update to complete "
                    + status.path("updatedReplicas").asLong(0) + " pods at revision " + update + "...");
        }
        return new Health(HEALTHY, "statefulset rolling update complete " + status.path("currentReplicas").asLong(0)
                + " pods at revision " + current + "...");
    }

    private static Health daemonSet(JsonNode d) {
        JsonNode status = d.path("status");
        if (!observed(d)) {
            return new Health(PROGRESSING, "Waiting for rollout to finish: observed daemon set generation less than desired generation");
        }
        long desired = status.path("desiredNumberScheduled").asLong(0);
        if (status.path("updatedNumberScheduled").asLong(0) < desired) {
            return new Health(PROGRESSING, "Waiting for daemon set \"" + d.path("metadata").path("name").asText()
                    + "\" rollout to finish: " + status.path("updatedNumberScheduled").asLong(0) + " out of " + desired
                    + " new pods have been updated...");
        }
        if (status.path("numberAvailable").asLong(0) < desired) {
            return new Health(PROGRESSING, "Waiting for daemon set \"" + d.path("metadata").path("name").asText()
                    + "\" rollout to finish: " + status.path("numberAvailable").asLong(0) + " of " + desired
                    + " updated pods are available...");
        }
        return new Health(HEALTHY, "");
    }

    private static Health replicaSet(JsonNode r) {
        if (!observed(r)) {
            return new Health(PROGRESSING, "Waiting for rollout to finish: observed replica set generation less than desired generation");
        }
        long replicas = r.path("spec").path("replicas").asLong(1);
        long available = r.path("status").path("availableReplicas").asLong(0);
        if (available < replicas) {
            return new Health(PROGRESSING, "Waiting for rollout to finish: " + available + " out of " + replicas
                    + " new replicas are available...");
        }
        return new Health(HEALTHY, "");
    }

    private static Health service(JsonNode s) {
        if (s.path("spec").path("type").asText().equals("LoadBalancer")
                && s.path("status").path("loadBalancer").path("ingress").isEmpty()) {
            return new Health(PROGRESSING, "");
        }
        return new Health(HEALTHY, "");
    }

    private static Health ingress(JsonNode i) {
        return i.path("status").path("loadBalancer").path("ingress").isEmpty()
                ? new Health(PROGRESSING, "") : new Health(HEALTHY, "");
    }

    private static Health pvc(JsonNode p) {
        return switch (p.path("status").path("phase").asText()) {
            case "Lost" -> new Health(DEGRADED, "");
            case "Bound" -> new Health(HEALTHY, "");
            default -> new Health(PROGRESSING, "");
        };
    }

    private static Health pod(JsonNode p) {
        JsonNode status = p.path("status");
        String message = status.path("message").asText();
        String restart = p.path("spec").path("restartPolicy").asText("Always");
        if (restart.equals("Always")) {
            for (JsonNode c : status.path("containerStatuses")) {
                String reason = c.path("state").path("waiting").path("reason").asText();
                if (reason.startsWith("Err") || reason.endsWith("Error") || reason.endsWith("BackOff")) {
                    return new Health(DEGRADED, c.path("state").path("waiting").path("message").asText(reason));
                }
            }
        }
        switch (status.path("phase").asText()) {
            case "Succeeded":
                return new Health(HEALTHY, message);
            case "Failed":
                return new Health(DEGRADED, message);
            case "Running":
                boolean ready = false;
                for (JsonNode c : status.path("conditions")) {
                    ready |= c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True");
                }
                if (!restart.equals("Always")) {
                    return new Health(PROGRESSING, message);
                }
                if (ready) {
                    return new Health(HEALTHY, message);
                }
                for (JsonNode c : status.path("containerStatuses")) {
                    if (c.path("lastState").has("terminated")) {
                        return new Health(DEGRADED, message);
                    }
                }
                return new Health(PROGRESSING, message);
            case "Pending":
                return new Health(PROGRESSING, message);
            default:
                return new Health(UNKNOWN, message);
        }
    }

    private static Health job(JsonNode j) {
        for (JsonNode c : j.path("status").path("conditions")) {
            if (!c.path("status").asText().equals("True")) {
                continue;
            }
            switch (c.path("type").asText()) {
                case "Failed":
                    return new Health(DEGRADED, c.path("message").asText());
                case "Complete":
                    return new Health(HEALTHY, c.path("message").asText());
                default:
                    break;
            }
        }
        return new Health(PROGRESSING, "");
    }
}
