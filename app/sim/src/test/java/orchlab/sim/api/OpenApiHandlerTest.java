package orchlab.sim.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import orchlab.sim.store.ObjectStore;
import org.junit.jupiter.api.Test;

class OpenApiHandlerTest {

    private final OpenApiHandler handler = new OpenApiHandler(new ResourceCatalog(), new ObjectStore());

    private JsonNode get(String path) {
        ApiResponse response = handler.handle(ApiRequest.of("GET", path, Map.of(), "")).orElseThrow();
        assertThat(response.code()).isEqualTo(200);
        return Json.parseObject(response.bodyText());
    }

    @Test
    void aGroupVersionDocumentHoldsItsKindsSchemasFromTheTypedModel() {
        JsonNode doc = get("/openapi/v3/apis/apps/v1");
        JsonNode schemas = doc.path("components").path("schemas");
        JsonNode deployment = schemas.path("io.k8s.api.apps.v1.Deployment");
        assertThat(deployment.path("x-kubernetes-group-version-kind").get(0).path("kind").asText()).isEqualTo("Deployment");
        assertThat(deployment.path("properties").path("spec").path("allOf").get(0).path("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec");
        assertThat(schemas.path("io.k8s.api.apps.v1.DeploymentSpec").path("properties").path("replicas").path("format").asText())
                .isEqualTo("int32");
        assertThat(schemas.path("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").path("properties").path("labels")
                .path("additionalProperties").path("type").asText()).isEqualTo("string");
        assertThat(schemas.has("io.k8s.api.core.v1.Container")).isTrue();
        assertThat(schemas.has("io.k8s.api.batch.v1.JobSpec")).as("only what apps/v1 reaches").isFalse();
        assertThat(doc.path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").path("patch")
                .path("parameters").get(0).path("name").asText()).isEqualTo("fieldValidation");
    }

    @Test
    void theV2DocumentIsServedAsGnosticProtobufWhenAsked() {
        ApiResponse response = handler.handle(ApiRequest.of("GET", "/openapi/v2",
                Map.of("Accept", List.of("application/com.github.proto-openapi.spec.v2@v1.0+protobuf")), "")).orElseThrow();
        assertThat(response.contentType()).isEqualTo(OpenApiV2Proto.MEDIA_TYPE);
        // field 1 (swagger), length 3, "2.0"
        assertThat(response.body()).startsWith(0x0a, 3, '2', '.', '0');
        JsonNode json = get("/openapi/v2");
        assertThat(json.path("definitions").path("io.k8s.api.core.v1.ReplicationController")
                .path("x-kubernetes-group-version-kind").get(0).path("version").asText()).isEqualTo("v1");
    }
}
