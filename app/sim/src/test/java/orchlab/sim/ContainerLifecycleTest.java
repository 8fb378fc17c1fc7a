package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.json;
import static orchlab.sim.SimTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import orchlab.sim.api.ApiResponse;
import orchlab.sim.controller.SimContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Containers fail, restart, log and are probed as on a real kubelet, on a clock the test moves. */
class ContainerLifecycleTest {

    private final SimTestSupport.ManualClock clock = new SimTestSupport.ManualClock();
    private SimCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = SimCluster.manual(SimSettings.instant(), clock);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private void pod(String name, String spec) {
        apply(cluster, "/api/v1/namespaces/default/pods", """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                %s
                """.formatted(name, spec.indent(2)));
        cluster.reconcile();
    }

    private ObjectNode get(String path) {
        return json(send(cluster, "GET", path, "application/json", ""));
    }

    private JsonNode container(String pod) {
        return get("/api/v1/namespaces/default/pods/" + pod).path("status").path("containerStatuses").get(0);
    }

    private void advance(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        cluster.reconcile();
    }

    private List<String> events(String name) {
        return cluster.context().list(cluster.catalog().require("", "events"), "default",
                e -> e.path("involvedObject").path("name").asText().equals(name)).stream()
                .map(e -> e.path("reason").asText() + ": " + e.path("message").asText()).toList();
    }

    private ApiResponse logs(String pod, String query) {
        return send(cluster, "GET", "/api/v1/namespaces/default/pods/" + pod + "/log" + query, "application/json", "");
    }

