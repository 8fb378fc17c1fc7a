package orchlab.sim.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import orchlab.sim.SimCluster;
import orchlab.sim.SimSettings;
import orchlab.sim.shell.Network;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A StatefulSet's Pods resolve by their stable names through the headless Service that governs them. */
class StatefulPodDnsTest {

    private SimCluster cluster;

    private ApiResponse send(String method, String path, String body) {
        return cluster.server().respond(ApiRequest.of(method, path, Map.of("Content-Type", List.of("application/json")), body));
    }

    private void create(String path, String yaml) {
        ApiResponse created = send("POST", path, Json.write(Json.parseYamlOrJson(yaml)));
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
    }

    private String podIp(String name) {
        return Json.parseObject(send("GET", "/api/v1/namespaces/default/pods/" + name, "").bodyText())
                .path("status").path("podIP").asText();
    }

    @BeforeEach
    void start() throws Exception {
        cluster = SimCluster.manual(SimSettings.instant(), Clock.systemUTC());
        create("/api/v1/namespaces/default/pods", """
                {metadata: {name: client}, spec: {containers: [{name: box, image: "busybox:1.36", command: [sleep, infinity]}]}}""");
        create("/api/v1/namespaces/default/services",
                "{metadata: {name: db}, spec: {clusterIP: None, selector: {app: db}, ports: [{port: 80}]}}");
        create("/api/v1/namespaces/default/services", "{metadata: {name: web}, spec: {selector: {app: web}, ports: [{port: 80}]}}");
        create("/apis/apps/v1/namespaces/default/statefulsets", """
                {metadata: {name: db}, spec: {serviceName: db, replicas: 2, podManagementPolicy: Parallel,
                 selector: {matchLabels: {app: db}},
                 template: {metadata: {labels: {app: db}}, spec: {containers: [{name: nginx, image: "nginx:1.27", ports: [{containerPort: 80}]}]}}}}""");
        create("/apis/apps/v1/namespaces/default/statefulsets", """
                {metadata: {name: app}, spec: {serviceName: web, replicas: 1, selector: {matchLabels: {app: web}},
                 template: {metadata: {labels: {app: web}}, spec: {containers: [{name: nginx, image: "nginx:1.27"}]}}}}""");
        cluster.reconcile();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Network network() {
        ObjectNode client = Json.parseObject(send("GET", "/api/v1/namespaces/default/pods/client", "").bodyText());
        return new SimNetwork(cluster.store(), cluster.catalog(), new ServiceProxyHandler(cluster.store(), cluster.catalog(),
                cluster.context().images), client);
    }

    @Test
    void eachPodResolvesAsHostnameDotServiceInItsNamespace() {
        for (String name : List.of("db-1.db", "db-1.db.default", "db-1.db.default.svc", "db-1.db.default.svc.cluster.local")) {
            assertThat(network().lookup(name)).as(name)
                    .contains(new Network.Address("db-1.db.default.svc.cluster.local", podIp("db-1")));
        }
        assertThat(network().lookup("db-0.db.default.svc.cluster.local").orElseThrow().ip()).isEqualTo(podIp("db-0"));
        assertThat(network().lookup("db-2.db.default.svc.cluster.local")).as("no such ordinal").isEmpty();
        assertThat(network().lookup("db-0.db.other.svc.cluster.local")).as("another namespace").isEmpty();
    }

    @Test
    void aServiceWithAClusterIpGivesItsPodsNoNamesOfTheirOwn() {
        assertThat(network().lookup("app-0.web.default.svc.cluster.local")).isEmpty();
        assertThat(network().lookup("web.default")).as("the Service itself still resolves").isPresent();
    }

    @Test
    void httpToAPodsStableNameReachesThatPod() {
        Network.Http answer = network().get("db-0.db.default.svc.cluster.local", 80, "/");
        assertThat(answer).isInstanceOf(Network.Answer.class);
        assertThat(new String(((Network.Answer) answer).body(), StandardCharsets.UTF_8)).contains("Welcome to nginx!");
    }
}
