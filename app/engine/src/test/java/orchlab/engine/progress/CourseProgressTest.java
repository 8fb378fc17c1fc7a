package orchlab.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CourseProgressTest {
    private static final Instant T0 = Instant.parse("2025-03-14T09:00:00Z");
    private static final Instant T1 = Instant.parse("2025-03-14T09:05:00Z");
    private static final Instant T2 = Instant.parse("2025-03-14T09:10:00Z");

    private final CourseProgress fresh = CourseProgress.fresh("orchlab", T0);

    @Test
    void exercisesNeverCheckedAreNotStarted() {
        assertThat(fresh.status("k8s-deployment")).isEqualTo(ExerciseStatus.NOT_STARTED);
        assertThat(fresh.exercise("k8s-deployment").attempts()).isZero();
        assertThat(fresh.exercises()).isEmpty();
    }

    @Test
    void aFailingCheckMakesTheExerciseAttempted() {
        CourseProgress p = fresh.withCheck(Reports.failing("k8s-deployment"), T1);

        assertThat(p.status("k8s-deployment")).isEqualTo(ExerciseStatus.ATTEMPTED);
        assertThat(p.exercise("k8s-deployment").doneAt()).isEmpty();
        assertThat(p.exercise("k8s-deployment").lastChecked()).contains(T1);
        assertThat(p.exercise("k8s-deployment").lastReport()).contains(Reports.failing("k8s-deployment"));
    }

    @Test
    void aPassingCheckMakesTheExerciseDoneAtThatTime() {
        CourseProgress p = fresh.withCheck(Reports.failing("k8s-deployment"), T1).withCheck(Reports.passing("k8s-deployment"), T2);

        assertThat(p.status("k8s-deployment")).isEqualTo(ExerciseStatus.DONE);
        assertThat(p.exercise("k8s-deployment").doneAt()).contains(T2);
    }

    @Test
    void doneStaysDoneWhenALaterCheckFails() {
        CourseProgress p = fresh.withCheck(Reports.passing("k8s-deployment"), T1).withCheck(Reports.failing("k8s-deployment"), T2);

        ExerciseProgress e = p.exercise("k8s-deployment");
        assertThat(e.status()).isEqualTo(ExerciseStatus.DONE);
        assertThat(e.doneAt()).contains(T1);
        assertThat(e.lastChecked()).contains(T2);
        assertThat(e.lastScore().orElseThrow().passed()).isEqualTo(1);
    }

    @Test
    void everyCheckCountsAsAnAttempt() {
        CourseProgress p = fresh;
        for (int i = 0; i < 3; i++) {
            p = p.withCheck(Reports.failing("k8s-deployment"), T1);
        }
        p = p.withCheck(Reports.passing("k8s-deployment"), T2).withCheck(Reports.passing("k8s-service"), T2);

        assertThat(p.exercise("k8s-deployment").attempts()).isEqualTo(4);
        assertThat(p.exercise("k8s-service").attempts()).isEqualTo(1);
    }

    @Test
    void fractionIsDoneExercisesOutOfTheCourseTotal() {
        CourseProgress p = fresh.withCheck(Reports.passing("k8s-deployment"), T1)
                .withCheck(Reports.failing("scale-web"), T1)
                .withCheck(Reports.passing("k8s-service"), T1);

        assertThat(p.doneCount()).isEqualTo(2);
        assertThat(p.fraction(8)).isEqualTo(0.25);
        assertThat(p.fraction(0)).isZero();
    }

    @Test
    void openedRemembersLessonExerciseAndFile() {
        CourseProgress p = fresh.withOpened("deployments", "k8s-deployment", "k8s/deployment.yaml");

        assertThat(p.lastLesson()).contains("deployments");
        assertThat(p.lastExercise()).contains("k8s-deployment");
        assertThat(p.lastFile()).contains("k8s/deployment.yaml");
        assertThat(p.withOpened("intro", null, null).lastExercise()).isEqualTo(Optional.empty());
    }
}
