package orchlab.engine.check.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.toolkit.HttpAnswer;
import orchlab.engine.course.Exercise;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.testing.LyingHttpEndpoint;
import orchlab.engine.testing.LyingHttpEndpoint.Behaviour;
import orchlab.engine.testing.ManualTicker;
import orchlab.engine.testing.TestExercises;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kind: http} reads at most {@link HttpAnswer#MAX_BODY_BYTES} of what the service proxy sends: an "API server"
 * that sends a body without end costs the lab a mebibyte, and the check is judged on that prefix.
 */
class HttpBodyBoundsTest {
    private final CheckEngine engine = new CheckEngine(CheckKinds.discover(), new ManualTicker(), Runnable::run);

    @TempDir
    Path workspace;

    @Test
    void anEndlessBodyFromTheServiceProxyIsJudgedOnItsFirstMebibyte() throws Exception {
        try (LyingHttpEndpoint apiServer = LyingHttpEndpoint.start(Behaviour.ENDLESS_BODY, "<h1>Welcome to nginx!</h1>");
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                     .withMasterUrl(apiServer.url()).withRequestRetryBackoffLimit(0).build()).build()) {
            Exercise exercise = TestExercises.withChecks("lab", """
                    - id: serves
                      kind: http
                      service: web
                      port: 80
                      expect: {status: 200, bodyContains: "Welcome to nginx"}
                    """, Duration.ofSeconds(1));
            CheckContext context = new CheckContext(exercise, "shop", workspace,
                    Optional.of(new KubernetesAccess(client, workspace.resolve("kubeconfig"), "test")), Optional.empty());

            CheckResult result = engine.run(exercise, context).checks().get(0);

            assertThat(result).as(result.message()).isInstanceOf(CheckResult.Passed.class);
            assertThat(result.message()).startsWith("GET http://web.shop:80/ answered 200");
        }
    }
}
