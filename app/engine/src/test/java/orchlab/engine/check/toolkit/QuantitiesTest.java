package orchlab.engine.check.toolkit;

import orchlab.engine.check.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"0.25, 250m", "1Gi, 1024Mi", "1, 1000m", "2k, 2000", "1.5Gi, 1536Mi", "100m, 0.1", "1e3, 1k"})
    void sameAmountsInDifferentUnitsAreEqual(String a, String b) {
        assertThat(Quantities.sameAmount(a, b)).isTrue();
    }

    @ParameterizedTest(name = "{0} != {1}")
    @CsvSource({"1Gi, 1G", "250m, 0.5", "1Mi, 1M", "web, web", "1.27, nginx:1.27"})
    void differentAmountsOrNonQuantitiesAreNotEqual(String a, String b) {
        assertThat(Quantities.sameAmount(a, b)).isFalse();
    }
}
