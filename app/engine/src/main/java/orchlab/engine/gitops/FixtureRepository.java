package orchlab.engine.gitops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A pack's answer as a Git repository: a pack holds plain files (no {@code .git}), so the lab commits an answer's
 * {@code repo/} folder into a fresh repository on branch {@code main} — one commit, by "OrchLab course test" — and
 * then writes the answer's {@code uncommitted/} files over the work tree without committing them (how a fixture
 * shows "edited but not committed").
 */
final class FixtureRepository {

    /** The folder of an answer whose files are written into the work tree after the commit, never committed. */
    static final String UNCOMMITTED = "uncommitted";

    private FixtureRepository() {
    }

    /** Builds the repository in {@code target} (emptied first) from {@code files}, then overlays {@code uncommitted}. */
    static void build(Path files, Path uncommitted, Path target) throws IOException {
        deleteTree(target);
        Files.createDirectories(target);
        copy(files, target);
        try (Git git = Git.init().setDirectory(target.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent author = new PersonIdent("OrchLab course test", "course-test@orchlab.invalid",
                    Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
            git.commit().setMessage("the answer's repo/ files").setAuthor(author).setCommitter(author).setAllowEmpty(true)
                    .setSign(false).call();
        } catch (GitAPIException e) {
            throw new IOException("cannot commit the answer's files: " + e.getMessage(), e);
        }
        if (Files.isDirectory(uncommitted)) {
            copy(uncommitted, target);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                Files.createDirectories(dest.getParent());
                Files.copy(p, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
