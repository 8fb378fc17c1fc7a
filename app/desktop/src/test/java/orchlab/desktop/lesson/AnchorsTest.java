package orchlab.desktop.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnchorsTest {
    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Deployments|deployments",
            "Applying and watching|applying-and-watching",
            "Anatomy of a Deployment|anatomy-of-a-deployment",
            "What's `kubectl apply`?|whats-kubectl-apply",
            "Step 1: build_it - now|step-1-build_it---now",
            "Überblick|überblick"})
    void writesAnchorsLikeGitHub(String heading, String slug) {
        assertThat(Anchors.slug(heading)).isEqualTo(slug);
    }
}
