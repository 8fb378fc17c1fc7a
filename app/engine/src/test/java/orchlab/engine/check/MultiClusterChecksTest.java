package orchlab.engine.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;
import orchlab.engine.sandbox.ClusterNames;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.testing.ManualTicker;
import orchlab.engine.testing.TestExercises;
import org.junit.jupiter.api.Test;

/** Each check of a multi-cluster exercise reads its own cluster (ADR 0016). */
class MultiClusterChecksTest {

    /** Passes, saying which context the access it was given is bound to. */
    private static final class WhichCluster implements CheckKind {
        @Override
        public String name() {
            return "which-cluster";
        }

        @Override
        public String summary() {
            return "test";
        }

        @Override
        public Set<String> keys() {
            return Set.of();
        }

        @Override
        public SandboxKind needs() {
            return SandboxKind.KUBERNETES;
        }

        @Override
        public PreparedCheck prepare(CheckSpec spec, Problems problems) {
            return new PreparedCheck() {
                @Override
                public Outcome attempt(CheckContext context) throws CheckUnavailableException {
                    return Outcome.pass("here", "read " + context.requireKubernetes().context());
                }

                @Override
                public boolean polls() {
                    return false;
                }
            };
        }
    }

    private final CheckKinds kinds = new CheckKinds(List.of(new WhichCluster()));
    private final CheckEngine engine = new CheckEngine(kinds, new ManualTicker(), Runnable::run);

    private Exercise exercise() {
        Exercise one = TestExercises.withChecks(kinds, "mc", """
                - {id: first, title: First, kind: which-cluster}
                - {id: standby, title: Standby, kind: which-cluster, cluster: west}""");
        return new Exercise(one.id(), one.title(), one.dir(), one.kind(), one.namespace(), one.description(), one.hints(),
                one.setup(), one.defaultTimeout(), one.checks(), one.docker(), one.location(), one.namespaceLabels(),
                List.of("east", "west"));
    }

    private static KubernetesAccess access(String context) {
        return new KubernetesAccess(null, Path.of("kubeconfig"), context);
    }

    @Test
    void aCheckReadsTheClusterItNamesAndOneNamingNoneReadsTheFirst() throws Exception {
        Exercise exercise = exercise();
        CheckContext context = new CheckContext(exercise, "mc", Path.of("."), Optional.of(access("orchlab-sim")), Optional.empty(),
                MultiClusterChecksTest::access);

        CheckReport report = engine.run(exercise, context);

        assertThat(report.checks()).extracting(CheckResult::message).containsExactly("read east", "read west");
    }

    @Test
    void whereTheSandboxIsOneClusterEveryCheckSaysItCouldNotLookAndWhy() throws Exception {
        Exercise exercise = exercise();
        CheckContext context = new CheckContext(exercise, "mc", Path.of("."), Optional.of(access("k3s")), Optional.empty(),
                name -> {
                    throw new SandboxException(ClusterNames.oneClusterOnly(exercise.clusters(), "k3s v1.31.4 (Docker)"));
                });

        CheckReport report = engine.run(exercise, context);

        assertThat(report.checks()).allSatisfy(result -> {
            assertThat(result).isInstanceOf(CheckResult.CouldNotLook.class);
            assertThat(result.message()).startsWith("this exercise needs two clusters, contexts east and west;"
                    + " k3s v1.31.4 (Docker) is one cluster — the simulated cluster provides them");
        });
    }

    @Test
    void aOneClusterExerciseReadsTheSandboxsClusterWithoutAskingForOneByName() throws Exception {
        Exercise exercise = TestExercises.withChecks(kinds, "one", "- {id: only, title: Only, kind: which-cluster}");
        CheckContext context = new CheckContext(exercise, "one", Path.of("."), Optional.of(access("orchlab-sim")), Optional.empty());

        assertThat(engine.run(exercise, context).checks()).extracting(CheckResult::message).containsExactly("read orchlab-sim");
    }
}
