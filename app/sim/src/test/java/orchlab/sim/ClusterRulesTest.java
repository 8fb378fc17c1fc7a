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
import orchlab.sim.api.ApiResponse;
import orchlab.sim.api.Json;
import org.junit.jupiter.api.Test;

/**
 * The rules a real cluster enforces (issue 13, item 5): ResourceQuota, LimitRange, node capacity, NoExecute taints,
 * init containers. In-process, manual mode, the sim's clock moved by hand.
 */
class ClusterRulesTest extends ManualSimTestBase {

    private static final String PODS = "/api/v1/namespaces/default/pods";
    private static final String NODE = "/api/v1/nodes/orchlab-sim-node";

    /**
     * A Pod named {@code name}: {@code spec} (entries of its spec, flow style, may be empty), then its one container,
     * {@code app} on nginx, with {@code container} (more entries of the container, may be empty).
     */
    private static String pod(String name, String spec, String container) {
        return "{apiVersion: v1, kind: Pod, metadata: {name: " + name + "}, spec: {" + (spec.isEmpty() ? "" : spec + ", ")
                + "containers: [{name: app, image: \"nginx:1.27\"" + (container.isEmpty() ? "" : ", " + container) + "}]}}";
    }

    /** A Pod whose one container has these resources. */
    private static String pod(String name, String resources) {
        return pod(name, "", "resources: " + resources);
    }

    /** A Pod that tolerates the {@code maintenance} NoExecute taint, for this long ({@code ""}: for ever). */
    private static String tolerating(String name, String tolerationSeconds) {
        return pod(name, "tolerations: [{key: maintenance, operator: Exists, effect: NoExecute"
                + (tolerationSeconds.isEmpty() ? "" : ", tolerationSeconds: " + tolerationSeconds) + "}]", "");
    }

    private ApiResponse createPod(String yaml) {
        return apply(cluster, PODS, yaml);
    }

    /** Sets ({@code true}) or removes the node's {@code maintenance} NoExecute taint. */
    private ApiResponse taintNode(boolean taint) {
        return send(cluster, "PATCH", NODE, "application/merge-patch+json", taint
                ? "{\"spec\":{\"taints\":[{\"key\":\"maintenance\",\"effect\":\"NoExecute\"}]}}"
                : "{\"spec\":{\"taints\":null}}");
    }

    private ApiResponse quota(String hard) {
        ApiResponse created = apply(cluster, "/api/v1/namespaces/default/resourcequotas", """
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: compute}
                spec: {hard: %s}
                """.formatted(hard));
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
        cluster.reconcile();
        return created;
    }

    // ---- ResourceQuota -------------------------------------------------------------------------------------

    @Test
    void aQuotaReportsWhatItsNamespaceUsesAndRefusesAPodBeyondItInThePluginsWords() {
        quota("{pods: \"2\", requests.cpu: \"1\", limits.memory: 1Gi}");
        String resources = "{requests: {cpu: 500m}, limits: {memory: 512Mi}}";
        assertThat(createPod(pod("a", resources)).code()).isEqualTo(201);
        assertThat(createPod(pod("b", resources)).code()).isEqualTo(201);
        cluster.reconcile();

        ObjectNode status = get("/api/v1/namespaces/default/resourcequotas/compute").path("status").deepCopy();
        assertThat(status.path("hard").toString()).isEqualTo("{\"limits.memory\":\"1Gi\",\"pods\":\"2\",\"requests.cpu\":\"1\"}");
        assertThat(status.path("used").toString()).isEqualTo("{\"limits.memory\":\"1Gi\",\"pods\":\"2\",\"requests.cpu\":\"1\"}");

        ApiResponse third = createPod(pod("c", resources));
        assertThat(third.code()).isEqualTo(403);
        assertThat(json(third).path("message").asText()).isEqualTo("pods \"c\" is forbidden: exceeded quota: compute, "
                + "requested: limits.memory=512Mi,pods=1,requests.cpu=500m, used: limits.memory=1Gi,pods=2,requests.cpu=1, "
                + "limited: limits.memory=1Gi,pods=2,requests.cpu=1");
        assertThat(json(third).path("reason").asText()).isEqualTo("Forbidden");
    }

