package orchlab.engine.check.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelExpressionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void evaluatesMacrosOverKubernetesShapedObjects() throws Exception {
        CelExpression expr = CelExpression.compile(
                "object.spec.template.spec.containers.exists(c, c.name == 'web' && c.image.startsWith('nginx'))",
                List.of("object"));
        JsonNode deployment = json("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.27\"}]}}}}");

        assertThat(expr.test(Map.of("object", deployment), Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void comparesJsonIntegersWithCelIntegers() throws Exception {
        CelExpression expr = CelExpression.compile("object.spec.replicas >= 3 && size(objects) == 2", List.of("object", "objects"));

        boolean result = expr.test(Map.of("object", json("{\"spec\":{\"replicas\":3}}"), "objects", json("[1, 2.5]")), Duration.ofSeconds(2));

        assertThat(result).isTrue();
    }

    @Test
    void seesNullFieldsAsNull() throws Exception {
        CelExpression expr = CelExpression.compile("object.a == null && !has(object.b)", List.of("object"));

        assertThat(expr.test(Map.of("object", json("{\"a\":null}")), Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void reportsCompileErrorsWithColumn() {
        assertThatThrownBy(() -> CelExpression.compile("object.spec.replicas ==", List.of("object")))
                .isInstanceOfSatisfying(CelCompileException.class, e -> {
                    assertThat(e.issues()).isNotEmpty();
                    assertThat(e.issues().get(0).line()).isEqualTo(1);
                    assertThat(e.issues().get(0).column()).isGreaterThan(1);
                });
    }

    @Test
    void rejectsUndeclaredVariables() {
        assertThatThrownBy(() -> CelExpression.compile("pods.size() > 0", List.of("object")))
                .isInstanceOf(CelCompileException.class)
                .hasMessageContaining("pods");
    }

    @Test
    void reportsMissingKeyAtRuntimeAsReadableError() throws Exception {
        CelExpression expr = CelExpression.compile("object.spec.replicas == 3", List.of("object"));

        assertThatThrownBy(() -> expr.evaluate(Map.of("object", json("{}")), Duration.ofSeconds(2)))
                .isInstanceOf(CelRuntimeException.class)
                .hasMessageContaining("spec");
    }

    @Test
    void stopsRunawayComprehensionsByIterationLimit() throws Exception {
        CelExpression expr = CelExpression.compile(
                "object.all(a, object.all(b, object.all(c, a + b + c >= 0)))", List.of("object"));
        JsonNode big = JSON.valueToTree(java.util.stream.IntStream.range(0, 200).boxed().toList());

        // the budget counts every iteration of nested comprehensions together: 200^3 stops after 10 000
        assertThatThrownBy(() -> expr.evaluate(Map.of("object", big), Duration.ofSeconds(30)))
                .isInstanceOf(CelRuntimeException.class)
                .hasMessageContaining("ran more than " + CelExpression.MAX_ITERATIONS + " iterations and it was stopped");
    }

    @Test
    void requiresBooleanResultForTests() throws Exception {
        CelExpression expr = CelExpression.compile("object.spec", List.of("object"));

        assertThatThrownBy(() -> expr.test(Map.of("object", json("{\"spec\":1}")), Duration.ofSeconds(2)))
                .isInstanceOf(CelRuntimeException.class)
                .hasMessageContaining("true or false");
    }
}
