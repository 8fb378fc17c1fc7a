package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import orchlab.sim.KubectlRunner.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl's {@code top} and the Kubernetes docs' HPA walkthrough against a sim whose clock the test moves
 * (controllers run when the test says so: no waiting on wall time).
 */
class KubectlTopIT {

    @TempDir
    Path dir;
    private KubectlRunner runner;
    /** Starts at the real time, rounded to a sample: kubectl compares Pods' ages with its own clock. */
    private final SimTestSupport.ManualClock clock = new SimTestSupport.ManualClock(
            Instant.ofEpochSecond(Instant.now().getEpochSecond() / 15 * 15).plus(1, ChronoUnit.SECONDS));

    @BeforeEach
    void start() throws Exception {
        assumeTrue(KubectlRunner.kubectlPath().isPresent(), "kubectl is not on PATH: skipping the kubectl tests against the sim");
        runner = KubectlRunner.manualSim(dir, clock);
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    private Result kubectl(String stdin, String... args) throws Exception {
        Result result = runner.run(stdin, args);
        runner.cluster().reconcile();
        return result;
    }

    private void advance(int seconds) {
        for (int s = 0; s < seconds; s += 15) {
            clock.advance(Duration.ofSeconds(Math.min(15, seconds - s)));
            runner.cluster().reconcile();
        }
    }

    private String hpa() throws Exception {
        String out = kubectl(null, "get", "hpa", "php-apache").out();
        return out;
    }

    private void phpApache() throws Exception {
        Result applied = kubectl(ResourceMetricsTest.PHP_APACHE.formatted(1) + "---\n" + ResourceMetricsTest.PHP_APACHE_SERVICE,
                "apply", "-f", "-");
        assertThat(applied.exit()).as(applied.err()).isZero();
    }

    @Test
    void topShowsPodsContainersAndNodesOnceTheFirstSampleHasThem() throws Exception {
        phpApache();
        Result early = kubectl(null, "top", "pods");
        assertThat(early.exit()).isNotZero();
        assertThat(early.err()).contains("metrics not available yet");

        advance(15);
        Result pods = kubectl(null, "top", "pods");
        assertThat(pods.exit()).as(pods.err()).isZero();
        assertThat(pods.out()).containsPattern("NAME\\s+CPU\\(cores\\)\\s+MEMORY\\(bytes\\)")
                .containsPattern("php-apache-\\S+\\s+1m\\s+10Mi");
        String pod = pods.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
        Result containers = kubectl(null, "top", "pod", pod, "--containers");
        assertThat(containers.out()).containsPattern("POD\\s+NAME\\s+CPU\\(cores\\)\\s+MEMORY\\(bytes\\)")
                .containsPattern(pod + "\\s+php-apache\\s+1m\\s+10Mi");
        Result nodes = kubectl(null, "top", "nodes");
        assertThat(nodes.exit()).as(nodes.err()).isZero();
        // 50m and 512Mi of the node's own plus the Pod's, against 4 cores and 7841Mi allocatable
        assertThat(nodes.out()).containsPattern("orchlab-sim-node\\s+51m\\s+1%\\s+522Mi\\s+6%");
    }

    @Test
    void theHpaWalkthroughScalesUpUnderTheLoadGeneratorAndDownAfterItStops() throws Exception {
        phpApache();
        Result autoscaled = kubectl(null, "autoscale", "deployment", "php-apache", "--cpu-percent=50", "--min=1", "--max=10");
        assertThat(autoscaled.out()).contains("horizontalpodautoscaler.autoscaling/php-apache autoscaled");
        advance(15);
        assertThat(hpa()).containsPattern("cpu: 0%/50%\\s+1\\s+10\\s+1");

        Result run = kubectl(null, "run", "load-generator", "--image=busybox:1.28", "--restart=Never", "--",
                "/bin/sh", "-c", "while sleep 0.01; do wget -q -O- http://php-apache; done");
        assertThat(run.out()).contains("pod/load-generator created");
        advance(15);
        // one replica asked for 650m with a 500m limit: 250 % of its request; ceil(250 / 50) = 5, but one step may reach 4
        assertThat(hpa()).containsPattern("Deployment/php-apache\\s+cpu: 250%/50%\\s+1\\s+10\\s+4");
        advance(120);
        assertThat(hpa()).containsPattern("cpu: 46%/50%\\s+1\\s+10\\s+7");
        assertThat(kubectl(null, "get", "deployment", "php-apache").out()).containsPattern("php-apache\\s+7/7");

        assertThat(kubectl(null, "delete", "pod", "load-generator", "--wait=false").exit()).isZero();
        advance(270);
        assertThat(hpa()).containsPattern("cpu: 0%/50%\\s+1\\s+10\\s+7");
        advance(75);
        assertThat(kubectl(null, "get", "deployment", "php-apache", "-o", "jsonpath={.spec.replicas}").out()).isEqualTo("1");
        Result described = kubectl(null, "describe", "hpa", "php-apache");
        assertThat(described.out()).contains("New size: 4; reason: cpu resource utilization (percentage of request) above target",
                "New size: 1; reason: All metrics below target");
    }
}
