package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import orchlab.engine.check.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A check waiting for ready replicas on the simulated cluster: a readiness probe that keeps failing (the kubelet's
 * Unhealthy events, one per period) settles it with the probe's message long before its timeout, while a Pod still
 * within its probe's initial delay and failure threshold is waited for, and a right answer passes. The sim's
 * controllers and clock move only when the engine sleeps between attempts: every duration here is sim time.
 */
class ReadinessCheckSettlingTest {
    @RegisterExtension
    static final SettlingChecks sim = new SettlingChecks("ready");

    private static final String CHECK = """
            checks:
              - id: web-ready
                title: Every replica of web is ready
                kind: cel
                resource: {apiVersion: apps/v1, kind: Deployment, name: web}
                expr: has(object.status.readyReplicas) && object.status.readyReplicas == object.spec.replicas
                message: every replica of Deployment web must be ready
                timeout: 90s
            """;

    @TempDir
    Path dir;

    private static String deployment(String probe) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                        - name: app
                          image: hashicorp/http-echo:1.0
                          args: ["-listen=:8080", "-text=hello"]
                          readinessProbe: %s
                """.formatted(probe);
    }

    private CheckResult check() throws Exception {
        return sim.check("probes", CHECK, Duration.ofSeconds(90), dir);
    }

    @Test
    void aReadinessProbeOnAPortNothingListensOnSettlesTheCheckWithTheProbesMessageBeforeTheTimeout() throws Exception {
        sim.apply(deployment("{httpGet: {path: /, port: 80}, periodSeconds: 5}"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.settled()).startsWith("the cluster has settled in a state that cannot pass: Pod web-")
                .contains(": not Ready: Readiness probe failed: Get \"http://").contains(":80/\": dial tcp ")
                .contains("connect: connection refused (container app, 4 times since ");
        assertThat(result.waited()).as("2 s ContainerCreating + 3 periods of 5 s, not the 90 s timeout")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(17)).isLessThan(Duration.ofSeconds(25));
    }

    @Test
    void aPodWithinItsProbesInitialDelayAndFailureThresholdIsWaitedFor() throws Exception {
        sim.apply(deployment("{tcpSocket: {port: 80}, initialDelaySeconds: 20, failureThreshold: 4}"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Failed.class);
        assertThat(result.settled()).contains("not Ready: Readiness probe failed: dial tcp ").contains("5 times since ");
        assertThat(result.waited()).as("2 s ContainerCreating + 20 s initial delay + 4 periods of 10 s")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(62)).isLessThan(Duration.ofSeconds(70));
    }

    @Test
    void aReadinessProbeOnThePortTheAppServesPasses() throws Exception {
        sim.apply(deployment("{httpGet: {path: /, port: 8080}, initialDelaySeconds: 5, periodSeconds: 5}"));

        CheckResult result = check();

        assertThat(result).isInstanceOf(CheckResult.Passed.class);
    }
}
