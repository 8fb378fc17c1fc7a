package orchlab.engine.istio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IstioCrdsTest {

    @Test
    void committedCrdsAreExactlyWhatTheGeneratorDerivesFromTheFabric8IstioModel() throws IOException {
        String generated = IstioCrdGenerator.generate();
        if (Boolean.getBoolean("orchlab.istio.regenerate")) {
            Path target = Path.of("src/main/resources/orchlab/engine/istio/istio-crds.yaml");
            Files.writeString(target, generated);
            System.out.println("IstioCrdsTest: regenerated " + target.toAbsolutePath());
        }
        assertThat(IstioCrds.yaml())
                .as("istio-crds.yaml is stale: regenerate it with the command in IstioCrdGenerator's Javadoc")
                .isEqualTo(generated);
    }

    @Test
    void thePrecomputedJsonHoldsExactlyTheDefinitionsOfTheYaml() throws IOException {
        String json = IstioCrds.json();
        if (Boolean.getBoolean("orchlab.istio.regenerate")) {
            Path target = Path.of("src/main/resources/orchlab/engine/istio/istio-crds.json");
            Files.writeString(target, json);
            System.out.println("IstioCrdsTest: regenerated " + target.toAbsolutePath());
        }
        try (var in = IstioCrds.class.getResourceAsStream(IstioCrds.JSON_RESOURCE)) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .as("istio-crds.json is stale: regenerate it with the command in IstioCrdGenerator's Javadoc")
                    .isEqualTo(json);
        }
        assertThat(IstioCrds.definitions()).isEqualTo(IstioCrds.definitionsFromYaml());
    }

    @Test
    void everyKindTheLessonsNeedIsDefinedWithIstiosServedVersionsAndOneStorageVersion() {
        List<String> seen = new ArrayList<>();
        for (ObjectNode crd : IstioCrds.definitions()) {
            JsonNode spec = crd.path("spec");
            List<String> versions = new ArrayList<>();
            int storage = 0;
            for (JsonNode v : spec.path("versions")) {
                versions.add(v.path("name").asText());
                storage += v.path("storage").asBoolean() ? 1 : 0;
                assertThat(v.path("schema").path("openAPIV3Schema").path("properties").path("spec").path("type").asText())
                        .as("structural schema for %s %s", spec.path("names").path("kind"), v.path("name")).isEqualTo("object");
            }
            assertThat(storage).isEqualTo(1);
            seen.add(spec.path("group").asText() + "/" + spec.path("names").path("kind").asText() + " " + versions);
        }
        assertThat(seen).containsExactlyInAnyOrder(
                "networking.istio.io/VirtualService [v1, v1beta1, v1alpha3]",
                "networking.istio.io/DestinationRule [v1, v1beta1, v1alpha3]",
                "networking.istio.io/Gateway [v1, v1beta1, v1alpha3]",
                "networking.istio.io/ServiceEntry [v1, v1beta1, v1alpha3]",
                "networking.istio.io/Sidecar [v1, v1beta1, v1alpha3]",
                "security.istio.io/PeerAuthentication [v1, v1beta1]",
                "security.istio.io/AuthorizationPolicy [v1, v1beta1]",
                "security.istio.io/RequestAuthentication [v1, v1beta1]",
                "telemetry.istio.io/Telemetry [v1, v1alpha1]");
    }

    @Test
    void oneofFieldsAreDescribedByTheirAlternativesNotByTheModelsWrapperName() {
        JsonNode vs = IstioCrds.definitions().get(0);
        JsonNode uri = vs.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/http/items/properties/match/items/properties/uri/properties");
        assertThat(uri.has("prefix")).isTrue();
        assertThat(uri.has("exact")).isTrue();
        assertThat(uri.has("MatchType")).isFalse();
    }
}
