package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import orchlab.engine.Lab;
import orchlab.engine.course.Exercise;
import orchlab.engine.exercise.CreatedObjects;
import orchlab.engine.exercise.ExerciseDriver.ExerciseTarget;
import orchlab.engine.exercise.PackReach.ClusterObject;
import orchlab.engine.istio.IstioCrds;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.SandboxException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Istio's API on a cluster that may not serve it (issue 12): the Kubernetes start path of the engine against the sim
 * as it boots (Istio served) and against a sim started without Istio, like a bare k3s.
 */
class IstioApiOnClusterTest {

    private static final Lab LAB = Lab.standard();
    private static Exercise traffic;
    private static Exercise security;

    @TempDir
    Path state;

    private SimSandbox sandbox;

    @BeforeAll
    static void loadTheIstioExercises(@TempDir Path pack) throws Exception {
        List<Exercise> loaded = CoursePart.load(LAB, pack, "istio-traffic", "istio-security");
        traffic = loaded.get(0);
        security = loaded.get(1);
    }

    @AfterEach
    void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private SimSandbox open(SimSettings settings) throws Exception {
        SimCluster cluster = SimCluster.start(settings, Optional.empty());
        sandbox = new SimSandbox(cluster, Kubeconfig.write(state.resolve("kubeconfig"), cluster), Optional.empty());
        return sandbox;
    }

    private ExerciseTarget target(Exercise exercise, boolean consent) {
        return new ExerciseTarget(sandbox, exercise.namespace(), state, consent);
    }

    private KubernetesClient client() {
        return sandbox.kubernetes().orElseThrow().client();
    }

    /** The Istio CRDs in the cluster, by name, with their UIDs. */
    private Map<String, String> istioCrds() {
        return client().genericKubernetesResources("apiextensions.k8s.io/v1", "CustomResourceDefinition").list().getItems().stream()
                .filter(c -> c.getMetadata().getName().contains(".istio.io"))
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c.getMetadata().getUid()));
    }

    private List<CreatedObjects.Entry> recordedCrds(Exercise exercise) {
        return CreatedObjects.of(state, client().getMasterUrl().toString()).of(exercise.id()).stream()
                .filter(e -> e.kind().equals("CustomResourceDefinition")).toList();
    }

    private static List<String> names(List<ClusterObject> objects) {
        return objects.stream().map(ClusterObject::name).sorted().toList();
    }

    private static List<String> allIstioCrdNames() {
        return IstioCrds.definitions().stream().map(c -> c.path("metadata").path("name").asText()).sorted().toList();
    }

    @Test
    void onTheSimWhichServesIstioAnIstioExerciseAsksNothingAndCreatesNoCrd() throws Exception {
        open(SimSettings.instant());
        Map<String, String> before = istioCrds();

        List<ClusterObject> asked = LAB.clusterScopedObjects(traffic, target(traffic, false));
        LAB.start(traffic, target(traffic, false), ProgressListener.NONE);

        assertThat(asked).isEmpty();
        assertThat(istioCrds()).isEqualTo(before).hasSize(allIstioCrdNames().size());
        assertThat(recordedCrds(traffic)).isEmpty();
    }

    @Test
    void withoutIstioTheExerciseNeedsConsentForTheCrdsAndWithoutItAppliesNothing() throws Exception {
        open(SimSettings.instant().withoutIstioApi());

        List<ClusterObject> asked = LAB.clusterScopedObjects(traffic, target(traffic, false));

        assertThat(names(asked)).isEqualTo(allIstioCrdNames());
        assertThat(asked).allSatisfy(o -> {
            assertThat(o.kind()).isEqualTo("CustomResourceDefinition");
            assertThat(o.at().file()).isEqualTo("Istio " + IstioCrds.ISTIO_VERSION + " API, added by the lab");
        });
        assertThatThrownBy(() -> LAB.start(traffic, target(traffic, false), ProgressListener.NONE))
                .isInstanceOf(SandboxException.class)
                .hasMessage("istio-traffic uses Istio's API (networking.istio.io, security.istio.io, telemetry.istio.io),"
                        + " and this cluster does not serve it: Istio is not installed. The lab can add Istio "
                        + IstioCrds.ISTIO_VERSION + "'s API itself — 9 CustomResourceDefinitions, which are cluster-wide —"
                        + " but only when you agree: run with --allow-cluster-scoped (or agree in the app). Reset removes"
                        + " them again. Or install Istio on the cluster and start again.");
        assertThat(istioCrds()).isEmpty();
        assertThat(client().namespaces().withName(traffic.namespace()).get()).isNull();
    }

    @Test
    void withConsentTheLabRegistersIstiosApiAndTheLastExerciseResetRemovesIt() throws Exception {
        open(SimSettings.instant().withoutIstioApi());
        List<String> progress = Collections.synchronizedList(new ArrayList<>());

        LAB.start(traffic, target(traffic, true), (f, m) -> progress.add(m));
        var applied = LAB.apply(traffic, target(traffic, false).forLearnersFiles(), traffic.solutionDir(), ProgressListener.NONE);
        Map<String, String> created = istioCrds();
        List<ClusterObject> askedBySecond = LAB.clusterScopedObjects(security, target(security, false));
        LAB.start(security, target(security, false), ProgressListener.NONE);
        List<String> firstReset = new ArrayList<>();
        LAB.reset(traffic, target(traffic, false), (f, m) -> firstReset.add(m));
        Map<String, String> afterFirstReset = istioCrds();
        LAB.reset(security, target(security, false), ProgressListener.NONE);

        assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(allIstioCrdNames());
        assertThat(progress).contains("CustomResourceDefinition virtualservices.networking.istio.io created (Istio "
                + IstioCrds.ISTIO_VERSION + " API)");
        assertThat(applied.errors()).isEmpty();
        assertThat(applied.lines()).containsExactly("destinationrule/my-app created", "virtualservice/my-app created");
        assertThat(askedBySecond).isEmpty();
        assertThat(afterFirstReset).isEqualTo(created);
        assertThat(firstReset).contains("CustomResourceDefinition virtualservices.networking.istio.io kept: exercise istio-security still uses it");
        assertThat(istioCrds()).isEmpty();
        assertThat(recordedCrds(traffic)).isEmpty();
        assertThat(recordedCrds(security)).isEmpty();
    }

    @Test
    void aCrdTheLabDidNotCreateIsUsedAsItIsAndNeverRemoved() throws Exception {
        open(SimSettings.instant().withoutIstioApi());
        var telemetry = IstioCrds.definitions().stream()
                .filter(c -> c.path("metadata").path("name").asText().equals("telemetries.telemetry.istio.io")).findFirst().orElseThrow();
        GenericKubernetesResource own = client().genericKubernetesResources("apiextensions.k8s.io/v1", "CustomResourceDefinition")
                .resource(client().getKubernetesSerialization().convertValue(telemetry, GenericKubernetesResource.class)).create();

        List<ClusterObject> asked = LAB.clusterScopedObjects(traffic, target(traffic, true));
        LAB.start(traffic, target(traffic, true), ProgressListener.NONE);
        LAB.reset(traffic, target(traffic, true), ProgressListener.NONE);

        assertThat(names(asked)).hasSize(allIstioCrdNames().size() - 1).doesNotContain("telemetries.telemetry.istio.io");
        assertThat(istioCrds()).containsExactly(Map.entry("telemetries.telemetry.istio.io", own.getMetadata().getUid()));
    }
}