    @Test
    void aPodThatNamesNoRequestForAResourceTheQuotaCoversIsRefused() {
        quota("{requests.cpu: \"1\", limits.cpu: \"2\", requests.memory: 1Gi}");
        ApiResponse refused = createPod(pod("plain", "{}"));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(json(refused).path("message").asText()).isEqualTo("pods \"plain\" is forbidden: failed quota: compute: "
                + "must specify limits.cpu for: app; requests.cpu for: app; requests.memory for: app");
    }

    @Test
    void aFinishedPodNoLongerCountsAgainstThePodsQuota() {
        quota("{pods: \"1\"}");
        createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: once}
                spec: {restartPolicy: Never, containers: [{name: app, image: "busybox:1.36", command: [echo, hi]}]}
                """);
        cluster.reconcile();
        assertThat(get(PODS + "/once").path("status").path("phase").asText()).isEqualTo("Succeeded");
        assertThat(get("/api/v1/namespaces/default/resourcequotas/compute").path("status").path("used").path("pods").asText())
                .isEqualTo("0");
        assertThat(createPod(pod("next", "{}")).code()).isEqualTo(201);
    }

    @Test
    void objectCountQuotasCoverConfigMapsServicesAndAnyKind() {
        quota("{configmaps: \"1\", count/deployments.apps: \"1\", services.nodeports: \"0\"}");
        // kube-root-ca.crt, which every namespace has, already uses the one ConfigMap
        ApiResponse configMap = apply(cluster, "/api/v1/namespaces/default/configmaps",
                "{apiVersion: v1, kind: ConfigMap, metadata: {name: settings}}");
        assertThat(json(configMap).path("message").asText()).isEqualTo("configmaps \"settings\" is forbidden: exceeded quota: "
                + "compute, requested: configmaps=1, used: configmaps=1, limited: configmaps=1");

        assertThat(apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("one", 0, "nginx:1.27", "")).code())
                .isEqualTo(201);
        ApiResponse second = apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("two", 0, "nginx:1.27", ""));
        assertThat(json(second).path("message").asText()).isEqualTo("deployments.apps \"two\" is forbidden: exceeded quota: "
                + "compute, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1");

        ApiResponse nodePort = apply(cluster, "/api/v1/namespaces/default/services", """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {type: NodePort, selector: {app: web}, ports: [{port: 80}]}
                """);
        assertThat(json(nodePort).path("message").asText()).isEqualTo("services \"web\" is forbidden: exceeded quota: "
                + "compute, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0");
    }

    @Test
    void aControllersPodRefusedByTheQuotaIsAFailedCreateEventOnItsReplicaSet() {
        quota("{pods: \"1\"}");
        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("web", 2, "nginx:1.27", ""));
        cluster.reconcile();

        assertThat(pods("default")).hasSize(1);
        assertThat(eventMessages("FailedCreate")).anySatisfy(m -> assertThat(m)
                .startsWith("Error creating: pods \"web-")
                .endsWith("is forbidden: exceeded quota: compute, requested: pods=1, used: pods=1, limited: pods=1"));

        send(cluster, "PATCH", "/api/v1/namespaces/default/resourcequotas/compute", "application/merge-patch+json",
                "{\"spec\":{\"hard\":{\"pods\":\"2\"}}}");
        advance(10);
        assertThat(pods("default")).as("the ReplicaSet retries").hasSize(2);
    }

    // ---- LimitRange ----------------------------------------------------------------------------------------

    private void limitRange(String limits) {
        ApiResponse created = apply(cluster, "/api/v1/namespaces/default/limitranges", """
                apiVersion: v1
                kind: LimitRange
                metadata: {name: limits}
                spec: {limits: %s}
                """.formatted(limits));
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
    }

    @Test
    void aPodLimitRangeBoundsThePodsTotalOfItsContainers() {
        limitRange("[{type: Pod, max: {cpu: \"1\"}}]");
        ApiResponse two = createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: two}
                spec:
                  containers:
                    - {name: a, image: "nginx:1.27", resources: {limits: {cpu: 600m}}}
                    - {name: b, image: "nginx:1.27", resources: {limits: {cpu: 600m}}}
                """);
        assertThat(two.code()).isEqualTo(403);
        assertThat(json(two).path("message").asText())
                .isEqualTo("pods \"two\" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m");
        assertThat(createPod(pod("one", "{limits: {cpu: 600m}}")).code()).isEqualTo(201);
    }

    @Test
    void aContainerAboveTheMaximumLimitToRequestRatioIsRefused() {
        limitRange("[{type: Container, maxLimitRequestRatio: {memory: \"2\"}}]");
        ApiResponse greedy = createPod(pod("greedy", "{requests: {memory: 128Mi}, limits: {memory: 512Mi}}"));
        assertThat(json(greedy).path("message").asText()).isEqualTo("pods \"greedy\" is forbidden: "
                + "memory max limit to request ratio per Container is 2, but provided ratio is 4.000000");
        assertThat(createPod(pod("fair", "{requests: {memory: 256Mi}, limits: {memory: 512Mi}}")).code()).isEqualTo(201);
    }

    @Test
    void aClaimOutsideThePersistentVolumeClaimLimitRangeIsRefused() {
        limitRange("[{type: PersistentVolumeClaim, min: {storage: 1Gi}, max: {storage: 2Gi}}]");
        String claim = """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: %s}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: %s}}}
                """;
        ApiResponse big = apply(cluster, "/api/v1/namespaces/default/persistentvolumeclaims", claim.formatted("big", "5Gi"));
        assertThat(big.code()).isEqualTo(403);
        assertThat(json(big).path("message").asText()).isEqualTo("persistentvolumeclaims \"big\" is forbidden: "
                + "maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi");
        ApiResponse small = apply(cluster, "/api/v1/namespaces/default/persistentvolumeclaims", claim.formatted("small", "500Mi"));
        assertThat(json(small).path("message").asText()).isEqualTo("persistentvolumeclaims \"small\" is forbidden: "
                + "minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi");
        assertThat(apply(cluster, "/api/v1/namespaces/default/persistentvolumeclaims", claim.formatted("fits", "1536Mi")).code())
                .isEqualTo(201);
    }

    // ---- node capacity -------------------------------------------------------------------------------------

    private String scheduledMessage(ObjectNode pod) {
        for (var c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("PodScheduled")) {
                return c.path("message").asText();
            }
        }
        return "";
    }

    @Test
    void theNodeTakesNoMorePodsThanItsAllocatablePodsAndTakesAWaitingOneWhenRoomIsFreed() {
        ObjectNode node = get(NODE);
        assertThat(node.path("status").path("allocatable").path("pods").asText()).isEqualTo("110");
        ApiResponse patched = send(cluster, "PATCH", NODE + "/status", "application/merge-patch+json",
                "{\"status\":{\"allocatable\":{\"pods\":\"2\"}}}");
        assertThat(patched.code()).as(patched.bodyText()).isEqualTo(200);
        cluster.reconcile();
        int alreadyBound = (int) pods(null).stream().filter(p -> p.path("spec").has("nodeName")).count();
        assertThat(alreadyBound).as("a fresh sim runs no Pods").isZero();

        apply(cluster, "/apis/apps/v1/namespaces/default/deployments", deployment("web", 3, "nginx:1.27", ""));
        cluster.reconcile();
        List<ObjectNode> pending = pods("default").stream().filter(p -> !p.path("spec").has("nodeName")).toList();
        assertThat(pending).hasSize(1);
        assertThat(scheduledMessage(pending.get(0))).isEqualTo("0/1 nodes are available: 1 Too many pods. "
                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..");
        assertThat(eventMessages("FailedScheduling")).contains(scheduledMessage(pending.get(0)));

        ObjectNode running = pods("default").stream().filter(p -> p.path("spec").has("nodeName")).findFirst().orElseThrow();
        send(cluster, "DELETE", PODS + "/" + running.path("metadata").path("name").asText(),
                "application/json", "");
        cluster.reconcile();
        assertThat(get(PODS + "/" + pending.get(0).path("metadata").path("name").asText())
                .path("spec").path("nodeName").asText()).isEqualTo("orchlab-sim-node");
    }

    @Test
    void aPodRequestingMoreCpuThanTheNodeHasLeftStaysPending() {
        assertThat(createPod(pod("half", "{requests: {cpu: \"3\"}}")).code()).isEqualTo(201);
        createPod(pod("more", "{requests: {cpu: 1500m, memory: 1Gi}}"));
        cluster.reconcile();
        ObjectNode more = get(PODS + "/more");
        assertThat(more.path("spec").has("nodeName")).isFalse();
        assertThat(scheduledMessage(more)).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..");
        assertThat(get(PODS + "/half").path("spec").path("nodeName").asText()).isEqualTo("orchlab-sim-node");
    }

    // ---- NoExecute taints ----------------------------------------------------------------------------------

    @Test
    void aNoExecuteTaintEvictsRunningPodsThatDoNotTolerateItAndTheTolerantOnesAfterTheirSeconds() {
        createPod(pod("plain", "{}"));
        createPod(tolerating("patient", "60"));
        createPod(tolerating("stubborn", ""));
        cluster.reconcile();
        assertThat(pods("default")).allSatisfy(p -> assertThat(p.path("status").path("phase").asText()).isEqualTo("Running"));

        ApiResponse tainted = taintNode(true);
        assertThat(tainted.code()).isEqualTo(200);
        cluster.reconcile();
        assertThat(pods("default")).extracting(p -> p.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("patient", "stubborn");
        assertThat(eventMessages("TaintManagerEviction")).containsExactly("Marking for deletion Pod default/plain");

        advance(59);
        assertThat(pods("default")).hasSize(2);
        advance(1);
        assertThat(pods("default")).extracting(p -> p.path("metadata").path("name").asText()).containsExactly("stubborn");
    }

    @Test
    void removingTheTaintBeforeTheTolerationRunsOutKeepsThePod() {
        createPod(tolerating("patient", "60"));
        cluster.reconcile();
        taintNode(true);
        cluster.reconcile();
        clock.advance(Duration.ofSeconds(30));
        taintNode(false);
        cluster.reconcile();
        advance(60);
        assertThat(pods("default")).hasSize(1);
        assertThat(eventMessages("TaintManagerEviction")).isEmpty();
    }

    // ---- init containers -----------------------------------------------------------------------------------

    private static String withInit(String name, String restartPolicy, String inits) {
        return pod(name, "restartPolicy: " + restartPolicy + ", initContainers: " + inits, "");
    }

    private String statusColumn(String pod) {
        return orchlab.sim.api.PodStatusText.of(get(PODS + "/" + pod));
    }

    @Test
    void initContainersRunOneAfterTheOtherBeforeTheAppContainers() throws Exception {
        cluster.close();
        cluster = SimCluster.manual(SimSettings.instant().withPodStartDelay(Duration.ofSeconds(2)), clock);
        createPod(withInit("web", "Always", """
                [{name: wait, image: "busybox:1.36", command: [sleep, "5"]},
                 {name: greet, image: "busybox:1.36", command: [echo, ready]}]"""));
        cluster.reconcile();
        assertThat(statusColumn("web")).isEqualTo("Init:0/2");

        advance(2);
        ObjectNode running = get(PODS + "/web");
        assertThat(running.path("status").path("initContainerStatuses").get(0).path("state").has("running")).isTrue();
        assertThat(running.path("status").path("phase").asText()).isEqualTo("Pending");
        assertThat(statusColumn("web")).isEqualTo("Init:0/2");

        advance(5);
        ObjectNode initialized = get(PODS + "/web");
        assertThat(initialized.path("status").path("initContainerStatuses").findValuesAsText("reason"))
                .containsExactly("Completed", "Completed");
        assertThat(statusColumn("web")).isEqualTo("PodInitializing");

        advance(2);
        assertThat(statusColumn("web")).isEqualTo("Running");
        assertThat(get(PODS + "/web").path("status").path("conditions").toString())
                .contains("{\"type\":\"Initialized\",\"status\":\"True\"");
    }

    @Test
    void aFailingInitContainerIsRestartedWithBackOffAndTheAppNeverStarts() {
        createPod(withInit("web", "Always",
                "[{name: migrate, image: \"busybox:1.36\", command: [sh, -c, \"exit 1\"]}]"));
        cluster.reconcile();
        ObjectNode pod = get(PODS + "/web");
        assertThat(statusColumn("web")).isEqualTo("Init:CrashLoopBackOff");
        JsonNode init = pod.path("status").path("initContainerStatuses").get(0);
        assertThat(init.path("restartCount").asInt()).isEqualTo(1);
        assertThat(init.path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(1);
        assertThat(pod.path("status").path("containerStatuses").get(0).path("state").path("waiting").path("reason").asText())
                .isEqualTo("PodInitializing");
        assertThat(orchlab.sim.api.PodStatusText.restarts(pod)).isEqualTo(1);

        advance(10);
        assertThat(get(PODS + "/web").path("status").path("initContainerStatuses").get(0)
                .path("restartCount").asInt()).isEqualTo(2);
    }

    @Test
    void anInitContainersLogIsServedByItsName() {
        createPod(withInit("web", "Always",
                "[{name: greet, image: \"busybox:1.36\", command: [echo, hello from init]}]"));
        cluster.reconcile();
        assertThat(send(cluster, "GET", PODS + "/web/log?container=greet", "application/json", "")
                .bodyText()).isEqualTo("hello from init\n");
    }

    @Test
    void aFailingInitContainerFailsAPodThatNeverRestarts() {
        createPod(withInit("once", "Never",
                "[{name: migrate, image: \"busybox:1.36\", command: [\"false\"]}]"));
        cluster.reconcile();
        ObjectNode pod = get(PODS + "/once");
        assertThat(pod.path("status").path("phase").asText()).isEqualTo("Failed");
        assertThat(statusColumn("once")).isEqualTo("Init:Error");
        assertThat(pod.path("status").path("containerStatuses").get(0).path("state").has("running")).isFalse();
    }

    // ---- apiregistration.k8s.io ----------------------------------------------------------------------------

    @Test
    void theApiServerListsAnAvailableLocalApiServiceForEachGroupVersionItServes() {
        ObjectNode list = get("/apis/apiregistration.k8s.io/v1/apiservices");
        assertThat(list.path("items").findValuesAsText("name")).contains("v1.", "v1.apps", "v2.autoscaling", "v1.autoscaling",
                "v1.apiregistration.k8s.io");
        ObjectNode apps = get("/apis/apiregistration.k8s.io/v1/apiservices/v1.apps");
        assertThat(apps.path("spec").path("group").asText()).isEqualTo("apps");
        assertThat(apps.path("status").path("conditions").get(0).path("reason").asText()).isEqualTo("Local");

        apply(cluster, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
                """);
        cluster.reconcile();
        assertThat(send(cluster, "GET", "/apis/apiregistration.k8s.io/v1/apiservices/v1.example.com", "application/json", "")
                .code()).isEqualTo(200);
        send(cluster, "DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com", "application/json", "");
        cluster.reconcile();
        assertThat(send(cluster, "GET", "/apis/apiregistration.k8s.io/v1/apiservices/v1.example.com", "application/json", "")
                .code()).isEqualTo(404);
    }
}
