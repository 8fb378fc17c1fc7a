package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import orchlab.sim.api.ApiResponse;
import orchlab.sim.api.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IstioApiTest {

    private static final String VS_PATH = "/apis/networking.istio.io/%s/namespaces/default/virtualservices";

    private SimCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = SimCluster.manual(SimSettings.defaults(), new SimTestSupport.ManualClock());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static String virtualService(String apiVersion, String routeKey, String weight) {
        return """
                apiVersion: networking.istio.io/%s
                kind: VirtualService
                metadata:
                  name: my-app
                spec:
                  hosts: [my-app-service]
                  http:
                  - match:
                    - uri: {prefix: /api}
                    %s:
                    - destination: {host: my-app-service, subset: v1}
                      weight: %s
                    retries: {attempts: 3, perTryTimeout: 2s}
                    timeout: 5s
                """.formatted(apiVersion, routeKey, weight);
    }

    private ApiResponse post(String version, String yaml, String fieldValidation) {
        ObjectNode object = Json.parseYamlOrJson(yaml);
        return SimTestSupport.send(cluster, "POST", VS_PATH.formatted(version) + "?fieldValidation=" + fieldValidation,
                "application/json", Json.write(object));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v1beta1"})
    void aCorrectVirtualServiceIsAcceptedInBothServedVersions(String version) {
        ApiResponse response = post(version, virtualService(version, "route", "100"), "Strict");
        assertThat(response.code()).as(response.bodyText()).isEqualTo(201);
        assertThat(SimTestSupport.json(response).at("/spec/http/0/match/0/uri/prefix").asText()).isEqualTo("/api");
    }

    @Test
    void everyIstioKindIsServedWithItsCrdEstablished() {
        ApiResponse crds = SimTestSupport.send(cluster, "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                "application/json", null);
        assertThat(crds.bodyText()).contains("virtualservices.networking.istio.io", "destinationrules.networking.istio.io",
                "gateways.networking.istio.io", "serviceentries.networking.istio.io", "sidecars.networking.istio.io",
                "peerauthentications.security.istio.io", "authorizationpolicies.security.istio.io",
                "requestauthentications.security.istio.io", "telemetries.telemetry.istio.io");
        ApiResponse vs = SimTestSupport.send(cluster, "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/virtualservices.networking.istio.io",
                "application/json", null);
        assertThat(vs.bodyText()).contains("\"Established\"");
    }

    @Test
    void aMisspeltFieldIsRejectedAtItsPathWhenValidationIsStrictLikeKubectlApply() {
        ApiResponse response = post("v1", virtualService("v1", "rout", "100"), "Strict");
        assertThat(response.code()).isEqualTo(400);
        assertThat(response.bodyText()).contains("strict decoding error: unknown field \\\"spec.http[0].rout\\\"");
    }

    @Test
    void aMisspeltFieldIsPrunedWithAWarningByDefault() {
        ApiResponse response = post("v1", virtualService("v1", "rout", "100"), "Warn");
        assertThat(response.code()).isEqualTo(201);
        assertThat(response.headers().toString()).contains("unknown field \\\"spec.http[0].rout\\\"");
        assertThat(SimTestSupport.json(response).at("/spec/http/0").has("rout")).isFalse();
    }

    @Test
    void aValueOfTheWrongTypeIsInvalidWithItsPathAndTheExpectedType() {
        ApiResponse response = post("v1", virtualService("v1", "route", "ninety"), "Strict");
        assertThat(response.code()).isEqualTo(422);
        assertThat(response.bodyText()).contains("spec.http[0].route[0].weight in body must be of type integer: \\\"string\\\"");
    }

    @Test
    void aValueOutsideTheEnumIsUnsupportedListingTheAllowedValues() {
        String pa = """
                {"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "metadata": {"name": "default"},
                 "spec": {"mtls": {"mode": "STRICKT"}}}""";
        ApiResponse response = SimTestSupport.send(cluster, "POST",
                "/apis/security.istio.io/v1/namespaces/default/peerauthentications?fieldValidation=Strict", "application/json", pa);
        assertThat(response.code()).isEqualTo(422);
        assertThat(response.bodyText()).contains("spec.mtls.mode: Unsupported value: \\\"STRICKT\\\"", "\\\"STRICT\\\"", "\\\"PERMISSIVE\\\"");
    }
}
