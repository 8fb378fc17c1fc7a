package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.deployment;
import static orchlab.sim.SimTestSupport.json;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import orchlab.sim.api.ApiRequest;
import orchlab.sim.api.ApiResponse;
import orchlab.sim.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PodDisruptionBudgets (issue 13, item 5): the disruption controller's status and the eviction subresource, as
 * Kubernetes' {@code pkg/controller/disruption} and {@code pkg/registry/core/pod/storage/eviction.go} behave.
 */
class DisruptionBudgetTest extends ManualSimTestBase {

    private static final String PDBS = "/apis/policy/v1/namespaces/default/poddisruptionbudgets";

    private void web(int replicas) {
        assertThat(apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("web", replicas, "nginx:1.27", ""))
                .code()).isEqualTo(201);
        cluster.reconcile();
    }

    private void budget(String name, String rule) {
        ApiResponse created = apply(cluster, PDBS, """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: %s}
                spec: {%s, selector: {matchLabels: {app: web}}}
                """.formatted(name, rule));
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
        cluster.reconcile();
    }

    private JsonNode status(String name) {
        return get(PDBS + "/" + name).path("status");
    }

    private ApiResponse evict(String pod) {
        return send(cluster, "POST", "/api/v1/namespaces/default/pods/" + pod + "/eviction", "application/json",
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod + "\",\"namespace\":\"default\"}}");
    }

    private String firstPod() {
        return Json.name(pods("default").get(0));
    }

    @Test
    void aBudgetReportsExpectedDesiredAndCurrentHealthyPodsAndTheDisruptionsItAllows() {
        web(3);
        budget("web", "minAvailable: 2");

        JsonNode status = status("web");
        assertThat(status.path("expectedPods").asInt()).isEqualTo(3);
        assertThat(status.path("desiredHealthy").asInt()).isEqualTo(2);
        assertThat(status.path("currentHealthy").asInt()).isEqualTo(3);
        assertThat(status.path("disruptionsAllowed").asInt()).isEqualTo(1);
        assertThat(status.path("observedGeneration").asInt()).isEqualTo(1);
        JsonNode condition = status.path("conditions").get(0);
        assertThat(condition.path("type").asText()).isEqualTo("DisruptionAllowed");
        assertThat(condition.path("status").asText()).isEqualTo("True");
        assertThat(condition.path("reason").asText()).isEqualTo("SufficientPods");
    }

    @ParameterizedTest(name = "{0} of 3 replicas: desired {1}, allowed {2}")
    @CsvSource(delimiter = ';', value = {
            "minAvailable: 3;             3; 0",
            "minAvailable: '50%';         2; 1",   // 1.5 rounded up
            "minAvailable: '34%';         2; 1",   // 1.02 rounded up
            "maxUnavailable: 1;           2; 1",
            "maxUnavailable: '10%';       2; 1",   // 0.3 unavailable rounded up to 1
            "maxUnavailable: '50%';       1; 2"})  // 1.5 unavailable rounded up to 2
    void integersAndPercentagesAreScaledAgainstTheControllersReplicasRoundingUp(String rule, int desired, int allowed) {
        web(3);
        budget("web", rule.trim());
        assertThat(status("web").path("desiredHealthy").asInt()).isEqualTo(desired);
        assertThat(status("web").path("disruptionsAllowed").asInt()).isEqualTo(allowed);
        assertThat(status("web").path("conditions").get(0).path("reason").asText())
                .isEqualTo(allowed > 0 ? "SufficientPods" : "InsufficientPods");
    }

    @Test
    void kubectlGetShowsMinAvailableMaxUnavailableAndAllowedDisruptions() {
        web(2);
        budget("web", "maxUnavailable: '50%'");
        ApiResponse table = cluster.server().respond(ApiRequest.of("GET", PDBS, Map.of("Accept",
                List.of("application/json;as=Table;v=v1;g=meta.k8s.io")), ""));
        ObjectNode body = json(table);
        assertThat(body.path("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age");
        JsonNode cells = body.path("rows").get(0).path("cells");
        assertThat(List.of(cells.get(0).asText(), cells.get(1).asText(), cells.get(2).asText(), cells.get(3).asText()))
                .containsExactly("web", "N/A", "50%", "1");
    }

    @Test
    void anAllowedEvictionDeletesThePodAndUsesTheDisruptionAtOnceSoTheNextOneIsRefused() {
        web(3);
        budget("web", "minAvailable: 2");
        List<String> names = pods("default").stream().map(Json::name).toList();

        ApiResponse first = evict(names.get(0));
        assertThat(first.code()).as(first.bodyText()).isEqualTo(201);
        assertThat(json(first).path("status").asText()).isEqualTo("Success");
        assertThat(cluster.context().get(cluster.context().pods, "default", names.get(0))).isEmpty();
        JsonNode status = status("web");
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        assertThat(status.path("disruptedPods").has(names.get(0))).isTrue();

        // before the controller has looked again: the budget's last disruption is spent
        ApiResponse second = evict(names.get(1));
        assertThat(second.code()).isEqualTo(429);
        assertThat(json(second).path("reason").asText()).isEqualTo("TooManyRequests");
        assertThat(json(second).path("message").asText())
                .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(json(second).path("details").path("causes").get(0).path("reason").asText()).isEqualTo("DisruptionBudget");
        assertThat(second.headers()).doesNotContainKey("Retry-After");
        assertThat(cluster.context().get(cluster.context().pods, "default", names.get(1))).isPresent();
    }

    @Test
    void aRefusedEvictionNamesTheBudgetAndItsHealthyPods() {
        web(2);
        budget("web", "minAvailable: 2");
        ApiResponse refused = evict(firstPod());
        assertThat(refused.code()).isEqualTo(429);
        assertThat(json(refused).path("details").path("causes").get(0).path("message").asText())
                .isEqualTo("The disruption budget web needs 2 healthy pods and has 2 currently");
    }

    @Test
    void onceTheReplacementIsReadyTheBudgetAllowsTheNextEviction() {
        web(3);
        budget("web", "minAvailable: 2");
        assertThat(evict(firstPod()).code()).isEqualTo(201);
        cluster.reconcile(); // the Deployment replaces the Pod, the controller counts it

        JsonNode status = status("web");
        assertThat(status.path("currentHealthy").asInt()).isEqualTo(3);
        assertThat(status.path("disruptionsAllowed").asInt()).isEqualTo(1);
        assertThat(status.has("disruptedPods")).as("the evicted Pod is gone, so it leaves the map").isFalse();
        assertThat(evict(firstPod()).code()).isEqualTo(201);
    }

    @Test
    void aPodTwoBudgetsSelectCannotBeEvicted() {
        web(2);
        budget("one", "minAvailable: 1");
        budget("two", "maxUnavailable: 1");
        ApiResponse refused = evict(firstPod());
        assertThat(refused.code()).isEqualTo(500);
        assertThat(json(refused).path("message").asText())
                .isEqualTo("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        assertThat(pods("default")).hasSize(2);
    }

    @Test
    void aPodNoBudgetSelectsIsEvictedAndAMissingPodIsNotFound() {
        web(1);
        assertThat(evict(firstPod()).code()).isEqualTo(201);
        ApiResponse missing = evict("nope");
        assertThat(missing.code()).isEqualTo(404);
        assertThat(json(missing).path("message").asText()).isEqualTo("pods \"nope\" not found");
    }

    @Test
    void aBudgetTheControllerHasNotSeenAsksTheClientToRetryLater() {
        web(2);
        apply(cluster, PDBS, """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: fresh}
                spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}
                """); // no reconcile: observedGeneration is behind
        ApiResponse refused = evict(firstPod());
        assertThat(refused.code()).isEqualTo(429);
        assertThat(refused.headers()).containsEntry("Retry-After", "10");
        assertThat(json(refused).path("details").path("causes").get(0).path("message").asText())
                .isEqualTo("The disruption budget fresh is still being processed by the server.");
    }

    @Test
    void aBudgetOverPodsWithoutAScalableControllerFailsSafeWithNoDisruptionAllowed() {
        ApiResponse ds = apply(cluster, "/apis/apps/v1/namespaces/default/daemonsets", """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: agent, image: "busybox:1.36", command: [sleep, "3600"]}]}
                """);
        assertThat(ds.code()).as(ds.bodyText()).isEqualTo(201);
        cluster.reconcile();
        budget("web", "maxUnavailable: 1");
        JsonNode condition = status("web").path("conditions").get(0);
        assertThat(condition.path("status").asText()).isEqualTo("False");
        assertThat(condition.path("reason").asText()).isEqualTo("SyncFailed");
        assertThat(condition.path("message").asText()).startsWith("found no controllers for pod \"agent-");
        assertThat(status("web").path("disruptionsAllowed").asInt()).isZero();
    }

    @Test
    void aGrantedDisruptionStopsCountingAgainstTheBudgetAfterTwoMinutesIfThePodStayed() {
        web(3);
        budget("web", "minAvailable: 2");
        String pod = firstPod();
        // what the eviction subresource writes before it deletes; here the Pod stays (as if the delete had failed)
        ObjectNode pdb = get(PDBS + "/web");
        ObjectNode status = (ObjectNode) pdb.path("status");
        status.put("disruptionsAllowed", 0);
        status.putObject("disruptedPods").put(pod, clock.instant().toString());
        assertThat(send(cluster, "PUT", PDBS + "/web/status", "application/json", Json.write(pdb)).code()).isEqualTo(200);
        cluster.reconcile();
        assertThat(status("web").path("currentHealthy").asInt()).as("the Pod is expected to go").isEqualTo(2);

        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        cluster.reconcile();
        assertThat(status("web").path("currentHealthy").asInt()).isEqualTo(3);
        assertThat(status("web").has("disruptedPods")).isFalse();
        assertThat(eventMessages("NotDeleted")).containsExactly("Pod was expected by PDB default/default to be deleted but it wasn't");
    }

    @Test
    void aBudgetWithBothRulesOrAPercentageOverAHundredIsInvalid() {
        ApiResponse refused = apply(cluster, PDBS, """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: web}
                spec: {minAvailable: "150%", maxUnavailable: 1, selector: {matchLabels: {app: web}}}
                """);
        assertThat(refused.code()).isEqualTo(422);
        assertThat(json(refused).path("details").path("causes").findValuesAsText("message")).containsExactly(
                "Invalid value: {\"minAvailable\":\"150%\",\"maxUnavailable\":1}: minAvailable and maxUnavailable cannot be both set",
                "Invalid value: \"150%\": must not be greater than 100%");
    }
}
