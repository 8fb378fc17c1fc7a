package orchlab.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgesTest {

    @ParameterizedTest(name = "{0} s → {1}")
    @CsvSource({"0, 0s", "45, 45s", "119, 119s", "192, 3m12s", "300, 5m", "1500, 25m", "10800, 3h", "18600, 5h10m",
            "129600, 36h", "273600, 3d4h", "10368000, 120d", "94608000, 3y"})
    void agesReadLikeKubectl(long seconds, String expected) {
        assertThat(Ages.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @Test
    void anUnknownTimeHasNoAge() {
        assertThat(Ages.since(Instant.EPOCH, Instant.now())).isEmpty();
    }
}