    @Test
    void aFailingCommandRestartsAtOnceThenBacksOffTenSecondsDoublingToFiveMinutes() {
        pod("crash", "containers: [{name: app, image: 'busybox:1.36', command: ['false']}]");

        JsonNode c = container("crash");
        assertThat(c.path("restartCount").asInt()).isEqualTo(1);
        assertThat(c.path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(1);
        assertThat(c.path("lastState").path("terminated").path("reason").asText()).isEqualTo("Error");
        assertThat(c.path("state").path("waiting").path("reason").asText()).isEqualTo("CrashLoopBackOff");
        assertThat(c.path("state").path("waiting").path("message").asText()).startsWith("back-off 10s restarting failed container=app pod=crash_default(");

        advance(9);
        assertThat(container("crash").path("restartCount").asInt()).as("still backing off").isEqualTo(1);
        advance(1);
        assertThat(container("crash").path("restartCount").asInt()).isEqualTo(2);
        assertThat(container("crash").path("state").path("waiting").path("message").asText()).startsWith("back-off 20s");
        for (long wait : new long[] {20, 40, 80, 160, 300}) {
            advance(wait);
        }
        assertThat(container("crash").path("restartCount").asInt()).isEqualTo(7);
        assertThat(container("crash").path("state").path("waiting").path("message").asText()).startsWith("back-off 5m0s");
        ObjectNode pod = get("/api/v1/namespaces/default/pods/crash");
        assertThat(pod.path("status").path("phase").asText()).isEqualTo("Running");
        assertThat(SimContext.podReady(pod)).isFalse();
        assertThat(events("crash")).contains("BackOff: Back-off restarting failed container app in pod crash_default("
                + pod.path("metadata").path("uid").asText() + ")");
    }

    @Test
    void sleepTakesItsSecondsOnTheSimClockThenThePodSucceeds() {
        pod("nap", "restartPolicy: Never\ncontainers: [{name: app, image: 'busybox:1.36', command: [sleep, '300']}]");

        advance(299);
        assertThat(get("/api/v1/namespaces/default/pods/nap").path("status").path("phase").asText()).isEqualTo("Running");
        advance(1);
        assertThat(get("/api/v1/namespaces/default/pods/nap").path("status").path("phase").asText()).isEqualTo("Succeeded");
        assertThat(container("nap").path("state").path("terminated").path("reason").asText()).isEqualTo("Completed");
    }

    @Test
    void aNonZeroExitUnderRestartPolicyNeverFailsThePod() {
        pod("once", "restartPolicy: Never\ncontainers: [{name: app, image: 'busybox:1.36', command: [sh, -c, 'exit 3']}]");

        assertThat(get("/api/v1/namespaces/default/pods/once").path("status").path("phase").asText()).isEqualTo("Failed");
        assertThat(container("once").path("state").path("terminated").path("exitCode").asInt()).isEqualTo(3);
        assertThat(container("once").path("restartCount").asInt()).isZero();
    }

    @Test
    void logsShowTheCommandsOutputAndPreviousTheLastTerminatedRun() {
        pod("talk", "containers: [{name: app, image: 'busybox:1.36', command: [sh, -c, 'echo hi; sleep 5; echo bye; exit 1']}]");

        assertThat(logs("talk", "").bodyText()).isEqualTo("hi\n");
        assertThat(logs("talk", "?previous=true").code()).isEqualTo(400);
        assertThat(logs("talk", "?previous=true").bodyText()).contains("previous terminated container \\\"app\\\" in pod \\\"talk\\\" not found");
        advance(5);
        assertThat(logs("talk", "?previous=true").bodyText()).isEqualTo("hi\nbye\n");
        assertThat(logs("talk", "").bodyText()).isEqualTo("hi\n");
    }

    @Test
    void anUnknownTagFailsToPullWithTheKubeletsEventText() {
        pod("typo", "containers: [{name: app, image: 'nginx:latestt'}]");

        assertThat(container("typo").path("state").path("waiting").path("reason").asText()).isEqualTo("ImagePullBackOff");
        assertThat(events("typo")).contains("Failed: Failed to pull image \"nginx:latestt\": rpc error: code = NotFound desc = failed to pull "
                + "and unpack image \"docker.io/library/nginx:latestt\": failed to resolve reference \"docker.io/library/nginx:latestt\": "
                + "docker.io/library/nginx:latestt: not found", "Failed: Error: ImagePullBackOff");
    }

    @Test
    void aReadinessProbeOnAPortNothingListensOnKeepsThePodNotReady() {
        pod("deaf", """
                containers:
                  - name: app
                    image: hashicorp/http-echo:1.0
                    args: ["-listen=:8080", "-text=hi"]
                    readinessProbe: {httpGet: {path: /ready, port: 9090}}
                """);

        ObjectNode pod = get("/api/v1/namespaces/default/pods/deaf");
        String ip = pod.path("status").path("podIP").asText();
        assertThat(pod.path("status").path("phase").asText()).isEqualTo("Running");
        assertThat(SimContext.podReady(pod)).isFalse();
        assertThat(events("deaf")).contains("Unhealthy: Readiness probe failed: Get \"http://" + ip + ":9090/ready\": dial tcp " + ip
                + ":9090: connect: connection refused");
    }

    private JsonNode unhealthy(String pod) {
        List<ObjectNode> found = cluster.context().list(cluster.catalog().require("", "events"), "default",
                e -> e.path("involvedObject").path("name").asText().equals(pod) && e.path("reason").asText().equals("Unhealthy"));
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void aFailingReadinessProbeIsRecordedOnEveryPeriodAsOneEventWhoseCountAndLastTimestampGrow() {
        pod("deaf", """
                containers:
                  - name: app
                    image: hashicorp/http-echo:1.0
                    args: ["-listen=:8080", "-text=hi"]
                    readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
                """);
        JsonNode first = unhealthy("deaf");
        assertThat(first.path("count").asInt()).isEqualTo(1);
        assertThat(first.path("involvedObject").path("fieldPath").asText()).isEqualTo("spec.containers{app}");

        advance(4);
        assertThat(unhealthy("deaf").path("count").asInt()).isEqualTo(1);
        advance(1);
        assertThat(unhealthy("deaf").path("count").asInt()).isEqualTo(2);
        advance(5);
        JsonNode third = unhealthy("deaf");
        assertThat(third.path("count").asInt()).isEqualTo(3);
        assertThat(java.time.Duration.between(java.time.Instant.parse(third.path("firstTimestamp").asText()),
                java.time.Instant.parse(third.path("lastTimestamp").asText()))).isEqualTo(Duration.ofSeconds(10));
        advance(60);
        assertThat(unhealthy("deaf").path("count").asInt()).isEqualTo(15);
        assertThat(SimContext.podReady(get("/api/v1/namespaces/default/pods/deaf"))).isFalse();
    }

    @Test
    void noReadinessProbeRunsBeforeItsInitialDelayAndThenOnePerDefaultPeriodOfTenSeconds() {
        pod("late", """
                containers:
                  - name: app
                    image: hashicorp/http-echo:1.0
                    args: ["-listen=:8080", "-text=hi"]
                    readinessProbe: {tcpSocket: {port: 9090}, initialDelaySeconds: 20}
                """);
        advance(19);
        assertThat(events("late")).noneMatch(e -> e.startsWith("Unhealthy"));
        advance(1);
        assertThat(unhealthy("late").path("count").asInt()).isEqualTo(1);
        advance(9);
        assertThat(unhealthy("late").path("count").asInt()).isEqualTo(1);
        advance(1);
        assertThat(unhealthy("late").path("count").asInt()).isEqualTo(2);
    }

    @Test
    void aPassingReadinessProbeRecordsNoEventAndIsNotRepeatedForNothing() {
        pod("fine", """
                containers:
                  - name: app
                    image: hashicorp/http-echo:1.0
                    args: ["-listen=:8080", "-text=hi"]
                    readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 1}
                """);
        String version = get("/api/v1/namespaces/default/pods/fine").path("metadata").path("resourceVersion").asText();
        advance(30);
        ObjectNode pod = get("/api/v1/namespaces/default/pods/fine");
        assertThat(SimContext.podReady(pod)).isTrue();
        assertThat(pod.path("metadata").path("resourceVersion").asText()).isEqualTo(version);
        assertThat(events("fine")).noneMatch(e -> e.startsWith("Unhealthy"));
    }

    @Test
    void aProbeOnASidecarReachesThePortAnotherContainerOfThePodServes() {
        pod("shared", """
                containers:
                  - name: app
                    image: hashicorp/http-echo:1.0
                    args: ["-listen=:8080", "-text=hi"]
                  - name: shipper
                    image: busybox:1.36
                    command: ["sh", "-c", "sleep 3600"]
                    readinessProbe: {httpGet: {path: /ready, port: 8080}}
                """);

        ObjectNode pod = get("/api/v1/namespaces/default/pods/shared");
        assertThat(SimContext.podReady(pod)).isTrue();
        assertThat(events("shared")).noneMatch(e -> e.startsWith("Unhealthy"));
    }

    @Test
    void aReadinessProbeOnThePortTheImageServesMakesThePodReady() {
        pod("echo", """
                containers:
                  - name: app
                    image: hashicorp/http-echo:1.0
                    args: ["-listen=:8080", "-text=hi"]
                    ports: [{name: http, containerPort: 8080}]
                    readinessProbe: {httpGet: {path: /ready, port: http}, initialDelaySeconds: 5}
                """);

        assertThat(SimContext.podReady(get("/api/v1/namespaces/default/pods/echo"))).isFalse();
        advance(5);
        assertThat(SimContext.podReady(get("/api/v1/namespaces/default/pods/echo"))).isTrue();
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainerAfterFailureThresholdPeriods() {
        pod("sick", """
                containers:
                  - name: app
                    image: nginx:1.27
                    livenessProbe: {httpGet: {path: /healthz, port: 80}, initialDelaySeconds: 5, periodSeconds: 10}
                """);

        advance(24);
        assertThat(container("sick").path("restartCount").asInt()).isZero();
        advance(1);
        assertThat(container("sick").path("restartCount").asInt()).isEqualTo(1);
        assertThat(container("sick").path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(137);
        assertThat(events("sick")).contains("Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 404",
                "Killing: Container app failed liveness probe, will be restarted");
    }

    @Test
    void anExecProbeWhoseCommandFailsKeepsThePodNotReady() {
        pod("exec", """
                containers:
                  - name: app
                    image: busybox:1.36
                    command: [sleep, "3600"]
                    readinessProbe: {exec: {command: [sh, -c, "echo not yet; exit 1"]}}
                """);

        assertThat(SimContext.podReady(get("/api/v1/namespaces/default/pods/exec"))).isFalse();
        assertThat(events("exec")).contains("Unhealthy: Readiness probe failed: not yet");
    }

    @Test
    void aPodWhoseClaimDoesNotExistStaysPendingWithTheSchedulersMessage() {
        pod("orphan", """
                containers: [{name: app, image: 'nginx:1.27', volumeMounts: [{name: data, mountPath: /data}]}]
                volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
                """);

        ObjectNode pod = get("/api/v1/namespaces/default/pods/orphan");
        String message = "0/1 nodes are available: persistentvolumeclaim \"data\" not found. preemption: 0/1 nodes are available: "
                + "1 Preemption is not helpful for scheduling.";
        assertThat(pod.path("status").path("phase").asText()).isEqualTo("Pending");
        assertThat(pod.path("status").path("conditions").toString()).contains("Unschedulable", message.replace("\"", "\\\""));
        assertThat(events("orphan")).contains("FailedScheduling: " + message);
    }

    @Test
    void aJobWhosePodsFailStopsAfterBackoffLimitWithBackoffLimitExceeded() {
        apply(cluster, "/apis/batch/v1/namespaces/default/jobs", """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: fail}
                spec:
                  backoffLimit: 2
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: app, image: 'busybox:1.36', command: ['false']}]
                """);
        cluster.reconcile();
        ObjectNode job = get("/apis/batch/v1/namespaces/default/jobs/fail");
        assertThat(job.path("status").path("failed").asInt()).isEqualTo(1);

        advance(10);
        advance(20);
        job = get("/apis/batch/v1/namespaces/default/jobs/fail");
        assertThat(job.path("status").path("failed").asInt()).isEqualTo(3);
        assertThat(SimContext.condition(job.path("status"), "Failed")).isEqualTo("True");
        assertThat(job.path("status").path("conditions").findValuesAsText("reason")).contains("BackoffLimitExceeded");
        assertThat(SimContext.condition(job.path("status"), "Complete")).isNotEqualTo("True");
    }

    @Test
    void aJobPastActiveDeadlineSecondsFailsWithDeadlineExceededAndItsPodsAreDeleted() {
        apply(cluster, "/apis/batch/v1/namespaces/default/jobs", """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: slow}
                spec:
                  activeDeadlineSeconds: 30
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: app, image: 'busybox:1.36', command: [sleep, '600']}]
                """);
        cluster.reconcile();
        advance(29);
        assertThat(SimContext.condition(get("/apis/batch/v1/namespaces/default/jobs/slow").path("status"), "Failed")).isNotEqualTo("True");

        advance(1);
        ObjectNode job = get("/apis/batch/v1/namespaces/default/jobs/slow");
        assertThat(SimContext.condition(job.path("status"), "Failed")).isEqualTo("True");
        assertThat(job.path("status").path("conditions").findValuesAsText("reason")).contains("DeadlineExceeded");
        assertThat(cluster.context().list(cluster.context().pods, "default", p -> true)).isEmpty();
    }

    @Test
    void aJobRunsItsCompletionsParallelismAtATimeForAsLongAsTheCommandTakes() {
        apply(cluster, "/apis/batch/v1/namespaces/default/jobs", """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: batch}
                spec:
                  completions: 4
                  parallelism: 2
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: app, image: 'busybox:1.36', command: [sh, -c, 'sleep 10; echo done']}]
                """);
        cluster.reconcile();
        assertThat(get("/apis/batch/v1/namespaces/default/jobs/batch").path("status").path("active").asInt()).isEqualTo(2);

        advance(10);
        assertThat(get("/apis/batch/v1/namespaces/default/jobs/batch").path("status").path("succeeded").asInt()).isEqualTo(2);
        advance(10);
        ObjectNode job = get("/apis/batch/v1/namespaces/default/jobs/batch");
        assertThat(job.path("status").path("succeeded").asInt()).isEqualTo(4);
        assertThat(SimContext.condition(job.path("status"), "Complete")).isEqualTo("True");
    }
}
