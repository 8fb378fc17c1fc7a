package orchlab.engine.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceCopyTest {

    @TempDir
    Path dir;

    @Test
    void aFolderWithinItsBudgetIsCopiedWhole() throws Exception {
        Path from = folder(3, 10);
        assertThat(Workspaces.copyTree(from, dir.resolve("to"), 3, 30)).isTrue();
        assertThat(dir.resolve("to/sub/f0.txt")).hasContent("x".repeat(10));
        assertThat(dir.resolve("to/f2.txt")).hasContent("x".repeat(10));
    }

    @Test
    void oneFileTooManyOrOneByteTooManyIsRefused() throws Exception {
        Path from = folder(3, 10);
        assertThat(Workspaces.copyTree(from, dir.resolve("files"), 2, 1_000)).isFalse();
        assertThat(Workspaces.copyTree(from, dir.resolve("bytes"), 100, 29)).isFalse();
    }

    @Test
    void deletingQuietlyRemovesTheFolderAndIgnoresOneThatIsGone() throws Exception {
        Path from = folder(2, 1);
        Workspaces.deleteQuietly(from);
        Workspaces.deleteQuietly(from);
        Workspaces.deleteQuietly(null);
        assertThat(from).doesNotExist();
    }

    private Path folder(int files, int size) throws Exception {
        Path from = dir.resolve("from");
        Files.createDirectories(from.resolve("sub"));
        for (int i = 0; i < files; i++) {
            Files.writeString(from.resolve(i == 0 ? "sub/f0.txt" : "f" + i + ".txt"), "x".repeat(size));
        }
        return from;
    }
}
