package orchlab.engine.check.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageNamesTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "nginx:1.27, docker.io/library/nginx:1.27",
            "library/nginx:1.27, docker.io/library/nginx:1.27",
            "docker.io/nginx:1.27, docker.io/library/nginx:1.27",
            "index.docker.io/library/nginx:1.27, docker.io/library/nginx:1.27",
            "hashicorp/http-echo:1.0, docker.io/hashicorp/http-echo:1.0",
            "hashicorp/http-echo, docker.io/hashicorp/http-echo:latest",
            "registry.example.com:5000/team/app:2, registry.example.com:5000/team/app:2",
            "localhost/app, localhost/app:latest",
            "nginx@sha256:abc, docker.io/library/nginx@sha256:abc"
    })
    void aReferenceIsQualifiedAsTheRuntimeResolvesIt(String written, String resolved) {
        assertThat(ImageNames.normalized(written)).isEqualTo(resolved);
    }

    @ParameterizedTest(name = "{0} is not {1}")
    @CsvSource({
            "nginx:1.27, nginx:1.25",
            "nginx:1.27, nginx",
            "hashicorp/http-echo:1.0, http-echo:1.0",
            "nginx:1.27, quay.io/nginx:1.27",
            "hashicorp/http-echo:1.0, hashicorp/http-echo:1.0.0"
    })
    void otherImagesStayDifferent(String expected, String actual) {
        assertThat(ImageNames.same(expected, actual)).isFalse();
    }
}
