package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import orchlab.engine.check.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code http} check on the simulated cluster: a wrong answer is reported as soon as waiting cannot change it, with
 * the reason, and a right answer that only needs time (Pods starting) still passes. The sim's controllers and clock
 * move only when the engine sleeps between attempts, so "settled early" is "answered with a reason before the
 * timeout", never a measured duration.
 */
class HttpCheckSettlingTest {
    @RegisterExtension
    static final SettlingChecks sim = new SettlingChecks("reach");

    private static final String CHECK = """
            checks:
              - id: answers-http
                title: The Service answers HTTP on port 80
                kind: http
                service: my-app-service
                port: 80
                path: /
                expect: {status: 200, bodyContains: hello}
            """;

    @TempDir
    Path dir;

    private CheckResult check() throws Exception {
        return sim.check("k8s-service", CHECK, Duration.ofSeconds(30), dir);
    }

    @Test
    void aRightAnswerWhosePodsAreStillStartingPassesOnceTheyAreReady() throws Exception {
        sim.apply(SettlingChecks.myAppDeployment("hashicorp/http-echo:1.0"));
        sim.apply(SettlingChecks.myAppService("my-app", "8080"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Passed.class);
        assertThat(result.message()).contains("answered 200");
    }

    @Test
    void aSelectorThatMatchesNoPodFailsWithoutWaitingAndSaysWhy() throws Exception {
        sim.apply(SettlingChecks.myAppDeployment("hashicorp/http-echo:1.0"));
        sim.apply(SettlingChecks.myAppService("myapp", "8080"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.failures()).extracting(f -> f.describe()).first().isEqualTo("status: expected 200, found 503");
        assertThat(result.settled()).isEqualTo("Service my-app-service has no endpoints: no Pod has its selector's labels"
                + " (app=myapp) and no workload in namespace " + sim.namespace() + " makes such Pods");
    }

    @Test
    void podsThatCannotPullTheirImageSettleTheCheckWithTheReason() throws Exception {
        sim.apply(SettlingChecks.myAppDeployment("hashicorp/http-echo:9.9"));
        sim.apply(SettlingChecks.myAppService("my-app", "8080"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.settled()).startsWith("Service my-app-service has no ready endpoints and its Pods cannot become ready: Pod my-app-")
                .contains(": ErrImagePull — ").contains("hashicorp/http-echo:9.9").endsWith("(and 1 more Pod)");
    }

    @Test
    void theSameWrongAnswerAgainAndAgainWhileNothingChangesSettlesTheCheck() throws Exception {
        sim.apply(SettlingChecks.myAppDeployment("hashicorp/http-echo:1.0"));
        sim.apply(SettlingChecks.myAppService("my-app", "80")); // the containers listen on 8080: connection refused

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.failures()).extracting(f -> f.describe()).first().isEqualTo("status: expected 200, found 503");
        assertThat(result.settled()).isEqualTo("Service my-app-service gave the same answer 3 times in a row while its Pods"
                + " and endpoints stayed as they are");
    }

    @Test
    void aMissingServiceFailsAtOnceWhenNothingIsBeingCreated() throws Exception {
        sim.apply(SettlingChecks.myAppDeployment("hashicorp/http-echo:1.0"));
        sim.letTimePass(Duration.ofSeconds(5));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.failures()).extracting(f -> f.describe()).first().isEqualTo("status: expected 200, found 404");
        assertThat(result.settled()).isEqualTo("Service my-app-service does not exist and nothing in namespace " + sim.namespace()
                + " is being created or rolled out");
    }
}
