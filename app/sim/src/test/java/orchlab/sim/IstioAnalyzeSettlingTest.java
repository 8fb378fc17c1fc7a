package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import orchlab.engine.check.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code istio-analyze} check on the simulated cluster: a finding is final as soon as nothing in the namespace is
 * being created or rolled out (the Pods behind the mesh have started), not at the check's timeout; a clean mesh passes.
 * Every duration here is sim time.
 */
class IstioAnalyzeSettlingTest {
    @RegisterExtension
    static final SettlingChecks sim = new SettlingChecks("mesh", Map.of("istio-injection", "enabled"));

    private static final String CHECK = """
            checks:
              - id: no-analyzer-findings
                title: istioctl analyze finds nothing
                kind: istio-analyze
                timeout: 60s
            """;

    @TempDir
    Path dir;

    private static final String APP = SettlingChecks.myAppDeployment("hashicorp/http-echo:1.0") + "---\n"
            + SettlingChecks.myAppService("my-app", "8080");

    private static String route(String host) {
        return """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: my-app}
                spec:
                  hosts: [my-app-service]
                  http: [{route: [{destination: {host: %s}}]}]
                """.formatted(host);
    }

    private CheckResult check() throws Exception {
        return sim.check("mesh", CHECK, Duration.ofSeconds(60), dir);
    }

    @Test
    void aRouteToAHostNoServiceAnswersIsFinalOnceThePodsHaveStartedNotAtTheTimeout() throws Exception {
        sim.apply(APP);
        sim.apply(route("my-app-svc"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.failures()).extracting(f -> f.describe()).first().asString().contains("IST0101");
        assertThat(result.settled()).isEqualTo("nothing in namespace " + sim.namespace() + " is being created or rolled out");
        assertThat(result.waited()).as("the Pods start in 2 s; the timeout is 60 s").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aRouteToTheServicePasses() throws Exception {
        sim.apply(APP);
        sim.apply(route("my-app-service"));

        assertThat(check()).isInstanceOf(CheckResult.Passed.class);
    }
}
