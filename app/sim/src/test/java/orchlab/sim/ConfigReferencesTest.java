package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.json;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Secrets' write-only stringData, and pods whose environment names a ConfigMap or Secret that is missing. */
class ConfigReferencesTest {

    private final SimTestSupport.ManualClock clock = new SimTestSupport.ManualClock();
    private SimCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private ObjectNode get(String path) {
        return json(send(cluster, "GET", path, "application/json", ""));
    }

    private static String pod(String env) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: app}
                spec:
                  containers:
                    - name: app
                      image: hashicorp/http-echo:1.0
                %s
                """.formatted(env);
    }

    @Test
    void stringDataIsStoredBase64EncodedInDataAndNeverKept() throws Exception {
        cluster = SimCluster.manual(SimSettings.instant().withPodStartDelay(Duration.ZERO), clock);
        apply(cluster, "/api/v1/namespaces/default/secrets", """
                apiVersion: v1
                kind: Secret
                metadata: {name: app-secrets}
                data: {a: YQ==}
                stringData: {database_password: s3cret}
                """);

        ObjectNode secret = get("/api/v1/namespaces/default/secrets/app-secrets");
        assertThat(secret.has("stringData")).isFalse();
        assertThat(secret.path("type").asText()).isEqualTo("Opaque");
        assertThat(secret.path("data").path("a").asText()).isEqualTo("YQ==");
        assertThat(new String(Base64.getDecoder().decode(secret.path("data").path("database_password").asText()), StandardCharsets.UTF_8))
                .isEqualTo("s3cret");
    }

    @Test
    void aMissingSecretKeepsThePodInCreateContainerConfigErrorUntilItExists() throws Exception {
        cluster = SimCluster.manual(SimSettings.instant().withPodStartDelay(Duration.ZERO), clock);
        apply(cluster, "/api/v1/namespaces/default/pods", pod("""
                      envFrom:
                        - secretRef: {name: app-secrets}
                """));
        cluster.reconcile();

        ObjectNode waiting = get("/api/v1/namespaces/default/pods/app");
        assertThat(waiting.path("status").path("phase").asText()).isEqualTo("Pending");
        assertThat(waiting.at("/status/containerStatuses/0/state/waiting/reason").asText()).isEqualTo("CreateContainerConfigError");
        assertThat(waiting.at("/status/containerStatuses/0/state/waiting/message").asText()).isEqualTo("secret \"app-secrets\" not found");

        apply(cluster, "/api/v1/namespaces/default/secrets", "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"app-secrets\"}}");
        cluster.reconcile();

        assertThat(get("/api/v1/namespaces/default/pods/app").path("status").path("phase").asText()).isEqualTo("Running");
    }

    @Test
    void aMissingConfigMapKeyIsNamedInTheWaitingMessage() throws Exception {
        cluster = SimCluster.manual(SimSettings.instant().withPodStartDelay(Duration.ZERO), clock);
        apply(cluster, "/api/v1/namespaces/default/configmaps", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: app-config}
                data: {database_host: db.example.com}
                """);
        apply(cluster, "/api/v1/namespaces/default/pods", pod("""
                      env:
                        - name: DEBUG
                          valueFrom: {configMapKeyRef: {name: app-config, key: debug_mode}}
                """));
        cluster.reconcile();

        assertThat(get("/api/v1/namespaces/default/pods/app").at("/status/containerStatuses/0/state/waiting/message").asText())
                .isEqualTo("couldn't find key debug_mode in ConfigMap default/app-config");
    }

    @Test
    void anOptionalReferenceToAMissingConfigMapDoesNotStopThePod() throws Exception {
        cluster = SimCluster.manual(SimSettings.instant().withPodStartDelay(Duration.ZERO), clock);
        apply(cluster, "/api/v1/namespaces/default/pods", pod("""
                      envFrom:
                        - configMapRef: {name: nowhere, optional: true}
                """));
        cluster.reconcile();

        assertThat(get("/api/v1/namespaces/default/pods/app").path("status").path("phase").asText()).isEqualTo("Running");
    }
}
