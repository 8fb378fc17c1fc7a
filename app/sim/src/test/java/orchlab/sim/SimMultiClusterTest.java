package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sim sandbox gives a multi-cluster exercise one simulated cluster per name (ADR 0016). */
class SimMultiClusterTest {
    private static final List<String> EAST_WEST = List.of("east", "west");

    @TempDir
    Path stateDir;

    private SimSandbox open() throws SandboxException {
        SandboxOptions options = new SandboxOptions(Optional.empty(), Optional.empty(), Optional.empty(), stateDir,
                Map.of("podStartDelay", "0s"));
        return (SimSandbox) new SimSandboxProvider().open(options, ProgressListener.NONE);
    }

    @Test
    void theFirstNameIsTheSandboxsOwnClusterAndTheSecondAClusterStartedForIt() throws Exception {
        try (SimSandbox sandbox = open()) {
            KubernetesAccess east = sandbox.cluster("east", EAST_WEST);
            KubernetesAccess west = sandbox.cluster("west", EAST_WEST);

            assertThat(east.context()).isEqualTo("east");
            assertThat(west.context()).isEqualTo("west");
            assertThat(sandbox.clusterUrls()).containsEntry("east", sandbox.cluster().url()).containsKey("west");
            assertThat(sandbox.clusterUrls().get("west")).isNotEqualTo(sandbox.cluster().url());
        }
    }

    @Test
    void anObjectCreatedInWestIsNotInEast() throws Exception {
        try (SimSandbox sandbox = open()) {
            KubernetesAccess east = sandbox.cluster("east", EAST_WEST);
            KubernetesAccess west = sandbox.cluster("west", EAST_WEST);

            west.client().configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                    .withNewMetadata().withName("only-west").endMetadata().build()).create();

            assertThat(west.client().configMaps().inNamespace("default").withName("only-west").get()).isNotNull();
            assertThat(east.client().configMaps().inNamespace("default").withName("only-west").get()).isNull();
        }
    }

    @Test
    void askingForANameAgainGivesTheSameClusterWithoutStartingAnother() throws Exception {
        try (SimSandbox sandbox = open()) {
            KubernetesAccess first = sandbox.cluster("west", EAST_WEST);

            assertThat(sandbox.cluster("west", EAST_WEST)).isSameAs(first);
            assertThat(sandbox.clusterUrls()).containsOnlyKeys("west");
        }
    }

    @Test
    void theKubeconfigHasAContextPerNameBesidesOrchlabSimWhichStaysCurrent() throws Exception {
        try (SimSandbox sandbox = open()) {
            sandbox.cluster("east", EAST_WEST);
            sandbox.cluster("west", EAST_WEST);

            String kubeconfig = Files.readString(sandbox.kubernetes().orElseThrow().kubeconfig());
            assertThat(kubeconfig).startsWith(Kubeconfig.MARKER).contains("current-context: orchlab-sim")
                    .contains("- name: orchlab-sim\n  context:", "- name: east\n  context:", "- name: west\n  context:")
                    .contains("server: " + sandbox.clusterUrls().get("west"));
        }
    }

    @Test
    void aClusterStartedForANameKeepsItsStateInItsOwnFolder() throws Exception {
        try (SimSandbox sandbox = open()) {
            sandbox.cluster("west", EAST_WEST);

            assertThat(stateDir.resolve("clusters/west").resolve(ServingCertificate.FILE)).exists();
        }
    }

    @Test
    void aFourthClusterIsRefusedNamingTheOnesThatRun() throws Exception {
        try (SimSandbox sandbox = open()) {
            sandbox.cluster("east", EAST_WEST);
            sandbox.cluster("west", EAST_WEST);
            sandbox.cluster("north", List.of("east", "north"));

            assertThatThrownBy(() -> sandbox.cluster("south", List.of("east", "south")))
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("the simulated cluster runs at most 3 clusters, and east, west, north already run");
            assertThat(sandbox.clusterUrls()).containsOnlyKeys("east", "west", "north");
        }
    }
}
