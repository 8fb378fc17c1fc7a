package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import orchlab.engine.sandbox.KubeReads;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.kube.KubeconfigSandboxProvider;
import orchlab.engine.sandbox.kube.PlainKubeReads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain kubeconfig (server, CA, token) — the one the sim writes — is read through the JDK's HttpClient without
 * building fabric8's client, and reads exactly what fabric8 reads from the same API server.
 */
class PlainKubeReadsTest {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    @TempDir
    static Path dir;
    private static Sandbox sim;
    private static Sandbox viaKubeconfig;
    private static KubernetesClient fabric8;

    @BeforeAll
    static void start() throws Exception {
        sim = new SimSandboxProvider().open(SandboxOptions.defaults(dir.resolve("sim")).with("podStartDelay", "0s"),
                ProgressListener.NONE);
        fabric8 = sim.kubernetes().orElseThrow().client();
        fabric8.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("reads").endMetadata().build()).create();
        for (String name : List.of("web", "api")) {
            fabric8.apps().deployments().inNamespace("reads").resource(new DeploymentBuilder()
                    .withNewMetadata().withName(name).withLabels(Map.of("app", name, "tier", "front")).endMetadata()
                    .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                    .withNewSpec().addNewContainer().withName(name).withImage("nginx:1.27").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        }
        fabric8.configMaps().inNamespace("reads").resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .withLabels(Map.of("tier", "back")).endMetadata().addToData("mode", "fast").build()).create();
        viaKubeconfig = new KubeconfigSandboxProvider().open(SandboxOptions.defaults(dir.resolve("kube"))
                .withKubeconfig(sim.kubernetes().orElseThrow().kubeconfig(), null), ProgressListener.NONE);
    }

    @AfterAll
    static void stop() {
        if (viaKubeconfig != null) {
            viaKubeconfig.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private static KubeReads plain() {
        return viaKubeconfig.kubernetes().orElseThrow().reads();
    }

    @Test
    void aPlainKubeconfigIsReadWithoutBuildingFabric8sClient() throws Exception {
        KubernetesAccess access = viaKubeconfig.kubernetes().orElseThrow();
        assertThat(access.reads()).isInstanceOf(PlainKubeReads.class);
        assertThat(access.reads().get("apps/v1", "Deployment", "reads", "web")).isPresent();
        assertThat(access.clientBuilt()).isFalse();
    }

    @Test
    void anObjectReadsAsFabric8ReadsIt() throws Exception {
        KubeReads fabric8Reads = KubeReads.of(fabric8);
        assertThat(asJson(plain().get("apps/v1", "Deployment", "reads", "web").orElseThrow()))
                .isEqualTo(asJson(fabric8Reads.get("apps/v1", "Deployment", "reads", "web").orElseThrow()));
        assertThat(asJson(plain().get("v1", "ConfigMap", "reads", "settings").orElseThrow()))
                .isEqualTo(asJson(fabric8Reads.get("v1", "ConfigMap", "reads", "settings").orElseThrow()));
    }

    /** The tree as JSON text reads it (fabric8's typed model makes {@code generation} a long, JSON text an int). */
    private static JsonNode asJson(JsonNode tree) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(tree));
    }

    @Test
    void aClusterScopedObjectIsReadWithoutANamespace() throws Exception {
        assertThat(plain().get("v1", "Namespace", null, "reads").orElseThrow().path("metadata").path("name").asText())
                .isEqualTo("reads");
    }

    @Test
    void aListSelectsByLabelsAndItsItemsSayTheirKind() throws Exception {
        List<JsonNode> front = plain().list("apps/v1", "Deployment", "reads", Map.of("tier", "front", "app", "api"));
        assertThat(front).extracting(o -> o.path("metadata").path("name").asText()).containsExactly("api");
        assertThat(front.get(0).path("kind").asText()).isEqualTo("Deployment");
        assertThat(front.get(0).path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(plain().list("apps/v1", "Deployment", "reads", Map.of()))
                .extracting(o -> o.path("metadata").path("name").asText()).containsExactlyInAnyOrder("web", "api");
    }

    @Test
    void aMissingObjectAndAKindTheServerDoesNotServeReadAsNotFound() throws Exception {
        assertThat(plain().get("apps/v1", "Deployment", "reads", "nope")).isEmpty();
        assertThat(plain().get("example.com/v1", "Widget", "reads", "w")).isEmpty();
        assertThat(plain().list("v1", "NoSuchKind", "reads", Map.of())).isEmpty();
    }

    @Test
    void aWrongTokenIsRefusedInOneSentenceNamingTheContext() throws Exception {
        Path kubeconfig = sim.kubernetes().orElseThrow().kubeconfig();
        Path wrong = dir.resolve("wrong-token.yaml");
        Files.writeString(wrong, Files.readString(kubeconfig).replace(sim instanceof SimSandbox s ? s.cluster().server().token() : "",
                "not-the-token"));
        assertThatThrownBy(() -> new KubeconfigSandboxProvider().open(SandboxOptions.defaults(dir.resolve("wrong"))
                .withKubeconfig(wrong, null), ProgressListener.NONE))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("refused the credentials (401 Unauthorized)");
    }
}
