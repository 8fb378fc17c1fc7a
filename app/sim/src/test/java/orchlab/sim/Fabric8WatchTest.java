package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fabric8 client (as the engine uses it) against the sim: watches deliver changes in order. */
class Fabric8WatchTest {

    @TempDir
    Path stateDir;

    @Test
    void watchReceivesAddedModifiedDeletedInOrder() throws Exception {
        try (Sandbox sandbox = new SimSandboxProvider().open(new SandboxOptions(Optional.empty(), Optional.empty(),
                Optional.empty(), stateDir, Map.of("podStartDelay", "0")), ProgressListener.NONE)) {
            KubernetesClient client = sandbox.kubernetes().orElseThrow().client();
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            try (Watch ignored = client.configMaps().inNamespace("default").withLabel("test", "watch").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, ConfigMap resource) {
                    events.add(action + ":" + resource.getData().get("v"));
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("w").withLabels(Map.of("test", "watch"))
                        .endMetadata().addToData("v", "1").build();
                client.configMaps().inNamespace("default").resource(cm).create();
                client.configMaps().inNamespace("default").withName("w").edit(c -> {
                    c.getData().put("v", "2");
                    return c;
                });
                client.configMaps().inNamespace("default").withName("w").delete();

                List<String> received = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String e = events.poll(30, TimeUnit.SECONDS);
                    assertThat(e).as("event %d arrived", i).isNotNull();
                    received.add(e);
                }
                assertThat(received).containsExactly("ADDED:1", "MODIFIED:2", "DELETED:2");
            }
        }
    }
}
