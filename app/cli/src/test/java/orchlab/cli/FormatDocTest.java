package orchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import orchlab.engine.course.CourseLoader;
import orchlab.engine.course.LoadResult;
import orchlab.engine.course.Problem;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.Test;

/** The format documentation shows real files: the example pack loads, and every file the page shows is the file on disk. */
class FormatDocTest {
    private static final Path DOCS = Repo.root().resolve("app/docs");
    private static final Pattern SHOWN = Pattern.compile("<!-- file: (\\S+) -->\\n(`{3,})\\w*\\n(.*?)\\2\\n", Pattern.DOTALL);

    @Test
    void theExamplePackIsValid() {
        LoadResult result = CourseLoader.standard().load(DOCS.resolve("examples/pack"));

        assertThat(result.problems()).extracting(Problem::format).isEmpty();
        assertThat(result.course().orElseThrow().exercises()).containsOnlyKeys("first-pod");
    }

    @Test
    void everyFileShownInTheFormatPageIsTheRealFile() throws IOException {
        String page = Files.readString(DOCS.resolve("course-format.md"));
        Matcher m = SHOWN.matcher(page);
        List<String> shown = new ArrayList<>();
        while (m.find()) {
            shown.add(m.group(1));
            assertThat(m.group(3)).as(m.group(1)).isEqualTo(Files.readString(DOCS.resolve(m.group(1))));
        }
        assertThat(shown).contains("examples/pack/lessons/course.yaml", "examples/pack/exercises/first-pod/exercise.yaml");
    }
}
