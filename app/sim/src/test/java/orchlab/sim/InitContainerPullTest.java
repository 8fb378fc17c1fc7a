package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.json;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import orchlab.sim.api.ApiResponse;
import orchlab.sim.api.PodStatusText;
import org.junit.jupiter.api.Test;

/**
 * An init container's image is pulled like any other (the kubelet pulls it before it starts the container): an image
 * that does not exist keeps the Pod in {@code Init:ErrImagePull}, then {@code Init:ImagePullBackOff}, the app never
 * starts; fixing the image (a Pod's images may change) lets it go on. Manual clock, 2 s pod start delay.
 */
class InitContainerPullTest extends ManualSimTestBase {

    @Override
    protected SimSettings settings() {
        return SimSettings.instant().withPodStartDelay(Duration.ofSeconds(2));
    }

    private ObjectNode pod() {
        return json(send(cluster, "GET", "/api/v1/namespaces/default/pods/web", "application/json", ""));
    }

    @Test
    void anInitContainerWhoseImageDoesNotExistHoldsThePodInInitImagePullBackOffUntilTheImageIsFixed() {
        ApiResponse created = apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  initContainers: [{name: fetch, image: "busybox:9.99", command: [echo, fetched]}]
                  containers: [{name: app, image: "nginx:1.27"}]
                """);
        assertThat(created.code()).as(created.bodyText()).isEqualTo(201);
        cluster.reconcile();
        advance(2);

        ObjectNode pod = pod();
        JsonNode init = pod.path("status").path("initContainerStatuses").get(0);
        assertThat(PodStatusText.of(pod)).isEqualTo("Init:ErrImagePull");
        assertThat(init.path("state").path("waiting").path("message").asText()).contains("busybox:9.99");
        assertThat(pod.path("status").path("containerStatuses").get(0).path("state").has("running")).isFalse();

        advance(2);
        pod = pod();
        assertThat(PodStatusText.of(pod)).isEqualTo("Init:ImagePullBackOff");
        assertThat(pod.path("status").path("initContainerStatuses").get(0).path("state").path("waiting").path("message")
                .asText()).isEqualTo("Back-off pulling image \"busybox:9.99\"");
        advance(60);
        assertThat(PodStatusText.of(pod())).as("the app never starts").isEqualTo("Init:ImagePullBackOff");

        ApiResponse fixed = send(cluster, "PATCH", "/api/v1/namespaces/default/pods/web",
                "application/strategic-merge-patch+json", "{\"spec\":{\"initContainers\":[{\"name\":\"fetch\",\"image\":\"busybox:1.36\"}]}}");
        assertThat(fixed.code()).as(fixed.bodyText()).isEqualTo(200);
        cluster.reconcile();
        advance(2);
        advance(2);
        pod = pod();
        assertThat(pod.path("status").path("initContainerStatuses").get(0).path("state").path("terminated").path("reason")
                .asText()).isEqualTo("Completed");
        assertThat(PodStatusText.of(pod)).isIn("PodInitializing", "Running");
    }
}
