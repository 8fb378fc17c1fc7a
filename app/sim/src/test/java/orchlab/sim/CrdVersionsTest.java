package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.sim.api.ApiRequest;
import orchlab.sim.api.ApiResponse;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourcePath;
import orchlab.sim.api.ResourceType;
import orchlab.sim.api.TableConverter;
import orchlab.sim.api.WatchHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A custom resource is one object served at every served version of its CRD (conversion strategy None: only
 * {@code apiVersion} differs), as on a real API server: Istio's VirtualService is served as v1 (storage) and v1beta1.
 */
class CrdVersionsTest {

    private static final String VS = "/apis/networking.istio.io/%s/namespaces/default/virtualservices";

    private SimCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = SimCluster.manual(SimSettings.defaults(), new SimTestSupport.ManualClock());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static String virtualService(String version, String name, String host) {
        return """
                apiVersion: networking.istio.io/%s
                kind: VirtualService
                metadata:
                  name: %s
                  labels: {app: reviews}
                spec:
                  hosts: [%s]
                  http:
                  - route:
                    - destination: {host: %s, subset: v1}
                      weight: 100
                    timeout: 5s
                """.formatted(version, name, host, host);
    }

    private ApiResponse send(String method, String path, String contentType, String body) {
        return SimTestSupport.send(cluster, method, path, contentType, body);
    }

    private ApiResponse get(String version, String name) {
        return send("GET", VS.formatted(version) + "/" + name, "application/json", null);
    }

    private ObjectNode list(String version) {
        ApiResponse response = send("GET", VS.formatted(version), "application/json", null);
        assertThat(response.code()).as(response.bodyText()).isEqualTo(200);
        return SimTestSupport.json(response);
    }

    /** kubectl apply --server-side. */
    private ApiResponse apply(String version, String name, String yaml) {
        return send("PATCH", VS.formatted(version) + "/" + name + "?fieldManager=kubectl&fieldValidation=Strict",
                "application/apply-patch+yaml", yaml);
    }

    @Test
    void appliedAsV1beta1IsReadAndListedAsV1WithTheSameSpec() {
        ApiResponse applied = apply("v1beta1", "reviews", virtualService("v1beta1", "reviews", "reviews"));
        assertThat(applied.code()).as(applied.bodyText()).isEqualTo(201);
        assertThat(SimTestSupport.json(applied).path("apiVersion").asText()).isEqualTo("networking.istio.io/v1beta1");

        ApiResponse asV1 = get("v1", "reviews");
        assertThat(asV1.code()).as(asV1.bodyText()).isEqualTo(200);
        ObjectNode v1 = SimTestSupport.json(asV1);
        assertThat(v1.path("apiVersion").asText()).isEqualTo("networking.istio.io/v1");
        assertThat(v1.path("spec")).isEqualTo(SimTestSupport.json(applied).path("spec"));
        assertThat(v1.at("/spec/http/0/route/0/destination/host").asText()).isEqualTo("reviews");
        assertThat(v1.at("/metadata/uid").asText()).isEqualTo(SimTestSupport.json(applied).at("/metadata/uid").asText());

        ObjectNode listV1 = list("v1");
        assertThat(listV1.path("apiVersion").asText()).isEqualTo("networking.istio.io/v1");
        assertThat(listV1.path("kind").asText()).isEqualTo("VirtualServiceList");
        assertThat(listV1.path("items")).hasSize(1);
        assertThat(listV1.at("/items/0/apiVersion").asText()).isEqualTo("networking.istio.io/v1");
        assertThat(listV1.at("/items/0/metadata/name").asText()).isEqualTo("reviews");
        assertThat(listV1.at("/items/0/spec")).isEqualTo(v1.path("spec"));

        ObjectNode listV1beta1 = list("v1beta1");
        assertThat(listV1beta1.path("apiVersion").asText()).isEqualTo("networking.istio.io/v1beta1");
        assertThat(listV1beta1.path("items")).hasSize(1);
        assertThat(listV1beta1.at("/items/0/apiVersion").asText()).isEqualTo("networking.istio.io/v1beta1");
    }

