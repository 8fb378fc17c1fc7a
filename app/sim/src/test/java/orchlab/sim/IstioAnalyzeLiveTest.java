package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.istio.Finding;
import orchlab.engine.istio.IstioAnalyzer;
import orchlab.engine.istio.MeshObjects;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyzers on live objects: what the istio-analyze check reads from a namespace of the simulated cluster. */
class IstioAnalyzeLiveTest {

    private static final String MESH = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop, labels: {istio-injection: enabled}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: my-app-v1, namespace: shop}
            spec:
              selector: {matchLabels: {app: my-app, version: v1}}
              template:
                metadata: {labels: {app: my-app, version: v1}}
                spec: {containers: [{name: app, image: my-app:1}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: my-app-service, namespace: shop}
            spec: {selector: {app: my-app}, ports: [{name: http, port: 80, targetPort: 8080}]}
            ---
            apiVersion: networking.istio.io/v1beta1
            kind: DestinationRule
            metadata: {name: my-app, namespace: shop}
            spec: {host: my-app-service, subsets: [{name: v1, labels: {version: v1}}]}
            """;

    @TempDir
    Path stateDir;

    private static void apply(KubernetesClient client, String yaml) {
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();
    }

    @Test
    void liveObjectsInEitherServedVersionAreAnalyzedTogether() throws Exception {
        try (Sandbox sandbox = new SimSandboxProvider().open(new SandboxOptions(Optional.empty(), Optional.empty(),
                Optional.empty(), stateDir, Map.of("podStartDelay", "0")), ProgressListener.NONE)) {
            KubernetesClient client = sandbox.kubernetes().orElseThrow().client();
            apply(client, MESH);
            apply(client, """
                    apiVersion: networking.istio.io/v1
                    kind: VirtualService
                    metadata: {name: my-app, namespace: shop}
                    spec:
                      hosts: [my-app-service]
                      http: [{route: [{destination: {host: my-app-service, subset: v1}}]}]
                    """);
            assertThat(IstioAnalyzer.analyze(MeshObjects.fromCluster(client, "shop"))).isEmpty();

            apply(client, """
                    apiVersion: networking.istio.io/v1
                    kind: VirtualService
                    metadata: {name: canary, namespace: shop}
                    spec:
                      hosts: [my-app-service]
                      http: [{route: [{destination: {host: my-app-service, subset: v2}}]}]
                    """);
            List<Finding> findings = IstioAnalyzer.analyze(MeshObjects.fromCluster(client, "shop"));
            assertThat(findings).extracting(Finding::istioLine).containsExactly(
                    "Error [IST0101] (VirtualService shop/canary) Referenced host+subset in destinationrule not found: \"my-app-service+v2\"");
            assertThat(findings.get(0).field()).isEqualTo("spec.http[0].route[0].destination.subset");
        }
    }
}
