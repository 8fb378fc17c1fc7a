package orchlab.sim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageCatalogTest {

    private final ImageCatalog catalog = ImageCatalog.builtIn();

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "nginx:latest", "nginx:1.27", "nginx:1.27-alpine", "nginx:1.25.3", "docker.io/library/nginx:1.27",
            "busybox:1.36", "alpine:3.20", "redis:7", "postgres:16", "mysql:8.0", "httpd:2.4", "hashicorp/http-echo:1.0",
            "hashicorp/http-echo:0.2.3", "python:3.12-slim", "node:20-alpine", "perl:5.34", "golang:1.22", "fluentd:v1.16",
            "registry.k8s.io/nginx-slim:0.8", "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void wellKnownImagesAndTagsArePulled(String image) {
        assertThat(catalog.pull(image)).isInstanceOf(ImageCatalog.Pulled.class)
                .satisfies(p -> assertThat(((ImageCatalog.Pulled) p).image()).isPresent());
    }

    @Test
    void anUnknownTagOfAKnownImageIsNotFoundWithContainerdsMessage() {
        assertThat(catalog.pull("nginx:latestt")).isEqualTo(new ImageCatalog.Failed(
                "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:latestt\": failed to "
                        + "resolve reference \"docker.io/library/nginx:latestt\": docker.io/library/nginx:latestt: not found"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ngnix:1.27", "nginxx:1.27", "busybx:1.36", "hashicorp/http-eco:1.0", "postgress:16"})
    void aMisspeltWellKnownRepositoryDoesNotExist(String image) {
        assertThat(catalog.pull(image)).isInstanceOfSatisfying(ImageCatalog.Failed.class,
                f -> assertThat(f.message()).contains("pull access denied, repository does not exist or may require authorization"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"orchlab/web:1.0", "registry.example.com:5000/team/app:2", "ghcr.io/acme/api:1.4", "my-app:1"})
    void learnersOwnAndPrivateImagesArePulledAsGenericImagesUnlessTheStrictRuleIsOn(String image) {
        assertThat(catalog.pull(image)).isEqualTo(new ImageCatalog.Pulled(java.util.Optional.empty(), ImageCatalog.fullReference(image)));
        assertThat(catalog.with(List.of(), true).pull(image)).isInstanceOf(ImageCatalog.Failed.class);
    }

    @Test
    void aCatalogueFileAddsImagesAndTags(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sim-images.yaml"), """
                images:
                  - repository: registry.example.com/shop/api
                    tags: ['1\\.[0-9]+']
                    ports: [8080]
                    http:
                      routes: [{path: /healthz, status: 200, body: ok}]
                  - repository: nginx
                    tags: ['custom']
                """);
        ImageCatalog extended = catalog.with(List.of(file), true);

        assertThat(extended.pull("registry.example.com/shop/api:1.2")).isInstanceOf(ImageCatalog.Pulled.class);
        assertThat(extended.pull("registry.example.com/shop/api:2.0")).isInstanceOf(ImageCatalog.Failed.class);
        assertThat(extended.pull("nginx:custom")).isInstanceOf(ImageCatalog.Pulled.class);
        assertThat(extended.pull("nginx:1.27")).as("built-in tags stay").isInstanceOf(ImageCatalog.Pulled.class);
    }

    @Test
    void theExamplePacksCatalogueShownInCourseFormatLoadsAndServes() {
        Path file = Path.of("../docs/examples/pack/sim-images.yaml");
        ImageCatalog extended = catalog.with(List.of(file), false);

        assertThat(extended.pull("registry.example.com/shop/catalog:1.3")).isInstanceOf(ImageCatalog.Pulled.class);
        assertThat(extended.pull("registry.example.com/shop/catalog:2.0")).isInstanceOf(ImageCatalog.Failed.class);
        assertThat(extended.pull("nginx:1.27-shop")).isInstanceOf(ImageCatalog.Pulled.class);
        SimulatedProcess p = SimulatedProcess.of(extended.find("registry.example.com/shop/catalog:1.3"),
                orchlab.sim.api.Json.parseYamlOrJson("{args: [-port=9090]}"), java.util.Map.of(), "shop", "10.42.0.9", false,
                java.time.Duration.ZERO);
        assertThat(p.ports()).containsExactly(9090);
        assertThat(p.http("/items")).hasValueSatisfying(r -> assertThat(r.body()).isEqualTo("[\"apple\",\"pear\"]\n"));
        assertThat(p.at(java.time.Instant.EPOCH, java.time.Duration.ZERO).output()).containsExactly("catalog: listening on :9090");
    }

    @Test
    void aCatalogueEntryWithoutRepositoryIsRefusedNamingTheEntry() {
        assertThatThrownBy(() -> ImageCatalog.validate("images:\n  - tags: [latest]\n", "sim-images.yaml"))
                .hasMessage("sim-images.yaml: images[0] needs a valid 'repository' (like nginx or registry.example.com/team/app), found ''.");
    }

    @Test
    void everyImageTheCourseUsesIsInTheCatalogue() throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        java.util.regex.Pattern image = java.util.regex.Pattern.compile("^\\s*(?:-\\s*)?image:\\s*['\"]?([a-z0-9][^\\s'\"{}]*:[^\\s'\"{}]+)",
                java.util.regex.Pattern.MULTILINE);
        List<String> missing = new java.util.ArrayList<>();
        int seen = 0;
        for (String folder : List.of("exercises", "lessons")) {
            try (var files = Files.walk(root.resolve(folder))) {
                for (Path f : files.filter(p -> p.toString().matches(".*\\.(ya?ml|md)$")).toList()) {
                    var m = image.matcher(Files.readString(f));
                    while (m.find()) {
                        seen++;
                        if (f.toString().contains("docker-") || m.group(1).startsWith("orchlab/")) {
                            continue; // Docker exercises build and run their images on the Docker engine, not the sim
                        }
                        if (catalog.pull(m.group(1)) instanceof ImageCatalog.Pulled p && p.image().isEmpty()
                                || catalog.pull(m.group(1)) instanceof ImageCatalog.Failed) {
                            missing.add(root.relativize(f) + ": " + m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(seen).isGreaterThan(50);
        assertThat(missing).isEmpty();
    }
}
