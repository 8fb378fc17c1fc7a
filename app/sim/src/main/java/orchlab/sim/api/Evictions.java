package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import orchlab.sim.controller.DisruptionReconciler;
import orchlab.sim.controller.SimContext;
import orchlab.sim.store.ObjectStore;
import orchlab.sim.store.Selectors;

/**
 * The eviction subresource, {@code POST /api/v1/namespaces/NS/pods/NAME/eviction} (what {@code kubectl drain} sends),
 * as Kubernetes' {@code EvictionREST} ({@code pkg/registry/core/pod/storage/eviction.go}) answers it:
 * <ul>
 *   <li>a Pod that is Pending, Succeeded, Failed or already being deleted is deleted without looking at budgets;</li>
 *   <li>no PodDisruptionBudget selects it: deleted; more than one: 500 "This pod has more than one
 *       PodDisruptionBudget, which the eviction subresource does not support.";</li>
 *   <li>a Pod that is not Ready while the budget has its desired healthy Pods (or with
 *       {@code unhealthyPodEvictionPolicy: AlwaysAllow}) is deleted without using the budget;</li>
 *   <li>otherwise the budget must allow a disruption: its {@code disruptionsAllowed} is decremented and the Pod noted
 *       in {@code disruptedPods} in the same status write (a conflicting write is retried), so two evictions in a row
 *       cannot both use the last allowed disruption; {@code disruptionsAllowed: 0} → 429 TooManyRequests "Cannot evict
 *       pod as it would violate the pod's disruption budget." with the cause "The disruption budget NAME needs D healthy
 *       pods and has C currently"; a budget the controller has not seen yet ({@code observedGeneration} behind) → 429
 *       with {@code Retry-After: 10}.</li>
 * </ul>
 * An evicted Pod gets the {@code DisruptionTarget} condition ({@code EvictionByEvictionAPI}) and is deleted; the answer
 * is a {@code Status} {@code Success} with code 201. {@code dryRun} decides everything and changes nothing.
 */
final class Evictions {

    static final String TOO_MANY = "Cannot evict pod as it would violate the pod's disruption budget.";
    private static final String MORE_THAN_ONE =
            "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";

    private final ObjectStore store;
    private final ResourceType pods;
    private final ResourceType pdbs;
    private volatile Supplier<Instant> clock = Instant::now;

    Evictions(ObjectStore store, ResourceCatalog catalog) {
        this.store = store;
        this.pods = catalog.require("", "pods");
        this.pdbs = catalog.require("policy", "poddisruptionbudgets");
    }

    /** The clock {@code disruptedPods} times are written with (the sim's, so the disruption controller agrees). */
    void clock(Supplier<Instant> now) {
        this.clock = now;
    }

    static boolean isEviction(ResourcePath path) {
        return path.group().isEmpty() && path.plural().equals("pods") && "eviction".equals(path.subresource())
                && path.name() != null;
    }

