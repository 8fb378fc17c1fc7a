package orchlab.desktop;

import static orchlab.desktop.LabSession.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TreeCell;
import orchlab.engine.course.Problem;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A pack with a broken exercise can be worked with: the exercise shows in the navigator with a warning and opens a page
 * listing its problems; the course's problems are shown whole (wrapped) and open the file at the line in an editor;
 * once fixed, opening the course again opens the exercise.
 */
@Tag("ui")
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "openjfx-monocle 21.0.2 needs Java 21+; "
        + "run with -Dui.java=<a JDK 21+ java>, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokenPackUiTest {
    private static final String BROKEN_LINE = "sandbox: kubernetes-but-misspelt";
    private LabSession lab;
    private final FxRobot robot = new FxRobot();
    private Path pack;

    @BeforeAll
    void openTheLab(@TempDir Path home) throws Exception {
        lab = LabSession.open(home.resolve("home"));
        pack = home.resolve("pack");
        Path example = Repo.root().resolve("app/docs/examples/pack");
        try (Stream<Path> files = Files.walk(example)) {
            for (Path file : files.toList()) {
                Path target = pack.resolve(example.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("sim-images.yaml")) {
                    Files.copy(file, target);
                }
            }
        }
    }

    @AfterAll
    void closeTheLab() throws Exception {
        lab.close();
    }

    /** Every test opens the pack with first-pod's exercise.yaml broken (an unknown sandbox kind at line 3). */
    @BeforeEach
    void openThePackWithABrokenExercise() throws Exception {
        Path exercise = pack.resolve("exercises/first-pod/exercise.yaml");
        Files.writeString(exercise, Files.readString(exercise).replaceAll("(?m)^sandbox: .*$", BROKEN_LINE));
        onFx(() -> lab.vm.openCourse(pack)).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lab.vm.courseProperty().get().exercise("first-pod")).as("the exercise does not load").isEmpty();
    }

    @Test
    void aBrokenExerciseShowsInTheNavigatorWithAWarningAndOpensAPageListingItsProblems() throws Exception {
        assertThat(LabSession.hoverNavigatorRow(robot, "first-pod")).contains("could not be loaded");
        TreeCell<?> cell = (TreeCell<?>) LabSession.treeCell(robot, "first-pod");
        assertThat(cell.getStyleClass()).contains(Styles.NAV_STATUS_BROKEN);

        lab.size(1024, 768); // a narrow panel
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();

        Node page = FxQuery.one(robot, "#broken-exercise");
        assertThat(onFx(page::isVisible)).isTrue();
        Label explanation = FxQuery.one(robot, "#broken-exercise-explanation", Label.class);
        assertThat(onFx(explanation::getHeight)).as("the explanation is wrapped whole, not cut to '...'")
                .isGreaterThanOrEqualTo(LabSession.onFx(() -> explanation.prefHeight(explanation.getWidth())) - 0.5);
        assertThat(onFx(page::getScene)).isSameAs(lab.stage.getScene());
        assertThat(onFx(explanation::getText)).contains("problem(s)");
        @SuppressWarnings("unchecked")
        ListView<Problem> problems = FxQuery.one(robot, "#broken-exercise-problems", ListView.class);
        assertThat(onFx(() -> List.copyOf(problems.getItems()))).isNotEmpty().allSatisfy(p ->
                assertThat(p.location().file()).startsWith("exercises/first-pod/"));
        assertThat(onFx(() -> List.copyOf(problems.getItems()))).anySatisfy(p -> assertThat(p.location().line()).isEqualTo(3));
        @SuppressWarnings("rawtypes")
        List<ListCell> rows = onFx(() -> FxQuery.allUnder(robot, problems, ".list-cell", ListCell.class)
                .stream().filter(c -> c.getItem() != null).toList());
        assertThat(rows).isNotEmpty().allSatisfy(r -> {
            assertThat(onFx(() -> shownText(r))).isEqualTo(((Problem) r.getItem()).format());
            assertThat(onFx(() -> textOverflow(r))).as("pixels drawn below the row").isLessThanOrEqualTo(0.5);
        });
        assertThat(lab.vm.lesson().lessonProperty().get().id()).as("its lesson shows beside it").isEqualTo("basics/first-pod");
    }

    @Test
    void courseProblemsShowTheirWholeMessageWrappedAndADoubleClickOpensTheFileAtItsLine() throws Exception {
        robot.clickOn(LabSession.tabHeader(robot, "tab-problems"));
        lab.size(1024, 768); // a narrow column: the rows must wrap
        ListView<?> list = FxQuery.one(robot, "#problems-list", ListView.class);
        ListCell<?> row = FxQuery.one(robot, "#problems-list .list-cell", ListCell.class,
                c -> c.getItem() instanceof Problem p && p.location().file().endsWith("first-pod/exercise.yaml"), "problem row of first-pod");
        Problem problem = (Problem) row.getItem();
        assertThat(onFx(() -> shownText(row))).as("the row shows the whole message, not cut to '...'").isEqualTo(problem.format());
        assertThat(onFx(() -> textOverflow(row))).as("pixels of the message drawn below the row's bottom (cut off)").isLessThanOrEqualTo(0.5);
        assertThat(onFx(() -> textLines(row))).as("the message wraps over several lines in the narrow column").isGreaterThan(2);
        assertThat(row.getWidth()).as("the row wraps to the list instead of running past its edge").isLessThanOrEqualTo(list.getWidth());

        robot.doubleClickOn(row);
        WaitForAsyncUtils.waitForFxEvents();

        Path file = pack.resolve("exercises/first-pod/exercise.yaml").toAbsolutePath().normalize();
        var editor = lab.window.packFileEditor(file).orElseThrow(() -> new AssertionError("no editor window for " + file));
        assertThat(editor.getText()).isEqualTo(Files.readString(file));
        var code = (orchlab.desktop.editor.CodeEditor) editor.node();
        assertThat(code.caretLine()).isEqualTo(problem.location().line());
        onFx(() -> {
            code.getScene().getWindow().hide();
            return null;
        });
    }

    @Test
    void afterTheFileIsFixedOpeningTheCourseAgainOpensTheExercise() throws Exception {
        onFx(() -> {
            lab.vm.navigator().find(orchlab.desktop.navigator.NavItem.Type.EXERCISE, "first-pod")
                    .ifPresent(lab.vm.navigator().selectedProperty()::set);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lab.vm.brokenExerciseProperty().get()).isNotNull();
        Path exercise = pack.resolve("exercises/first-pod/exercise.yaml");
        Files.writeString(exercise, Files.readString(exercise).replace(BROKEN_LINE, "sandbox: kubernetes"));

        robot.clickOn(FxQuery.one(robot, "#reopen-course"));
        lab.waitUntil(() -> lab.vm.exercise().exerciseProperty().get() != null
                && lab.vm.exercise().exerciseProperty().get().id().equals("first-pod"));

        assertThat(lab.vm.brokenExerciseProperty().get()).isNull();
        assertThat(FxQuery.find(robot, "#broken-exercise", Node.class)).isEmpty();
        assertThat(List.copyOf(lab.vm.problems())).noneSatisfy(p -> assertThat(p.location().file()).startsWith("exercises/first-pod/"));
    }
    /** The text a row draws (every text node in it but its icon, in order): a cut message ends in "...". */
    private static String shownText(Node row) {
        return texts(row).stream().map(javafx.scene.text.Text::getText).collect(java.util.stream.Collectors.joining());
    }

    /** How far the lowest line of the row's text reaches below the row's bottom edge. */
    private static double textOverflow(Node row) {
        double bottom = row.localToScene(row.getLayoutBounds()).getMaxY();
        return texts(row).stream().mapToDouble(t -> t.localToScene(t.getLayoutBounds()).getMaxY() - bottom).max().orElse(0);
    }

    /** The number of lines the row's text is drawn on. */
    private static long textLines(Node row) {
        return texts(row).stream().mapToLong(t -> Math.round(t.getLayoutBounds().getHeight()
                / (t.getFont().getSize() * 1.1))).sum();
    }

    private static List<javafx.scene.text.Text> texts(Node node) {
        List<javafx.scene.text.Text> found = new java.util.ArrayList<>();
        if (node instanceof org.kordamp.ikonli.javafx.FontIcon) {
            return found; // an icon is a glyph in a Text
        }
        if (node instanceof javafx.scene.text.Text t && t.isVisible()) {
            found.add(t);
        } else if (node instanceof javafx.scene.Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> found.addAll(texts(child)));
        }
        return found;
    }
}
