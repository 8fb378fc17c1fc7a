package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.json;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import orchlab.sim.api.ApiResponse;
import orchlab.sim.api.Json;
import orchlab.sim.controller.SimContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ResourceQuota beyond creates: updates that make an object cost more, and the claims a StatefulSet creates. */
class ResourceQuotaUpdatesTest {

    private final SimTestSupport.ManualClock clock = new SimTestSupport.ManualClock();
    private SimCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = SimCluster.manual(SimSettings.instant().withPodStartDelay(Duration.ZERO), clock);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private void quota(String hard) {
        ApiResponse created = apply(cluster, "/api/v1/namespaces/default/resourcequotas", """
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: compute}
                spec: {hard: %s}
                """.formatted(hard));
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
        cluster.reconcile();
    }

    private ApiResponse changeServiceType(String type) {
        ObjectNode service = json(send(cluster, "GET", "/api/v1/namespaces/default/services/web", "application/json", ""));
        Json.with(service, "spec").put("type", type);
        return send(cluster, "PUT", "/api/v1/namespaces/default/services/web", "application/json", Json.write(service));
    }

    @Test
    void aServiceChangedToNodePortIsRefusedWhenItsNewPortsExceedTheQuota() {
        quota("{services: \"5\", services.nodeports: \"1\"}");
        ApiResponse created = apply(cluster, "/api/v1/namespaces/default/services", """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{name: http, port: 80}, {name: https, port: 443}]
                """);
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);

        ApiResponse refused = changeServiceType("NodePort");
        assertThat(refused.code()).isEqualTo(403);
        assertThat(json(refused).path("message").asText()).isEqualTo("services \"web\" is forbidden: exceeded quota: compute, "
                + "requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1");
        // an update that asks for nothing more (here: none of what the quota covers) passes
        assertThat(changeServiceType("ClusterIP").code()).isEqualTo(200);
    }

    @Test
    void aStatefulSetsClaimsCountAgainstTheQuotaAndARefusedClaimLeavesItsPodUncreated() {
        quota("{persistentvolumeclaims: \"1\"}");
        ApiResponse created = apply(cluster, "/apis/apps/v1/namespaces/default/statefulsets", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: web}
                spec:
                  serviceName: web
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: nginx
                        image: nginx:1.27
                        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
                  volumeClaimTemplates:
                  - metadata: {name: www}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """);
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
        cluster.reconcile();

        SimContext ctx = cluster.context();
        assertThat(ctx.list(ctx.pvcs, "default", p -> true)).extracting(Json::name).containsExactly("www-web-0");
        assertThat(ctx.list(ctx.pods, "default", p -> true)).extracting(Json::name).containsExactly("web-0");
        List<String> failed = ctx.list(ctx.catalog.require("", "events"), "default",
                e -> e.path("reason").asText().equals("FailedCreate")).stream().map(e -> e.path("message").asText()).toList();
        assertThat(failed).contains("create Claim www-web-1 for Pod web-1 in StatefulSet web failed error: "
                + "persistentvolumeclaims \"www-web-1\" is forbidden: exceeded quota: compute, requested: persistentvolumeclaims=1, "
                + "used: persistentvolumeclaims=1, limited: persistentvolumeclaims=1");
    }
}
