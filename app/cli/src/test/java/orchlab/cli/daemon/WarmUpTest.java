package orchlab.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * What the warm-up's own loopback server answers the lab's Kubernetes reads (its check then compares fields as on a
 * real cluster). The warm-up as a whole — nothing printed, no lab file written — is run in {@code ResidentLabTest}.
 */
class WarmUpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aReadOfOneObjectIsAnsweredWithAnObjectOfThatNameInThatNamespace() throws Exception {
        JsonNode object = JSON.readTree(WarmUp.object("/apis/apps/v1/namespaces/shop/deployments/web").orElseThrow());

        assertThat(object.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(object.path("metadata").path("name").asText()).isEqualTo("web");
        assertThat(object.path("metadata").path("namespace").asText()).isEqualTo("shop");
    }

    @Test
    void aListIsAnsweredWithAListOfOneAndAClusterScopedReadHasNoNamespace() throws Exception {
        JsonNode list = JSON.readTree(WarmUp.object("/api/v1/namespaces/shop/pods").orElseThrow());
        JsonNode node = JSON.readTree(WarmUp.object("/api/v1/nodes/worker").orElseThrow());

        assertThat(list.path("kind").asText()).isEqualTo("List");
        assertThat(list.path("items")).hasSize(1);
        assertThat(node.path("metadata").has("namespace")).isFalse();
    }

    @Test
    void discoveryNamesEachKindWithItsPlural() throws Exception {
        JsonNode apps = JSON.readTree(WarmUp.discovery("/apis/apps/v1").orElseThrow());
        JsonNode core = JSON.readTree(WarmUp.discovery("/api/v1").orElseThrow());

        assertThat(apps.path("groupVersion").asText()).isEqualTo("apps/v1");
        assertThat(apps.path("resources").findValuesAsText("name")).contains("deployments", "ingresses", "networkpolicies");
        assertThat(core.path("resources").findValuesAsText("kind")).contains("Pod", "Service", "ConfigMap");
    }

    @Test
    void anythingElseIsNotFound() {
        assertThat(WarmUp.object("/healthz")).isEmpty();
        assertThat(WarmUp.object("/apis/apps/v1/namespaces/shop/deployments/web/scale/extra")).isEmpty();
        assertThat(WarmUp.discovery("/apis")).isEmpty();
        assertThat(WarmUp.object("/api/v1/namespaces/shop/pods/NOT\"A-NAME")).isEmpty();
    }
}
