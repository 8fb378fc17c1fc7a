package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.Ticker;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Exercise;
import orchlab.engine.sandbox.KubeReads;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.kube.PlainKubeReads;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sim sandbox builds its fabric8 client only when something asks for it: {@code lab sandbox up} serves a terminal's
 * kubectl and never does, so its start does not load fabric8's client and model (~400 classes); checks read the sim
 * through the JDK's HttpClient into JSON trees and never build it either (ADR 0014).
 */
class SimSandboxClientTest {

    @TempDir
    Path stateDir;

    @Test
    void theFabric8ClientIsBuiltOnFirstUseAndThenTalksToTheSim() throws Exception {
        SandboxOptions options = new SandboxOptions(Optional.empty(), Optional.empty(), Optional.empty(), stateDir, Map.of());
        try (Sandbox sandbox = new SimSandboxProvider().open(options, ProgressListener.NONE)) {
            KubernetesAccess access = sandbox.kubernetes().orElseThrow();
            assertThat(access.clientBuilt()).as("after open").isFalse();

            assertThat(access.client().namespaces().withName("kube-system").get()).isNotNull();
            assertThat(access.clientBuilt()).isTrue();
        }
    }

    @Test
    void closingASandboxWhoseClientWasNeverUsedDoesNotBuildIt() throws Exception {
        SandboxOptions options = new SandboxOptions(Optional.empty(), Optional.empty(), Optional.empty(), stateDir, Map.of());
        Sandbox sandbox = new SimSandboxProvider().open(options, ProgressListener.NONE);
        KubernetesAccess access = sandbox.kubernetes().orElseThrow();

        sandbox.close();

        assertThat(access.clientBuilt()).isFalse();
    }

    private static SandboxOptions options(Path stateDir) {
        return new SandboxOptions(Optional.empty(), Optional.empty(), Optional.empty(), stateDir, Map.of());
    }

    /** Three assertions, as the bench pack's ten-asserts exercise writes them. */
    private static final String CHECKS = """
            checks:
              - {id: replicas, title: replicas, kind: assert, resource: {apiVersion: apps/v1, kind: Deployment, name: web}, expect: {spec: {replicas: 2}}}
              - {id: image, title: image, kind: assert, resource: {apiVersion: apps/v1, kind: Deployment, name: web}, expect: {spec: {template: {spec: {containers: [{name: web, image: "nginx:1.27"}]}}}}}
              - {id: config, title: config, kind: assert, resource: {apiVersion: v1, kind: ConfigMap, name: settings}, expect: {data: {mode: fast}}}
            """;

    private static CheckReport check(KubernetesAccess access, String ns, Path dir) throws Exception {
        CheckKinds kinds = CheckKinds.discover();
        YamlDoc doc = YamlDoc.parse("exercises/reads/exercise.yaml", CHECKS);
        List<CheckSpec> specs = new java.util.ArrayList<>();
        int i = 0;
        for (JsonNode c : doc.root().get("checks")) {
            specs.add(kinds.prepared(new CheckSpec(i, c.path("id").asText(), c.path("title").asText(), "assert", Optional.empty(),
                    "", (ObjectNode) c, doc, "/checks/" + i)));
            i++;
        }
        Exercise exercise = new Exercise("reads", "reads", Path.of("exercises", "reads"),
                new orchlab.engine.kind.builtin.KubernetesExerciseKind(), ns, "", List.of(), List.of(), Duration.ofSeconds(5),
                specs, JsonNodeFactory.instance.objectNode(), Location.ofFile(doc.file()));
        CheckContext context = new CheckContext(exercise, ns, dir, Optional.of(access), Optional.empty());
        return new CheckEngine(kinds, new VirtualTime(), Runnable::run).run(exercise, context);
    }

    /** The engine's waits between attempts pass at once: a failing check reaches its timeout without real time passing. */
    private static final class VirtualTime implements Ticker {
        private long nanos;

        @Override
        public long nanos() {
            return nanos;
        }

        @Override
        public void sleep(Duration duration) {
            nanos += duration.toNanos();
        }
    }

