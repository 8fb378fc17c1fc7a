package orchlab.engine.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import orchlab.engine.istio.MeshObject;
import orchlab.engine.lint.LintMark.Severity;
import org.junit.jupiter.api.Test;

/** The Istio analyzer's findings placed on the line of the object and field they name in the edited file. */
class IstioLintTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A Service in the first document, a Telemetry with an access-log entry naming no provider in the second. */
    private static final String TWO_DOCUMENTS = """
            apiVersion: v1
            kind: Service
            metadata:
              name: my-app-service
            spec:
              selector: {app: my-app}
              ports:
                - name: http
                  port: 80
            ---
            apiVersion: telemetry.istio.io/v1
            kind: Telemetry
            metadata:
              name: default
            spec:
              accessLogging:
                - disabled: false
              tracing:
                - randomSamplingPercentage: 10
            """;

    @Test
    void aFindingIsMarkedAtTheLineOfItsFieldInTheDocumentOfItsObject() {
        List<LintMark> marks = IstioLint.marks("telemetry.yaml", TWO_DOCUMENTS, "shop", List.of());

        assertThat(marks).singleElement().satisfies(m -> {
            assertThat(m.source()).isEqualTo("IST0157");
            assertThat(m.severity()).isEqualTo(Severity.WARNING);
            assertThat(m.line()).isEqualTo(17); // "- disabled: false", the accessLogging entry, in the second document
            assertThat(m.column()).isEqualTo(7);
            assertThat(m.toEndOfLine()).isTrue();
            assertThat(m.message()).contains("with empty providers will be ignored").contains("Telemetry shop/default")
                    .contains("spec.accessLogging[0]").contains("fix: name a provider");
        });
    }

    @Test
    void aFindingOnEachOfSeveralObjectsIsMarkedInEachObjectsOwnDocument() {
        String second = """
                apiVersion: telemetry.istio.io/v1
                kind: Telemetry
                metadata:
                  name: other
                spec:
                  tracing:
                    - randomSamplingPercentage: 5
                """;
        List<LintMark> marks = IstioLint.marks("telemetry.yaml", TWO_DOCUMENTS.replace("- disabled: false", "- providers: [{name: envoy}]")
                + "---\n" + second, "shop", List.of());

        // IST0160: two namespace-wide Telemetry objects, reported on the spec of each of them
        assertThat(marks).extracting(LintMark::source).containsOnly("IST0160");
        assertThat(marks).extracting(LintMark::line).containsExactly(15, 25);
    }

    @Test
    void aServiceInTheClusterAnswersAHostTheFileRoutesTo() throws Exception {
        String vs = """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: my-app
                spec:
                  hosts: [my-app-service]
                  http:
                    - route:
                        - destination:
                            host: my-app-service
                """;
        JsonNode service = YAML.readTree("""
                apiVersion: v1
                kind: Service
                metadata: {name: my-app-service, namespace: shop}
                spec:
                  selector: {app: my-app}
                  ports: [{name: http, port: 80}]
                """);

        assertThat(IstioLint.marks("vs.yaml", vs, "shop", List.of()))
                .extracting(LintMark::source, LintMark::line).contains(org.assertj.core.groups.Tuple.tuple("IST0101", 10));
        assertThat(IstioLint.marks("vs.yaml", vs, "shop", List.of(MeshObject.live(service)))).isEmpty();
    }

    @Test
    void findingsAboutObjectsOnlyInTheClusterAreNotDrawnOnTheFile() throws Exception {
        JsonNode badService = YAML.readTree("""
                apiVersion: v1
                kind: Service
                metadata: {name: other, namespace: shop}
                spec:
                  ports: [{name: web, port: 80}]
                """);

        assertThat(IstioLint.marks("telemetry.yaml", TWO_DOCUMENTS.replace("- disabled: false", "- providers: [{name: envoy}]"),
                "shop", List.of(MeshObject.live(badService)))).isEmpty();
    }

    @Test
    void textThatIsNotYamlGivesNoIstioMarks() {
        assertThat(IstioLint.marks("vs.yaml", "kind: [unclosed", "shop", List.of())).isEmpty();
    }
}
