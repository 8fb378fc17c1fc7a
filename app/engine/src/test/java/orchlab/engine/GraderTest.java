package orchlab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import orchlab.engine.check.CheckEngine;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.course.Exercise;
import orchlab.engine.testing.MockCluster;
import orchlab.engine.testing.TestExercises;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One grader for lab check, lab course test and classroom grading: many targets, reports in their order. */
class GraderTest {
    private MockCluster cluster;
    private final Exercise exercise = TestExercises.withChecks("mode", """
            - {id: strict, title: mode strict, kind: assert, resource: {apiVersion: v1, kind: ConfigMap, name: settings}, expect: {data: {mode: strict}}}
            - {id: file, title: file valid, kind: file, path: settings.yaml}
            """, Duration.ofSeconds(2));

    @BeforeEach
    void setUp() {
        cluster = MockCluster.start();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private void learner(String ns, String mode) {
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        cluster.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().addToData("mode", mode).build()).create();
    }

    @Test
    void gradesEveryTargetOnABoundedPoolAndReturnsReportsInTheTargetsOrder() throws Exception {
        learner("alice", "strict");
        learner("bob", "loose");
        learner("carol", "strict");
        List<Grader.Target> targets = List.of("alice", "bob", "carol").stream()
                .map(ns -> new Grader.Target(exercise, cluster, ns, Optional.<Path>empty())).toList();

        List<CheckReport> reports = new Grader(Lab.standard(), 2).grade(targets, CheckEngine.RunOptions.DEFAULT);

        assertThat(reports).extracting(CheckReport::passed).containsExactly(true, false, true);
        assertThat(reports.get(1).checks().get(0).failures().get(0).describe()).isEqualTo("data.mode: expected strict, found loose");
    }

    @Test
    void aTargetWithoutWorkspaceSkipsWorkspaceChecks() throws Exception {
        learner("dave", "strict");

        CheckReport report = new Grader(Lab.standard(), 1).grade(List.of(new Grader.Target(exercise, cluster, "dave",
                Optional.empty())), CheckEngine.RunOptions.DEFAULT).get(0);

        assertThat(report.checks()).hasExactlyElementsOfTypes(CheckResult.Passed.class, CheckResult.Skipped.class);
        assertThat(report.score()).hasToString("1/1");
    }
}
