package orchlab.engine.istio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IstioAnalyzerTest {

    /** The exercises' mesh: an injected namespace, my-app v1 and v2, Service my-app-service (port http 80 -> 8080). */
    static final String MESH = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop, labels: {istio-injection: enabled}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: my-app-v1}
            spec:
              selector: {matchLabels: {app: my-app, version: v1}}
              template:
                metadata: {labels: {app: my-app, version: v1}}
                spec: {containers: [{name: app, image: my-app:1, ports: [{containerPort: 8080}]}]}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: my-app-v2}
            spec:
              selector: {matchLabels: {app: my-app, version: v2}}
              template:
                metadata: {labels: {app: my-app, version: v2}}
                spec: {containers: [{name: app, image: my-app:2, ports: [{containerPort: 8080}]}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: my-app-service}
            spec:
              selector: {app: my-app}
              ports: [{name: http, port: 80, targetPort: 8080}]
            """;

    static final String DR = """
            apiVersion: networking.istio.io/%s
            kind: DestinationRule
            metadata: {name: my-app}
            spec:
              host: %s
              subsets:
              - {name: v1, labels: {version: v1}}
              - {name: v2, labels: {version: %s}}
            """;

    static final String VS = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: my-app}
            spec:
              hosts: [my-app-service]
              http:
              - route:
                - destination: {host: %s, subset: v1}
                  weight: 90
                - destination: {host: my-app-service, subset: %s}
                  weight: %d
                retries: {attempts: %d, perTryTimeout: 2s}
                timeout: %s
            """;

    static final String GATEWAY = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: %s}
            spec:
              selector: {istio: ingressgateway}
              servers:
              - port: {number: %d, name: http, protocol: HTTP}
                hosts: [%s]
            """;

    static final String EDGE_VS = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: edge}
            spec:
              hosts: [%s]
              gateways: [shop-gateway]
              http: [{route: [{destination: {host: my-app-service}}]}]
            """;

    @TempDir
    Path dir;

    private List<Finding> analyze(String... documents) throws Exception {
        Path file = dir.resolve("mesh.yaml");
        Files.writeString(file, MESH + "---\n" + String.join("---\n", documents));
        return IstioAnalyzer.analyze(MeshObjects.fromFiles(List.of(file), "shop"));
    }

    private static String dr(String version, String host, String v2Label) {
        return DR.formatted(version, host, v2Label);
    }

    private static String vs(String host, String subset, int weight, int attempts, String timeout) {
        return VS.formatted(host, subset, weight, attempts, timeout);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("correctAnswers")
    void aCorrectMeshHasNoFindings(String name, String[] documents) throws Exception {
        assertThat(analyze(documents)).isEmpty();
    }

    static Stream<Arguments> correctAnswers() {
        return Stream.of(
                Arguments.of("v1 objects, short host names", new String[] {dr("v1", "my-app-service", "v2"), vs("my-app-service", "v2", 10, 3, "5s")}),
                Arguments.of("v1beta1 objects, full host names", new String[] {
                        dr("v1beta1", "my-app-service.shop.svc.cluster.local", "v2"),
                        vs("my-app-service.shop.svc.cluster.local", "v2", 10, 3, "5000ms")}),
                Arguments.of("authorization policy on existing workloads", new String[] {"""
                        apiVersion: security.istio.io/v1
                        kind: AuthorizationPolicy
                        metadata: {name: allow-get}
                        spec:
                          selector: {matchLabels: {app: my-app}}
                          action: ALLOW
                          rules: [{to: [{operation: {methods: [GET]}}]}]
                        """}),
                Arguments.of("VirtualService host served by its Gateway", new String[] {
                        GATEWAY.formatted("shop-gateway", 80, "\"shop.example.com\""), EDGE_VS.formatted("shop.example.com")}),
                Arguments.of("VirtualService host under a Gateway's wildcard for this namespace", new String[] {
                        GATEWAY.formatted("shop-gateway", 80, "\"shop/*.example.com\""), EDGE_VS.formatted("shop.example.com")}),
                Arguments.of("two Gateways on one selector with different hosts", new String[] {
                        GATEWAY.formatted("shop-gateway", 80, "\"shop.example.com\""),
                        GATEWAY.formatted("blog-gateway", 80, "\"blog.example.com\"")}),
                Arguments.of("two Gateways on one selector and host, different ports", new String[] {
                        GATEWAY.formatted("shop-gateway", 80, "\"shop.example.com\""),
                        GATEWAY.formatted("shop-gateway-alt", 8080, "\"shop.example.com\"")}),
                Arguments.of("Telemetry access logging with a provider, or disabled", new String[] {"""
                        apiVersion: telemetry.istio.io/v1
                        kind: Telemetry
                        metadata: {name: default}
                        spec: {accessLogging: [{providers: [{name: envoy}]}, {disabled: true}]}
                        """}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsReportedWithIstiosCodeAtItsField(String name, String expectedCode, String expectedField, String[] documents)
            throws Exception {
        List<Finding> findings = analyze(documents);
        assertThat(findings).extracting(Finding::code).containsOnly(expectedCode);
        assertThat(findings.get(0).field()).isEqualTo(expectedField);
        assertThat(findings.get(0).origin()).startsWith(dir.resolve("mesh.yaml") + ":");
        assertThat(findings.get(0).fix()).isNotBlank();
    }

    static Stream<Arguments> mistakes() {
        String dr = dr("v1", "my-app-service", "v2");
        return Stream.of(
                Arguments.of("destination host with no Service", "IST0101", "spec.http[0].route[0].destination.host",
                        new String[] {dr, vs("my-app", "v2", 10, 3, "5s")}),
                Arguments.of("subset no DestinationRule defines", "IST0101", "spec.http[0].route[1].destination.subset",
                        new String[] {dr, vs("my-app-service", "v3", 10, 3, "5s")}),
                Arguments.of("gateway that does not exist", "IST0101", "spec.gateways[0]", new String[] {dr, """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: edge}
                        spec:
                          hosts: ["shop.example.com"]
                          gateways: [shop-gateway]
                          http: [{route: [{destination: {host: my-app-service}}]}]
                        """}),
                Arguments.of("weights adding up to 110", "IST0106", "spec.http[0].route", new String[] {dr, vs("my-app-service", "v2", 20, 3, "5s")}),
                Arguments.of("timeout that is not a duration", "IST0106", "spec.http[0].timeout", new String[] {dr, vs("my-app-service", "v2", 10, 3, "5 seconds")}),
                Arguments.of("retry policy with zero attempts", "IST0133", "spec.http[0].retries", new String[] {dr, vs("my-app-service", "v2", 10, 0, "5s")}),
                Arguments.of("subset labels no pod carries", "IST0173", "spec.subsets[1].labels", new String[] {dr("v1", "my-app-service", "2.0")}),
                Arguments.of("DestinationRule for a host with no Service", "IST0174", "spec.host", new String[] {dr("v1", "my-app", "v2")}),
                Arguments.of("AuthorizationPolicy selecting no workload", "IST0127", "spec.selector.matchLabels", new String[] {"""
                        apiVersion: security.istio.io/v1
                        kind: AuthorizationPolicy
                        metadata: {name: allow-get}
                        spec:
                          selector: {matchLabels: {app: myapp}}
                        """}),
                Arguments.of("duplicate match", "IST0131", "spec.http[1].match[1]", new String[] {dr, """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: my-app}
                        spec:
                          hosts: [my-app-service]
                          http:
                          - match: [{uri: {prefix: /v2}}]
                            route: [{destination: {host: my-app-service, subset: v2}}]
                          - match: [{headers: {end-user: {exact: jason}}}, {uri: {prefix: /v2}}]
                            route: [{destination: {host: my-app-service, subset: v2}}]
                          - route: [{destination: {host: my-app-service, subset: v1}}]
                        """}),
                Arguments.of("rule after a catch-all", "IST0130", "spec.http[1]", new String[] {dr, """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: my-app}
                        spec:
                          hosts: [my-app-service]
                          http:
                          - route: [{destination: {host: my-app-service, subset: v1}}]
                          - match: [{uri: {prefix: /v2}}]
                            route: [{destination: {host: my-app-service, subset: v2}}]
                        """}),
                Arguments.of("Service port named web", "IST0118", "spec.ports[0].name", new String[] {"""
                        apiVersion: v1
                        kind: Service
                        metadata: {name: other}
                        spec: {selector: {app: my-app}, ports: [{name: web, port: 81, targetPort: 8080}]}
                        """}),
                Arguments.of("namespace without injection label", "IST0102", "metadata.labels", new String[] {"""
                        apiVersion: v1
                        kind: Namespace
                        metadata: {name: plain}
                        """}),
                Arguments.of("VirtualService host no server of its Gateway accepts", "IST0132", "spec.gateways[0]", new String[] {
                        GATEWAY.formatted("shop-gateway", 80, "\"shop.example.com\""), EDGE_VS.formatted("blog.example.com")}),
                Arguments.of("Gateway host bound to another namespace", "IST0132", "spec.gateways[0]", new String[] {
                        GATEWAY.formatted("shop-gateway", 80, "\"blog/shop.example.com\""), EDGE_VS.formatted("shop.example.com")}),
                Arguments.of("two Gateways serving one host on one port and selector", "IST0145", "spec.servers[0]", new String[] {
                        GATEWAY.formatted("shop-gateway", 80, "\"shop.example.com\""),
                        GATEWAY.formatted("shop-gateway-copy", 80, "\"shop.example.com\", \"www.example.com\"")}),
                Arguments.of("Telemetry access logging with no provider", "IST0157", "spec.accessLogging[0]", new String[] {"""
                        apiVersion: telemetry.istio.io/v1
                        kind: Telemetry
                        metadata: {name: default}
                        spec: {accessLogging: [{disabled: false}]}
                        """}),
                Arguments.of("two namespace-wide Telemetry objects", "IST0160", "spec", new String[] {"""
                        apiVersion: telemetry.istio.io/v1
                        kind: Telemetry
                        metadata: {name: default}
                        spec: {accessLogging: [{providers: [{name: envoy}]}]}
                        """, """
                        apiVersion: telemetry.istio.io/v1
                        kind: Telemetry
                        metadata: {name: tracing}
                        spec: {tracing: [{randomSamplingPercentage: 10}]}
                        """}));
    }

    @Test
    void findingsPrintAsIstioctlAnalyzeLinesWithFileAndLine() throws Exception {
        List<Finding> findings = analyze(dr("v1", "my-app-service", "v2"), vs("my-app-service", "v3", 10, 3, "5s"));
        List<String> lines = Files.readAllLines(dir.resolve("mesh.yaml"));
        int subsetLine = lines.indexOf(lines.stream().filter(l -> l.contains("subset: v3")).findFirst().orElseThrow()) + 1;
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).istioLine()).isEqualTo("Error [IST0101] (VirtualService shop/my-app " + dir.resolve("mesh.yaml")
                + ":" + subsetLine + ") Referenced host+subset in destinationrule not found: \"my-app-service+v3\"");
    }

    @Test
    void istiosMessagesForGatewayAndTelemetryFindingsNameTheObjectsInvolved() throws Exception {
        assertThat(analyze(GATEWAY.formatted("shop-gateway", 80, "\"shop.example.com\""), EDGE_VS.formatted("blog.example.com")))
                .extracting(Finding::message).containsExactly(
                        "one or more host [blog.example.com] defined in VirtualService shop/edge not found in Gateway shop/shop-gateway.");
        assertThat(analyze(GATEWAY.formatted("shop-gateway", 80, "\"shop.example.com\""),
                GATEWAY.formatted("shop-gateway-copy", 80, "\"shop.example.com\"")))
                .extracting(Finding::istioLine).allMatch(l -> l.startsWith("Error [IST0145] (Gateway shop/shop-gateway"))
                .extracting(l -> l.substring(l.indexOf(") ") + 2)).containsExactly(
                        "Conflict with gateways shop/shop-gateway-copy (workload selector istio=ingressgateway, port 80, hosts shop.example.com).",
                        "Conflict with gateways shop/shop-gateway (workload selector istio=ingressgateway, port 80, hosts shop.example.com).");
        assertThat(analyze("""
                apiVersion: telemetry.istio.io/v1
                kind: Telemetry
                metadata: {name: default}
                spec: {accessLogging: [{}]}
                """)).extracting(Finding::message).containsExactly(
                        "The Telemetry default in namespace \"shop\" with empty providers will be ignored.");
    }

    @Test
    void hostsMatchLikeIstioHostNamesWithWildcards() {
        assertThat(IstioAnalyzer.hostsMatch("*", "shop.example.com")).isTrue();
        assertThat(IstioAnalyzer.hostsMatch("*.example.com", "shop.example.com")).isTrue();
        assertThat(IstioAnalyzer.hostsMatch("shop.example.com", "*.example.com")).isTrue();
        assertThat(IstioAnalyzer.hostsMatch("*.example.com", "*.shop.example.com")).isTrue();
        assertThat(IstioAnalyzer.hostsMatch("*.example.com", "example.org")).isFalse();
        assertThat(IstioAnalyzer.hostsMatch("shop.example.com", "blog.example.com")).isFalse();
    }

    @Test
    void portNamesFollowIstiosProtocolPrefixConvention() {
        assertThat(IstioAnalyzer.followsNamingConvention("http")).isTrue();
        assertThat(IstioAnalyzer.followsNamingConvention("grpc-web")).isTrue();
        assertThat(IstioAnalyzer.followsNamingConvention("tcp-db")).isTrue();
        assertThat(IstioAnalyzer.followsNamingConvention("httpx")).isFalse();
        assertThat(IstioAnalyzer.followsNamingConvention("web")).isFalse();
        assertThat(IstioAnalyzer.followsNamingConvention("")).isFalse();
    }
}
