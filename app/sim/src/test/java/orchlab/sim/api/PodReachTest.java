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

/** What a Pod reaches from its simulated shell (DNS, HTTP) and what kubectl debug adds to it, in-process. */
class PodReachTest {

    private SimCluster cluster;

    private ApiResponse send(String method, String path, String contentType, String body) {
        return cluster.server().respond(ApiRequest.of(method, path, Map.of("Content-Type", List.of(contentType)), body));
    }

    private void create(String path, String yaml) {
        ApiResponse created = send("POST", path, "application/json", Json.write(Json.parseYamlOrJson(yaml)));
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
    }

    private ObjectNode pod(String name) {
        return Json.parseObject(send("GET", "/api/v1/namespaces/default/pods/" + name, "application/json", "").bodyText());
    }

    @BeforeEach
    void start() throws Exception {
        cluster = SimCluster.manual(SimSettings.instant(), Clock.systemUTC());
        create("/api/v1/namespaces/default/pods", """
                {metadata: {name: web, labels: {app: web}}, spec: {containers: [{name: nginx, image: "nginx:1.27", ports: [{containerPort: 80}]}]}}""");
        create("/api/v1/namespaces/default/pods", """
                {metadata: {name: client}, spec: {containers: [{name: box, image: "busybox:1.36", command: [sleep, infinity]}]}}""");
        create("/api/v1/namespaces/default/services", "{metadata: {name: web}, spec: {selector: {app: web}, ports: [{port: 80}]}}");
        create("/api/v1/namespaces/default/services", "{metadata: {name: nobody}, spec: {selector: {app: none}, ports: [{port: 80}]}}");
        create("/api/v1/namespaces/default/services",
                "{metadata: {name: web-headless}, spec: {clusterIP: None, selector: {app: web}, ports: [{port: 80}]}}");
        cluster.reconcile();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Network network() {
        return new SimNetwork(cluster.store(), cluster.catalog(), new ServiceProxyHandler(cluster.store(), cluster.catalog(),
                cluster.context().images), pod("client"));
    }

    @Test
    void serviceNamesResolveThroughTheNamespacesSearchPathAndNothingElseDoes() {
        String clusterIp = Json.parseObject(send("GET", "/api/v1/namespaces/default/services/web", "application/json", "")
                .bodyText()).path("spec").path("clusterIP").asText();
        for (String name : List.of("web", "web.default", "web.default.svc", "web.default.svc.cluster.local")) {
            assertThat(network().lookup(name)).as(name).contains(new Network.Address("web.default.svc.cluster.local", clusterIp));
        }
        assertThat(network().lookup("web-headless").orElseThrow().ip()).isEqualTo(pod("web").path("status").path("podIP").asText());
        assertThat(network().lookup("web.other")).isEmpty();
        assertThat(network().lookup("example.com")).isEmpty();
    }

    @Test
    void httpReachesThePodBehindAServiceOrItsIpAndIsRefusedWhereNothingListens() {
        Network.Http answer = network().get("web", 80, "/");
        assertThat(answer).isInstanceOf(Network.Answer.class);
        assertThat(new String(((Network.Answer) answer).body(), StandardCharsets.UTF_8)).contains("Welcome to nginx!");
        String podIp = pod("web").path("status").path("podIP").asText();
        assertThat(network().get(podIp, 80, "/missing")).isInstanceOfSatisfying(Network.Answer.class, a -> assertThat(a.status()).isEqualTo(404));
        assertThat(network().get("web", 8080, "/")).isInstanceOf(Network.Refused.class);
        assertThat(network().get(podIp, 8080, "/")).isInstanceOf(Network.Refused.class);
        assertThat(network().get("nobody", 80, "/")).as("no endpoints").isInstanceOf(Network.Refused.class);
        assertThat(network().get("nowhere", 80, "/")).isInstanceOf(Network.UnknownHost.class);
    }

    @Test
    void debugAddsAnEphemeralContainerThatStartsAndCannotBeChangedAfterwards() {
        ApiResponse added = send("PATCH", "/api/v1/namespaces/default/pods/web/ephemeralcontainers",
                "application/strategic-merge-patch+json",
                "{\"spec\":{\"ephemeralContainers\":[{\"name\":\"dbg\",\"image\":\"busybox:1.36\",\"stdin\":true,\"tty\":true}]}}");
        assertThat(added.code()).as(added.bodyText()).isEqualTo(200);
        cluster.reconcile();
        ObjectNode status = (ObjectNode) pod("web").path("status").path("ephemeralContainerStatuses").path(0);
        assertThat(status.path("name").asText()).isEqualTo("dbg");
        assertThat(status.path("state").has("running")).as(status.toString()).isTrue();

        ApiResponse changed = send("PATCH", "/api/v1/namespaces/default/pods/web/ephemeralcontainers",
                "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/spec/ephemeralContainers/0/image\",\"value\":\"alpine:3.20\"}]");
        assertThat(changed.code()).isEqualTo(422);
        assertThat(changed.bodyText()).contains("existing ephemeral containers \\\"dbg\\\" may not be changed");

        ApiResponse clash = send("PATCH", "/api/v1/namespaces/default/pods/web/ephemeralcontainers",
                "application/strategic-merge-patch+json",
                "{\"spec\":{\"ephemeralContainers\":[{\"name\":\"nginx\",\"image\":\"busybox:1.36\"}]}}");
        assertThat(clash.code()).isEqualTo(422);
        assertThat(clash.bodyText()).contains("Duplicate value: \\\"nginx\\\"");
    }

    @Test
    void aShellWithoutStdinInAnEphemeralContainerEndsAtOnce() {
        send("PATCH", "/api/v1/namespaces/default/pods/web/ephemeralcontainers", "application/strategic-merge-patch+json",
                "{\"spec\":{\"ephemeralContainers\":[{\"name\":\"dbg\",\"image\":\"busybox:1.36\"}]}}");
        cluster.reconcile();
        assertThat(pod("web").path("status").path("ephemeralContainerStatuses").path(0).path("state").path("terminated")
                .path("reason").asText()).isEqualTo("Completed");
    }
}
