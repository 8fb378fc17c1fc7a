package orchlab.desktop.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LinkTargetTest {
    @TempDir
    Path root;

    private LinkTarget of(String destination) {
        return LinkTarget.of(destination, root.resolve("lessons/kubernetes"), root);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://kubernetes.io/docs/", "http://localhost:8080/", "mailto:teacher@example.com",
            "HTTPS://Example.com/a?b=c#d"})
    void webAndMailAddressesOpenOutsideTheApp(String destination) {
        assertThat(of(destination)).isEqualTo(new LinkTarget.External(URI.create(destination)));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "services.md|lessons/kubernetes/services.md",
            "../docker/first-image.md|lessons/docker/first-image.md",
            "services.md#ports|lessons/kubernetes/services.md",
            "./NOTES.MD|lessons/kubernetes/NOTES.MD",
            "intro.markdown|lessons/kubernetes/intro.markdown"})
    void markdownFilesInsideTheCourseAreLessons(String destination, String expected) {
        assertThat(of(destination)).isEqualTo(new LinkTarget.LessonFile(root.resolve(expected).normalize()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#rolling-updates", "#"})
    void hashLinksAreAnchors(String destination) {
        assertThat(of(destination)).isEqualTo(new LinkTarget.Anchor(destination.substring(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/x", "data:text/html,x",
            "../../../outside.md", "/etc/motd.md", "//example.com/x.md", "deployment.yaml", "",
            "https://", "https://exa mple.com/"})
    void everythingElseIsInert(String destination) {
        LinkTarget target = of(destination);
        assertThat(target).isInstanceOf(LinkTarget.Inert.class);
        assertThat(((LinkTarget.Inert) target).reason()).isNotBlank();
    }
}
