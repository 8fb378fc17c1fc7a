package orchlab.desktop.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LessonPathsTest {
    @TempDir
    Path root;

    private Path base() {
        return root.resolve("lessons/kubernetes");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "diagram.png|lessons/kubernetes/diagram.png",
            "./img/diagram.png|lessons/kubernetes/img/diagram.png",
            "../../assets/pods.png|assets/pods.png",
            "../docker/first-image.md|lessons/docker/first-image.md",
            "services.md#ports|lessons/kubernetes/services.md",
            "img/a%20b.png|lessons/kubernetes/img/a b.png",
            "img/a b.png|lessons/kubernetes/img/a b.png",
            "img/x.png?v=2|lessons/kubernetes/img/x.png",
            "img/../diagram.png|lessons/kubernetes/diagram.png",
            "..|lessons"})
    void resolvesReferencesInsideTheCourse(String src, String expected) {
        assertThat(LessonPaths.resolveInside(base(), root, src))
                .contains(root.resolve(expected).toAbsolutePath().normalize());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "../../../etc/passwd",
            "../../../../../../etc/passwd",
            "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "/etc/passwd",
            "//server/share/x.png",
            "\\\\server\\share",
            "file:///etc/passwd",
            "http://example.com/x.png",
            "https://example.com/x.png",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "C:\\Windows\\win.ini",
            "#top",
            "?q=1",
            "img/%00.png"})
    void refusesReferencesThatLeaveTheCourse(String src) {
        assertThat(LessonPaths.resolveInside(base(), root, src)).isEmpty();
    }

    @Test
    void refusesBlankAndMissingReferences() {
        assertThat(LessonPaths.resolveInside(base(), root, "")).isEmpty();
        assertThat(LessonPaths.resolveInside(base(), root, "   ")).isEmpty();
        assertThat(LessonPaths.resolveInside(base(), root, null)).isEmpty();
    }

    @Test
    void refusesASymbolicLinkThatPointsOutOfTheCourse(@TempDir Path outside) throws IOException {
        Path secret = Files.writeString(outside.resolve("secret.png"), "x");
        Files.createDirectories(base());
        Path link = base().resolve("innocent.png");
        try {
            Files.createSymbolicLink(link, secret);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links cannot be made here: " + e.getMessage());
        }
        assertThat(LessonPaths.resolveInside(base(), root, "innocent.png")).isEmpty();
    }

    @Test
    void acceptsASymbolicLinkThatStaysInTheCourse() throws IOException {
        Path target = Files.createDirectories(root.resolve("assets")).resolve("real.png");
        Files.writeString(target, "x");
        Files.createDirectories(base());
        Path link = base().resolve("alias.png");
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links cannot be made here: " + e.getMessage());
        }
        Optional<Path> resolved = LessonPaths.resolveInside(base(), root, "alias.png");
        assertThat(resolved).contains(link.toAbsolutePath().normalize());
    }
}