    @Test
    void checksReadTheSimAsJsonTreesWithoutFabric8sClient() throws Exception {
        try (Sandbox sandbox = new SimSandboxProvider().open(options(stateDir), ProgressListener.NONE)) {
            SimCluster cluster = ((SimSandbox) sandbox).cluster();
            SimTestSupport.apply(cluster, "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\"}}");
            SimTestSupport.apply(cluster, "/apis/apps/v1/namespaces/shop/deployments",
                    SimTestSupport.deployment("web", 2, "nginx:1.27", "").replace("name: app", "name: web"));
            SimTestSupport.apply(cluster, "/api/v1/namespaces/shop/configmaps",
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\"},\"data\":{\"mode\":\"fast\"}}");
            KubernetesAccess access = sandbox.kubernetes().orElseThrow();

            CheckReport report = check(access, "shop", stateDir);

            assertThat(report.checks()).allSatisfy(r -> assertThat(r).as(r.message()).isInstanceOf(CheckResult.Passed.class));
            assertThat(access.reads()).isInstanceOf(PlainKubeReads.class);
            assertThat(((PlainKubeReads) access.reads()).server()).isEqualTo(cluster.url());
            assertThat(access.clientBuilt()).as("fabric8's client built by a check").isFalse();
        }
    }

    @Test
    void aWrongAnswerAndAMissingObjectReadThroughTheJsonPathFailAsBefore() throws Exception {
        try (Sandbox sandbox = new SimSandboxProvider().open(options(stateDir), ProgressListener.NONE)) {
            SimCluster cluster = ((SimSandbox) sandbox).cluster();
            SimTestSupport.apply(cluster, "/apis/apps/v1/namespaces/default/deployments",
                    SimTestSupport.deployment("web", 3, "nginx:1.27", "").replace("name: app", "name: web"));

            CheckReport report = check(sandbox.kubernetes().orElseThrow(), "default", stateDir);

            assertThat(report.checks().get(0)).isInstanceOf(CheckResult.Failed.class);
            assertThat(report.checks().get(0).failures()).extracting(f -> f.describe())
                    .containsExactly("spec.replicas: expected 2, found 3");
            assertThat(report.checks().get(2)).isInstanceOf(CheckResult.NotFound.class);
            assertThat(report.checks().get(2).message()).isEqualTo("ConfigMap settings not found in namespace default");
        }
    }

    @Test
    void aReadOfAStoppedSimSaysTheApiCannotBeReachedAndAsksWhetherTheSandboxRuns() throws Exception {
        try (Sandbox sandbox = new SimSandboxProvider().open(options(stateDir), ProgressListener.NONE)) {
            SimCluster cluster = ((SimSandbox) sandbox).cluster();
            KubeReads reads = sandbox.kubernetes().orElseThrow().reads();
            assertThat(reads.get("v1", "Namespace", null, "default")).isPresent();

            cluster.close();

            assertThatThrownBy(() -> reads.get("v1", "Namespace", null, "default"))
                    .isInstanceOf(KubeReads.ReadFailed.class)
                    .hasMessageStartingWith("cannot reach the Kubernetes API at " + cluster.url() + " (")
                    .hasMessageEndingWith(") — is the sandbox running?");
        }
    }

    @Test
    void aKindWhoseDefinitionIsInstalledAfterAReadThatFoundNothingIsFoundOnTheNextRead() throws Exception {
        try (Sandbox sandbox = new SimSandboxProvider().open(options(stateDir), ProgressListener.NONE)) {
            SimCluster cluster = ((SimSandbox) sandbox).cluster();
            KubeReads reads = sandbox.kubernetes().orElseThrow().reads();
            assertThat(reads.list("example.com/v1", "Widget", "default", Map.of())).isEmpty();

            assertThat(SimTestSupport.apply(cluster, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """
                    apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: widgets.example.com}
                    spec:
                      group: example.com
                      scope: Namespaced
                      names: {plural: widgets, singular: widget, kind: Widget}
                      versions:
                      - name: v1
                        served: true
                        storage: true
                        schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                    """).code()).isEqualTo(201);
            assertThat(SimTestSupport.apply(cluster, "/apis/example.com/v1/namespaces/default/widgets",
                    "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}").code()).isEqualTo(201);

            assertThat(reads.get("example.com/v1", "Widget", "default", "w")).isPresent();
            assertThat(reads.list("example.com/v1", "Widget", "default", Map.of())).hasSize(1);
        }
    }
}
