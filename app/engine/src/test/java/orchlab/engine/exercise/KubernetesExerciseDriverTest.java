package orchlab.engine.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private ExerciseTarget target(String namespace) {
        return new ExerciseTarget(cluster, namespace);
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
        assertThat(result.errors()).singleElement().asString().startsWith("deployment.yaml:6:1: invalid YAML");
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
