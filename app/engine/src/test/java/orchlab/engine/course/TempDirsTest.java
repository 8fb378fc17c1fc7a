package orchlab.engine.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import orchlab.engine.testing.SamplePack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A .zip pack's unpacked folder lives as long as the command that loaded it when that command runs in a scope. */
class TempDirsTest {
    private final CourseLoader loader = CourseLoader.standard();

    @TempDir
    Path dir;

    private Path zip() throws Exception {
        Path zip = dir.resolve("pack.zip");
        SamplePack.zip(SamplePack.copyTo(dir.resolve("pack")), zip, "my-pack/");
        return zip;
    }

    @Test
    void aPackUnpackedInsideAScopeIsRemovedWhenTheScopeCloses() throws Exception {
        Path zip = zip();
        Path unpacked;
        try (TempDirs.Scope command = TempDirs.scope()) {
            LoadResult loaded = loader.load(zip);
            assertThat(loaded.ok()).as(loaded.problems().toString()).isTrue();
            unpacked = loaded.course().orElseThrow().root();
            assertThat(unpacked.resolve("lessons/course.yaml")).exists();
            assertThat(command.folders()).containsExactly(unpacked.getParent());
        }
        assertThat(unpacked.getParent()).doesNotExist();
    }

    @Test
    void aPackUnpackedAfterTheScopeClosedIsKeptForTheRestOfTheProcess() throws Exception {
        Path zip = zip();
        try (TempDirs.Scope command = TempDirs.scope()) {
            assertThat(loader.load(zip).ok()).isTrue();
        }
        Path later = loader.load(zip).course().orElseThrow().root();
        assertThat(later.resolve("lessons/course.yaml")).exists();
    }
}
