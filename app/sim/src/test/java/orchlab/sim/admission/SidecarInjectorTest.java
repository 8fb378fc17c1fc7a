package orchlab.sim.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import orchlab.sim.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who gets a sidecar (Istio's webhook selectors and {@code injectRequired}) and what the injection adds. */
class SidecarInjectorTest {

    private static ObjectNode namespace(String labels) {
        return Json.parseYamlOrJson("metadata: {name: shop, labels: {" + labels + "}}");
    }

    private static ObjectNode pod(String namespace, String labels, String annotations, String extraSpec) {
        return Json.parseYamlOrJson("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: %s, labels: {app: web, %s}, annotations: {%s}}
                spec:
                  %s
                  containers:
                  - name: web
                    image: nginx:1.25
                    ports: [{name: http, containerPort: 8080}]
                """.formatted(namespace, labels, annotations, extraSpec));
    }

    @ParameterizedTest(name = "namespace [{0}], pod labels [{1}], annotations [{2}] -> revision {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "none", value = {
            "istio-injection: enabled                     |                                  |                                  | default",
            "istio-injection: disabled                    |                                  |                                  | none",
            "istio-injection: enabled                     | 'sidecar.istio.io/inject': 'false' |                                | none",
            "istio-injection: enabled                     |                                  | 'sidecar.istio.io/inject': 'false' | none",
            "istio-injection: enabled                     | 'sidecar.istio.io/inject': 'true'  | 'sidecar.istio.io/inject': 'false' | default",
            "'istio.io/rev': canary                       |                                  |                                  | canary",
            "'istio.io/rev': canary, istio-injection: enabled |                              |                                  | default",
            "istio-injection: disabled                    | 'istio.io/rev': canary           |                                  | none",
            "                                             |                                  |                                  | none",
            "                                             | 'sidecar.istio.io/inject': 'true'  |                                | default",
            "                                             | 'istio.io/rev': canary           |                                  | canary",
            "                                             | 'sidecar.istio.io/inject': 'false', 'istio.io/rev': canary |        | none",
            "istio-injection: enabled                     |                                  | 'sidecar.istio.io/status': '{}'  | none",
    })
    void webhookSelectorsAndOptOutsDecideWhichRevisionInjects(String nsLabels, String podLabels, String annotations,
                                                               String revision) {
        Optional<String> decided = SidecarInjector.revision(
                pod("shop", podLabels == null ? "" : podLabels, annotations == null ? "" : annotations, ""),
                namespace(nsLabels == null ? "" : nsLabels));
        assertThat(decided).isEqualTo(Optional.ofNullable(revision));
    }

    @Test
    void hostNetworkPodsAndKubeSystemAreNeverInjected() {
        assertThat(SidecarInjector.revision(pod("shop", "", "", "hostNetwork: true"), namespace("istio-injection: enabled")))
                .isEmpty();
        assertThat(SidecarInjector.revision(pod("kube-system", "", "", ""), namespace("istio-injection: enabled")))
                .isEmpty();
    }

    @Test
    void injectionAddsIstioInitAndIstioProxyWithIstiosLabelsAndAnnotations() {
        ObjectNode pod = pod("shop", "version: v2", "", "");
        SidecarInjector.inject(pod, "default");

        assertThat(names(pod.path("spec").path("initContainers"))).containsExactly("istio-init");
        assertThat(names(pod.path("spec").path("containers"))).containsExactly("web", "istio-proxy");
        JsonNode proxy = pod.path("spec").path("containers").get(1);
        assertThat(proxy.path("image").asText()).isEqualTo(SidecarInjector.PROXY_IMAGE);
        assertThat(proxy.path("readinessProbe").path("httpGet").path("port").asInt()).isEqualTo(15021);
        assertThat(proxy.path("securityContext").path("runAsUser").asInt()).isEqualTo(1337);
        assertThat(env(proxy, "ISTIO_META_APP_CONTAINERS")).isEqualTo("web");
        assertThat(env(proxy, "ISTIO_META_POD_PORTS")).isEqualTo("[{\"name\":\"http\",\"containerPort\":8080}]");

        JsonNode labels = pod.path("metadata").path("labels");
        assertThat(labels.path("security.istio.io/tlsMode").asText()).isEqualTo("istio");
        assertThat(labels.path("service.istio.io/canonical-name").asText()).isEqualTo("web");
        assertThat(labels.path("service.istio.io/canonical-revision").asText()).isEqualTo("v2");
        JsonNode annotations = pod.path("metadata").path("annotations");
        assertThat(annotations.path("istio.io/rev").asText()).isEqualTo("default");
        assertThat(annotations.path("kubectl.kubernetes.io/default-container").asText()).isEqualTo("web");
        JsonNode status = Json.parseObject(annotations.path("sidecar.istio.io/status").asText());
        assertThat(names(status.path("initContainers"), true)).containsExactly("istio-init");
        assertThat(names(status.path("containers"), true)).containsExactly("istio-proxy");
        assertThat(names(status.path("volumes"), true)).isEqualTo(names(pod.path("spec").path("volumes")));
        assertThat(status.path("revision").asText()).isEqualTo("default");
    }

    @Test
    void aPodOfADeploymentIsNamedAfterTheDeploymentWithoutItsTemplateHash() {
        ObjectNode pod = Json.parseYamlOrJson("""
                metadata:
                  generateName: my-app-v1-7d9f8b6c5-
                  labels: {pod-template-hash: 7d9f8b6c5}
                  ownerReferences: [{kind: ReplicaSet, name: my-app-v1-7d9f8b6c5, controller: true}]
                spec: {containers: [{name: app, image: nginx:1.25}]}
                """);
        assertThat(SidecarInjector.workloadName(pod)).isEqualTo("my-app-v1");
        SidecarInjector.inject(pod, "default");
        assertThat(pod.path("metadata").path("labels").path("service.istio.io/canonical-name").asText()).isEqualTo("my-app-v1");
        assertThat(pod.path("metadata").path("labels").path("service.istio.io/canonical-revision").asText()).isEqualTo("latest");
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    private static List<String> names(JsonNode array, boolean plain) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return null;
    }
}
