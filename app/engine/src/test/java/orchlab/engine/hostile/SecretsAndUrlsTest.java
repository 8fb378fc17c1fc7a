package orchlab.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.toolkit.ObjectMatcher;
import orchlab.engine.course.CourseLoader;
import orchlab.engine.course.LoadResult;
import orchlab.engine.testing.SamplePack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Secret values are compared, never shown; names that go into an API URL cannot change what the URL asks for. */
class SecretsAndUrlsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSecretsValuesAreComparedButNeverShown() throws Exception {
        JsonNode expected = JSON.readTree("{\"data\": {\"pw\": \"aHVudGVyMg==\", \"user\": \"YWRtaW4=\"}, \"type\": \"Opaque\"}");
        JsonNode actual = JSON.readTree("{\"kind\": \"Secret\", \"data\": {\"pw\": \"c2VjcmV0\"}, \"type\": \"kubernetes.io/basic-auth\"}");

        List<FieldFailure> failures = ObjectMatcher.match(expected, actual);

        assertThat(failures).extracting(FieldFailure::describe).containsExactlyInAnyOrder(
                "data.pw: expected (value hidden), found (a different value)",
                "data.user: expected (value hidden), not set",
                "type: expected Opaque, found kubernetes.io/basic-auth");
        assertThat(failures.toString()).doesNotContain("c2VjcmV0", "aHVudGVyMg==", "YWRtaW4=");
    }

    @Test
    void aSecretWithTheExpectedValuePasses() throws Exception {
        assertThat(ObjectMatcher.match(JSON.readTree("{\"data\": {\"pw\": \"c2VjcmV0\"}}"),
                JSON.readTree("{\"kind\": \"Secret\", \"data\": {\"pw\": \"c2VjcmV0\"}}"))).isEmpty();
    }

    @Test
    void aConfigMapsValuesAreStillShown() throws Exception {
        assertThat(ObjectMatcher.match(JSON.readTree("{\"data\": {\"mode\": \"prod\"}}"),
                JSON.readTree("{\"kind\": \"ConfigMap\", \"data\": {\"mode\": \"dev\"}}")))
                .extracting(FieldFailure::describe).containsExactly("data.mode: expected prod, found dev");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "namespace|'default/secrets/s?x='|'namespace' must be a namespace name",
            "service|'web/../../../secrets'|'service' must be a Service name",
            "service|'Web'|'service' must be a Service name",
            "port|'80/../x'|'port' must be a port number or a port name",
            "path|'/../../../../api/v1/secrets'|'path' must not contain '.' or '..' segments",
            "path|'/%2e%2e/%2E%2E/secrets'|'path' must not contain '.' or '..' segments",
            "path|'/a b'|'path' must not contain spaces"})
    void namesThatWouldChangeTheApiUrlAreLocatedLoadProblems(String key, String value, String message, @TempDir Path dir) throws Exception {
        Path pack = SamplePack.copyTo(dir.resolve("pack"));
        String line = switch (key) {
            case "namespace" -> "    path: /\n    namespace: \"" + value + "\"";
            case "service" -> "    service: \"" + value + "\"";
            case "port" -> "    port: \"" + value + "\"";
            default -> "    path: \"" + value + "\"";
        };
        String original = switch (key) {
            case "namespace", "path" -> "    path: /";
            case "service" -> "    service: my-app-service";
            default -> "    port: 80";
        };
        SamplePack.replace(pack, "exercises/k8s-service/exercise.yaml", original + "\n", line + "\n");

        LoadResult result = CourseLoader.standard().load(pack);

        assertThat(result.errors()).singleElement().satisfies(p -> {
            assertThat(p.location().file()).isEqualTo("exercises/k8s-service/exercise.yaml");
            assertThat(p.location().line()).isPositive();
            assertThat(p.message()).contains(message);
        });
    }
}
