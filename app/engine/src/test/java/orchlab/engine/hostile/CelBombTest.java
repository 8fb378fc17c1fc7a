package orchlab.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import orchlab.engine.check.cel.CelExpression;
import orchlab.engine.check.cel.CelRuntimeException;
import org.junit.jupiter.api.Test;

/** A pack's CEL expression cannot grow values without bound, and an evaluation over its time really ends. */
class CelBombTest {
    private static final List<Long> HUNDRED = IntStream.range(0, 100).mapToObj(i -> (long) i).toList();

    @Test
    void nestedMapsThatWouldBuildAHundredMillionItemsAreStopped() throws Exception {
        CelExpression bomb = CelExpression.compile("size(xs.map(a, xs.map(b, xs.map(c, xs)))) > 0", List.of("xs"));

        assertThatThrownBy(() -> bomb.evaluate(Map.of("xs", HUNDRED), Duration.ofMillis(500)))
                .isInstanceOf(CelRuntimeException.class)
                .hasMessageContaining("was stopped");
    }

    @Test
    void aStringGrowingPastTheBudgetIsStoppedWithTheBudgetNamed() throws Exception {
        String big = "x".repeat(CelExpression.MAX_STRING / 2 + 1);
        CelExpression grow = CelExpression.compile("size(s + s + s) > 0", List.of("s"));

        assertThatThrownBy(() -> grow.evaluate(Map.of("s", big), Duration.ofSeconds(30)))
                .isInstanceOf(CelRuntimeException.class)
                .hasMessageContaining("string of more than " + CelExpression.MAX_STRING + " characters");
    }

    @Test
    void aListGrowingPastTheBudgetIsStopped() throws Exception {
        List<Long> many = IntStream.range(0, CelExpression.MAX_ELEMENTS / 2 + 1).mapToObj(i -> (long) i).toList();
        CelExpression grow = CelExpression.compile("size(xs + xs) > 0", List.of("xs"));

        assertThatThrownBy(() -> grow.evaluate(Map.of("xs", many), Duration.ofSeconds(30)))
                .isInstanceOf(CelRuntimeException.class)
                .hasMessageContaining("list of more than " + CelExpression.MAX_ELEMENTS + " items");
    }

    @Test
    void anOrdinaryExpressionOverObjectsStillEvaluates() throws Exception {
        CelExpression ok = CelExpression.compile("xs.map(x, x * 2).exists(y, y == 198)", List.of("xs"));

        assertThat(ok.evaluate(Map.of("xs", HUNDRED), Duration.ofSeconds(30))).isEqualTo(true);
    }
}
