package orchlab.engine.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.course.Course;
import orchlab.engine.course.CourseLoader;
import orchlab.engine.course.Exercise;
import orchlab.engine.exercise.ExerciseDriver.ApplyResult;
import orchlab.engine.exercise.ExerciseDriver.ExerciseTarget;
import orchlab.engine.sandbox.LabLabels;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.testing.MockCluster;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesExerciseDriverTest {
    private final KubernetesExerciseDriver driver = new KubernetesExerciseDriver();
    private MockCluster cluster;
    private Course course;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.start();
        course = CourseLoader.standard().load(Repo.root()).course().orElseThrow();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @TempDir
    Path state;

    private ExerciseTarget target(String namespace) {
        return new ExerciseTarget(cluster, namespace, state, false);
    }

    private ExerciseTarget consenting(String namespace) {
        return new ExerciseTarget(cluster, namespace, state, true);
    }

    private static Path write(Path dir, String name, String yaml) throws java.io.IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema: {openAPIV3Schema: {type: object}}
            """;

    @Test
    void aNamespaceObjectIsRefusedAtItsLineAndNothingIsCreated(@TempDir Path dir) throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        Path file = write(dir, "ns.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-public\n");

        ApplyResult result = driver.apply(exercise, file, target("k8s-deployment"), ProgressListener.NONE);

        assertThat(result.errors()).singleElement().asString().startsWith("ns.yaml:5:1: Namespace kube-public is refused");
    }

    @Test
    void clusterScopedKindsOutsideTheAllowListAreRefusedEvenWithConsent(@TempDir Path dir) throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        Path file = write(dir, "crb.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: anon-admin}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects: [{kind: User, name: "system:anonymous"}]
                """);

        ApplyResult result = driver.apply(exercise, file, consenting("k8s-deployment"), ProgressListener.NONE);

        assertThat(result.errors()).singleElement().asString().startsWith("crb.yaml:1:1: ClusterRoleBinding anon-admin is refused");
        assertThat(cluster.client().rbac().clusterRoleBindings().withName("anon-admin").get()).isNull();
    }

    @Test
    void aClusterScopedObjectInTheLearnersOwnFileIsRefusedAtItsLineSayingWhatToDoEvenAfterConsent(@TempDir Path dir) throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        Path file = write(dir, "deployment.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: mine}\n---\n"
                + "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast}\nprovisioner: fake\n");

        ApplyResult result = driver.apply(exercise, file, consenting("k8s-deployment").forLearnersFiles(), ProgressListener.NONE);

        assertThat(result.errors()).singleElement().asString().isEqualTo("deployment.yaml:5:1: StorageClass fast is cluster-wide,"
                + " so Apply does not create it from your file: your files apply only into the exercise's namespace"
                + " 'k8s-deployment', where Reset cleans up after you, and StorageClass belongs to the whole cluster."
                + " Remove it from this file (if the exercise needs it, its setup creates it)");
        assertThat(PackReach.refusedInOwnFile(result.errors().get(0))).hasValueSatisfying(o -> {
            assertThat(o.toString()).isEqualTo("StorageClass fast");
            assertThat(o.at().file() + ":" + o.at().line()).isEqualTo("deployment.yaml:5");
        });
        assertThat(result.lines()).containsExactly("configmap/mine created");
        assertThat(cluster.client().storage().v1().storageClasses().withName("fast").get()).isNull();
    }

    @Test
    void anAllowedClusterScopedObjectNeedsConsent(@TempDir Path dir) throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();

        ApplyResult result = driver.apply(exercise, write(dir, "crd.yaml", CRD), target("k8s-deployment"), ProgressListener.NONE);

        assertThat(result.errors()).singleElement().asString().contains("--allow-cluster-scoped");
        assertThat(cluster.client().apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").get()).isNull();
    }

    @Test
    void withConsentTheLabCreatesAnAllowedClusterScopedObjectAndResetRemovesExactlyIt(@TempDir Path dir) throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        cluster.client().storage().v1().storageClasses().resource(new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder()
                .withNewMetadata().withName("standard").addToLabels(LabLabels.forExercise("k8s-deployment")).endMetadata()
                .withProvisioner("x").build()).create();
        driver.start(exercise, consenting("k8s-deployment"), ProgressListener.NONE);

        ApplyResult result = driver.apply(exercise, write(dir, "crd.yaml", CRD), consenting("k8s-deployment"), ProgressListener.NONE);
        assertThat(result.errors()).isEmpty();
        driver.reset(exercise, consenting("k8s-deployment"), ProgressListener.NONE);

        assertThat(cluster.client().apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").get()).isNull();
        assertThat(cluster.client().storage().v1().storageClasses().withName("standard").get()).isNotNull();
    }

    @Test
    void anExistingClusterScopedObjectTheLabDidNotCreateIsNotChanged(@TempDir Path dir) throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        cluster.client().storage().v1().storageClasses().resource(new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder()
                .withNewMetadata().withName("standard").endMetadata().withProvisioner("real").build()).create();

        ApplyResult result = driver.apply(exercise, write(dir, "sc.yaml",
                "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: standard}\nprovisioner: fake\n"),
                consenting("k8s-deployment"), ProgressListener.NONE);

        assertThat(result.errors()).singleElement().asString().contains("already exists and the lab did not create it");
        assertThat(cluster.client().storage().v1().storageClasses().withName("standard").get().getProvisioner()).isEqualTo("real");
    }

    @Test
    void resetNeverDeletesTheDefaultNamespace() throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        driver.start(exercise, target("default"), ProgressListener.NONE);
        driver.apply(exercise, exercise.solutionDir(), target("default"), ProgressListener.NONE);

        driver.reset(exercise, target("default"), ProgressListener.NONE);

        assertThat(cluster.client().namespaces().withName("default").get()).isNotNull();
        assertThat(cluster.client().apps().deployments().inNamespace("default").withName("my-app").get()).isNull();
    }

    @Test
    void resetKeepsANamespaceWhoseLabelsSayTheLabMadeItWhenTheLabsRecordDoesNot() throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("prod")
                .withLabels(LabLabels.forExercise("k8s-deployment")).endMetadata().build()).create();
        cluster.client().configMaps().inNamespace("prod").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("labelled").withLabels(LabLabels.forExercise("k8s-deployment")).endMetadata().build()).create();
        java.util.List<String> said = new java.util.ArrayList<>();

        driver.reset(exercise, target("prod"), (f, m) -> said.add(m));

        assertThat(cluster.client().namespaces().withName("prod").get()).isNotNull();
        assertThat(cluster.client().configMaps().inNamespace("prod").withName("labelled").get()).isNotNull();
        assertThat(said).anyMatch(m -> m.contains("namespace prod kept: the lab did not create it"));
    }

    @Test
    void resetKeepsAnObjectThatWasReplacedSinceTheLabCreatedIt() throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-b").endMetadata().build()).create();
        driver.apply(exercise, exercise.solutionDir(), target("team-b"), ProgressListener.NONE);
        var deployments = cluster.client().apps().deployments().inNamespace("team-b");
        Deployment mine = deployments.withName("my-app").get();
        deployments.withName("my-app").delete();
        mine.getMetadata().setUid(null);
        mine.getMetadata().setResourceVersion(null);
        deployments.resource(mine).create();

        driver.reset(exercise, target("team-b"), ProgressListener.NONE);

        assertThat(deployments.withName("my-app").get()).isNotNull();
    }

    @Test
    void startCreatesALabelledNamespaceAndAppliesTheSetup() throws Exception {
        Exercise exercise = course.exercise("k8s-service").orElseThrow();

        driver.start(exercise, target("k8s-service"), ProgressListener.NONE);

        Namespace ns = cluster.client().namespaces().withName("k8s-service").get();
        assertThat(ns.getMetadata().getLabels()).containsEntry(LabLabels.MANAGED_BY, "orchlab")
                .containsEntry(LabLabels.EXERCISE, "k8s-service");
        Deployment web = cluster.client().apps().deployments().inNamespace("k8s-service").withName("my-app").get();
        assertThat(web.getSpec().getReplicas()).isEqualTo(2);
        assertThat(web.getMetadata().getLabels()).containsEntry(LabLabels.EXERCISE, "k8s-service");
    }

    @Test
    void startPutsTheExercisesNamespaceLabelsBesideTheLabsOwn() throws Exception {
        // namespaceLabels as the Istio exercises write them, on an exercise that needs no Istio API (this mock cluster
        // has no discovery, so an Istio exercise would ask for consent to register Istio's CRDs: IstioApiOnClusterTest)
        Exercise service = course.exercise("k8s-service").orElseThrow();
        Exercise exercise = new Exercise(service.id(), service.title(), service.dir(), service.kind(), service.namespace(),
                service.description(), service.hints(), service.setup(), service.defaultTimeout(), service.checks(),
                service.docker(), service.location(), java.util.Map.of("istio-injection", "enabled", LabLabels.EXERCISE, "not-this"));

        driver.start(exercise, target("k8s-service"), ProgressListener.NONE);

        assertThat(cluster.client().namespaces().withName("k8s-service").get().getMetadata().getLabels())
                .containsEntry("istio-injection", "enabled").containsEntry(LabLabels.EXERCISE, "k8s-service");
    }

    @Test
    void applyCreatesThenConfiguresObjectsInTheExerciseNamespace() throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        driver.start(exercise, target("k8s-deployment"), ProgressListener.NONE);

        ApplyResult first = driver.apply(exercise, exercise.solutionDir(), target("k8s-deployment"), ProgressListener.NONE);
        ApplyResult second = driver.apply(exercise, exercise.solutionDir().resolve("deployment.yaml"), target("k8s-deployment"), ProgressListener.NONE);

        assertThat(first.errors()).isEmpty();
        assertThat(first.lines()).containsExactly("deployment/my-app created");
        assertThat(second.lines()).containsExactly("deployment/my-app configured");
        assertThat(cluster.client().apps().deployments().inNamespace("k8s-deployment").withName("my-app").get().getSpec().getReplicas())
                .isEqualTo(3);
    }

    @Test
    void applyReportsBrokenYamlWithItsLineAndAppliesNothingFromThatFile(@TempDir Path dir) throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        Path file = dir.resolve("deployment.yaml");
        Files.writeString(file, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n\treplicas: 3\n");

        ApplyResult result = driver.apply(exercise, file, target("k8s-deployment"), ProgressListener.NONE);

        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).singleElement().asString()
                .isEqualTo("deployment.yaml:6:1: Tab character in the indentation: YAML indents with spaces only, replace the tab with spaces.")
                .doesNotContain("(TAB)", "cannot start any token");
    }

    @Test
    void aKeyWrittenTwiceIsRefusedAtItsLineLikeStrictFieldValidationAndNothingIsApplied(@TempDir Path dir) throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        driver.start(exercise, target("k8s-deployment"), ProgressListener.NONE);
        Path file = write(dir, "deployment.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n"
                + "  mode: fast\n  mode: slow\n");

        ApplyResult result = driver.apply(exercise, file, target("k8s-deployment"), ProgressListener.NONE);

        assertThat(result.errors()).singleElement().asString().startsWith("deployment.yaml:7:3: ConfigMap \"settings\" is invalid:"
                + " data.mode: duplicate field \"mode\"");
        assertThat(cluster.client().configMaps().inNamespace("k8s-deployment").withName("settings").get()).isNull();
    }

    @Test
    void aFieldTheServerRefusesIsReportedAtTheLineWhereItIsWrittenInTheEditorsWords() throws Exception {
        YamlDoc doc = YamlDoc.parse("deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
                + "  replica: 3\n  template:\n    spec:\n      containers:\n        - name: web\n          imagee: nginx\n");
        Status status = new StatusBuilder().withCode(400).withMessage("strict decoding error").withNewDetails()
                .addNewCause().withField("spec.replica").withMessage("unknown field \"spec.replica\"").endCause()
                .addNewCause().withField("spec.template.spec.containers[0].imagee").withMessage("unknown field").endCause()
                .endDetails().build();

        List<String> errors = KubernetesExerciseDriver.locatedFieldErrors(doc, "Deployment", "web",
                new KubernetesClientException(status));

        assertThat(errors).containsExactly(
                "deployment.yaml:6:3: Deployment \"web\" is invalid: spec.replica: unknown field \"replica\" in Deployment spec"
                        + " (did you mean \"replicas\"?)",
                "deployment.yaml:11:11: Deployment \"web\" is invalid: spec.template.spec.containers[0].imagee: unknown field"
                        + " \"imagee\" in Deployment spec.template.spec.containers[0] (did you mean \"image\"?)");
    }

    @Test
    void fieldPathsAndJsonPointersConvertBothWays() {
        assertThat(KubernetesExerciseDriver.pointer("spec.template.spec.containers[0].image"))
                .isEqualTo("/spec/template/spec/containers/0/image");
        assertThat(KubernetesExerciseDriver.fieldPath("/spec/template/spec/containers/0/image"))
                .isEqualTo("spec.template.spec.containers[0].image");
    }

    @Test
    void applyOfAKindTheClusterDoesNotServeSaysSoInKubectlsWordsNotThatTheClusterIsUnreachable(@TempDir Path dir) throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        Path file = write(dir, "dr.yaml", "apiVersion: networking.istio.io/v1alpha9\nkind: DestinationRule\nmetadata:\n  name: my-app\n"
                + "spec:\n  host: my-app\n");

        ApplyResult result = driver.apply(exercise, file, target("k8s-deployment"), ProgressListener.NONE);

        assertThat(result.errors()).singleElement().asString()
                .startsWith("dr.yaml:1:1: no matches for kind \"DestinationRule\" in version \"networking.istio.io/v1alpha9\"")
                .contains("install the CRD")
                .doesNotContain("cannot reach", "is the sandbox running");
    }

    @Test
    void applyRefusesObjectsThatNameAnotherNamespace(@TempDir Path dir) throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        Path file = dir.resolve("cm.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: kube-system\n");

        ApplyResult result = driver.apply(exercise, file, target("k8s-deployment"), ProgressListener.NONE);

        assertThat(result.errors()).singleElement().asString()
                .isEqualTo("cm.yaml:1:1: ConfigMap settings names namespace 'kube-system', but this exercise works in 'k8s-deployment' — remove metadata.namespace");
        assertThat(cluster.client().configMaps().inNamespace("kube-system").withName("settings").get()).isNull();
    }

    @Test
    void resetDeletesTheLabsOwnNamespace() throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        driver.start(exercise, target("k8s-deployment"), ProgressListener.NONE);
        driver.apply(exercise, exercise.solutionDir(), target("k8s-deployment"), ProgressListener.NONE);

        driver.reset(exercise, target("k8s-deployment"), ProgressListener.NONE);

        assertThat(cluster.client().namespaces().withName("k8s-deployment").get()).isNull();
    }

    @Test
    void resetInANamespaceTheUserChoseRemovesOnlyTheLabsObjects() throws Exception {
        Exercise exercise = course.exercise("k8s-deployment").orElseThrow();
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build()).create();
        cluster.client().configMaps().inNamespace("team-a").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("not-ours").endMetadata().addToData("k", "v").build()).create();
        driver.apply(exercise, exercise.solutionDir(), target("team-a"), ProgressListener.NONE);

        driver.reset(exercise, target("team-a"), ProgressListener.NONE);

        assertThat(cluster.client().namespaces().withName("team-a").get()).isNotNull();
        assertThat(cluster.client().configMaps().inNamespace("team-a").withName("not-ours").get()).isNotNull();
        assertThat(cluster.client().apps().deployments().inNamespace("team-a").withName("my-app").get()).isNull();
    }
}
