package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.deployment;
import static orchlab.sim.SimTestSupport.json;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import orchlab.sim.api.ApiResponse;
import org.junit.jupiter.api.Test;

/**
 * Pod Security admission (issue 13, item 5): the namespace labels {@code pod-security.kubernetes.io/enforce|warn}
 * refuse Pods, warn about Pods and workload templates, and warn about existing Pods when enforce gets stricter.
 */
class PodSecurityAdmissionTest extends ManualSimTestBase {

    private static final String PLAIN_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: %s}
            spec: {containers: [{name: app, image: "nginx:1.27"}]}
            """;
    private static final String RESTRICTED_DETAIL = "allowPrivilegeEscalation != false (container \"app\" must set "
            + "securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"app\" must set "
            + "securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"app\" must set "
            + "securityContext.runAsNonRoot=true), seccompProfile (pod or container \"app\" must set "
            + "securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")";

    private ApiResponse label(String labels) {
        return send(cluster, "PATCH", "/api/v1/namespaces/default", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":" + labels + "}}");
    }

    private ApiResponse pod(String name) {
        return apply(cluster, "/api/v1/namespaces/default/pods", PLAIN_POD.formatted(name));
    }

    @Test
    void enforceRestrictedRefusesAPodWithEveryReasonInTheRealMessage() {
        assertThat(label("{\"pod-security.kubernetes.io/enforce\":\"restricted\"}").code()).isEqualTo(200);
        ApiResponse refused = pod("web");
        assertThat(refused.code()).isEqualTo(403);
        assertThat(json(refused).path("reason").asText()).isEqualTo("Forbidden");
        assertThat(json(refused).path("message").asText())
                .isEqualTo("pods \"web\" is forbidden: violates PodSecurity \"restricted:latest\": " + RESTRICTED_DETAIL);
    }

    private ApiResponse lockedPod() {
        return apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: locked}
                spec:
                  securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}
                  containers:
                  - name: app
                    image: "nginx:1.27"
                    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                """);
    }

    @Test
    void aPodThatMeetsTheLevelIsAdmittedWithoutWarnings() {
        label("{\"pod-security.kubernetes.io/enforce\":\"restricted\"}");
        ApiResponse admitted = lockedPod();
        assertThat(admitted.code()).as(admitted.bodyText()).isEqualTo(201);
        assertThat(admitted.headers()).doesNotContainKey("Warning");
    }

    @Test
    void aDebugContainerAddedToAPodIsCheckedToo() {
        label("{\"pod-security.kubernetes.io/enforce\":\"restricted\"}");
        assertThat(lockedPod().code()).isEqualTo(201);
        ApiResponse refused = send(cluster, "PATCH", "/api/v1/namespaces/default/pods/locked/ephemeralcontainers",
                "application/merge-patch+json", "{\"spec\":{\"ephemeralContainers\":[{\"name\":\"debugger\","
                        + "\"image\":\"busybox:1.36\",\"stdin\":true}]}}");
        assertThat(refused.code()).isEqualTo(403);
        assertThat(json(refused).path("message").asText()).isEqualTo("pods \"locked\" is forbidden: violates PodSecurity "
                + "\"restricted:latest\": allowPrivilegeEscalation != false (container \"debugger\" must set "
                + "securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"debugger\" must set "
                + "securityContext.capabilities.drop=[\"ALL\"])");
    }

    @Test
    void warnAdmitsButWarnsForPodsAndForWorkloadTemplates() {
        label("{\"pod-security.kubernetes.io/warn\":\"restricted\",\"pod-security.kubernetes.io/warn-version\":\"v1.32\"}");
        ApiResponse pod = pod("web");
        assertThat(pod.code()).isEqualTo(201);
        String expected = "299 - \"would violate PodSecurity \\\"restricted:v1.32\\\": " + RESTRICTED_DETAIL.replace("\"", "\\\"") + "\"";
        assertThat(pod.headers()).containsEntry("Warning", expected);

        ApiResponse workload = apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("shop", 1, "nginx:1.27", ""));
        assertThat(workload.code()).isEqualTo(201);
        assertThat(workload.headers()).containsEntry("Warning", expected);
    }

    @Test
    void aControllersPodsAreRefusedByEnforceWithAFailedCreateEvent() {
        label("{\"pod-security.kubernetes.io/enforce\":\"baseline\"}");
        ApiResponse created = apply(cluster, "/apis/apps/v1/namespaces/default/deployments", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: root}
                spec:
                  selector: {matchLabels: {app: root}}
                  template:
                    metadata: {labels: {app: root}}
                    spec: {containers: [{name: app, image: "nginx:1.27", securityContext: {privileged: true}}]}
                """);
        assertThat(created.code()).isEqualTo(201);
        assertThat(created.headers().get("Warning")).as("warn follows enforce").contains("would violate PodSecurity \\\"baseline:latest\\\"");
        cluster.reconcile();
        assertThat(pods("default")).isEmpty();
        assertThat(eventMessages("FailedCreate")).singleElement().asString()
                .startsWith("Error creating: pods \"root-")
                .endsWith("is forbidden: violates PodSecurity \"baseline:latest\": privileged (container \"app\" must not set "
                        + "securityContext.privileged=true)");
    }

    @Test
    void aRefusedControllerSaysReplicaFailureOnItsReplicaSetAndDeploymentUntilItsPodsAreAdmitted() {
        label("{\"pod-security.kubernetes.io/enforce\":\"baseline\"}");
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: root}
                spec:
                  selector: {matchLabels: {app: root}}
                  template:
                    metadata: {labels: {app: root}}
                    spec: {containers: [{name: app, image: "nginx:1.27", securityContext: {privileged: %s}}]}
                """;
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment.formatted("true"));
        cluster.reconcile();
        ObjectNode rs = (ObjectNode) get("/apis/apps/v1/namespaces/default/replicasets").path("items").get(0);
        JsonNode failure = rs.path("status").path("conditions").get(0);
        assertThat(failure.path("type").asText()).isEqualTo("ReplicaFailure");
        assertThat(failure.path("status").asText()).isEqualTo("True");
        assertThat(failure.path("reason").asText()).isEqualTo("FailedCreate");
        assertThat(failure.path("message").asText()).contains("violates PodSecurity \"baseline:latest\": privileged");
        assertThat(conditionTypes(get("/apis/apps/v1/namespaces/default/deployments/root"))).contains("ReplicaFailure");

        assertThat(send(cluster, "PUT", "/apis/apps/v1/namespaces/default/deployments/root", "application/json",
                orchlab.sim.api.Json.write(orchlab.sim.api.Json.parseYamlOrJson(deployment.formatted("false")))).code()).isEqualTo(200);
        cluster.reconcile();
        assertThat(pods("default")).hasSize(1);
        assertThat(conditionTypes(get("/apis/apps/v1/namespaces/default/deployments/root")))
                .contains("Available", "Progressing").doesNotContain("ReplicaFailure");
    }

    private static List<String> conditionTypes(JsonNode object) {
        List<String> types = new java.util.ArrayList<>();
        object.path("status").path("conditions").forEach(c -> types.add(c.path("type").asText()));
        return types;
    }

    @Test
    void labellingANamespaceWarnsAboutItsExistingPodsThatViolateTheNewLevel() {
        pod("a");
        pod("b");
        ApiResponse labelled = label("{\"pod-security.kubernetes.io/enforce\":\"restricted\"}");
        assertThat(labelled.code()).isEqualTo(200);
        assertThat(labelled.headers().get("Warning")).isEqualTo("299 - \"existing pods in namespace \\\"default\\\" violate the new "
                + "PodSecurity enforce level \\\"restricted:latest\\\"\", 299 - \"a (and 1 other pod): allowPrivilegeEscalation "
                + "!= false, unrestricted capabilities, runAsNonRoot != true, seccompProfile\"");
        assertThat(pods("default")).as("existing Pods stay").hasSize(2);
    }

    @Test
    void aLabelWithAWrongLevelIsRefused() {
        ApiResponse refused = label("{\"pod-security.kubernetes.io/enforce\":\"strict\"}");
        assertThat(refused.code()).isEqualTo(422);
        assertThat(json(refused).path("message").asText()).isEqualTo("The Namespace \"default\" is invalid: "
                + "metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"strict\": must be one of privileged, baseline, restricted");
    }
}
