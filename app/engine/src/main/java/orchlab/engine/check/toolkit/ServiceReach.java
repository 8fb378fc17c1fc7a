package orchlab.engine.check.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.Convergence;

/**
 * Whether waiting can change what a Service answers: for a check that sends a request to a Service and got the wrong
 * answer (or none), read what stands behind the Service the way {@code kubectl describe service} and
 * {@code kubectl get endpoints} show it.
 *
 * <ul>
 *   <li>no such Service: settled when nothing in the namespace is being created ({@link ClusterActivity});</li>
 *   <li>no ready endpoint: settled when no Pod matches the selector and no workload in the namespace makes such Pods,
 *       or when every matching Pod is stuck ({@code ImagePullBackOff}, {@code CrashLoopBackOff}...) or finished;
 *       converging while a matching Pod is starting or a workload that makes them is rolling out;</li>
 *   <li>ready endpoints but the wrong answer: converging while the namespace is; otherwise {@link Convergence#steady}
 *       — the answer comes from a process the lab cannot watch, so it is final only when it repeats while the
 *       Service, its endpoints and its Pods stay exactly as they are (same {@code resourceVersion}s).</li>
 * </ul>
 */
public final class ServiceReach {
    private static final List<String[]> WORKLOADS = List.of(new String[] {"apps/v1", "Deployment"},
            new String[] {"apps/v1", "StatefulSet"}, new String[] {"apps/v1", "DaemonSet"},
            new String[] {"apps/v1", "ReplicaSet"}, new String[] {"batch/v1", "Job"});

    private ServiceReach() {
    }

    /**
     * @param answer what the request got, as far as the verdict goes (its status and which expectations failed, or
     *               "no answer"): part of the steady token, so that a changing verdict never counts as the same
     */
    public static Convergence convergence(KubernetesClient client, String namespace, String service, String answer)
            throws CheckUnavailableException {
        Optional<JsonNode> svc = one(client, "v1", "Service", namespace, service);
        if (svc.isEmpty()) {
            Convergence ns = ClusterActivity.of(client, namespace).convergence(namespace);
            return ns.isSettled() ? Convergence.settled("Service " + service + " does not exist and " + lower(ns.why())) : ns;
        }
        Map<String, String> selector = selector(svc.get());
        if (selector.isEmpty() || "ExternalName".equals(svc.get().path("spec").path("type").asText())) {
            return steadyUnlessConverging(client, namespace, service, answer, List.of(svc.get()));
        }
        List<JsonNode> pods = new ArrayList<>();
        for (JsonNode pod : ClusterActivity.list(client, "v1", "Pod", namespace)) {
            if (matches(selector, pod.path("metadata").path("labels"))) {
                pods.add(pod);
            }
        }
        Optional<JsonNode> endpoints = one(client, "v1", "Endpoints", namespace, service);
        boolean ready = endpoints.isPresent() && hasReadyAddress(endpoints.get());
        if (ready) {
            List<JsonNode> behind = new ArrayList<>(pods);
            behind.add(svc.get());
            behind.add(endpoints.get());
            return steadyUnlessConverging(client, namespace, service, answer, behind);
        }
        String selectorText = text(selector);
        if (pods.isEmpty()) {
            List<String> makers = makers(client, namespace, selector);
            if (makers.isEmpty()) {
                return Convergence.settled("Service " + service + " has no endpoints: no Pod has its selector's labels ("
                        + selectorText + ") and no workload in namespace " + namespace + " makes such Pods");
            }
            Convergence ns = ClusterActivity.of(client, namespace).convergence(namespace);
            return ns.isSettled() ? Convergence.settled("Service " + service + " has no endpoints: " + makers.get(0)
                    + " makes Pods with its labels (" + selectorText + "), but none exists and nothing is being created") : ns;
        }
        List<String> stuck = new ArrayList<>();
        List<JsonNode> events = pods.stream().anyMatch(ClusterActivity::awaitsReadiness)
                ? ClusterActivity.list(client, "v1", "Event", namespace) : List.of();
        for (JsonNode pod : pods) {
            ClusterActivity.PodState state = ClusterActivity.podState(pod, events);
            switch (state.kind()) {
                case CONVERGING -> {
                    return Convergence.converging("Pod " + ClusterActivity.name(pod) + " of Service " + service + " is "
                            + state.detail());
                }
                case STUCK -> stuck.add("Pod " + ClusterActivity.name(pod) + ": " + state.detail());
                case SETTLED -> {
                    if (state.detail().equals("Ready")) {
                        // a ready Pod the endpoints do not list yet: the endpoints controller is behind
                        return Convergence.converging("the endpoints of Service " + service + " are being updated");
                    }
                    stuck.add("Pod " + ClusterActivity.name(pod) + ": " + state.detail());
                }
            }
        }
        Convergence ns = ClusterActivity.of(client, namespace).convergence(namespace);
        if (!ns.isSettled() && !makers(client, namespace, selector).isEmpty()) {
            return ns; // a rollout may still replace the stuck Pods with good ones
        }
        return Convergence.settled("Service " + service + " has no ready endpoints and its Pods cannot become ready: "
                + stuck.get(0) + (stuck.size() > 1 ? " (and " + (stuck.size() - 1) + " more Pod" + (stuck.size() > 2 ? "s" : "")
                + ")" : ""));
    }

    private static Convergence steadyUnlessConverging(KubernetesClient client, String namespace, String service,
                                                      String answer, List<JsonNode> behind) throws CheckUnavailableException {
        Convergence ns = ClusterActivity.of(client, namespace).convergence(namespace);
        if (!ns.isSettled()) {
            return ns;
        }
        TreeSet<String> versions = new TreeSet<>();
        for (JsonNode object : behind) {
            versions.add(object.path("kind").asText() + "/" + ClusterActivity.name(object) + "@"
                    + object.path("metadata").path("resourceVersion").asText());
        }
        return Convergence.steady(answer + "\n" + String.join(",", versions), "Service " + service
                + " gave the same answer " + Convergence.STEADY_ATTEMPTS + " times in a row while its Pods and endpoints"
                + " stayed as they are");
    }

    /** The workloads of the namespace whose Pod template carries every label of the selector. */
    private static List<String> makers(KubernetesClient client, String namespace, Map<String, String> selector)
            throws CheckUnavailableException {
        List<String> out = new ArrayList<>();
        for (String[] kind : WORKLOADS) {
            for (JsonNode workload : ClusterActivity.list(client, kind[0], kind[1], namespace)) {
                boolean owned = workload.path("metadata").path("ownerReferences").size() > 0;
                if (!owned && matches(selector, workload.path("spec").path("template").path("metadata").path("labels"))) {
                    out.add(kind[1] + " " + ClusterActivity.name(workload));
                }
            }
        }
        return out;
    }

    private static Optional<JsonNode> one(KubernetesClient client, String apiVersion, String kind, String namespace,
                                          String name) throws CheckUnavailableException {
        List<JsonNode> found = new ResourceRef(apiVersion, kind, Optional.of(name), Map.of(), Optional.empty())
                .fetch(client, namespace);
        return found.stream().findFirst();
    }

    private static boolean hasReadyAddress(JsonNode endpoints) {
        for (JsonNode subset : endpoints.path("subsets")) {
            if (subset.path("addresses").size() > 0) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> selector(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = service.path("spec").path("selector").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static boolean matches(Map<String, String> selector, JsonNode labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.path(e.getKey()).asText(null)));
    }

    private static String text(Map<String, String> selector) {
        StringBuilder out = new StringBuilder();
        selector.forEach((k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return out.toString();
    }

    private static String lower(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
