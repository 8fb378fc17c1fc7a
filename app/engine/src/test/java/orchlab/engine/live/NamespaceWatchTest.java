package orchlab.engine.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.sandbox.KubernetesAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watch against a real API server over HTTP (fabric8's mock in CRUD mode: list + watch, no controllers). */
class NamespaceWatchTest {

    private static LiveTestServer server;
    private static int counter;
    private String ns;

    @BeforeAll
    static void startServer() {
        server = new LiveTestServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void freshNamespace() {
        ns = "live" + (++counter);
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }

    private static KubernetesClient client() {
        return server.client();
    }

    private NamespaceWatch open(RecordingListener listener) {
        return NamespaceWatch.open(server.access(), ns, listener);
    }

    private static Optional<LiveObject> find(List<LiveObject> snapshot, String kind, String name) {
        return snapshot.stream().filter(o -> o.kind().equals(kind) && o.name().equals(name)).findFirst();
    }

    private void configMap(String name, Map<String, String> data) {
        client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .withData(data).build()).createOr(op -> op.update());
    }

    @Test
    void emptyNamespaceStillGetsAFirstSnapshot() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (NamespaceWatch watch = open(listener)) {
            RecordingListener.await("the first snapshot arrives", () -> !listener.snapshots.isEmpty(), () -> "");
            assertThat(listener.snapshots.get(0)).isEmpty();
            assertThat(watch.namespace()).isEqualTo(ns);
        }
    }

    @Test
    void firstSnapshotHoldsWhatIsAlreadyThere() throws Exception {
        configMap("settings", Map.of("a", "1"));
        RecordingListener listener = new RecordingListener();
        try (NamespaceWatch watch = open(listener)) {
            RecordingListener.await("the first snapshot arrives", () -> !listener.snapshots.isEmpty(), () -> "");
            assertThat(listener.snapshots.get(0)).extracting(LiveObject::label).containsExactly("ConfigMap settings");
        }
    }

    @Test
    void snapshotFollowsCreateUpdateAndDelete() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (NamespaceWatch watch = open(listener)) {
            listener.awaitSnapshot("it is the first one", s -> true);

            configMap("settings", Map.of("a", "1"));
            listener.awaitSnapshot("the new ConfigMap shows", s -> find(s, "ConfigMap", "settings").isPresent());

            configMap("settings", Map.of("a", "1", "b", "2"));
            List<LiveObject> updated = listener.awaitSnapshot("the ConfigMap has two keys",
                    s -> find(s, "ConfigMap", "settings").map(o -> o.status().equals("2 keys")).orElse(false));
            assertThat(find(updated, "ConfigMap", "settings").orElseThrow().detail()).isEqualTo("a, b");

            client().configMaps().inNamespace(ns).withName("settings").delete();
            listener.awaitSnapshot("the ConfigMap is gone", s -> find(s, "ConfigMap", "settings").isEmpty());
        }
    }

    @Test
    void snapshotsAreDeliveredOnTheWatchThreadNotTheCaller() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (NamespaceWatch watch = open(listener)) {
            listener.awaitSnapshot("the first one", s -> true);
            assertThat(listener.threads).allMatch(t -> t.equals("orchlab-live-" + ns));
        }
    }

    @Test
    void podsNestUnderTheirReplicaSetAndDeployment() throws Exception {
        Deployment deployment = client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        ReplicaSet rs = client().apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("web-7d9c").addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment")
                .withName("web").withUid(deployment.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        client().pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName("web-7d9c-abc").addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("web-7d9c").withUid(rs.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec().build()).create();

        RecordingListener listener = new RecordingListener();
        try (NamespaceWatch watch = open(listener)) {
            List<LiveObject> s = listener.awaitSnapshot("the pod is there", l -> find(l, "Pod", "web-7d9c-abc").isPresent());
            LiveObject d = find(s, "Deployment", "web").orElseThrow();
            LiveObject r = find(s, "ReplicaSet", "web-7d9c").orElseThrow();
            LiveObject p = find(s, "Pod", "web-7d9c-abc").orElseThrow();
            assertThat(d.ownerUid()).isEmpty();
            assertThat(r.ownerUid()).contains(d.uid());
            assertThat(p.ownerUid()).contains(r.uid());
            assertThat(s).extracting(LiveObject::kind).containsExactly("Deployment", "ReplicaSet", "Pod");
        }
    }

    @Test
    void restartsOfAPodAreSummedOverItsContainers() throws Exception {
        Pod pod = client().pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("two").endMetadata()
                .withNewSpec().addNewContainer().withName("a").withImage("busybox:1.36").endContainer()
                .addNewContainer().withName("b").withImage("busybox:1.36").endContainer().endSpec().build()).create();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .addNewContainerStatus().withName("a").withReady(true).withRestartCount(2).withNewState().withNewRunning().endRunning().endState().endContainerStatus()
                .addNewContainerStatus().withName("b").withReady(true).withRestartCount(3).withNewState().withNewRunning().endRunning().endState().endContainerStatus()
                .build());
        client().pods().inNamespace(ns).resource(pod).updateStatus();

        RecordingListener listener = new RecordingListener();
        try (NamespaceWatch watch = open(listener)) {
            LiveObject live = find(listener.awaitSnapshot("the pod is running",
                    s -> find(s, "Pod", "two").map(o -> o.status().equals("Running")).orElse(false)), "Pod", "two").orElseThrow();
            assertThat(live.restarts()).isEqualTo(5);
            assertThat(live.ready()).isEqualTo("2/2");
            assertThat(live.health()).isEqualTo(Health.OK);
        }
    }

    private static final String SECRET_VALUE = "s3cr3t-passw0rd";

    private void secret() {
        String applied = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"stringData\":{\"password\":\"" + SECRET_VALUE + "\"}}";
        client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("db")
                .addToAnnotations(LiveYaml.LAST_APPLIED, applied).endMetadata()
                .withType("Opaque")
                .addToData("password", Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes()))
                .build()).create();
    }

    @Test
    void secretValuesNeverReachTheSnapshot() throws Exception {
        secret();
        RecordingListener listener = new RecordingListener();
        try (NamespaceWatch watch = open(listener)) {
            List<LiveObject> s = listener.awaitSnapshot("the secret is there", l -> find(l, "Secret", "db").isPresent());
            LiveObject secret = find(s, "Secret", "db").orElseThrow();
            assertThat(secret.status()).isEqualTo("Opaque");
            assertThat(secret.kind()).isEqualTo("Secret");
            assertThat(secret.toString()).doesNotContain(SECRET_VALUE)
                    .doesNotContain(Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes()));
        }
    }

    @Test
    void secretYamlShowsKeysButHidesValues() throws Exception {
        secret();
        try (NamespaceWatch watch = open(new RecordingListener())) {
            String yaml = watch.yaml("Secret", "db");
            assertThat(yaml).contains("password: " + LiveYaml.HIDDEN).contains("name: db")
                    .contains(LiveYaml.LAST_APPLIED + ": " + LiveYaml.HIDDEN)
                    .doesNotContain(SECRET_VALUE)
                    .doesNotContain(Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes()));
        }
    }

    @Test
    void yamlLeavesOutManagedFields() throws Exception {
        client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl-client-side-apply")
                        .withOperation("Update").withApiVersion("apps/v1").build()).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        assertThat(client().getKubernetesSerialization().asYaml(client().apps().deployments().inNamespace(ns).withName("web").get()))
                .as("the server keeps the managed fields, so leaving them out is the watch's doing").contains("managedFields");
        try (NamespaceWatch watch = open(new RecordingListener())) {
            String yaml = watch.yaml("Deployment", "web");
            assertThat(yaml).startsWith("apiVersion: apps/v1").contains("replicas: 2").contains("kind: Deployment")
                    .doesNotContain("managedFields").doesNotContain("kubectl-client-side-apply");
        }
    }

    @Test
    void yamlOfAnObjectThatIsGoneSaysSo() {
        try (NamespaceWatch watch = open(new RecordingListener())) {
            assertThatThrownBy(() -> watch.yaml("Deployment", "nope")).isInstanceOf(LiveException.class)
                    .hasMessage("Deployment nope is not in namespace " + ns + " (any more) — it may just have been deleted.");
        }
    }

    private void event(String name, String reason, String lastTimestamp, int count) {
        client().v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("web-1").withNamespace(ns).endInvolvedObject()
                .withType(reason.equals("BackOff") ? "Warning" : "Normal").withReason(reason).withMessage(reason + " happened")
                .withFirstTimestamp(lastTimestamp).withLastTimestamp(lastTimestamp).withCount(count).build())
                .createOr(op -> op.update());
    }

    @Test
    void eventsComeOldestFirstThenAsTheyHappen() throws Exception {
        event("e-late", "Started", "2024-05-01T10:00:05Z", 1);
        event("e-early", "Scheduled", "2024-05-01T10:00:01Z", 1);
        RecordingListener listener = new RecordingListener();
        try (NamespaceWatch watch = open(listener)) {
            listener.awaitEvents("both old events arrived", e -> e.size() == 2);
            assertThat(listener.events).extracting(LiveEvent::reason).containsExactly("Scheduled", "Started");
            assertThat(listener.events.get(0).object()).isEqualTo("Pod web-1");

            event("e-new", "BackOff", "2024-05-01T10:00:09Z", 1);
            LiveEvent added = listener.awaitEvents("the new event arrived", e -> e.size() == 3).get(2);
            assertThat(added.reason()).isEqualTo("BackOff");
            assertThat(added.warning()).isTrue();
            assertThat(added.message()).isEqualTo("BackOff happened");
        }
    }

    @Test
    void aRepeatedEventIsDeliveredAgainWithItsCount() throws Exception {
        event("e1", "BackOff", "2024-05-01T10:00:01Z", 1);
        RecordingListener listener = new RecordingListener();
        try (NamespaceWatch watch = open(listener)) {
            listener.awaitEvents("the event arrived", e -> e.size() == 1);
            event("e1", "BackOff", "2024-05-01T10:00:20Z", 4);
            LiveEvent repeat = listener.awaitEvents("the repeat arrived", e -> e.size() == 2).get(1);
            assertThat(repeat.count()).isEqualTo(4);
            assertThat(repeat.lastSeen()).hasToString("2024-05-01T10:00:20Z");
        }
    }

    @Test
    void closeStopsDelivery() throws Exception {
        RecordingListener closedListener = new RecordingListener();
        RecordingListener control = new RecordingListener();
        try (NamespaceWatch still = open(control)) {
            NamespaceWatch watch = open(closedListener);
            closedListener.awaitSnapshot("the first one", s -> true);
            control.awaitSnapshot("the first one", s -> true);
            watch.close();
            int delivered = closedListener.snapshots.size();

            configMap("after-close", Map.of("a", "1"));
            control.awaitSnapshot("the open watch sees the new ConfigMap", s -> find(s, "ConfigMap", "after-close").isPresent());
            assertThat(closedListener.snapshots).hasSize(delivered);
            assertThat(watch.snapshot()).noneMatch(o -> o.name().equals("after-close"));
        }
    }

    @Test
    void closingDuringTheFirstListingLetsItEndSoFabric8LogsNoFailure() throws Exception {
        String configMaps = "/api/v1/namespaces/" + ns + "/configmaps";
        // over TLS, as the sim and real clusters answer: a client closed under a TLS handshake in flight is what made
        // fabric8's Reflector log "listSyncAndWatch failed for …, will stop" (SSLHandshakeException)
        try (LiveTestServer tls = new LiveTestServer(-1, true); LiveTestServer.Hold listing = tls.holdList(configMaps);
             Stderr stderr = Stderr.capture()) {
            tls.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            NamespaceWatch watch = NamespaceWatch.open(tls.access(), ns, new RecordingListener(), RecordingListener.CEILING);
            listing.awaitArrived();
            Thread closing = new Thread(watch::close, "closing-the-watch");
            closing.start();
            RecordingListener.await("close() waits (or has returned)",
                    () -> closing.getState() == Thread.State.TIMED_WAITING || closing.getState() == Thread.State.TERMINATED,
                    () -> "close() is " + closing.getState());
            listing.release();
            closing.join();

            assertThat(tls.requests()).as("the ConfigMaps listing ended, and its watch started, before the client closed")
                    .anyMatch(r -> r.startsWith("GET " + configMaps + "?") && r.contains("watch=true"));
            assertThat(stderr.linesFrom("io.fabric8")).as("what fabric8 logged at WARN or ERROR").isEmpty();
        }
    }

    @Test
    void closeWaitsOnlyItsBoundAndAListingAnsweredAfterwardsEndsWithoutAnError() throws Exception {
        String configMaps = "/api/v1/namespaces/" + ns + "/configmaps";
        try (LiveTestServer tls = new LiveTestServer(-1, true); LiveTestServer.Hold listing = tls.holdList(configMaps);
             Stderr stderr = Stderr.capture()) {
            tls.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            tls.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("there")
                    .endMetadata().build()).create();
            NamespaceWatch watch = NamespaceWatch.open(tls.access(), ns, new RecordingListener(), Duration.ofMillis(200));
            listing.awaitArrived();
            watch.close();
            assertThat(listing.answered()).as("the listing was still unanswered when close() returned").isFalse();

            listing.release();
            RecordingListener.await("the answer reached the stopped informer", () -> watch.held(ConfigMap.class) == 1,
                    () -> "it holds " + watch.held(ConfigMap.class));
            assertThat(stderr.linesFrom("io.fabric8")).as("what fabric8 logged at WARN or ERROR").isEmpty();
        }
    }

    /** Lines slf4j-simple (the module's test logger) prints on System.err at WARN or ERROR, while captured. */
    private static final class Stderr implements AutoCloseable {
        private final java.io.PrintStream before = System.err;
        private final java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();

        static Stderr capture() {
            Stderr stderr = new Stderr();
            System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    stderr.before.write(b);
                    stderr.captured.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    stderr.before.write(b, off, len);
                    stderr.captured.write(b, off, len);
                }
            }, true, java.nio.charset.StandardCharsets.UTF_8));
            return stderr;
        }

        List<String> linesFrom(String loggerPrefix) {
            return captured.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> l.matches("^\\[[^]]*\\] (WARN|ERROR) " + java.util.regex.Pattern.quote(loggerPrefix) + ".*"))
                    .toList();
        }

        @Override
        public void close() {
            System.setErr(before);
        }
    }

    @Test
    void aFailingListenerDoesNotStopTheWatch() throws Exception {
        RecordingListener recording = new RecordingListener();
        LiveListener failing = new LiveListener() {
            @Override
            public void objects(List<LiveObject> snapshot) {
                recording.objects(snapshot);
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void event(LiveEvent e) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void problem(String message) {
                recording.problem(message);
            }
        };
        event("e1", "Pulled", "2024-05-01T10:00:01Z", 1);
        try (NamespaceWatch watch = NamespaceWatch.open(server.access(), ns, failing)) {
            recording.awaitSnapshot("the first one", s -> true);
            configMap("later", Map.of());
            recording.awaitSnapshot("the later ConfigMap still shows", s -> find(s, "ConfigMap", "later").isPresent());
        }
    }

    /** A port nothing listens on (for now). */
    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A client of http://127.0.0.1:PORT that gives up on a request after 2 s. */
    private static KubernetesClient clientOf(int port) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port)
                .withConnectionTimeout(2000).withRequestTimeout(2000).build()).build();
    }

    @Test
    void anUnreachableClusterIsOneSentenceForTheLearner() throws Exception {
        int port = freePort();
        RecordingListener listener = new RecordingListener();
        try (KubernetesClient nowhere = clientOf(port);
             NamespaceWatch watch = NamespaceWatch.open(new KubernetesAccess(nowhere, Path.of("x"), "x"), "lab", listener)) {
            assertThat(listener.awaitProblem())
                    .isEqualTo("The cluster at http://127.0.0.1:" + port + " does not answer — is the sandbox running?");
            assertThat(listener.snapshots).isEmpty();
            assertThat(listener.problems).as("said once, not once per kind and retry").hasSize(1);
        }
    }

    @Test
    void aClusterThatComesBackIsResolvedAndShownAgain() throws Exception {
        int port = freePort();
        RecordingListener listener = new RecordingListener();
        try (KubernetesClient early = clientOf(port);
             NamespaceWatch watch = NamespaceWatch.open(new KubernetesAccess(early, Path.of("x"), "x"), "back", listener)) {
            listener.awaitProblem();
            try (LiveTestServer late = new LiveTestServer(port)) {
                late.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("back").endMetadata().build()).create();
                late.client().configMaps().inNamespace("back").resource(new ConfigMapBuilder().withNewMetadata().withName("here")
                        .endMetadata().build()).create();
                RecordingListener.await("the watch says the cluster answers again", () -> listener.resolved.get() > 0,
                        () -> "problems: " + listener.problems);
                listener.awaitSnapshot("the ConfigMap shows", s -> find(s, "ConfigMap", "here").isPresent());
            }
        }
    }

    @Test
    void aForbiddenKindIsReportedAndTheRestStillShows() throws Exception {
        String forbiddenNs = ns;
        server.answer("GET", "/api/v1/namespaces/" + forbiddenNs + "/secrets", 403,
                LiveTestServer.status(403, "Forbidden", "secrets is forbidden: User \\\"learner\\\" cannot list resource \\\"secrets\\\""));
        configMap("visible", Map.of());
        RecordingListener listener = new RecordingListener();
        try (NamespaceWatch watch = open(listener)) {
            List<LiveObject> s = listener.awaitSnapshot("the ConfigMap shows", l -> find(l, "ConfigMap", "visible").isPresent());
            assertThat(s).noneMatch(o -> o.kind().equals("Secret"));
            assertThat(listener.awaitProblem()).isEqualTo("The cluster at " + server.client().getMasterUrl().toString().replaceAll("/$", "")
                    + " does not allow you to list Secrets in namespace " + forbiddenNs
                    + " (403 Forbidden) — the view shows what it may see; ask for read access to that namespace.");
        }
    }

    @Test
    void logsReadTheDefaultContainerWithTheTail() throws Exception {
        client().pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("web-1")
                .addToAnnotations("kubectl.kubernetes.io/default-container", "app").endMetadata()
                .withNewSpec().addNewContainer().withName("proxy").withImage("envoy:1.30").endContainer()
                .addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec().build()).create();
        server.answer("GET", "/api/v1/namespaces/" + ns + "/pods/web-1/log", 200, "line 1\nline 2\n");
        RecordingListener listener = new RecordingListener();
        try (NamespaceWatch watch = open(listener)) {
            listener.awaitSnapshot("the pod is known", s -> find(s, "Pod", "web-1").isPresent());
            assertThat(watch.logs("web-1", Optional.empty(), 50)).isEqualTo("line 1\nline 2\n");
            assertThat(server.requests()).anyMatch(r -> r.startsWith("GET /api/v1/namespaces/" + ns + "/pods/web-1/log")
                    && r.contains("container=app") && r.contains("tailLines=50"));
        }
    }

    @Test
    void logsOfAContainerThatHasNotStartedSayWhy() {
        server.answer("GET", "/api/v1/namespaces/" + ns + "/pods/waiting/log", 400,
                LiveTestServer.status(400, "BadRequest", "container \\\"web\\\" in pod \\\"waiting\\\" is waiting to start: ContainerCreating"));
        try (NamespaceWatch watch = open(new RecordingListener())) {
            assertThatThrownBy(() -> watch.logs("waiting", Optional.of("web"), 100)).isInstanceOf(LiveException.class)
                    .hasMessage("Pod waiting has no log to show: container \"web\" in pod \"waiting\" is waiting to start: ContainerCreating.");
        }
    }

    @Test
    void logsOfAPodThatIsGoneSaySo() {
        server.answer("GET", "/api/v1/namespaces/" + ns + "/pods/nope/log", 404,
                LiveTestServer.status(404, "NotFound", "pods \\\"nope\\\" not found"));
        try (NamespaceWatch watch = open(new RecordingListener())) {
            assertThatThrownBy(() -> watch.logs("nope", Optional.of("web"), 100)).isInstanceOf(LiveException.class)
                    .hasMessage("Pod nope is not in namespace " + ns + " (any more) — it may just have been deleted.");
        }
    }

    @Test
    void aSandboxWithoutKubernetesGivesNoWatch() {
        orchlab.engine.sandbox.Sandbox docker = new orchlab.engine.sandbox.Sandbox() {
            public String type() { return "docker"; }
            public String description() { return "Docker"; }
            public boolean simulated() { return false; }
            public Optional<KubernetesAccess> kubernetes() { return Optional.empty(); }
            public Optional<orchlab.engine.sandbox.DockerAccess> docker() { return Optional.empty(); }
            public orchlab.engine.sandbox.SandboxHealth health() { return orchlab.engine.sandbox.SandboxHealth.ok("docker"); }
            public void close() { }
        };
        assertThat(NamespaceWatch.open(docker, "lab", new RecordingListener())).isEmpty();
    }
}
