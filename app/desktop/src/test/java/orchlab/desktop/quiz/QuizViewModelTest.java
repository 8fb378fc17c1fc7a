package orchlab.desktop.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import orchlab.desktop.exercise.ExerciseViewModel;
import orchlab.desktop.sandbox.SandboxService;
import orchlab.desktop.settings.Settings;
import orchlab.engine.Lab;
import orchlab.engine.LabDirs;
import orchlab.engine.check.CheckReport;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.workspace.Workspaces;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The why-containers quiz in the exercise panel, without a toolkit and without any sandbox. */
class QuizViewModelTest {
    @TempDir
    Path home;
    private ExecutorService background;
    private SandboxService sandboxes;
    private ExerciseViewModel vm;
    private Exercise quiz;

    @BeforeEach
    void openTheQuiz() throws Exception {
        Lab lab = Lab.standard();
        LabDirs dirs = LabDirs.under(home);
        background = Executors.newCachedThreadPool();
        sandboxes = new SandboxService(lab.providers(), dirs, () -> Settings.defaults().withSandbox("sim", null, null), Map.of());
        vm = new ExerciseViewModel(lab, sandboxes, new Workspaces(dirs.workspaces()), new orchlab.desktop.FxThreadStandIn(), background,
                new ExerciseViewModel.Events() { });
        Course course = lab.loadCourse(Repo.root()).course().orElseThrow();
        quiz = course.exercise("why-containers").orElseThrow();
        vm.open(course, quiz, Optional.empty()).get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        sandboxes.close();
        background.shutdownNow();
    }

    private QuizViewModel.Item item(String id) {
        return vm.quiz().items().stream().filter(i -> i.question().id().equals(id)).findFirst().orElseThrow();
    }

    private void answerEverythingRight() {
        QuizViewModel form = vm.quiz();
        form.choose("consistency", "a", true);
        form.choose("portability", "a", true);
        form.choose("efficiency", "a", true);
        form.choose("efficiency", "b", true);
        form.choose("speed", "a", true);
        form.choose("isolation-limits", "a", true);
        item("unit-of-shipping").textProperty().set("Image");
    }

    @Test
    void opensAsAFormWithNothingToApplyAndNoSandbox() {
        assertThat(vm.preparedProperty().get()).isTrue();
        assertThat(vm.answersFormProperty().get()).isTrue();
        assertThat(vm.appliesProperty().get()).isFalse();
        assertThat(vm.quiz().items()).hasSize(6);
        assertThat(vm.quiz().answeredProperty().get()).isZero();
        assertThat(sandboxes.currentCluster()).isEmpty();
        assertThat(sandboxes.currentDocker()).isEmpty();
    }

    @Test
    void aSingleChoiceReplacesThePreviousOneAndAMultipleChoiceAddsUp() {
        vm.quiz().choose("speed", "b", true);
        vm.quiz().choose("speed", "a", true);
        vm.quiz().choose("efficiency", "a", true);
        vm.quiz().choose("efficiency", "b", true);

        assertThat(item("speed").picked()).containsExactly("a");
        assertThat(item("efficiency").picked()).containsExactly("a", "b");
        assertThat(vm.quiz().answeredProperty().get()).isEqualTo(2);
    }

    @Test
    void checkSavesTheAnswersAndExplainsEachOne() throws Exception {
        answerEverythingRight();
        vm.quiz().choose("consistency", "b", true);

        CheckReport report = vm.check().get(30, TimeUnit.SECONDS);

        assertThat(report.score()).hasToString("5/6");
        assertThat(Files.readString(vm.workspace().resolve("answers.yaml"))).contains("consistency: b");
        QuizViewModel.Feedback wrong = item("consistency").feedbackProperty().get();
        assertThat(wrong.right()).isFalse();
        assertThat(wrong.message()).contains("Docker never installs anything on the host")
                .doesNotContain("every machine runs exactly the same files");
        assertThat(item("speed").feedbackProperty().get().right()).isTrue();
        assertThat(item("unit-of-shipping").feedbackProperty().get().message()).contains("the image");
    }

    @Test
    void allRightPassesTheExercise() throws Exception {
        answerEverythingRight();

        CheckReport report = vm.check().get(30, TimeUnit.SECONDS);

        assertThat(report.passed()).isTrue();
        assertThat(vm.passedProperty().get()).isTrue();
    }

    @Test
    void changingAnAnswerClearsItsOldFeedback() throws Exception {
        answerEverythingRight();
        vm.check().get(30, TimeUnit.SECONDS);

        vm.quiz().choose("speed", "c", true);

        assertThat(item("speed").feedbackProperty().get()).isNull();
        assertThat(item("portability").feedbackProperty().get()).isNotNull();
    }

    @Test
    void reopeningShowsTheSavedAnswers() throws Exception {
        answerEverythingRight();
        vm.quiz().save();

        vm.quiz().open(quiz, vm.workspace());

        assertThat(item("efficiency").picked()).containsExactly("a", "b");
        assertThat(item("unit-of-shipping").textProperty().get()).isEqualTo("Image");
        assertThat(vm.quiz().answeredProperty().get()).isEqualTo(6);
    }
}
