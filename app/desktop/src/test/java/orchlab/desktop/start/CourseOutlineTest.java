package orchlab.desktop.start;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first frame's course title and module titles, scanned from lessons/course.yaml before the engine reads it. */
class CourseOutlineTest {
    @TempDir
    Path dir;

    @Test
    void theBuiltInCourseGivesItsTitleAndEveryModuleInOrder() {
        CourseOutline outline = CourseOutline.read(Repo.root());
        assertThat(outline.title()).isEqualTo("Container orchestration, hands on");
        assertThat(outline.modules()).containsExactly("Foundations", "Docker basics", "Kubernetes basics",
                "Production practice", "Helm", "Istio", "Capstone projects");
    }

    @Test
    void quotedTitlesCommentsAndTitlesOnTheItemLineAreRead() {
        CourseOutline outline = CourseOutline.scan(List.of(
                "# a comment",
                "title: \"Quoted: course\"",
                "modules:",
                "- title: 'It''s first'   ",
                "  lessons:",
                "    - id: deeper",
                "      title: not a module",
                "- id: second",
                "  title: Second # trailing comment"), "fallback");
        assertThat(outline.title()).isEqualTo("Quoted: course");
        assertThat(outline.modules()).containsExactly("It's first", "Second");
    }

    @Test
    void aPackWithoutACourseFileShowsItsNameAndNoModules() throws Exception {
        Path pack = Files.createDirectories(dir.resolve("my-pack"));
        assertThat(CourseOutline.read(pack)).isEqualTo(new CourseOutline("my-pack", List.of()));
        assertThat(CourseOutline.read(dir.resolve("class.zip"))).isEqualTo(new CourseOutline("class.zip", List.of()));
    }

    @Test
    void flowStyleModulesAreLeftToTheEngine() {
        CourseOutline outline = CourseOutline.scan(List.of("title: T", "modules: [{id: a, title: A}]"), "f");
        assertThat(outline).isEqualTo(new CourseOutline("T", List.of()));
    }
}
