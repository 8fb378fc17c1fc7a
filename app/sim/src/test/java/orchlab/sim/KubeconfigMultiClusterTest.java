package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.kube.KubeconfigSandboxProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubeconfig sandbox gives a multi-cluster exercise the kubeconfig's contexts of the same names, all or none
 * (ADR 0016) — here the contexts of two simulated clusters, as a user's kubeconfig with contexts east and west.
 */
class KubeconfigMultiClusterTest {
    private static final List<String> EAST_WEST = List.of("east", "west");

    @TempDir
    Path simState;

    @TempDir
    Path labState;

    @Test
    void eachNameIsTheContextOfTheSameName() throws Exception {
        try (SimSandbox sim = openSim()) {
            sim.cluster("east", EAST_WEST);
            sim.cluster("west", EAST_WEST);
            sim.cluster("west", EAST_WEST).client().configMaps().inNamespace("default")
                    .resource(new ConfigMapBuilder().withNewMetadata().withName("in-west").endMetadata().build()).create();

            try (Sandbox sandbox = openKubeconfig(sim, "east")) {
                KubernetesAccess west = sandbox.cluster("west", EAST_WEST);
                KubernetesAccess east = sandbox.cluster("east", EAST_WEST);

                assertThat(west.context()).isEqualTo("west");
                assertThat(east).isSameAs(sandbox.kubernetes().orElseThrow());
                assertThat(west.reads().get("v1", "ConfigMap", "default", "in-west")).isPresent();
                assertThat(east.reads().get("v1", "ConfigMap", "default", "in-west")).isEmpty();
            }
        }
    }

    @Test
    void aKubeconfigWithoutEveryContextGivesNoneAndNamesTheMissingOne() throws Exception {
        try (SimSandbox sim = openSim()) {
            sim.cluster("east", EAST_WEST); // the kubeconfig now has orchlab-sim and east, no west

            try (Sandbox sandbox = openKubeconfig(sim, "east")) {
                assertThatThrownBy(() -> sandbox.cluster("east", EAST_WEST))
                        .isInstanceOf(SandboxException.class)
                        .hasMessageStartingWith("this exercise needs two clusters, contexts east and west; the kubeconfig has"
                                + " no context west — add it");
            }
        }
    }

    private SimSandbox openSim() throws SandboxException {
        return (SimSandbox) new SimSandboxProvider().open(new SandboxOptions(Optional.empty(), Optional.empty(), Optional.empty(),
                simState, Map.of("podStartDelay", "0s")), ProgressListener.NONE);
    }

    private Sandbox openKubeconfig(SimSandbox sim, String context) throws SandboxException {
        return new KubeconfigSandboxProvider().open(new SandboxOptions(Optional.of(sim.kubernetes().orElseThrow().kubeconfig()),
                Optional.of(context), Optional.empty(), labState, Map.of()), ProgressListener.NONE);
    }
}