    ApiResponse handle(ApiRequest request, ResourcePath path) {
        if (!request.method().equals("POST")) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        ObjectNode eviction = request.body().isBlank() ? Json.object() : Json.parseObject(request.body());
        String apiVersion = eviction.path("apiVersion").asText("policy/v1");
        if (!apiVersion.equals("policy/v1") && !apiVersion.equals("policy/v1beta1")) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (policy/v1)");
        }
        String kind = eviction.path("kind").asText("Eviction");
        if (!kind.equals("Eviction")) {
            throw ApiException.badRequest(kind + " in version \"v1\" cannot be handled as a Eviction");
        }
        if (!path.name().equals(Json.name(eviction))) {
            throw ApiException.badRequest("name in URL does not match name in Eviction object");
        }
        boolean dryRun = request.param("dryRun").isPresent()
                || eviction.path("deleteOptions").path("dryRun").size() > 0;
        synchronized (this) {
            return evict(path.namespace(), path.name(), dryRun);
        }
    }

    private ApiResponse evict(String namespace, String name, boolean dryRun) {
        ObjectNode pod = store.get(pods, namespace, name).orElseThrow(() -> ApiException.notFound(pods, name));
        if (canIgnoreBudgets(pod)) {
            return delete(pod, dryRun, false);
        }
        List<ObjectNode> budgets = store.list(pdbs, namespace, pdb -> selects(pdb, pod));
        if (budgets.size() > 1) {
            ObjectNode status = status("Failure", 500);
            status.put("message", MORE_THAN_ONE);
            return ApiResponse.json(500, status);
        }
        if (budgets.isEmpty()) {
            return delete(pod, dryRun, true);
        }
        ObjectNode pdb = budgets.get(0);
        if (!SimContext.condition(pod.path("status"), "Ready").equals("True")) {
            JsonNode st = pdb.path("status");
            if ("AlwaysAllow".equals(pdb.path("spec").path("unhealthyPodEvictionPolicy").asText())
                    || st.path("currentHealthy").asInt() >= st.path("desiredHealthy").asInt()
                    && st.path("desiredHealthy").asInt() > 0) {
                return delete(pod, dryRun, true);
            }
        }
        for (int attempt = 0; ; attempt++) {
            try {
                checkAndDecrement(pdb, name, dryRun);
                break;
            } catch (ApiException e) {
                if (e.code() != 409 || attempt >= 20) {
                    throw e;
                }
                pdb = store.get(pdbs, namespace, Json.name(pdb)).orElseThrow(() -> e);
            }
        }
        return delete(pod, dryRun, true);
    }

    /** A Pod that is Pending, Succeeded, Failed or being deleted has already stopped serving: no budget applies. */
    private static boolean canIgnoreBudgets(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("Pending");
        return phase.equals("Pending") || phase.equals("Succeeded") || phase.equals("Failed")
                || pod.path("metadata").hasNonNull("deletionTimestamp");
    }

    /** A budget with a missing or empty selector selects nothing here (unlike in the controller). */
    private static boolean selects(JsonNode pdb, JsonNode pod) {
        JsonNode selector = pdb.path("spec").path("selector");
        return selector.isObject() && !Selectors.isEmpty(selector) && Selectors.matches(selector, Selectors.labels(pod));
    }

    private void checkAndDecrement(ObjectNode pdb, String podName, boolean dryRun) {
        String budget = Json.name(pdb);
        JsonNode st = pdb.path("status");
        if (st.path("observedGeneration").asLong(0) < pdb.path("metadata").path("generation").asLong(1)) {
            throw new Refusal(tooManyRequests("The disruption budget " + budget + " is still being processed by the server.", 10));
        }
        int allowed = st.path("disruptionsAllowed").asInt(0);
        if (allowed < 0) {
            throw ApiException.forbidden("poddisruptionbudget.policy \"" + budget + "\" is forbidden: pdb disruptions allowed is negative");
        }
        if (allowed == 0) {
            throw new Refusal(tooManyRequests("The disruption budget " + budget + " needs " + st.path("desiredHealthy").asInt()
                    + " healthy pods and has " + st.path("currentHealthy").asInt() + " currently", 0));
        }
        if (dryRun) {
            return;
        }
        ObjectNode updated = pdb.deepCopy();
        ObjectNode status = Json.with(updated, "status");
        status.put("disruptionsAllowed", allowed - 1);
        String now = clock.get().truncatedTo(ChronoUnit.SECONDS).toString();
        if (allowed - 1 == 0) {
            DisruptionReconciler.setAllowedCondition(status, false, now);
        }
        Json.with(status, "disruptedPods").put(podName, now);
        store.updateStatus(pdbs, updated); // 409 when the controller wrote meanwhile: read again and retry
    }

    private ApiResponse delete(ObjectNode pod, boolean dryRun, boolean markDisruption) {
        if (!dryRun) {
            if (markDisruption) {
                ObjectNode status = SimContext.statusOf(pod);
                SimContext.setCondition(status, "DisruptionTarget", "True", "EvictionByEvictionAPI", "Eviction API: evicting",
                        clock.get().truncatedTo(ChronoUnit.SECONDS).toString());
                ObjectNode marked = pod.deepCopy();
                marked.set("status", status);
                try {
                    store.updateStatus(pods, marked);
                } catch (ApiException e) {
                    // the Pod changed meanwhile: it is deleted all the same
                }
            }
            store.delete(pods, Json.namespace(pod), Json.name(pod));
        }
        return ApiResponse.json(201, status("Success", 201));
    }

    private static ObjectNode status(String outcome, int code) {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", outcome);
        status.put("code", code);
        return status;
    }

    /** {@code errors.NewTooManyRequests} with a {@code DisruptionBudget} cause; {@code Retry-After} only when positive. */
    private static ApiResponse tooManyRequests(String cause, int retryAfterSeconds) {
        ObjectNode status = status("Failure", 429);
        status.put("message", TOO_MANY);
        status.put("reason", "TooManyRequests");
        ObjectNode details = status.putObject("details");
        details.putArray("causes").addObject().put("reason", "DisruptionBudget").put("message", cause);
        if (retryAfterSeconds > 0) {
            details.put("retryAfterSeconds", retryAfterSeconds);
        }
        ApiResponse response = ApiResponse.json(429, status);
        return retryAfterSeconds > 0 ? response.withHeader("Retry-After", String.valueOf(retryAfterSeconds)) : response;
    }

    /** A refusal that is a complete answer (not an {@link ApiException}, whose Status has no room for retry details). */
    static final class Refusal extends RuntimeException {
        private final transient ApiResponse response;

        Refusal(ApiResponse response) {
            super(null, null, false, false);
            this.response = response;
        }

        ApiResponse response() {
            return response;
        }
    }

    Optional<ApiResponse> answer(ApiRequest request, ResourcePath path) {
        if (!isEviction(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(handle(request, path));
        } catch (Refusal r) {
            return Optional.of(r.response());
        }
    }
}
