package orchlab.engine.docker.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import orchlab.engine.check.Convergence;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.docker.DockerJson;
import org.junit.jupiter.api.Test;

/**
 * A failing {@code docker-network} or {@code docker-volume} check is final once Docker's state repeats: the engine
 * never creates a network or volume by itself, and their settings are fixed at creation — so a Compose file without
 * the network is told in about a second, not at the check's timeout. The inspect texts are recorded from Docker 20.10.
 */
class NetworkVolumeSettlingTest {
    private static final String SHOP_DEFAULT = """
            {"Name":"shop_default","Id":"3f2a9c","Driver":"bridge","Scope":"local",
             "Containers":{"a1":{"Name":"shop_web_1"},"b2":{"Name":"shop_api_1"},"c3":{"Name":"shop_db_1"}},
             "Labels":{"com.docker.compose.network":"default","com.docker.compose.project":"shop"}}
            """;
    private static final List<FieldFailure> NOT_FROM_COMPOSE = List.of(FieldFailure.different("Labels",
            "the network backend of project shop, made by Compose", "{}"));

    private static JsonNode json(String text) throws Exception {
        return DockerJson.MAPPER.readTree(text);
    }

    @Test
    void aMissingNetworkIsSteadyWhileTheEnginesNetworksStayTheSame() {
        List<String> networks = List.of("bridge", "host", "none", "shop_default");

        Convergence first = ContainerState.missing("network", "shop_backend", networks);
        Convergence again = ContainerState.missing("network", "shop_backend", networks);

        assertThat(first.state()).isEqualTo(Convergence.State.STEADY);
        assertThat(again.token()).isEqualTo(first.token());
        assertThat(first.why()).startsWith("no network shop_backend exists");
    }

    @Test
    void aNetworkOrVolumeBeingCreatedChangesTheMissingToken() {
        Convergence before = ContainerState.missing("volume", "pgdata", List.of());
        Convergence after = ContainerState.missing("volume", "pgdata", List.of("notes_other"));

        assertThat(after.token()).isNotEqualTo(before.token());
    }

    @Test
    void aWrongNetworkIsSteadyUntilItIsRecreatedOrItsContainersChange() throws Exception {
        JsonNode network = json(SHOP_DEFAULT);
        Convergence first = ContainerState.unchanged("network", "shop_default", network, NOT_FROM_COMPOSE);
        Convergence again = ContainerState.unchanged("network", "shop_default", json(SHOP_DEFAULT), NOT_FROM_COMPOSE);
        Convergence recreated = ContainerState.unchanged("network", "shop_default",
                json(SHOP_DEFAULT.replace("3f2a9c", "77e0d1")), NOT_FROM_COMPOSE);
        Convergence detached = ContainerState.unchanged("network", "shop_default",
                json(SHOP_DEFAULT.replace(",\"c3\":{\"Name\":\"shop_db_1\"}", "")), NOT_FROM_COMPOSE);

        assertThat(first.state()).isEqualTo(Convergence.State.STEADY);
        assertThat(again.token()).isEqualTo(first.token());
        assertThat(recreated.token()).isNotEqualTo(first.token());
        assertThat(detached.token()).isNotEqualTo(first.token());
    }
}