    @Test
    void objectsCreatedAtEitherVersionAreOneCollectionAndOneNameSpace() {
        ApiResponse a = SimTestSupport.apply(cluster, VS.formatted("v1beta1"), virtualService("v1beta1", "a", "a"));
        assertThat(a.code()).as(a.bodyText()).isEqualTo(201);
        ApiResponse b = SimTestSupport.apply(cluster, VS.formatted("v1"), virtualService("v1", "b", "b"));
        assertThat(b.code()).as(b.bodyText()).isEqualTo(201);
        for (String version : List.of("v1", "v1beta1")) {
            ObjectNode list = list(version);
            List<String> names = new ArrayList<>();
            list.path("items").forEach(i -> {
                names.add(i.at("/metadata/name").asText());
                assertThat(i.path("apiVersion").asText()).isEqualTo("networking.istio.io/" + version);
            });
            assertThat(names).as("listed at %s", version).containsExactlyInAnyOrder("a", "b");
        }
        ApiResponse again = SimTestSupport.apply(cluster, VS.formatted("v1"), virtualService("v1", "a", "a"));
        assertThat(again.code()).as(again.bodyText()).isEqualTo(409);
        assertThat(again.bodyText()).contains("AlreadyExists");
        // a label selector selects across versions too
        ApiResponse selected = send("GET", VS.formatted("v1beta1") + "?labelSelector=app%3Dreviews", "application/json", null);
        assertThat(SimTestSupport.json(selected).path("items")).hasSize(2);
    }

    @Test
    void updatedAsV1IsReadAsV1beta1() {
        SimTestSupport.apply(cluster, VS.formatted("v1beta1"), virtualService("v1beta1", "reviews", "reviews"));
        ObjectNode current = SimTestSupport.json(get("v1", "reviews"));
        ((ObjectNode) current.at("/spec/http/0")).put("timeout", "9s");
        ApiResponse put = send("PUT", VS.formatted("v1") + "/reviews", "application/json", Json.write(current));
        assertThat(put.code()).as(put.bodyText()).isEqualTo(200);
        assertThat(SimTestSupport.json(put).path("apiVersion").asText()).isEqualTo("networking.istio.io/v1");
        assertThat(SimTestSupport.json(put).at("/metadata/generation").asInt()).isEqualTo(2);

        ObjectNode old = SimTestSupport.json(get("v1beta1", "reviews"));
        assertThat(old.path("apiVersion").asText()).isEqualTo("networking.istio.io/v1beta1");
        assertThat(old.at("/spec/http/0/timeout").asText()).isEqualTo("9s");
        assertThat(old.at("/metadata/resourceVersion").asText()).isEqualTo(SimTestSupport.json(put).at("/metadata/resourceVersion").asText());

        // a PUT at v1 that carries the v1beta1 apiVersion is refused, as by a real API server
        ApiResponse mismatch = send("PUT", VS.formatted("v1") + "/reviews", "application/json", Json.write(old));
        assertThat(mismatch.code()).isEqualTo(400);
    }

    @Test
    void patchedAsV1beta1AndReappliedAsV1() {
        SimTestSupport.apply(cluster, VS.formatted("v1"), virtualService("v1", "reviews", "reviews"));
        ApiResponse merge = send("PATCH", VS.formatted("v1beta1") + "/reviews", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"tier\":\"backend\"}}}");
        assertThat(merge.code()).as(merge.bodyText()).isEqualTo(200);
        assertThat(SimTestSupport.json(merge).path("apiVersion").asText()).isEqualTo("networking.istio.io/v1beta1");
        assertThat(SimTestSupport.json(get("v1", "reviews")).at("/metadata/labels/tier").asText()).isEqualTo("backend");

        ApiResponse applied = apply("v1", "reviews", virtualService("v1", "reviews", "ratings"));
        assertThat(applied.code()).as(applied.bodyText()).isEqualTo(200);
        ObjectNode beta = SimTestSupport.json(get("v1beta1", "reviews"));
        assertThat(beta.at("/spec/hosts/0").asText()).isEqualTo("ratings");
        assertThat(beta.path("apiVersion").asText()).isEqualTo("networking.istio.io/v1beta1");
    }

