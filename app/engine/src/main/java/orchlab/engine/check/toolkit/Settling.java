package orchlab.engine.check.toolkit;

import orchlab.engine.check.*;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import orchlab.engine.sandbox.KubeReads;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.Convergence;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;

/**
 * How the Kubernetes check kinds tell the engine whether a failure is final (see {@link Convergence}).
 *
 * <ul>
 *   <li>Every failing field is desired state (anything not under {@code status}) of objects the learner wrote (no
 *       owner) whose controller has seen that spec ({@code status.observedGeneration == metadata.generation} where
 *       the kind has one, or no status at all): nothing in the cluster will change it → settled now.</li>
 *   <li>Otherwise (status fields, a missing object, a CEL verdict, objects made by a controller) the namespace
 *       decides: settled when nothing in it is converging ({@link ClusterActivity}), converging otherwise.</li>
 * </ul>
 */
public final class Settling {
    /** Kinds whose content a controller writes although they have no owner and no {@code status}. */
    private static final Set<String> CONTROLLER_WRITTEN = Set.of("Endpoints", "EndpointSlice", "Event", "Lease");
    /** Kinds whose controller reports {@code status.observedGeneration}: without it, it has not seen the object yet. */
    private static final Set<String> OBSERVED_BY_CONTROLLER = Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet",
            "HorizontalPodAutoscaler");
    /** Kinds whose status a controller or the kubelet fills in soon after they are created. */
    private static final Set<String> STATUS_BY_CONTROLLER = Set.of("Pod", "Job", "PersistentVolumeClaim", "Ingress");

    private Settling() {
    }

    /** One look at the selected objects and the verdict on them. */
    public record Look(List<JsonNode> objects, Outcome outcome) {
    }

    /** Looks at the cluster once; the kinds' own fetch-and-judge. */
    @FunctionalInterface
    public interface Looker {
        Look look() throws CheckUnavailableException;
    }

    /**
     * Looks, and for a failure says whether it is final. When the verdict depends on the namespace settling, the
     * namespace is probed <em>first</em> and the objects looked at again afterwards: a verdict read before the
     * probe could be stale (the third Pod became ready in between), one read after a settled probe cannot be.
     */
    public static Outcome judge(Looker looker, KubernetesClient client, String namespace) throws CheckUnavailableException {
        return judge(looker, KubeReads.of(client), namespace);
    }

    /** {@link #judge(Looker, KubernetesClient, String)} through any {@link KubeReads}. */
    public static Outcome judge(Looker looker, KubeReads client, String namespace) throws CheckUnavailableException {
        Look look = looker.look();
        Outcome outcome = look.outcome();
        if (outcome.passed() || ownSay(outcome)) {
            return outcome;
        }
        Optional<Convergence> own = byItself(look);
        if (own.isPresent()) {
            return outcome.with(own.get());
        }
        Convergence namespaceState = ClusterActivity.of(client, namespace).convergence(namespace);
        if (!namespaceState.isSettled()) {
            return outcome.with(namespaceState);
        }
        Outcome again = looker.look().outcome();
        return again.passed() || ownSay(again) ? again : again.with(namespaceState);
    }

    /** The kind already said whether waiting helps (an expression stopped by its time limit judged nothing yet). */
    private static boolean ownSay(Outcome outcome) {
        return outcome.convergence().state() != Convergence.State.UNKNOWN;
    }

    /** Settled by the objects alone: desired state the learner wrote, that the cluster has processed. */
    private static Optional<Convergence> byItself(Look look) {
        Outcome outcome = look.outcome();
        List<JsonNode> objects = look.objects();
        if (outcome.notFound() || objects.isEmpty()) {
            return Optional.empty();
        }
        if (!outcome.failures().isEmpty() && outcome.failures().stream().allMatch(Settling::desired)) {
            List<JsonNode> failing = objects.stream().filter(o -> involved(o, outcome.failures(), objects.size())).toList();
            if (!failing.isEmpty() && failing.stream().allMatch(Settling::writtenAndProcessed)) {
                return Optional.of(Convergence.settled(describeDesired(outcome.failures(), failing)));
            }
        }
        if (outcome.failures().isEmpty() && objects.stream().allMatch(o -> writtenAndProcessed(o) && !hasStatus(o)
                && !statusComesLater(o))) {
            // a verdict over objects no controller writes to (a Secret, a ConfigMap): only a new apply changes it
            return Optional.of(Convergence.settled(describe(objects)
                    + " as applied — nothing in the cluster changes it, only a new apply can"));
        }
        return Optional.empty();
    }

    /** A Deployment, Pod, Job... without status yet: its controller or the kubelet has not reported on it so far. */
    private static boolean statusComesLater(JsonNode object) {
        String kind = object.path("kind").asText();
        return OBSERVED_BY_CONTROLLER.contains(kind) || STATUS_BY_CONTROLLER.contains(kind);
    }

    private static boolean hasStatus(JsonNode object) {
        return object.path("status").isObject() && !object.path("status").isEmpty();
    }

    private static String describe(List<JsonNode> objects) {
        JsonNode first = objects.get(0);
        String what = first.path("kind").asText("object") + " " + ClusterActivity.name(first);
        return objects.size() == 1 ? what + " is" : what + " and " + (objects.size() - 1) + " more are";
    }

    /** A failing field the learner wrote (not one a controller reports under {@code status}). */
    public static boolean desired(FieldFailure failure) {
        String path = failure.path();
        int colon = path.indexOf(": ");
        if (colon >= 0) {
            path = path.substring(colon + 2); // "web-1: status.phase" from a selection
        }
        if (path.equals("count")) {
            return false; // how many objects exist depends on controllers too
        }
        return !(path.equals("status") || path.startsWith("status.") || path.startsWith("status["));
    }

    private static boolean involved(JsonNode object, List<FieldFailure> failures, int selected) {
        if (selected == 1) {
            return true;
        }
        String prefix = ClusterActivity.name(object) + ": ";
        return failures.stream().anyMatch(f -> f.path().startsWith(prefix));
    }

    /** Not made by a controller, and its own controller (if any) has seen its latest spec. */
    public static boolean writtenAndProcessed(JsonNode object) {
        if (CONTROLLER_WRITTEN.contains(object.path("kind").asText())) {
            return false; // Endpoints are the endpoints controller's, not the learner's, and carry no owner
        }
        if (object.path("metadata").path("ownerReferences").size() > 0) {
            return false; // a Pod of a ReplicaSet: a rollout may replace it
        }
        if (object.path("metadata").hasNonNull("deletionTimestamp")) {
            return false;
        }
        JsonNode status = object.path("status");
        if (!status.isObject() || status.isEmpty() || !status.has("observedGeneration")) {
            return true;
        }
        return status.path("observedGeneration").asLong() >= object.path("metadata").path("generation").asLong(0);
    }

    private static String describeDesired(List<FieldFailure> failures, List<JsonNode> objects) {
        Set<String> paths = new LinkedHashSet<>();
        failures.forEach(f -> paths.add(f.path()));
        JsonNode first = objects.get(0);
        String generation = first.path("status").has("observedGeneration")
                ? " (generation " + first.path("metadata").path("generation").asText() + " observed)" : "";
        String verb = paths.size() == 1 ? " is" : " are";
        return generation.isEmpty()
                ? String.join(", ", paths) + verb + " what was applied — nothing in the cluster changes it, only a new apply can"
                : String.join(", ", paths) + verb + " what was applied and the cluster has processed it" + generation
                        + " — only a new apply can change it";
    }

    /** The names of the objects a failing check involved, for {@link Evidence}. */
    public static Set<String> names(List<JsonNode> objects) {
        Set<String> names = new LinkedHashSet<>();
        objects.forEach(o -> names.add(ClusterActivity.name(o)));
        return names;
    }
}