    @Test
    void deletedAtOneVersionIsGoneAtTheOther() {
        SimTestSupport.apply(cluster, VS.formatted("v1beta1"), virtualService("v1beta1", "reviews", "reviews"));
        assertThat(get("v1", "reviews").code()).isEqualTo(200);
        ApiResponse deleted = send("DELETE", VS.formatted("v1") + "/reviews", "application/json", "");
        assertThat(deleted.code()).as(deleted.bodyText()).isEqualTo(200);
        assertThat(get("v1beta1", "reviews").code()).isEqualTo(404);
        assertThat(get("v1", "reviews").code()).isEqualTo(404);
        assertThat(list("v1beta1").path("items")).isEmpty();

        SimTestSupport.apply(cluster, VS.formatted("v1"), virtualService("v1", "other", "other"));
        ApiResponse collection = send("DELETE", VS.formatted("v1beta1"), "application/json", "");
        assertThat(collection.code()).as(collection.bodyText()).isEqualTo(200);
        assertThat(SimTestSupport.json(collection).at("/items/0/apiVersion").asText()).isEqualTo("networking.istio.io/v1beta1");
        assertThat(list("v1").path("items")).isEmpty();
    }

    @Test
    void aWatchAtV1SeesAnObjectCreatedAsV1beta1AsV1() throws Exception {
        long before = cluster.store().latestResourceVersion();
        ApiResponse created = SimTestSupport.apply(cluster, VS.formatted("v1beta1"), virtualService("v1beta1", "reviews", "reviews"));
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
        send("PATCH", VS.formatted("v1beta1") + "/reviews", "application/merge-patch+json", "{\"spec\":{\"hosts\":[\"x\"]}}");
        send("DELETE", VS.formatted("v1beta1") + "/reviews", "application/json", "");

        // resuming from a resource version: the history's events, at the watched version
        List<JsonNode> events = watch(VS.formatted("v1") + "?watch=true&timeoutSeconds=1&resourceVersion=" + before);
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("ADDED", "MODIFIED", "DELETED");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.at("/object/apiVersion").asText()).isEqualTo("networking.istio.io/v1");
            assertThat(e.at("/object/metadata/name").asText()).isEqualTo("reviews");
        });
        assertThat(events.get(1).at("/object/spec/hosts/0").asText()).isEqualTo("x");

        // a watch without a resource version starts with the current objects
        SimTestSupport.apply(cluster, VS.formatted("v1beta1"), virtualService("v1beta1", "ratings", "ratings"));
        List<JsonNode> initial = watch(VS.formatted("v1") + "?watch=true&timeoutSeconds=1");
        assertThat(initial).hasSize(1);
        assertThat(initial.get(0).path("type").asText()).isEqualTo("ADDED");
        assertThat(initial.get(0).at("/object/apiVersion").asText()).isEqualTo("networking.istio.io/v1");
        assertThat(initial.get(0).at("/object/metadata/name").asText()).isEqualTo("ratings");

        // the stored event itself is untouched by the rewrite (it is shared by every watch)
        List<JsonNode> beta = watch(VS.formatted("v1beta1") + "?watch=true&timeoutSeconds=1&resourceVersion=" + before);
        assertThat(beta).hasSize(4);
        assertThat(beta).allSatisfy(e -> assertThat(e.at("/object/apiVersion").asText()).isEqualTo("networking.istio.io/v1beta1"));
    }

    /** Streams a watch in-process until its timeout and returns its events. */
    private List<JsonNode> watch(String pathAndQuery) throws Exception {
        ApiRequest request = ApiRequest.of("GET", pathAndQuery, Map.of("Content-Type", List.of("application/json")), null);
        ResourcePath path = ResourcePath.parse(request.path()).orElseThrow();
        ResourceType type = cluster.catalog().find(path.group(), path.version(), path.plural()).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new WatchHandler(cluster.store(), new TableConverter(t -> Optional.empty())).stream(request, type, path, () -> out);
        List<JsonNode> events = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                events.add(Json.parseObject(line));
            }
        }
        return events;
    }

    @Test
    void theStructuralSchemaOfTheRequestedVersionStillValidates() {
        ApiResponse response = apply("v1beta1", "reviews", virtualService("v1beta1", "reviews", "reviews").replace("route:", "rout:"));
        assertThat(response.code()).isEqualTo(400);
        assertThat(response.bodyText()).contains("unknown field \\\"spec.http[0].rout\\\"");
        assertThat(get("v1", "reviews").code()).isEqualTo(404);
    }

    @Test
    void anObjectSavedAtAnotherServedVersionIsRestoredIntoTheStorageVersion() {
        ResourceType beta = cluster.catalog().find("networking.istio.io", "v1beta1", "virtualservices").orElseThrow();
        ObjectNode saved = Json.parseYamlOrJson(virtualService("v1beta1", "saved", "saved"));
        Json.metadata(saved).put("namespace", "default").put("uid", "u-1").put("resourceVersion", "5");
        cluster.store().restore(beta, saved);
        ObjectNode v1 = SimTestSupport.json(get("v1", "saved"));
        assertThat(v1.path("apiVersion").asText()).isEqualTo("networking.istio.io/v1");
        assertThat(v1.at("/metadata/uid").asText()).isEqualTo("u-1");
        assertThat(cluster.store().all()).filteredOn(o -> o.at("/metadata/name").asText().equals("saved"))
                .singleElement().satisfies(o -> assertThat(o.path("apiVersion").asText()).isEqualTo("networking.istio.io/v1"));

        // state saved before kept a copy per version: the later one replaces the earlier one
        ObjectNode alsoV1 = Json.parseYamlOrJson(virtualService("v1", "saved", "other"));
        Json.metadata(alsoV1).put("namespace", "default").put("uid", "u-2").put("resourceVersion", "6");
        Json.metadata(alsoV1).putObject("labels").put("copy", "v1");
        cluster.store().restore(cluster.catalog().find("networking.istio.io", "v1", "virtualservices").orElseThrow(), alsoV1);
        assertThat(list("v1beta1").path("items")).hasSize(1);
        assertThat(SimTestSupport.json(get("v1beta1", "saved")).at("/metadata/uid").asText()).isEqualTo("u-2");
    }

    @Test
    void aCrdWithOneVersionWorksAsBefore() {
        String crd = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
                  versions:
                  - name: v1alpha1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              size: {type: integer}
                """;
        ApiResponse created = SimTestSupport.apply(cluster, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
        String widgets = "/apis/example.com/v1alpha1/namespaces/default/widgets";
        ApiResponse w = SimTestSupport.apply(cluster, widgets,
                "{\"apiVersion\":\"example.com/v1alpha1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},\"spec\":{\"size\":3}}");
        assertThat(w.code()).as(w.bodyText()).isEqualTo(201);
        ObjectNode read = SimTestSupport.json(send("GET", widgets + "/w", "application/json", null));
        assertThat(read.path("apiVersion").asText()).isEqualTo("example.com/v1alpha1");
        assertThat(read.at("/spec/size").asInt()).isEqualTo(3);
        ObjectNode list = SimTestSupport.json(send("GET", widgets, "application/json", null));
        assertThat(list.path("apiVersion").asText()).isEqualTo("example.com/v1alpha1");
        assertThat(list.at("/items/0/apiVersion").asText()).isEqualTo("example.com/v1alpha1");
        assertThat(send("GET", "/apis/example.com/v1/namespaces/default/widgets/w", "application/json", null).code()).isEqualTo(404);
        ApiResponse bad = SimTestSupport.apply(cluster, widgets,
                "{\"apiVersion\":\"example.com/v1alpha1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"x\"},\"spec\":{\"size\":\"big\"}}");
        assertThat(bad.code()).isEqualTo(422);
        assertThat(send("DELETE", widgets + "/w", "application/json", "").code()).isEqualTo(200);
        assertThat(send("GET", widgets + "/w", "application/json", null).code()).isEqualTo(404);
    }
}
